/**
 * Choosing stored readings for an export: by meter serial number and by a UTC time range, telling for each
 * reading whether its load profile has intervals in the range and whether it was started in the range.
 * Read-only queries over the schema of ./migrations.ts (times compared as ISO 8601 UTC text, which the store
 * keeps in the one form `YYYY-MM-DDThh:mm:ss.sssZ`).
 */
import type { Database } from 'better-sqlite3';
import { toStoreError } from '../core/errors';

/** Which readings to look at. Bounds are ISO 8601 UTC instants; the range is half-open [fromUtc, toUtc). */
export interface ReadingSelection {
  /** Only readings of meters with this serial number (exact). */
  readonly meterSerial?: string;
  readonly fromUtc?: string;
  readonly toUtc?: string;
}

/** A stored reading matched by {@link selectReadings}. */
export interface SelectedReading {
  readonly id: number;
  readonly meterId: number;
  readonly meterManufacturer: string;
  readonly meterSerial: string | null;
  readonly startedUtc: string;
  /** The reading's `session.startedUtc` lies in the range (its registers are a snapshot of that time). */
  readonly startedInRange: boolean;
  /** At least one load-profile interval overlaps the range (start < toUtc and end > fromUtc). */
  readonly profileInRange: boolean;
}

const statements = new WeakMap<Database, ReturnType<Database['prepare']>>();

function selectStatement(db: Database) {
  let s = statements.get(db);
  if (s === undefined) {
    s = db.prepare(
      `SELECT r.id, r.meter_id, r.meter_manufacturer, r.meter_serial, r.started_utc,
         (r.started_utc >= @from AND r.started_utc < @to) AS started_in,
         EXISTS (SELECT 1 FROM load_profile_channels c JOIN load_profile_values v ON v.channel_id = c.id
                 WHERE c.reading_id = r.id AND c.channel_no = 1 AND v.start_utc < @to AND v.end_utc > @from) AS profile_in
       FROM readings r
       WHERE @serial IS NULL OR r.meter_serial = @serial
       ORDER BY r.meter_manufacturer, coalesce(r.meter_serial, ''), r.meter_id, r.started_utc, r.id`,
    );
    statements.set(db, s);
  }
  return s;
}

/** An ISO bound in the store's form; RangeError when it is not an instant. */
function storeForm(iso: string | undefined, open: string): string {
  if (iso === undefined) return open;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`"${iso}" is not an ISO 8601 time`);
  return new Date(ms).toISOString();
}

/**
 * Every stored reading of the selected meter (all meters when no serial) with its range flags, ordered by
 * meter (manufacturer, serial, id) then start time and id — so each meter's readings come together.
 * Readings matching neither flag are included too (callers keep what their content needs).
 * @throws RangeError for a bound that is not an ISO time; StoreError for database failures.
 */
export function selectReadings(db: Database, sel: ReadingSelection = {}): SelectedReading[] {
  const from = storeForm(sel.fromUtc, '');
  const to = storeForm(sel.toUtc, '\uffff');
  try {
    const rows = selectStatement(db).all({ serial: sel.meterSerial ?? null, from, to }) as {
      id: number; meter_id: number; meter_manufacturer: string; meter_serial: string | null; started_utc: string;
      started_in: number; profile_in: number;
    }[];
    return rows.map((x) => ({
      id: x.id,
      meterId: x.meter_id,
      meterManufacturer: x.meter_manufacturer,
      meterSerial: x.meter_serial,
      startedUtc: x.started_utc,
      startedInRange: x.started_in === 1,
      profileInRange: x.profile_in === 1,
    }));
  } catch (err) {
    throw toStoreError(err, db.name, 'select the readings to export');
  }
}

const channelStatements = new WeakMap<Database, ReturnType<Database['prepare']>>();

/** The load-profile channels (OBIS code, unit) of the given readings, each distinct pair once, unsorted. */
export function channelsOfReadings(db: Database, readingIds: readonly number[]): { obis: string; unit: string }[] {
  let s = channelStatements.get(db);
  if (s === undefined) {
    s = db.prepare('SELECT obis, unit FROM load_profile_channels WHERE reading_id = ? ORDER BY channel_no');
    channelStatements.set(db, s);
  }
  const seen = new Map<string, { obis: string; unit: string }>();
  try {
    for (const id of readingIds) {
      for (const c of s.all(id) as { obis: string; unit: string }[]) seen.set(`${c.obis}\u0000${c.unit}`, c);
    }
  } catch (err) {
    throw toStoreError(err, db.name, 'read the load-profile channels');
  }
  return [...seen.values()];
}
