/**
 * Gap-free load profiles (issue 14 item 4): which intervals of a fleet meter are stored, per channel (OBIS code),
 * and which are missing. Stored intervals live in the readings (load_profile_values of each reading of the meter,
 * main/store/readings.ts); `lp_series` keeps each channel's first/last stored interval and count, `lp_gaps` the
 * missing ranges [from, to) found between them. The collector (main/collect/collect-meter.ts):
 * 1. asks the meter from the earliest open gap (or the last stored interval) to its now,
 * 2. drops the intervals already stored ({@link storedStarts}) so no interval is ever stored twice,
 * 3. stores the reading, then {@link recordIntervals} extends the series, opens gaps for holes (left open: the next
 *    run asks for them), and re-checks the gaps found before that the read covered: filled when every interval is now
 *    stored, else narrowed; a gap the meter was asked for again and still holds nothing of is `unavailable` (the meter
 *    has no data: power failure, ring buffer overwritten).
 * Times are ISO UTC instants; intervals are [start, end).
 */
import type { Database } from 'better-sqlite3';
import type { LpGapView } from '../../contract/collection';

/** Store ids of the `meters` rows (reading identities) of a serial number (any manufacturer). */
function readingMeterIds(db: Database, serial: string): number[] {
  return (db.prepare('SELECT id FROM meters WHERE upper(serial) = upper(?)').all(serial) as { id: number }[]).map((r) => r.id);
}

/**
 * Start instants (ISO UTC) of the intervals of channel `obis` of meter `serial` stored in [fromUtc, toUtc), from any
 * reading. Only readings that started after `fromUtc` can hold such intervals (less a day, for meter clocks that
 * run fast), which keeps the query short.
 */
export function storedStarts(db: Database, serial: string, obis: string, fromUtc: string, toUtc: string, readingsSince?: string): Set<string> {
  const since = readingsSince ?? new Date(Date.parse(fromUtc) - 86_400_000).toISOString();
  const ids = readingMeterIds(db, serial);
  if (ids.length === 0) return new Set();
  const rows = db
    .prepare(
      `SELECT v.start_utc AS s FROM readings r
         JOIN load_profile_channels c ON c.reading_id = r.id AND c.obis = ?
         JOIN load_profile_values v ON v.channel_id = c.id AND v.start_utc >= ? AND v.start_utc < ?
       WHERE r.meter_id IN (SELECT value FROM json_each(?)) AND r.started_utc >= ?`,
    )
    .all(obis, fromUtc, toUtc, JSON.stringify(ids), since) as { s: string }[];
  return new Set(rows.map((r) => r.s));
}

/** One channel's stored span. */
export interface Series {
  readonly obis: string;
  readonly periodMinutes: number;
  readonly firstStartUtc: string;
  readonly lastEndUtc: string;
  readonly intervals: number;
}

/** The stored spans of a fleet meter's channels. */
export function meterSeries(db: Database, meterId: number): Series[] {
  return db
    .prepare('SELECT obis, period_minutes AS periodMinutes, first_start_utc AS firstStartUtc, last_end_utc AS lastEndUtc, intervals FROM lp_series WHERE meter_id = ? ORDER BY obis')
    .all(meterId) as Series[];
}

