/**
 * A virtual meter in a billing report (it appears wherever a meter does): its evaluated series with the tariff
 * scheme chosen for it (virtual_meters.scheme_*), energy and maximum demand per rate by the load-profile method.
 * It has no registers, so the register method says so.
 */
import type { Database } from 'better-sqlite3';
import type { BillingArgs, BillingReport } from '../../contract/reports';
import { localIso, PeriodError, reportPeriod } from '../../reporting/periods';
import { coverageOf, round } from '../../reporting/series';
import { demandWindows, figuresByRate, maxDemandOf, ratesOnGrid, tariffPieces } from '../../reporting/tou';
import { getSchemeVersion } from '../store/schemes';
import { virtualMeterByName } from '../store/virtual-meters';
import { assembleBilling } from './billing';
import { combinePieces, rateRow, type SegmentResult } from './billing-meter';
import { localOrNull } from './common';
import type { RunMeta } from './header';
import { evaluateVirtual } from './virtual';

/** Billing report of a virtual meter. @throws PeriodError (plain). */
export function virtualBilling(db: Database, args: BillingArgs & { target: { kind: 'virtual'; name: string } }, meta: RunMeta, workstationZone: string, asOf?: number): BillingReport {
  const vm = virtualMeterByName(db, args.target.name);
  if (!vm) throw new PeriodError(`There is no virtual meter named "${args.target.name}".`);
  const zone = args.timeZone ?? vm.timeZone ?? workstationZone;
  const p = reportPeriod(args.fromDate, args.toDate, zone);
  const ev = evaluateVirtual(db, vm.name, p, asOf);
  const s = ev.series;
  const notes = [...ev.notes];
  const assignments = vm.scheme
    ? [{ fromMs: -8.64e15, scheme: getSchemeVersion(db, vm.scheme.schemeId, vm.scheme.version).content, label: `${vm.scheme.name} v${vm.scheme.version} (chosen for the virtual meter)` }]
    : [];
  if (!vm.scheme) notes.push(`Virtual meter ${vm.name}: no tariff scheme is chosen for it, so its energy is one total ("no scheme recorded").`);
  const pieces = tariffPieces(assignments, p.fromMs, p.toMs, zone);
  const rates = ratesOnGrid(s.grid, pieces);
  const figs = figuresByRate(s, pieces, rates);
  const cov = coverageOf(s.values);
  const md = maxDemandOf(s, demandWindows(pieces.at(-1)?.scheme ?? null, s.grid.periodMs / 60_000).windows);
  let total: number | null = null;
  for (const f of figs) for (const r of f.rates) total = (total ?? 0) + r.energy;
  const rateNames = new Map<number, { name: string; colour: string | null }>();
  for (const x of pieces) for (const r of x.scheme?.rates ?? []) rateNames.set(r.number, { name: r.name, colour: r.colour ?? null });
  const result: SegmentResult = {
    view: {
      serial: vm.name, label: `virtual meter: ${ev.formula}`, fromLocal: localIso(p.fromMs, zone), toLocal: localIso(p.toMs, zone), ct: '—', vt: '—', factor: 1,
      values: 'virtual', channel: `${ev.unit} per ${s.grid.periodMs / 60_000} min, version ${ev.version}`, coverage: cov,
      pieces: figs.map((f) => ({ scheme: f.piece.label, fromLocal: localIso(f.piece.fromMs, zone), toLocal: localIso(f.piece.toMs, zone), rates: combinePieces([f], zone), note: f.demandNote })),
      rates: combinePieces(figs, zone),
      registerSource: 'a virtual meter has no registers: load-profile method only',
      total: {
        ...rateRow(0, 'Total'), profileEnergy: cov.present === 0 || total === null ? null : round(total, 3), profileMaxDemand: md.value === null ? null : round(md.value, 3),
        profileMaxDemandAtLocal: localOrNull(md.atMs, zone), missingIntervals: cov.expected - cov.present,
      },
    },
    series: s, rates, pieces, range: [0, s.values.length], gaps: [{ series: s, from: 0, to: s.values.length, source: vm.name }], notes,
    source: { label: `Virtual meter ${vm.name}`, detail: `version ${ev.version}: ${ev.formula}; ${ev.sources.map((x) => `${x.label} (${x.detail})`).join('; ')}` },
    rateNames,
  };
  return assembleBilling([result], p, meta, `virtual meter ${vm.name}`, args.target);
}
