/**
 * The register method of a billing report, from the stored readings (reporting/registers.ts has the rules): the
 * billing snapshots whose reset times match the segment's start and end, energy per rate between them, maximum
 * demand per rate of the closed period — scaled by the same CT/VT multiplier as the load profile.
 */
import type { Database } from 'better-sqlite3';
import { localText } from '../../reporting/periods';
import { registerFigures, snapshotAt, snapshotsOf, type RegisterRate, type RegisterRow, type Snapshot } from '../../reporting/registers';

/** A billing reset this far from a period bound still counts as that bound (meters reset on the minute). */
export const RESET_TOLERANCE_MS = 15 * 60_000;

/** The register method's outcome for one segment. */
export interface RegisterOutcome {
  /** Per rate (0 = total), or empty when the method cannot be used. */
  readonly rates: readonly RegisterRate[];
  /** Which snapshots were used, or why none could be. */
  readonly source: string;
  readonly notes: readonly string[];
}

/** Every billing snapshot stored for reading meters `meterIds` in readings started from `sinceMs` on. */
function snapshots(db: Database, meterIds: readonly number[], sinceMs: number): Snapshot[] {
  const rows = db
    .prepare(
      `SELECT r.id AS readingId, r.time_zone AS zone, g.code, g.billing_period AS billingPeriod, g.value, g.unit, g.timestamp_local AS timestampLocal
         FROM readings r JOIN registers g ON g.reading_id = r.id
        WHERE r.meter_id IN (SELECT value FROM json_each(?)) AND r.started_utc >= ? AND g.billing_period IS NOT NULL
        ORDER BY r.id, g.seq`,
    )
    .all(JSON.stringify(meterIds), new Date(sinceMs - 86_400_000).toISOString()) as (RegisterRow & { readingId: number; zone: string })[];
  const byReading = new Map<number, { zone: string; rows: RegisterRow[] }>();
  for (const r of rows) {
    let e = byReading.get(r.readingId);
    if (!e) byReading.set(r.readingId, (e = { zone: r.zone, rows: [] }));
    e.rows.push(r);
  }
  return [...byReading.entries()].flatMap(([id, e]) => snapshotsOf(id, e.rows, e.zone));
}

const describe = (s: Snapshot, zone: string) => `billing reset ${localText(s.resetMs, zone)} (reading ${s.readingId}, *${String(s.billingPeriod).padStart(2, '0')})`;

/**
 * Energy per rate of quantity `c` (OBIS C) between the billing resets at `fromMs` and `toMs`, × `multiplier`.
 * @param zone the report zone (for the words of the source).
 */
export function registerMethod(db: Database, meterIds: readonly number[], c: string, fromMs: number, toMs: number, multiplier: number, zone: string): RegisterOutcome {
  if (meterIds.length === 0) return { rates: [], source: 'no stored readings', notes: [] };
  const snaps = snapshots(db, meterIds, fromMs);
  if (snaps.length === 0) return { rates: [], source: 'the stored readings hold no billing-period registers (*VZ) for this period', notes: [] };
  const start = snapshotAt(snaps, fromMs, RESET_TOLERANCE_MS);
  const end = snapshotAt(snaps, toMs, RESET_TOLERANCE_MS);
  if (!start || !end) {
    const missing = [!start ? `at the start (${localText(fromMs, zone)})` : null, !end ? `at the end (${localText(toMs, zone)})` : null].filter(Boolean).join(' and ');
    return { rates: [], source: `no billing reset of the meter ${missing} of this period (the meter's resets: ${[...new Set(snaps.map((s) => localText(s.resetMs, zone)))].slice(-4).join(', ')})`, notes: [] };
  }
  const zoneOf = db.prepare('SELECT time_zone FROM readings WHERE id = ?').pluck().get(end.readingId) as string;
  const figs = registerFigures(start, end, c, zoneOf, 'Wh');
  const rates = figs.rates.map((r) => ({
    rate: r.rate,
    energy: r.energy === null ? null : r.energy * multiplier,
    maxDemand: r.maxDemand === null ? null : r.maxDemand * multiplier,
    maxDemandAtMs: r.maxDemandAtMs,
  }));
  return { rates, source: `${describe(end, zone)} − ${describe(start, zone)}`, notes: figs.notes };
}
