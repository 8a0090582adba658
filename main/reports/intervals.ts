/**
 * Energy per interval of one meter from the report interval index (main/store/report-index.ts), on a report grid.
 *
 * The channel is chosen by quantity, not by exact code, so every meter type reports alike: for OBIS value group C
 * (1 active import, 2 export, …) and E (0 = all rates) the candidates are, best first, interval energy `C.29.E`,
 * last average demand `C.5.E`, current average demand `C.4.E` (average power × capture period = the interval's
 * energy: the meter's own integration, reference billing-and-balances.md). Units are scaled to the kilo-unit (Wh →
 * kWh, W over 15 min → kWh). Among candidates the one holding the most values in the period is used; others of the
 * same grid fill its gaps. Values stay as the meter recorded them (no CT/VT here: see ./factors.ts).
 */
import type { Database } from 'better-sqlite3';
import { describeQuantity, toIntervalEnergyFactor } from '../../reporting/quantities';
import { coarsen, emptySeries, gridOf, type Series } from '../../reporting/series';
import { cached, decodeDay, readDays, seriesOfMeters, type IndexSeries } from '../store/report-index';

const DAY_MS = 86_400_000;

/** A meter's energy series on a grid and what it was made from. */
export interface LoadedSeries {
  /** Energy per interval in the kilo-unit (kWh), NaN = no value. */
  readonly series: Series;
  /** The channel used, in words (e.g. `1.29.0 kWh, 15 min`), or null when the meter has none. */
  readonly channel: string | null;
  readonly notes: readonly string[];
}

const RANK: Readonly<Record<string, number>> = { '29': 0, '5': 1, '4': 2 };

/** Candidate index series of quantity C.x.E with their factor to kilo-unit energy per interval. */
function candidates(all: readonly IndexSeries[], c: string, e: string): (IndexSeries & { factor: number; rank: number })[] {
  const out: (IndexSeries & { factor: number; rank: number })[] = [];
  for (const s of all) {
    const [sc, sd, se] = s.code.split('.');
    if (sc !== c || se !== e || RANK[sd ?? ''] === undefined) continue;
    const f = toIntervalEnergyFactor(describeQuantity(s.code, s.unit), s.unit, s.periodMinutes);
    if ('factor' in f) out.push({ ...s, factor: f.factor, rank: RANK[sd!]! });
  }
  return out;
}

/** Values present per series in [fromDay, toDay]. */
function presentCounts(db: Database, ids: readonly number[], fromDay: number, toDay: number): Map<number, number> {
  const rows = cached(db, 'SELECT series_id AS id, sum(present) AS n FROM report_lp_days WHERE series_id IN (SELECT value FROM json_each(?)) AND day BETWEEN ? AND ? GROUP BY series_id')
    .all(JSON.stringify(ids), fromDay, toDay) as { id: number; n: number }[];
  return new Map(rows.map((r) => [r.id, r.n]));
}

/**
 * Fill `target` (on `grid` of the series' own period) from index series `s` × `factor` where it is still NaN.
 * Returns false when the series' intervals do not start on the grid (another phase).
 */
export function fillFrom(db: Database, target: Series, s: IndexSeries, factor: number): boolean {
  const { startMs, periodMs, count } = target.grid;
  const phaseMs = s.phaseMinutes * 60_000;
  if ((((startMs - phaseMs) % periodMs) + periodMs) % periodMs !== 0) return false;
  const fromDay = Math.floor((startMs - phaseMs) / DAY_MS);
  const toDay = Math.floor((startMs + count * periodMs - 1 - phaseMs) / DAY_MS);
  const buf = new Float64Array(1440 / s.periodMinutes);
  const v = target.values;
  for (const [day, bytes] of readDays(db, s.id, fromDay, toDay)) {
    const vals = decodeDay(bytes, buf);
    const first = (day * DAY_MS + phaseMs - startMs) / periodMs;
    const k0 = Math.max(0, -first);
    const k1 = Math.min(vals.length, count - first);
    for (let k = k0; k < k1; k++) {
      const x = vals[k]!;
      if (x === x && v[first + k] !== v[first + k]) v[first + k] = x * factor;
    }
  }
  return true;
}

