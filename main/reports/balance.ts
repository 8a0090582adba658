/**
 * The balance report (issue 15 item 2): for a place (substation, feeder …) the energy of its own meters (the input)
 * against the sum of its nearest metered descendants (for a feeder: the customer meters below it; for a substation:
 * its feeder meters, or the places of a feeder without a meter), per interval and per period, as energy and % of the
 * input — and the same per node of the subtree over the period. A meter counts only while it is installed there; a
 * missing interval makes that interval's balance unknown (reporting/balance.ts), never a zero.
 */
import type { Database } from 'better-sqlite3';
import type { BalanceArgs, BalanceReport } from '../../contract/reports';
import { addMeter, accumulate, balanceAt, balanceTotals, newSide, type SideAccumulator } from '../../reporting/balance';
import { isoUtc, localDays, PeriodError, reportPeriod } from '../../reporting/periods';
import { commonPeriod, coverageOf, gridOf, indexRange, round, sumPresent, type Series } from '../../reporting/series';
import { getPlace, placePath, placeTimeZone, subtreeIds } from '../store/places';
import { readingMeterIds } from '../store/report-index';
import { figuresHash, gapViews } from './common';
import { applyRatios, meterTariffs } from './factors';
import { reportHeader, type RunMeta } from './header';
import { energySeries } from './intervals';
import type { MeterSegment } from './targets';

interface Node { id: number; parentId: number | null; kind: string; name: string; depth: number; segments: MeterSegment[] }
interface MeterTotal { seg: MeterSegment; energy: number; present: number; expected: number }

