/**
 * The report interval index (tables report_series / report_lp_days, layout and reasons in migration-reports.ts):
 * one float64 per meter, channel and interval, one row per series and UTC day. Filled from the stored readings by
 * {@link syncReportIndex}; read by main/reports/ with {@link seriesOfMeters} and {@link readDays}.
 */
import type { Database } from 'better-sqlite3';
import { toStoreError } from '../core/errors';
import { prepared } from '../core/prepared';

/** `db.prepare(sql)`, prepared once per handle (reports prepare the same few statements for every meter). */
export const cached = prepared;

const DAY_MS = 86_400_000;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A series of the index. */
export interface IndexSeries {
  readonly id: number;
  /** `meters.id` (the reading identity). */
  readonly meterId: number;
  /** Short OBIS `C.D.E`. */
  readonly code: string;
  readonly unit: string;
  readonly periodMinutes: number;
  readonly phaseMinutes: number;
}

/** Float64 values → the stored little-endian bytes. */
export function encodeDay(values: Float64Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const out = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => out.writeDoubleLE(v, i * 8));
  return out;
}

/** Stored bytes → float64 values (a fresh, aligned array; `into` reused when given and long enough). */
export function decodeDay(bytes: Uint8Array, into?: Float64Array): Float64Array {
  const n = bytes.length >> 3;
  const out = into && into.length >= n ? into.subarray(0, n) : new Float64Array(n);
  if (LITTLE_ENDIAN) new Uint8Array(out.buffer, out.byteOffset, n * 8).set(bytes.subarray(0, n * 8));
  else {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < n; i++) out[i] = dv.getFloat64(i * 8, true);
  }
  return out;
}

/** The short OBIS code `C.D.E` of a channel as stored (`1-0:1.29.0*255` → `1.29.0`). */
function channelCode(obis: string): string {
  const m = /^(?:\d{1,3}-\d{1,3}:)?([0-9A-Za-z]{1,3}\.[0-9A-Za-z]{1,3}\.[0-9A-Za-z]{1,3})(?:\*\d{1,3})?$/.exec(obis.trim());
  return m ? m[1]! : obis.trim();
}

/** What one sync did. */
export interface IndexSyncResult {
  readonly readings: number;
  readonly values: number;
  /** Meters whose series were rebuilt because one of their readings was deleted or replaced. */
  readonly rebuiltMeters: number;
  /** Values that could not be placed on their channel's grid (an interval not of the channel's period). */
  readonly irregular: number;
}

/** Readings copied per transaction (so a first sync over a large store does not hold the write lock for long). */
const CHUNK = 200;

/**
 * Bring the index up to date with the stored readings: rebuild the series of meters marked stale (a reading was
 * deleted or replaced), then copy every reading newer than the last one copied. Idempotent; safe to run from two
 * processes (each chunk is a BEGIN IMMEDIATE transaction that re-reads the watermark).
 * @throws StoreError (DISK_FULL, READ_ONLY, BUSY …).
 */
export function syncReportIndex(db: Database): IndexSyncResult {
  let readings = 0;
  let values = 0;
  let rebuilt = 0;
  let irregular = 0;
  try {
    const stale = db.prepare('SELECT meter_id AS m FROM report_index_stale').all() as { m: number }[];
    for (const { m } of stale) {
      db.transaction(() => {
        db.prepare('DELETE FROM report_series WHERE meter_id = ?').run(m);
        const last = (db.prepare('SELECT last_reading_id AS l FROM report_index_state').get() as { l: number }).l;
        const ids = db.prepare('SELECT id FROM readings WHERE meter_id = ? AND id <= ? ORDER BY id').all(m, last) as { id: number }[];
        for (const { id } of ids) {
          const r = copyReading(db, id, m);
          values += r.values;
          irregular += r.irregular;
        }
        db.prepare('DELETE FROM report_index_stale WHERE meter_id = ?').run(m);
      }).immediate();
      rebuilt++;
    }
    for (;;) {
      const done = db.transaction(() => {
        const last = (db.prepare('SELECT last_reading_id AS l FROM report_index_state').get() as { l: number }).l;
        const next = db.prepare('SELECT id, meter_id AS m FROM readings WHERE id > ? ORDER BY id LIMIT ?').all(last, CHUNK) as { id: number; m: number }[];
        for (const r of next) {
          const c = copyReading(db, r.id, r.m);
          values += c.values;
          irregular += c.irregular;
        }
        if (next.length > 0) db.prepare('UPDATE report_index_state SET last_reading_id = ?').run(next.at(-1)!.id);
        readings += next.length;
        return next.length < CHUNK;
      }).immediate();
      if (done) break;
    }
  } catch (err) {
    throw toStoreError(err, db.name, 'update the report index');
  }
  return { readings, values, rebuiltMeters: rebuilt, irregular };
}

