/**
 * One meter segment of a billing report: its energy series (load-profile method, CT/VT applied where it records
 * secondary values), energy and maximum demand per rate under each tariff scheme version in force, the register
 * method beside it and their difference, coverage and gaps.
 */
import type { Database } from 'better-sqlite3';
import type { BillingMeterView, BillingRateView } from '../../contract/reports';
import { localIso, type ReportPeriod } from '../../reporting/periods';
import { coverageOf, indexRange, round, type Series } from '../../reporting/series';
import { demandWindows, figuresByRate, maxDemandOf, ratesOnGrid, tariffPieces, type PieceFigures, type TariffPiece } from '../../reporting/tou';
import { localOrNull } from './common';
import { applyRatios, meterTariffs, multiplierAt } from './factors';
import { energySeries, readingsInWords } from './intervals';
import { registerMethod } from './register-method';
import type { MeterSegment } from './targets';

/** A computed segment: the view and what the report-wide parts (totals, daily, heat map) need. */
export interface SegmentResult {
  readonly view: BillingMeterView;
  /** Energy per interval after CT/VT, on the meter's grid. */
  readonly series: Series;
  /** Rate at each interval (-1 outside the segment). */
  readonly rates: Int32Array;
  readonly pieces: readonly TariffPiece[];
  readonly range: readonly [number, number];
  readonly gaps: readonly { series: Series; from: number; to: number; source: string }[];
  readonly notes: readonly string[];
  readonly source: { label: string; detail: string };
  readonly rateNames: ReadonlyMap<number, { name: string; colour: string | null }>;
}

const r3 = (v: number | null) => (v === null ? null : round(v, 3));

/** An empty rate row. */
export function rateRow(rate: number, name: string): BillingRateView {
  return {
    rate, name, profileEnergy: null, registerEnergy: null, difference: null, profileMaxDemand: null, profileMaxDemandAtLocal: null,
    registerMaxDemand: null, registerMaxDemandAtLocal: null, missingIntervals: 0,
  };
}

/** Per-rate rows of the pieces, added by rate number (energy summed, demand the highest). Rate 0 = "no scheme". */
export function combinePieces(figs: readonly PieceFigures[], zone: string): BillingRateView[] {
  const rows = new Map<number, { row: BillingRateView; energy: number | null; md: number | null; at: number | null; missing: number }>();
  for (const f of figs) {
    for (const r of f.rates) {
      const key = f.piece.timeline === null ? 0 : r.rate;
      const e = rows.get(key) ?? { row: rateRow(key, f.piece.timeline === null ? 'no scheme recorded' : r.name), energy: null, md: null, at: null, missing: 0 };
      if (f.piece.timeline !== null) e.row = { ...e.row, name: r.name };
      e.energy = (e.energy ?? 0) + r.energy;
      e.missing += r.missing;
      if (r.maxDemand !== null && (e.md === null || r.maxDemand > e.md)) [e.md, e.at] = [r.maxDemand, r.maxDemandAtMs];
      rows.set(key, e);
    }
  }
  return [...rows.entries()]
    .sort((a, b) => (a[0] === 0 ? 1 : b[0] === 0 ? -1 : a[0] - b[0]))
    .map(([, e]) => ({ ...e.row, profileEnergy: r3(e.energy), profileMaxDemand: r3(e.md), profileMaxDemandAtLocal: localOrNull(e.at, zone), missingIntervals: e.missing }));
}