/** The places of the subtree of `rootId` with their installations overlapping [fromMs, toMs). */
function subtree(db: Database, rootId: number, fromMs: number, toMs: number, zone: string): Map<number, Node> {
  const ids = subtreeIds(db, rootId);
  const nodes = new Map<number, Node>();
  const rows = db.prepare('SELECT id, parent_id AS parentId, kind, name FROM places WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as Omit<Node, 'depth' | 'segments'>[];
  for (const r of rows) nodes.set(r.id, { ...r, depth: 0, segments: [] });
  for (const n of nodes.values()) for (let p = n.parentId; p !== null && p !== undefined && nodes.has(p) && n.id !== rootId; p = nodes.get(p)!.parentId) n.depth++;
  const inst = db
    .prepare(
      `SELECT i.place_id AS placeId, i.meter_id AS meterId, m.serial, m.time_zone AS tz, i.installed_utc AS a, i.removed_utc AS b,
              i.ct_primary AS ctp, i.ct_secondary AS cts, i.vt_primary AS vtp, i.vt_secondary AS vts
         FROM installations i JOIN fleet_meters m ON m.id = i.meter_id
        WHERE i.place_id IN (SELECT value FROM json_each(?)) AND i.installed_utc < ? AND (i.removed_utc IS NULL OR i.removed_utc > ?)
        ORDER BY m.serial COLLATE NOCASE, i.installed_utc`,
    )
    .all(JSON.stringify(ids), isoUtc(toMs), isoUtc(fromMs)) as { placeId: number; meterId: number; serial: string; tz: string | null; a: string; b: string | null; ctp: number; cts: number; vtp: number; vts: number }[];
  for (const i of inst) {
    const from = Math.max(fromMs, Date.parse(i.a));
    const to = Math.min(toMs, i.b === null ? Infinity : Date.parse(i.b));
    const node = nodes.get(i.placeId)!;
    node.segments.push({
      fleetMeterId: i.meterId, serial: i.serial, readingMeterIds: readingMeterIds(db, i.serial), fromMs: from, toMs: to, label: node.name, zone: i.tz ?? zone,
      ratios: [{ fromMs: from, toMs: to, ct: { primary: i.ctp, secondary: i.cts }, vt: { primary: i.vtp, secondary: i.vts } }],
    });
  }
  return nodes;
}

/** The nearest metered descendants of `id`: children with meters, else their own nearest metered descendants. */
function downstreamOf(nodes: Map<number, Node>, id: number): Node[] {
  const out: Node[] = [];
  for (const n of nodes.values()) {
    if (n.parentId !== id) continue;
    if (n.segments.length > 0) out.push(n);
    else out.push(...downstreamOf(nodes, n.id));
  }
  return out;
}

/** Capture periods (minutes) recorded for the meters of `segs`. */
function periodsOf(db: Database, segs: readonly MeterSegment[], c: string): number[] {
  const ids = segs.flatMap((s) => s.readingMeterIds);
  if (ids.length === 0) return [];
  return db
    .prepare(`SELECT DISTINCT period_minutes FROM report_series WHERE meter_id IN (SELECT value FROM json_each(?)) AND code IN (?, ?, ?)`)
    .pluck()
    .all(JSON.stringify(ids), `${c}.29.0`, `${c}.5.0`, `${c}.4.0`) as number[];
}

/**
 * Balance report of place `args.placeId`.
 * @throws PeriodError (plain): unknown place, bad dates or zone, no meter installed in the subtree, periods that do
 *   not nest.
 */
export function balanceReport(db: Database, args: BalanceArgs, meta: RunMeta, workstationZone: string): BalanceReport {
  const place = getPlace(db, args.placeId);
  if (!place) throw new PeriodError(`There is no place with id ${args.placeId}.`);
  const zone = args.timeZone ?? placeTimeZone(db, place.id) ?? workstationZone;
  const p = reportPeriod(args.fromDate, args.toDate, zone);
  const quantity = args.quantity ?? 'active-import';
  const c = quantity === 'active-export' ? '2' : '1';
  const nodes = subtree(db, place.id, p.fromMs, p.toMs, zone);
  const all = [...nodes.values()].flatMap((n) => n.segments);
  if (all.length === 0) throw new PeriodError(`No meter was installed at ${place.name} or below between ${p.fromDate} and ${p.toDate}.`);
  const period = commonPeriod(periodsOf(db, all, c).length > 0 ? periodsOf(db, all, c) : [15]);
  if (period === null) throw new PeriodError(`The meters below ${place.name} record intervals that do not add up to a common length of at most 60 minutes.`);
  const grid = gridOf(p.fromMs, p.toMs, period);
  const root = nodes.get(place.id)!;
  const downNodes = downstreamOf(nodes, place.id);
  const inputSegs = new Set(root.segments);
  const downSegs = new Set(downNodes.flatMap((n) => n.segments));
  const input = newSide(grid.count);
  const down = newSide(grid.count);
  const totals = new Map<MeterSegment, MeterTotal>();
  const notes: string[] = [];
  const gaps: ReturnType<typeof gapViews> = [];
  for (const seg of all) {
    const loaded = energySeries(db, seg.readingMeterIds, c, p.fromMs, p.toMs, { periodMinutes: period, who: `Meter ${seg.serial}` });
    notes.push(...loaded.notes);
    const s: Series = loaded.series;
    notes.push(...applyRatios(s, seg, meterTariffs(db, seg.fleetMeterId)).notes);
    const [i0, i1] = indexRange(grid, seg.fromMs, seg.toMs);
    const cov = coverageOf(s.values, i0, i1);
    totals.set(seg, { seg, energy: sumPresent(s.values, i0, i1), present: cov.present, expected: cov.expected });
    const side: SideAccumulator | null = inputSegs.has(seg) ? input : downSegs.has(seg) ? down : null;
    if (side) {
      accumulate(side, i0, s.values, i0, i1, 1);
      addMeter(side);
      if (cov.present < cov.expected) gaps.push(...gapViews(s, seg.serial, zone, i0, i1));
    }
  }
  if (root.segments.length === 0) notes.push(`${place.name} has no meter of its own in the period: the input is unknown, only the downstream sum is shown.`);
  if (downNodes.length === 0) notes.push(`Nothing below ${place.name} is metered: the downstream sum is empty.`);

  const meterRow = (t: MeterTotal) => ({
    serial: t.seg.serial, place: placePath(db, [...nodes.values()].find((n) => n.segments.includes(t.seg))!.id), factor: t.seg.ratios[0] ? (t.seg.ratios[0].ct.primary / t.seg.ratios[0].ct.secondary) * (t.seg.ratios[0].vt.primary / t.seg.ratios[0].vt.secondary) : 1,
    energy: round(t.energy, 3), coverage: { present: t.present, expected: t.expected, share: t.expected === 0 ? 0 : round(t.present / t.expected, 6) },
  });
  const sideTotal = (segs: readonly MeterSegment[]) => {
    const ts = segs.map((s) => totals.get(s)!);
    const expected = ts.reduce((n, t) => n + t.expected, 0);
    return { energy: ts.reduce((n, t) => n + t.energy, 0), coverage: expected === 0 ? 0 : ts.reduce((n, t) => n + t.present, 0) / expected, complete: ts.every((t) => t.present === t.expected) };
  };
  const nodeRows = [...nodes.values()]
    .sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name))
    .map((n) => {
      const a = sideTotal(n.segments);
      const b = sideTotal(downstreamOf(nodes, n.id).flatMap((d) => d.segments));
      const has = n.segments.length > 0;
      const diff = has ? a.energy - b.energy : null;
      return {
        id: n.id, name: n.name, kind: n.kind, depth: n.depth, input: has ? round(a.energy, 3) : null, downstream: round(b.energy, 3),
        difference: diff === null ? null : round(diff, 3), percent: diff === null || a.energy === 0 ? null : round((100 * diff) / a.energy, 3),
        inputCoverage: round(a.coverage, 6), downstreamCoverage: round(b.coverage, 6),
      };
    });
  const days = localDays(p).map((d) => {
    const [a, b] = indexRange(grid, d.fromMs, d.toMs);
    return { date: d.date, ...balanceTotals(input, down, a, b) };
  });
  const intervals: [string, number | null, number | null][] = [];
  for (let i = 0; i < grid.count; i++) {
    const b = balanceAt(input, down, i);
    intervals.push([isoUtc(grid.startMs + i * grid.periodMs), b.input === null ? null : round(b.input, 3), b.downstream === null ? null : round(b.downstream, 3)]);
  }
  const present = input.present + down.present;
  const expectedAll = [...inputSegs, ...downSegs].reduce((n, s) => n + totals.get(s)!.expected, 0);
  const header = reportHeader(meta, p, {
    title: `Balance — ${place.kind} ${place.name}, ${p.fromDate} to ${p.toDate}`,
    parameters: [
      { name: 'Kind', value: 'balance' }, { name: 'Place', value: `${placePath(db, place.id)} (${place.kind})` }, { name: 'Quantity', value: quantity },
      { name: 'Period', value: `${p.fromDate} to ${p.toDate} (local dates, inclusive)` }, { name: 'Time zone', value: zone },
    ],
    sources: [
      { label: 'Input meters', detail: root.segments.map((s) => s.serial).join(', ') || 'none' },
      { label: 'Downstream meters', detail: `${downSegs.size} meter${downSegs.size === 1 ? '' : 's'} at ${downNodes.length} place${downNodes.length === 1 ? '' : 's'}` },
      { label: 'Load profile', detail: `${c}.29.0 (or ${c}.5.0 average demand) from the report interval index, ${period}-minute intervals` },
    ],
    coverage: { present, expected: expectedAll },
    gaps,
    notes,
  });
  const report: Omit<BalanceReport, 'figuresSha256'> = {
    ...header, kind: 'balance', place: { id: place.id, name: place.name, kind: place.kind, path: placePath(db, place.id) }, quantity, unit: 'kWh', periodMinutes: period,
    inputMeters: root.segments.map((s) => meterRow(totals.get(s)!)), downstreamMeters: [...downSegs].map((s) => meterRow(totals.get(s)!)),
    totals: balanceTotals(input, down, 0, grid.count), daily: days, intervals, nodes: nodeRows,
  };
  return { ...report, figuresSha256: figuresHash(report) };
}