/** Open gaps of a meter, earliest first. */
export function openGaps(db: Database, meterId: number): { id: number; obis: string; fromUtc: string; toUtc: string; attempts: number }[] {
  return db
    .prepare("SELECT id, obis, from_utc AS fromUtc, to_utc AS toUtc, attempts FROM lp_gaps WHERE meter_id = ? AND status = 'open' ORDER BY from_utc")
    .all(meterId) as { id: number; obis: string; fromUtc: string; toUtc: string; attempts: number }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Missing sub-ranges of [from, to) at `periodMs` steps given the stored starts. */
function missingRanges(fromMs: number, toMs: number, periodMs: number, have: Set<string>): [number, number][] {
  const out: [number, number][] = [];
  for (let t = fromMs; t < toMs; t += periodMs) {
    if (have.has(iso(t))) continue;
    const last = out.at(-1);
    if (last && last[1] === t) last[1] = t + periodMs;
    else out.push([t, t + periodMs]);
  }
  return out;
}

/**
 * After a reading of meter `meterId` (`serial`) was stored with `intervals` new intervals of channel `obis`
 * (sorted or not, [start, end) ISO), whose request covered [askedFromUtc, …) and whose answer reached `answeredToUtc`
 * (the end of the last interval the meter sent, stored before or not): extend the channel's series, open
 * gaps for holes, and re-check the open gaps the request covered (see the file comment). Call inside the
 * transaction that stored the reading. Returns how many missing intervals were filled.
 */
export function recordIntervals(
  db: Database,
  meter: { id: number; serial: string },
  obis: string,
  periodMinutes: number,
  intervals: readonly { startUtc: string; endUtc: string }[],
  askedFromUtc: string | null,
  answeredToUtc: string | null,
  now: Date,
): number {
  const periodMs = periodMinutes * 60_000;
  const at = now.toISOString();
  const sorted = [...intervals].sort((a, b) => (a.startUtc < b.startUtc ? -1 : 1));
  const series = db.prepare('SELECT * FROM lp_series WHERE meter_id = ? AND obis = ?').get(meter.id, obis) as
    | { first_start_utc: string; last_end_utc: string; intervals: number }
    | undefined;
  const insertGap = db.prepare("INSERT INTO lp_gaps (meter_id, obis, from_utc, to_utc, status, found_utc) VALUES (?, ?, ?, ?, 'open', ?)");
  // Gaps found now stay open: the next run asks the meter for them explicitly before anything is concluded.
  const fresh = new Set<number>();
  const addGap = (...a: [number, string, string, string, string]) => fresh.add(Number(insertGap.run(...a).lastInsertRowid));
  if (sorted.length > 0) {
    const first = sorted[0]!.startUtc;
    const last = sorted.at(-1)!.endUtc;
    // Holes inside the new intervals, and between the stored end and the new start.
    let prevEnd = series && series.last_end_utc < first ? series.last_end_utc : null;
    for (const i of sorted) {
      if (prevEnd !== null && i.startUtc > prevEnd) addGap(meter.id, obis, prevEnd, i.startUtc, at);
      if (prevEnd === null || i.endUtc > prevEnd) prevEnd = i.endUtc;
    }
    if (!series) {
      db.prepare('INSERT INTO lp_series (meter_id, obis, period_minutes, first_start_utc, last_end_utc, intervals, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(meter.id, obis, periodMinutes, first, last, sorted.length, at);
    } else {
      db.prepare('UPDATE lp_series SET first_start_utc = min(first_start_utc, ?), last_end_utc = max(last_end_utc, ?), intervals = intervals + ?, updated_utc = ? WHERE meter_id = ? AND obis = ?')
        .run(first, last, sorted.length, at, meter.id, obis);
    }
  }
  // Re-check the open gaps of this channel that the request covered.
  let filled = 0;
  if (askedFromUtc === null) return filled;
  const gaps = db.prepare("SELECT id, from_utc AS f, to_utc AS t FROM lp_gaps WHERE meter_id = ? AND obis = ? AND status = 'open' AND to_utc > ?").all(meter.id, obis, askedFromUtc) as {
    id: number; f: string; t: string;
  }[];
  for (const g of gaps) {
    if (fresh.has(g.id) || g.f < askedFromUtc) continue; // found just now, or only partly asked for: next time
    const fromMs = Date.parse(g.f);
    const toMs = Date.parse(g.t);
    const missing = missingRanges(fromMs, toMs, periodMs, storedStarts(db, meter.serial, obis, g.f, g.t));
    const before = Math.round((toMs - fromMs) / periodMs);
    const still = missing.reduce((n, [a, b]) => n + Math.round((b - a) / periodMs), 0);
    filled += before - still;
    if (missing.length === 0) {
      db.prepare("UPDATE lp_gaps SET status = 'filled', resolved_utc = ?, attempts = attempts + 1 WHERE id = ?").run(at, g.id);
      continue;
    }
    // The meter was asked for the whole gap and answered up to `newest`: what it did not send, it does not hold.
    const answeredPast = answeredToUtc !== null && answeredToUtc >= g.t;
    db.prepare('DELETE FROM lp_gaps WHERE id = ?').run(g.id);
    for (const [a, b] of missing) {
      db.prepare('INSERT INTO lp_gaps (meter_id, obis, from_utc, to_utc, status, found_utc, attempts, resolved_utc) VALUES (?, ?, ?, ?, ?, ?, 1, ?)')
        .run(meter.id, obis, iso(a), iso(b), answeredPast ? 'unavailable' : 'open', at, answeredPast ? at : null);
    }
  }
  return filled;
}

/** The gaps report: gaps of one meter or all, newest first, filtered by status. */
export function listGaps(db: Database, f: { meterId?: number; status?: LpGapView['status'] } = {}): LpGapView[] {
  const rows = db
    .prepare(
      `SELECT g.id, g.meter_id AS meterId, m.serial, g.obis, g.from_utc AS fromUtc, g.to_utc AS toUtc, g.status, g.found_utc AS foundUtc, g.attempts,
              g.resolved_utc AS resolvedUtc, coalesce(s.period_minutes, 15) AS period
       FROM lp_gaps g JOIN fleet_meters m ON m.id = g.meter_id LEFT JOIN lp_series s ON s.meter_id = g.meter_id AND s.obis = g.obis
       WHERE (? IS NULL OR g.meter_id = ?) AND (? IS NULL OR g.status = ?) ORDER BY g.from_utc DESC, m.serial, g.obis LIMIT 5000`,
    )
    .all(f.meterId ?? null, f.meterId ?? null, f.status ?? null, f.status ?? null) as (Omit<LpGapView, 'intervals'> & { period: number })[];
  return rows.map(({ period, ...g }) => ({ ...g, intervals: Math.round((Date.parse(g.toUtc) - Date.parse(g.fromUtc)) / (period * 60_000)) }));
}