/** Compute one segment of a billing report in report zone `p.zone`. */
export function billingSegment(db: Database, seg: MeterSegment, p: ReportPeriod): SegmentResult {
  const who = `Meter ${seg.serial}`;
  const tariffs = meterTariffs(db, seg.fleetMeterId);
  const loaded = energySeries(db, seg.readingMeterIds, '1', p.fromMs, p.toMs, { who });
  const s = loaded.series;
  const ratio = applyRatios(s, seg, tariffs);
  const pieces = tariffPieces(tariffs.assignments, seg.fromMs, seg.toMs, seg.zone);
  const rates = ratesOnGrid(s.grid, pieces);
  const figs = figuresByRate(s, pieces, rates);
  const range = indexRange(s.grid, seg.fromMs, seg.toMs);
  const notes: string[] = [...loaded.notes, ...ratio.notes, ...tariffs.notes];
  for (const f of figs) if (f.demandNote) notes.push(`${who}: ${f.demandNote}`);
  if (pieces.some((x) => x.timeline === null)) {
    const part = pieces.every((x) => x.timeline === null) ? 'the period' : 'part of the period';
    notes.push(`${who}: no tariff scheme is recorded for ${part}, so its energy there is one total ("no scheme recorded"). Record the scheme in force (Reports, Tariff history) or program the meter through the workstation.`);
  }
  if (pieces.filter((x) => x.timeline !== null).length > 1) notes.push(`${who}: the tariff scheme changed in the period; each version is used for its part (see the pieces).`);

  const reg = registerMethod(db, seg.readingMeterIds, '1', seg.fromMs, seg.toMs, multiplierAt(seg, tariffs, seg.toMs - 1), p.zone);
  notes.push(...reg.notes.map((n) => `${who}: ${n}`));
  const byRate = combinePieces(figs, p.zone);
  const regBy = new Map(reg.rates.map((r) => [r.rate, r]));
  const withRegister = (row: BillingRateView): BillingRateView => {
    const g = regBy.get(row.rate);
    if (!g) return row;
    const registerEnergy = r3(g.energy);
    return {
      ...row, registerEnergy, difference: registerEnergy !== null && row.profileEnergy !== null ? round(registerEnergy - row.profileEnergy, 3) : null,
      registerMaxDemand: r3(g.maxDemand), registerMaxDemandAtLocal: localOrNull(g.maxDemandAtMs, p.zone),
    };
  };
  const rows = byRate.map((r) => (r.rate === 0 ? r : withRegister(r)));
  // A rate register the scheme does not know is shown only when it counted energy (a discrepancy worth seeing).
  for (const g of reg.rates) if (g.rate > 0 && g.energy !== 0 && !rows.some((r) => r.rate === g.rate)) rows.push(withRegister(rateRow(g.rate, `T${g.rate}`)));
  rows.sort((a, b) => (a.rate === 0 ? 1 : b.rate === 0 ? -1 : a.rate - b.rate));

  const cov = coverageOf(s.values, range[0], range[1]);
  const lastScheme = [...pieces].reverse().find((x) => x.scheme !== null)?.scheme ?? null;
  const segSeries: Series = { grid: { ...s.grid, startMs: s.grid.startMs + range[0] * s.grid.periodMs, count: range[1] - range[0] }, values: s.values.subarray(range[0], range[1]) };
  const md = maxDemandOf(segSeries, demandWindows(lastScheme, s.grid.periodMs / 60_000).windows);
  let profileTotal: number | null = null;
  for (const f of figs) for (const r of f.rates) profileTotal = (profileTotal ?? 0) + r.energy;
  if (cov.present === 0) profileTotal = null;
  const total = withRegister({
    ...rateRow(0, 'Total'), profileEnergy: r3(profileTotal), profileMaxDemand: r3(md.value), profileMaxDemandAtLocal: localOrNull(md.atMs, p.zone),
    missingIntervals: cov.expected - cov.present,
  });
  if (cov.present === 0) notes.push(`${who}: no load-profile value in ${seg.fromMs === p.fromMs && seg.toMs === p.toMs ? 'the period' : 'its part of the period'}: energy from the load profile is unknown (not zero).`);

  const rateNames = new Map<number, { name: string; colour: string | null }>();
  for (const x of pieces) for (const r of x.scheme?.rates ?? []) rateNames.set(r.number, { name: r.name, colour: r.colour ?? null });
  const view: BillingMeterView = {
    serial: seg.serial, label: seg.label, fromLocal: localIso(seg.fromMs, p.zone), toLocal: localIso(seg.toMs, p.zone), ct: ratio.ct, vt: ratio.vt,
    factor: ratio.factor, values: ratio.values, channel: loaded.channel ?? 'none', coverage: cov,
    pieces: figs.map((f) => ({ scheme: f.piece.label, fromLocal: localIso(f.piece.fromMs, p.zone), toLocal: localIso(f.piece.toMs, p.zone), rates: combinePieces([f], p.zone), note: f.demandNote })),
    rates: rows, registerSource: reg.source, total,
  };
  const schemes = [...new Set(pieces.map((x) => x.label))].join('; ');
  return {
    view, series: s, rates, pieces, range, gaps: [{ series: s, from: range[0], to: range[1], source: seg.serial }], notes,
    source: { label: who, detail: `${loaded.channel ?? 'no load profile'}; ${readingsInWords(db, seg.readingMeterIds, p.fromMs, p.toMs)}; tariff: ${schemes}` },
    rateNames,
  };
}
