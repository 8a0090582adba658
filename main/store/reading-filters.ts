/**
 * The readings browser's query: stored readings filtered by meter, by when the session started (UTC range) and
 * by source (read over the probe or imported), newest first. A read-only function of a better-sqlite3 handle;
 * the schema is ./migrations.ts (version 1 tables `readings`, `registers`, `load_profile_*`).
 * ./queries.ts listReadings is this query without filters.
 */
import type { Database } from 'better-sqlite3';
import type { ReadingSource, ReadingSummary } from './queries';
import { toStoreError } from '../core/errors';

/** Filter of {@link browseReadings}; every field is optional and fields combine with AND. */
export interface ReadingFilter {
  /** Store id of the meter (`MeterSummary.id`). */
  readonly meterId?: number;
  /** Only readings whose session started at or after this UTC instant (ISO 8601, e.g. `2026-03-01T00:00:00Z`). */
  readonly fromUtc?: string;
  /** Only readings whose session started strictly before this UTC instant (ISO 8601). */
  readonly toUtc?: string;
  /** Only readings of this source. */
  readonly source?: ReadingSource;
  /** Most readings returned (default: all). */
  readonly limit?: number;
}

/**
 * A UTC ISO 8601 instant in the store's form `YYYY-MM-DDTHH:MM:SS.sssZ` (so text comparison in SQL orders it
 * like time). Accepts any string `Date.parse` reads with an explicit `Z` or offset.
 * @throws RangeError when `iso` is not a valid instant.
 */
export function normaliseUtc(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(iso.trim())) {
    throw new RangeError(`"${iso}" is not a UTC time stamp such as 2026-03-01T00:00:00Z.`);
  }
  return new Date(ms).toISOString();
}

const SQL = `
SELECT r.id, r.meter_id, r.meter_serial, r.meter_manufacturer, r.meter_model, r.started_utc, r.port, r.operator,
  r.source, r.res_path,
  (SELECT count(*) FROM registers g WHERE g.reading_id = r.id) AS register_count,
  coalesce((SELECT count(*) FROM load_profile_channels c JOIN load_profile_values v ON v.channel_id = c.id
            WHERE c.reading_id = r.id AND c.channel_no = 1), 0) AS interval_count
FROM readings r
WHERE (@meter_id IS NULL OR r.meter_id = @meter_id)
  AND (@from_utc IS NULL OR r.started_utc >= @from_utc)
  AND (@to_utc IS NULL OR r.started_utc < @to_utc)
  AND (@source IS NULL OR r.source = @source)
ORDER BY r.started_utc DESC, r.id DESC
LIMIT @limit`;

interface Row {
  id: number;
  meter_id: number;
  meter_serial: string | null;
  meter_manufacturer: string;
  meter_model: string;
  started_utc: string;
  port: string;
  operator: string;
  register_count: number;
  interval_count: number;
  source: ReadingSource;
  res_path: string | null;
}

const cache = new WeakMap<Database, ReturnType<Database['prepare']>>();

/**
 * Stored readings matching `filter`, newest first (by session start, then id). Same row shape as
 * `listReadings` of ./queries.ts. An empty range (from ≥ to) gives an empty list.
 * @throws RangeError when `fromUtc`/`toUtc` is not a valid instant; StoreError when the store cannot be read.
 */
export function browseReadings(db: Database, filter: ReadingFilter = {}): ReadingSummary[] {
  const params = {
    meter_id: filter.meterId ?? null,
    from_utc: filter.fromUtc === undefined ? null : normaliseUtc(filter.fromUtc),
    to_utc: filter.toUtc === undefined ? null : normaliseUtc(filter.toUtc),
    source: filter.source ?? null,
    limit: filter.limit ?? -1,
  };
  let rows: Row[];
  try {
    let stmt = cache.get(db);
    if (stmt === undefined) {
      stmt = db.prepare(SQL);
      cache.set(db, stmt);
    }
    rows = stmt.all(params) as Row[];
  } catch (err) {
    throw toStoreError(err, db.name, 'list the readings');
  }
  return rows.map((x) => ({
    id: x.id,
    meterId: x.meter_id,
    meterSerial: x.meter_serial,
    meterManufacturer: x.meter_manufacturer,
    meterModel: x.meter_model,
    startedUtc: x.started_utc,
    port: x.port,
    operator: x.operator,
    registerCount: x.register_count,
    intervalCount: x.interval_count,
    source: x.source,
    resPath: x.res_path,
  }));
}

/**
 * Stored readings, newest first (by start time, then id); `meterId` restricts to one meter, `limit` caps the count.
 * The unfiltered case of the readings browser's query {@link browseReadings}.
 */
export function listReadings(db: Database, filter: { meterId?: number; limit?: number } = {}): ReadingSummary[] {
  return browseReadings(db, filter);
}
