/**
 * Read-only queries of the reading store for lists and progress estimates (schema: ./migrations.ts).
 * Re-exported by ./readings.ts, which most callers import.
 */
import type { Database } from 'better-sqlite3';
import { statements, type MeterRow } from './statements';
import type { MeterSummaryView, ReadingSummaryView } from '../../contract';

/** Where a reading came from: read over the probe, or imported from a .RES file, a raw readout capture, a load-profile CSV or a JSON export. */
export type ReadingSource = 'probe' | 'push' | 'res-import' | 'readout-import' | 'csv-import' | 'json-import';

/** One line of the reading list (newest first). Times are UTC ISO instants. */
export type ReadingSummary = ReadingSummaryView;

/** A stored meter (one row per physical meter). */
export type MeterSummary = MeterSummaryView;

/** All stored meters, most recently seen first, with their reading counts. */
export function listMeters(db: Database): MeterSummary[] {
  return (statements(db).listMeters.all() as (MeterRow & { reading_count: number })[]).map((m) => ({
    id: m.id,
    manufacturer: m.manufacturer,
    model: m.model,
    serial: m.serial,
    identification: m.identification,
    address: m.address,
    firstSeenUtc: m.first_seen_utc,
    lastSeenUtc: m.last_seen_utc,
    readingCount: m.reading_count,
  }));
}

/** Row counts of every store table (for tests and diagnostics). */
export function countRows(db: Database): Record<'meters' | 'readings' | 'registers' | 'load_profile_channels' | 'load_profile_values', number> {
  const n = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  return {
    meters: n('meters'),
    readings: n('readings'),
    registers: n('registers'),
    load_profile_channels: n('load_profile_channels'),
    load_profile_values: n('load_profile_values'),
  };
}

/**
 * Size in bytes of the data readout (STX … ETX BCC) of the most recent stored reading made on `port`, or null
 * when none was made there: lets the read progress show a percentage before the meter has finished sending.
 */
export function lastReadoutSize(db: Database, port: string): number | null {
  const row = statements(db).lastReadoutSize.get(port) as { n: number } | undefined;
  return row === undefined ? null : row.n;
}
