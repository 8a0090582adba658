/**
 * Prepared SQL statements of the reading store, compiled once per database handle (better-sqlite3
 * statements are bound to their connection) and cached in a WeakMap so a closed handle is collected.
 */
import type { Database } from 'better-sqlite3';

/** A `meters` row as selected. */
export interface MeterRow {
  id: number;
  manufacturer: string;
  model: string;
  serial: string | null;
  identification: string;
  address: string;
  first_seen_utc: string;
  last_seen_utc: string;
}

/** A `readings` row as selected by `readingById`. */
export interface ReadingRow {
  id: number;
  meter_id: number;
  meter_identification: string;
  meter_manufacturer: string;
  meter_model: string;
  meter_serial: string | null;
  meter_address: string;
  started_utc: string;
  finished_utc: string;
  operator: string;
  port: string;
  mode: string;
  baud: number;
  time_zone: string;
  software: string;
  source: string;
  raw_readout: Buffer;
  raw_load_profile: Buffer | null;
  lp_profile: number | null;
  lp_period_minutes: number | null;
  notes: string;
  res_path: string | null;
}

/**
 * Load-profile value rows written per INSERT by `insertValueBatch` (8 parameters each), and by `insertValueTen` for
 * what remains: one multi-row statement costs far less per row than one statement per row, which matters for big
 * imports (bench/import.ts: 100 rows per statement ≈ 13 % less CPU than 32, about a third less than one by one).
 */
export const VALUE_BATCH = 100;
/** Rows per statement of `insertValueTen`, for the rows after the last whole {@link VALUE_BATCH}. */
export const VALUE_BATCH_SMALL = 10;

const valueRows = (n: number) =>
  `INSERT INTO load_profile_values (channel_id, seq, start_utc, end_utc, start_local, dst, status, value)
   VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;

function prepareAll(db: Database) {
  return {
    readingByHash: db.prepare('SELECT id, meter_id, res_path FROM readings WHERE content_sha256 = ?'),
    meterBySerial: db.prepare('SELECT * FROM meters WHERE serial IS NOT NULL AND manufacturer = ? AND serial = ?'),
    meterByIdent: db.prepare('SELECT * FROM meters WHERE serial IS NULL AND identification = ? AND address = ?'),
    insertMeter: db.prepare(
      `INSERT INTO meters (manufacturer, model, serial, identification, address, first_seen_utc, last_seen_utc)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateMeter: db.prepare(
      `UPDATE meters SET model = ?, identification = ?, address = ?, first_seen_utc = ?, last_seen_utc = ? WHERE id = ?`,
    ),
    insertReading: db.prepare(
      `INSERT INTO readings (meter_id, meter_identification, meter_manufacturer, meter_model, meter_serial,
         meter_address, started_utc, finished_utc, operator, port, mode, baud, time_zone, software, source,
         content_sha256, raw_readout, raw_load_profile, lp_profile, lp_period_minutes, notes, res_path, created_utc)
       VALUES (@meter_id, @meter_identification, @meter_manufacturer, @meter_model, @meter_serial,
         @meter_address, @started_utc, @finished_utc, @operator, @port, @mode, @baud, @time_zone, @software, @source,
         @content_sha256, @raw_readout, @raw_load_profile, @lp_profile, @lp_period_minutes, @notes, @res_path, @created_utc)`,
    ),
    insertRegister: db.prepare(
      `INSERT INTO registers (reading_id, seq, address, obis, code, billing_period, value, text, unit,
         timestamp_local, values_json, interpretation_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertChannel: db.prepare(
      `INSERT INTO load_profile_channels (reading_id, channel_no, profile, period_minutes, obis, unit)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    insertValue: db.prepare(valueRows(1)),
    insertValueTen: db.prepare(valueRows(VALUE_BATCH_SMALL)),
    insertValueBatch: db.prepare(valueRows(VALUE_BATCH)),
    setResPath: db.prepare('UPDATE readings SET res_path = ? WHERE id = ?'),
    readingById: db.prepare('SELECT * FROM readings WHERE id = ?'),
    registersOf: db.prepare('SELECT * FROM registers WHERE reading_id = ? ORDER BY seq'),
    channelsOf: db.prepare('SELECT obis, unit FROM load_profile_channels WHERE reading_id = ? ORDER BY channel_no'),
    valuesOf: db.prepare(
      `SELECT v.seq, v.start_utc, v.end_utc, v.start_local, v.dst, v.status, v.value
       FROM load_profile_channels c JOIN load_profile_values v ON v.channel_id = c.id
       WHERE c.reading_id = ? ORDER BY v.seq, c.channel_no`,
    ),
    lastReadoutSize: db.prepare(
      'SELECT length(raw_readout) AS n FROM readings WHERE port = ? ORDER BY started_utc DESC, id DESC LIMIT 1',
    ),
    listMeters: db.prepare(
      `SELECT m.*, (SELECT count(*) FROM readings r WHERE r.meter_id = m.id) AS reading_count
       FROM meters m ORDER BY m.last_seen_utc DESC, m.id DESC`,
    ),
  };
}

/** The reading store's statements. */
export type Statements = ReturnType<typeof prepareAll>;

const cache = new WeakMap<Database, Statements>();

/** The prepared statements of `db`, compiled on first use. Throws SqliteError when the schema is missing. */
export function statements(db: Database): Statements {
  let s = cache.get(db);
  if (s === undefined) {
    s = prepareAll(db);
    cache.set(db, s);
  }
  return s;
}