/** Copy the load profile of reading `readingId` (meter `meterId`) into the index. Inside a transaction. */
function copyReading(db: Database, readingId: number, meterId: number): { values: number; irregular: number } {
  const channels = db.prepare('SELECT id, obis, unit, period_minutes AS p FROM load_profile_channels WHERE reading_id = ? ORDER BY channel_no').all(readingId) as {
    id: number; obis: string; unit: string; p: number;
  }[];
  const valuesOf = db.prepare('SELECT start_utc AS s, end_utc AS e, value AS v FROM load_profile_values WHERE channel_id = ? AND value IS NOT NULL ORDER BY seq');
  let count = 0;
  let irregular = 0;
  for (const ch of channels) {
    // Each value lands on the grid of its own interval length (the channel's period, or another one after a
    // clock set or a reprogramming): key = period and phase.
    const days = new Map<string, Map<number, [number, number][]>>();
    for (const row of valuesOf.iterate(ch.id) as Iterable<{ s: string; e: string; v: number }>) {
      const start = Date.parse(row.s);
      const minutes = (Date.parse(row.e) - start) / 60_000;
      if (!Number.isInteger(minutes) || minutes < 1 || 1440 % minutes !== 0 || start % 60_000 !== 0) {
        irregular++;
        continue;
      }
      const periodMs = minutes * 60_000;
      const phase = (((start % periodMs) + periodMs) % periodMs) / 60_000;
      const key = `${minutes}:${phase}`;
      let byDay = days.get(key);
      if (!byDay) days.set(key, (byDay = new Map()));
      const day = Math.floor((start - phase * 60_000) / DAY_MS);
      const slot = Math.round((start - day * DAY_MS - phase * 60_000) / periodMs);
      let list = byDay.get(day);
      if (!list) byDay.set(day, (list = []));
      list.push([slot, row.v]);
      count++;
    }
    for (const [key, byDay] of days) {
      const [minutes, phase] = key.split(':').map(Number) as [number, number];
      const seriesId = ensureSeries(db, meterId, channelCode(ch.obis), ch.unit, minutes, phase);
      for (const [day, list] of byDay) mergeDay(db, seriesId, day, 1440 / minutes, list);
    }
  }
  return { values: count, irregular };
}

function ensureSeries(db: Database, meterId: number, code: string, unit: string, period: number, phase: number): number {
  db.prepare('INSERT OR IGNORE INTO report_series (meter_id, code, unit, period_minutes, phase_minutes) VALUES (?, ?, ?, ?, ?)').run(meterId, code, unit, period, phase);
  return (db.prepare('SELECT id FROM report_series WHERE meter_id = ? AND code = ? AND unit = ? AND period_minutes = ? AND phase_minutes = ?').get(meterId, code, unit, period, phase) as { id: number }).id;
}

/** Overlay `list` ([slot, value]) on the stored day (a later reading's value wins) and store it. */
function mergeDay(db: Database, seriesId: number, day: number, slots: number, list: readonly [number, number][]): void {
  const row = db.prepare('SELECT vals FROM report_lp_days WHERE series_id = ? AND day = ?').get(seriesId, day) as { vals: Buffer } | undefined;
  const vals = row ? decodeDay(row.vals) : new Float64Array(slots).fill(NaN);
  for (const [slot, v] of list) if (slot >= 0 && slot < slots) vals[slot] = v;
  let present = 0;
  for (let i = 0; i < vals.length; i++) if (!Number.isNaN(vals[i]!)) present++;
  db.prepare('INSERT OR REPLACE INTO report_lp_days (series_id, day, present, vals) VALUES (?, ?, ?, ?)').run(seriesId, day, present, encodeDay(vals));
}

/** The index series of reading-meter ids `meterIds`, by code then period. */
export function seriesOfMeters(db: Database, meterIds: readonly number[]): IndexSeries[] {
  if (meterIds.length === 0) return [];
  return cached(
    db,
    `SELECT id, meter_id AS meterId, code, unit, period_minutes AS periodMinutes, phase_minutes AS phaseMinutes
     FROM report_series WHERE meter_id IN (SELECT value FROM json_each(?)) ORDER BY code, period_minutes, id`,
  ).all(JSON.stringify(meterIds)) as IndexSeries[];
}

/** The stored days [fromDay, toDay] of series `seriesId`, in day order, as [day, bytes] (decode with {@link decodeDay}). */
export function readDays(db: Database, seriesId: number, fromDay: number, toDay: number): [number, Buffer][] {
  return cached(db, 'SELECT day, vals FROM report_lp_days WHERE series_id = ? AND day BETWEEN ? AND ? ORDER BY day').raw().all(seriesId, fromDay, toDay) as [number, Buffer][];
}

/** `meters` ids (reading identities) of a serial number, any manufacturer (serials compared without regard to case). */
export function readingMeterIds(db: Database, serial: string): number[] {
  return cached(db, 'SELECT id FROM meters WHERE upper(serial) = upper(?) ORDER BY id').pluck().all(serial.trim()) as number[];
}

/** The newest reading id in the store (0 when none): what a report's data could include. */
export function newestReadingId(db: Database): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS n FROM readings').get() as { n: number }).n;
}
