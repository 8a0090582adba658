/**
 * Virtual meters (issue 15 item 3): a stored, versioned formula over meters and channels, evaluated interval by
 * interval on one grid — each term's energy series (main/reports/intervals.ts), with the CT/VT ratios of that
 * meter's installations applied where it records secondary values, × its coefficient, summed. An interval where any
 * term is missing is missing (never a partial sum). The formula version in force at each instant is the highest
 * version whose start is at or before it (store: main/store/virtual-meters.ts); a run records the newest version it
 * could use, so a re-run evaluates the same versions.
 */
import type { Database } from 'better-sqlite3';
import type { VirtualMeterView, VirtualReport } from '../../contract/reports';
import { checkFormula } from '../../reporting/formula-check';
import { compileFormula, FormulaError, type LinearFormula } from '../../reporting/formula';
import { localDays, PeriodError, reportPeriod, type ReportPeriod } from '../../reporting/periods';
import { parseObis } from '../../reporting/quantities';
import { commonPeriod, coverageOf, emptySeries, gridOf, indexRange, round, sumPresent, type Series } from '../../reporting/series';
import { maxDemandOf } from '../../reporting/tou';
import { fleetMeterBySerial } from '../store/fleet-meters';
import { readingMeterIds } from '../store/report-index';
import { virtualMeterByName } from '../store/virtual-meters';
import { cellsOf, figuresHash, gapViews, HeatMap, localOrNull } from './common';
import { applyRatios, meterTariffs } from './factors';
import { reportHeader, type RunMeta } from './header';
import { energySeries, readingsInWords } from './intervals';
import { segmentsOf } from './targets';

/** A term's evaluated series and what it was made from. */
export interface TermResult {
  readonly text: string;
  readonly coefficient: number;
  readonly channel: string;
  readonly factor: number;
  readonly series: Series;
}

/** The evaluated virtual meter: its series (kWh per interval) and the parts for reports. */
export interface VirtualEvaluation {
  readonly meter: VirtualMeterView;
  /** Newest version used. */
  readonly version: number;
  readonly formula: string;
  readonly unit: string;
  readonly series: Series;
  readonly terms: readonly TermResult[];
  readonly notes: readonly string[];
  readonly sources: readonly { label: string; detail: string }[];
}

/** A stored formula, compiled; a stored formula that no longer checks is a plain error naming the version. */
function compile(v: { version: number; formula: string }): LinearFormula {
  try {
    return compileFormula(v.formula);
  } catch (e) {
    if (e instanceof FormulaError) throw new PeriodError(`Version ${v.version} of the formula does not parse: ${e.message}`);
    throw e;
  }
}

/** The virtual meter `name` (as of version `asOf`) over period `p`. @throws PeriodError (plain). */
export function evaluateVirtual(db: Database, name: string, p: ReportPeriod, asOf?: number): VirtualEvaluation {
  const meter = virtualMeterByName(db, name);
  if (!meter) throw new PeriodError(`There is no virtual meter named "${name}".`);
  const versions = meter.versions.filter((v) => asOf === undefined || v.version <= asOf);
  if (versions.length === 0) throw new PeriodError(`The virtual meter "${name}" has no version ${asOf}.`);
  // Which version is in force over which part of the period.
  const bounds = [...new Set([p.fromMs, ...versions.map((v) => (v.fromUtc === null ? -Infinity : Date.parse(v.fromUtc))).filter((t) => t > p.fromMs && t < p.toMs)])].sort((a, b) => a - b);
  const parts = bounds.map((from, k) => {
    const inForce = versions.filter((v) => v.fromUtc === null || Date.parse(v.fromUtc) <= from);
    const v = inForce.reduce<(typeof versions)[number] | null>((best, x) => (best === null || x.version > best.version ? x : best), null);
    return { from, to: bounds[k + 1] ?? p.toMs, v };
  });
  const notes: string[] = [];
  const known = (serial: string) => fleetMeterBySerial(db, serial) !== null || readingMeterIds(db, serial).length > 0;
  const compiled = new Map<number, LinearFormula>();
  for (const part of parts) {
    if (part.v === null) {
      notes.push(`No formula version of "${name}" is in force before ${new Date(parts.find((x) => x.v !== null)?.from ?? p.toMs).toISOString().slice(0, 16)}Z: those intervals are gaps.`);
      continue;
    }
    if (compiled.has(part.v.version)) continue;
    const f = compile(part.v);
    const checked = checkFormula(f, known);
    if ('problems' in checked) throw new PeriodError(`Virtual meter "${name}" version ${part.v.version}: ${checked.problems.join(' ')}`);
    compiled.set(part.v.version, f);
  }
  const refs = [...compiled.values()].flatMap((f) => f.terms.map((t) => t.ref));
  const ids = (serial: string) => readingMeterIds(db, serial);
  const periods = db
    .prepare('SELECT DISTINCT period_minutes FROM report_series WHERE meter_id IN (SELECT value FROM json_each(?))')
    .pluck()
    .all(JSON.stringify(refs.flatMap((r) => ids(r.serial)))) as number[];
  const period = commonPeriod(periods.length > 0 ? periods : [15]);
  if (period === null) throw new PeriodError(`The meters of "${name}" record intervals that do not add up to a common length of at most 60 minutes.`);
  const grid = gridOf(p.fromMs, p.toMs, period);
  const out = emptySeries(grid);
  const terms: TermResult[] = [];
  const sources: { label: string; detail: string }[] = [];
  const cache = new Map<string, { series: Series; channel: string; factor: number }>();
  for (const part of parts) {
    if (part.v === null) continue;
    const f = compiled.get(part.v.version)!;
    const [i0, i1] = indexRange(grid, part.from, part.to);
    const acc = new Float64Array(i1 - i0);
    for (const t of f.terms) {
      const key = `${t.ref.serial.toUpperCase()}|${t.ref.channel}`;
      let term = cache.get(key);
      if (!term) {
        const obis = parseObis(t.ref.channel)!;
        const loaded = energySeries(db, ids(t.ref.serial), obis.c, p.fromMs, p.toMs, { periodMinutes: period, e: obis.e, who: `Meter ${t.ref.serial}` });
        notes.push(...loaded.notes);
        const fleet = fleetMeterBySerial(db, t.ref.serial);
        const seg = segmentsOf(db, { kind: 'meter', serial: t.ref.serial }, p).segments[0]!;
        const use = applyRatios(loaded.series, seg, meterTariffs(db, fleet?.id ?? null));
        notes.push(...use.notes);
        term = { series: loaded.series, channel: loaded.channel ?? 'none', factor: use.values === 'primary' ? 1 : use.factor };
        cache.set(key, term);
        sources.push({ label: `Meter ${t.ref.serial}`, detail: `${term.channel}; ${readingsInWords(db, ids(t.ref.serial), p.fromMs, p.toMs)}` });
      }
      for (let i = i0; i < i1; i++) acc[i - i0] = acc[i - i0]! + t.coefficient * term.series.values[i]!;
      terms.push({ text: t.ref.text, coefficient: t.coefficient, channel: term.channel, factor: term.factor, series: term.series });
    }
    out.values.set(acc, i0);
  }
  const last = versions.at(-1)!;
  return { meter, version: last.version, formula: last.formula, unit: last.unit, series: out, terms, notes, sources };
}

