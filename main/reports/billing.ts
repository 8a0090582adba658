/**
 * The billing report (issue 15 item 1): energy per rate from the meter's billing registers where they exist and
 * from the load profile with the scheme in force at each instant, side by side with their difference; maximum
 * demand per rate with its time; CT/VT applied once; coverage and gaps. For a meter, a place (every meter installed
 * there and below) or a customer; a virtual meter comes in through ./virtual.ts as one more segment.
 */
import type { Database } from 'better-sqlite3';
import type { BillingArgs, BillingRateView, BillingReport } from '../../contract/reports';
import { localDays, reportPeriod, type ReportPeriod } from '../../reporting/periods';
import { emptySeries, gridOf, round } from '../../reporting/series';
import { demandWindows, maxDemandOf } from '../../reporting/tou';
import { cellsOf, figuresHash, gapViews, HeatMap, localOrNull } from './common';
import { billingSegment, rateRow, type SegmentResult } from './billing-meter';
import { reportHeader, type RunMeta } from './header';
import { segmentsOf, targetZone } from './targets';

/** Σ per rate number over segments (energies only: demand is not additive). */
function totalsOf(results: readonly SegmentResult[]): BillingRateView[] {
  const by = new Map<number, BillingRateView>();
  const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : round(a + b, 3));
  for (const r of results) {
    for (const row of r.view.rates) {
      const t = by.get(row.rate) ?? rateRow(row.rate, row.name);
      const profileEnergy = add(t.profileEnergy, row.profileEnergy);
      const registerEnergy = add(t.registerEnergy, row.registerEnergy);
      by.set(row.rate, {
        ...t, profileEnergy, registerEnergy, missingIntervals: t.missingIntervals + row.missingIntervals,
        difference: profileEnergy !== null && registerEnergy !== null ? round(registerEnergy - profileEnergy, 3) : null,
      });
    }
  }
  return [...by.values()].sort((a, b) => (a.rate === 0 ? 1 : b.rate === 0 ? -1 : a.rate - b.rate));
}

/** Daily energy per rate, the heat map and the aggregate's maximum demand, over every segment. */
function dailyParts(results: readonly SegmentResult[], p: ReportPeriod) {
  const days = localDays(p);
  const heat = new HeatMap(days);
  const daily = days.map((d) => ({ date: d.date, hours: d.hours, rates: new Map<number, number>(), missing: 0 }));
  const cellCache = new Map<string, Int32Array>();
  for (const r of results) {
    const g = r.series.grid;
    const key = `${g.startMs}:${g.periodMs}:${g.count}`;
    let cells = cellCache.get(key);
    if (!cells) cellCache.set(key, (cells = cellsOf(g, days, p.zone)));
    heat.add(r.series, cells, r.range[0], r.range[1]);
    for (let i = r.range[0]; i < r.range[1]; i++) {
      const c = cells[i]!;
      if (c < 0) continue;
      const day = daily[Math.floor(c / 24)]!;
      const v = r.series.values[i]!;
      if (v !== v) day.missing++;
      else day.rates.set(r.rates[i]!, (day.rates.get(r.rates[i]!) ?? 0) + v);
    }
  }
  // The aggregate's own interval series (several meters on one grid): its maximum demand.
  let aggregate: { value: number | null; atMs: number | null } = { value: null, atMs: null };
  const first = results[0];
  if (results.length > 1 && first && results.every((r) => r.series.grid.periodMs === first.series.grid.periodMs)) {
    const agg = emptySeries(gridOf(p.fromMs, p.toMs, first.series.grid.periodMs / 60_000)).values.fill(0);
    for (const r of results) for (let i = r.range[0]; i < r.range[1]; i++) agg[i] = agg[i]! + r.series.values[i]!;
    const scheme = first.pieces.at(-1)?.scheme ?? null;
    aggregate = maxDemandOf({ grid: first.series.grid, values: agg }, demandWindows(scheme, first.series.grid.periodMs / 60_000).windows);
  }
  return {
    heatMap: heat.view(),
    daily: daily.map((d) => ({
      date: d.date, hours: d.hours, missing: d.missing,
      rates: [...d.rates.entries()].sort((a, b) => a[0] - b[0]).map(([rate, energy]) => ({ rate, energy: round(energy, 3) })),
    })),
    aggregate,
  };
}


/** Assemble a billing report from computed segments. */
export function assembleBilling(results: readonly SegmentResult[], p: ReportPeriod, meta: RunMeta, name: string, target: BillingArgs['target']): BillingReport {
  const gaps = results.flatMap((r) => r.gaps.flatMap((g) => gapViews(g.series, g.source, p.zone, g.from, g.to)));
  const present = results.reduce((n, r) => n + r.view.coverage.present, 0);
  const expected = results.reduce((n, r) => n + r.view.coverage.expected, 0);
  const header = reportHeader(meta, p, {
    title: `Billing — ${name}, ${p.fromDate} to ${p.toDate}`,
    parameters: [
      { name: 'Kind', value: 'billing' }, { name: 'Target', value: target.kind === 'place' ? `${name} and every place below it` : name }, { name: 'Period', value: `${p.fromDate} to ${p.toDate} (local dates, inclusive)` },
      { name: 'Time zone', value: p.zone },
    ],
    sources: results.map((r) => r.source),
    coverage: { present, expected },
    gaps,
    notes: results.flatMap((r) => r.notes),
  });
  const parts = dailyParts(results, p);
  const names = new Map<number, { name: string; colour: string | null }>();
  for (const r of results) for (const [k, v] of r.rateNames) if (!names.has(k)) names.set(k, v);
  const report: Omit<BillingReport, 'figuresSha256'> = {
    ...header,
    kind: 'billing',
    unit: 'kWh',
    meters: results.map((r) => r.view),
    totals: totalsOf(results),
    aggregateMaxDemand: results.length > 1 && parts.aggregate.value !== null ? round(parts.aggregate.value, 3) : null,
    aggregateMaxDemandAtLocal: results.length > 1 ? localOrNull(parts.aggregate.atMs, p.zone) : null,
    daily: parts.daily,
    rateNames: [...names.entries()].sort((a, b) => a[0] - b[0]).map(([rate, v]) => ({ rate, name: v.name, colour: v.colour })),
    heatMap: parts.heatMap,
  };
  return { ...report, figuresSha256: figuresHash(report) };
}

/**
 * Billing report for a meter, place or customer (a virtual meter: ./virtual.ts `virtualBilling`).
 * @param workstationZone the zone used when neither the arguments nor the target name one.
 * @throws PeriodError (plain): bad dates or zone, unknown target, nothing installed.
 */
export function billingReport(db: Database, args: BillingArgs & { target: Exclude<BillingArgs['target'], { kind: 'virtual' }> }, meta: RunMeta, workstationZone: string): BillingReport {
  const zone = args.timeZone ?? targetZone(db, args.target, workstationZone);
  const p = reportPeriod(args.fromDate, args.toDate, zone);
  const { segments, name } = segmentsOf(db, args.target, p);
  const results = segments.map((s) => billingSegment(db, s, p));
  return assembleBilling(results, p, meta, name, args.target);
}