/**
 * The energy series of quantity `c` (OBIS C, e.g. '1') of reading meters `meterIds` over [fromMs, toMs).
 * @param opts.periodMinutes the grid wanted (a multiple of the meter's period: finer data is summed); default the
 *   meter's own capture period.
 * @param opts.e OBIS value group E (default '0', all rates).
 * @param opts.who the meter in messages (e.g. `meter F-0001`).
 */
export function energySeries(
  db: Database,
  meterIds: readonly number[],
  c: string,
  fromMs: number,
  toMs: number,
  opts: { periodMinutes?: number; e?: string; who: string },
): LoadedSeries {
  const notes: string[] = [];
  const words = describeQuantity(`${c}.29.${opts.e ?? '0'}`).label.replace(/, interval.*/, '');
  const cands = candidates(seriesOfMeters(db, meterIds), c, opts.e ?? '0');
  const fallbackPeriod = opts.periodMinutes ?? 15;
  if (cands.length === 0) {
    notes.push(`${opts.who} has no load profile of ${words} (${c}.29.${opts.e ?? '0'} or ${c}.5.${opts.e ?? '0'}) in the stored readings: every interval is a gap.`);
    return { series: emptySeries(gridOf(fromMs, toMs, fallbackPeriod)), channel: null, notes };
  }
  // Which candidate holds the most values (reads only the day rows' counts; not needed for the usual single channel).
  const counts = cands.length === 1 ? new Map([[cands[0]!.id, 1]]) : presentCounts(db, cands.map((s) => s.id), Math.floor(fromMs / DAY_MS) - 1, Math.floor(toMs / DAY_MS) + 1);
  cands.sort((a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0) || a.rank - b.rank || a.id - b.id);
  const best = cands[0]!;
  const period = best.periodMinutes;
  if (opts.periodMinutes !== undefined && opts.periodMinutes % period !== 0) {
    notes.push(`${opts.who} records ${period}-minute intervals, which do not add up to the report's ${opts.periodMinutes}-minute intervals: every interval is a gap.`);
    return { series: emptySeries(gridOf(fromMs, toMs, opts.periodMinutes)), channel: null, notes };
  }
  let series = emptySeries(gridOf(fromMs, toMs, period));
  const used = cands.filter((s) => s.periodMinutes === period && s.phaseMinutes === best.phaseMinutes);
  for (const s of used) {
    if (!fillFrom(db, series, s, s.factor)) {
      notes.push(`${opts.who}'s intervals start ${s.phaseMinutes} minutes past the ${period}-minute grid of the report's days: report it in the meter's own time zone.`);
      break;
    }
  }
  const unused = cands.filter((s) => !used.includes(s) && (counts.get(s.id) ?? 0) > 0);
  if (unused.length > 0) notes.push(`${opts.who} also has ${unused.map((s) => `${s.code} (${s.periodMinutes} min)`).join(', ')} in the period; the report uses ${best.code} (${period} min).`);
  if (opts.periodMinutes !== undefined && opts.periodMinutes !== period) series = coarsen(series, opts.periodMinutes);
  const kind = best.rank === 0 ? '' : ' (average demand × interval length)';
  return { series, channel: `${best.code} ${best.unit}${kind}, ${period} min`, notes };
}

/** Readings of `meterIds` in words for a report's data sources, e.g. `12 readings, 2025-03-01 … 2025-04-01`. */
export function readingsInWords(db: Database, meterIds: readonly number[], fromMs: number, toMs: number): string {
  const r = db
    .prepare(
      `SELECT count(*) AS n, min(started_utc) AS a, max(started_utc) AS b FROM readings
       WHERE meter_id IN (SELECT value FROM json_each(?)) AND started_utc >= ? AND started_utc < ?`,
    )
    .get(JSON.stringify(meterIds), new Date(fromMs).toISOString(), new Date(toMs + 40 * DAY_MS).toISOString()) as { n: number; a: string | null; b: string | null };
  return r.n === 0 ? 'no readings in or after the period' : `${r.n} reading${r.n === 1 ? '' : 's'}, ${r.a!.slice(0, 16)}Z … ${r.b!.slice(0, 16)}Z`;
}