/** Virtual-meter report over a period. @throws PeriodError (plain). */
export function virtualReport(db: Database, args: { name: string; fromDate: string; toDate: string; timeZone?: string; version?: number }, meta: RunMeta, workstationZone: string): VirtualReport {
  const vm = virtualMeterByName(db, args.name);
  if (!vm) throw new PeriodError(`There is no virtual meter named "${args.name}".`);
  const zone = args.timeZone ?? vm.timeZone ?? workstationZone;
  const p = reportPeriod(args.fromDate, args.toDate, zone);
  const ev = evaluateVirtual(db, args.name, p, args.version);
  const s = ev.series;
  const days = localDays(p);
  const cells = cellsOf(s.grid, days, zone);
  const heat = new HeatMap(days);
  heat.add(s, cells);
  const cov = coverageOf(s.values);
  const md = maxDemandOf(s, { periodMinutes: s.grid.periodMs / 60_000, subIntervals: 1 });
  const header = reportHeader(meta, p, {
    title: `Virtual meter — ${ev.meter.name}, ${p.fromDate} to ${p.toDate}`,
    parameters: [
      { name: 'Kind', value: 'virtual meter' }, { name: 'Virtual meter', value: `${ev.meter.name} (version ${ev.version})` },
      { name: 'Formula', value: ev.formula }, { name: 'Period', value: `${p.fromDate} to ${p.toDate} (local dates, inclusive)` }, { name: 'Time zone', value: zone },
    ],
    sources: ev.sources,
    coverage: cov,
    gaps: gapViews(s, ev.meter.name, zone),
    notes: ev.notes,
  });
  const uniqueTerms = [...new Map(ev.terms.map((t) => [`${t.text}|${t.coefficient}`, t])).values()];
  const report: Omit<VirtualReport, 'figuresSha256'> = {
    ...header, kind: 'virtual', name: ev.meter.name, version: ev.version, formula: ev.formula, unit: ev.unit, periodMinutes: s.grid.periodMs / 60_000,
    terms: uniqueTerms.map((t) => ({
      text: t.text, coefficient: t.coefficient, channel: t.channel, factor: t.factor, coverage: coverageOf(t.series.values),
      energy: round(t.coefficient * sumPresent(t.series.values), 3),
    })),
    total: cov.present === 0 ? null : round(sumPresent(s.values), 3),
    maxDemand: md.value === null ? null : round(md.value, 3),
    maxDemandAtLocal: localOrNull(md.atMs, zone),
    daily: days.map((d) => {
      const [a, b] = indexRange(s.grid, d.fromMs, d.toMs);
      const c = coverageOf(s.values, a, b);
      return { date: d.date, energy: c.present === 0 ? null : round(sumPresent(s.values, a, b), 3), coverage: round(c.share, 6) };
    }),
    intervals: Array.from(s.values, (v, i) => [new Date(s.grid.startMs + i * s.grid.periodMs).toISOString(), Number.isNaN(v) ? null : round(v, 3)] as [string, number | null]),
    heatMap: heat.view(),
  };
  return { ...report, figuresSha256: figuresHash(report) };
}
