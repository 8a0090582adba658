/**
 * Saving, loading and listing meter readings in the local store (schema: ./migrations.ts). Functions of a
 * better-sqlite3 `db` handle from `openDatabase`; prepared statements are cached per handle.
 */
import type { Database } from 'better-sqlite3';
import { interpretRegister } from '../../protocol/iec62056-21/interpret';
import { interpretationFromJson, interpretationToJson } from '../../protocol/interpretation-schema';
import type { LoadProfileInterval, ReadingResult, Register } from '../../protocol/reading';
import { checkStorable, readingContentHash } from './canonical';
import { toStoreError } from '../core/errors';
import type { ReadingSource } from './queries';
import { statements, VALUE_BATCH, VALUE_BATCH_SMALL, type MeterRow, type ReadingRow, type Statements } from './statements';

export { countRows, lastReadoutSize, listMeters } from './queries';
export { listReadings } from './reading-filters';
export type { MeterSummary, ReadingSource, ReadingSummary } from './queries';

/** Result of {@link saveReading}. */
export interface SaveResult {
  readonly readingId: number;
  readonly meterId: number;
  /** True when the same reading (same content hash) was already stored; nothing new was written. */
  readonly duplicate: boolean;
}

const bytes = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/**
 * Stores `r` in one transaction: its meter (found by manufacturer + serial number, or by identification +
 * address when the meter sent no serial; created or updated with first/last seen), the reading with its raw
 * bytes and notes, its registers and its load profile. Idempotent: a reading whose content hash
 * (`readingContentHash`) is already stored is not stored again (`duplicate: true`); if that row has no
 * .RES path yet and `opts.resPath` is given, the path is recorded.
 * `opts.source` defaults to `'probe'`. Throws `StoreError` (INVALID_DATA, DISK_FULL, READ_ONLY, BUSY…);
 * on any error nothing is written. Called inside a transaction of the caller, it becomes part of that
 * transaction (no savepoint of its own): the caller must then let the error roll its transaction back.
 */
export function saveReading(
  db: Database,
  r: ReadingResult,
  opts: { source?: ReadingSource; resPath?: string } = {},
): SaveResult {
  checkStorable(r);
  const sha = readingContentHash(r);
  const s = statements(db);
  const save = (): SaveResult => {
    const existing = s.readingByHash.get(sha) as { id: number; meter_id: number; res_path: string | null } | undefined;
    if (existing) {
      if (existing.res_path === null && opts.resPath !== undefined) s.setResPath.run(opts.resPath, existing.id);
      return { readingId: existing.id, meterId: existing.meter_id, duplicate: true };
    }
    const meterId = upsertMeter(db, r);
    const m = r.meter;
    const ss = r.session;
    const readingId = Number(
      s.insertReading.run({
        meter_id: meterId,
        meter_identification: m.identification,
        meter_manufacturer: m.manufacturer,
        meter_model: m.model,
        meter_serial: m.serial,
        meter_address: m.address,
        started_utc: ss.startedUtc,
        finished_utc: ss.finishedUtc,
        operator: ss.operator,
        port: ss.port,
        mode: ss.mode,
        baud: ss.baud,
        time_zone: ss.timeZone,
        software: ss.software,
        source: opts.source ?? 'probe',
        content_sha256: sha,
        raw_readout: bytes(r.raw.readout),
        raw_load_profile: r.raw.loadProfile === null ? null : bytes(r.raw.loadProfile),
        lp_profile: r.loadProfile?.profile ?? null,
        lp_period_minutes: r.loadProfile?.periodMinutes ?? null,
        notes: JSON.stringify(r.notes),
        res_path: opts.resPath ?? null,
        created_utc: new Date().toISOString(),
      }).lastInsertRowid,
    );
    r.registers.forEach((g, seq) =>
      s.insertRegister.run(
        readingId, seq, g.address, g.obis, g.code, g.billingPeriod, g.value, g.text, g.unit, g.timestampLocal,
        JSON.stringify(g.values.map((v) => v.raw)), interpretationToJson(g.interpretation),
      ),
    );
    const lp = r.loadProfile;
    if (lp !== null) {
      lp.channels.forEach((c, ci) => {
        const channelId = Number(
          s.insertChannel.run(readingId, ci + 1, lp.profile, lp.periodMinutes, c.obis, c.unit).lastInsertRowid,
        );
        insertValues(s, channelId, lp.intervals, ci);
      });
    }
    return { readingId, meterId, duplicate: false };
  };
  try {
    // Inside a caller's transaction (e.g. an import storing a whole file), join it rather than open a nested
    // SAVEPOINT: a savepoint makes SQLite copy every page it changes into a sub-journal, which costs about a
    // third more on big load profiles (bench/import.ts). An error then rolls back the caller's transaction.
    return db.inTransaction ? save() : db.transaction(save)();
  } catch (err) {
    throw toStoreError(err, db.name, 'save the reading');
  }
}

/**
 * Writes channel `ci` of `intervals` as rows (channel_id, seq, …) of load_profile_values: {@link VALUE_BATCH} rows
 * per statement, then {@link VALUE_BATCH_SMALL}, the remainder one by one. Same rows, same bound values as one
 * INSERT per interval.
 */
function insertValues(s: Statements, channelId: number, intervals: readonly LoadProfileInterval[], ci: number): void {
  let seq = 0;
  for (const [size, stmt, params] of [
    [VALUE_BATCH, s.insertValueBatch, batchParams],
    [VALUE_BATCH_SMALL, s.insertValueTen, smallParams],
  ] as const) {
    for (; seq + size <= intervals.length; seq += size) {
      for (let j = 0, p = 0; j < size; j++) {
        const iv = intervals[seq + j]!;
        params[p++] = channelId;
        params[p++] = seq + j;
        params[p++] = iv.startUtc;
        params[p++] = iv.endUtc;
        params[p++] = iv.startLocal;
        params[p++] = iv.dst ? 1 : 0;
        params[p++] = iv.status;
        params[p++] = iv.values[ci];
      }
      stmt.run(params);
    }
  }
  for (; seq < intervals.length; seq++) {
    const iv = intervals[seq]!;
    s.insertValue.run(channelId, seq, iv.startUtc, iv.endUtc, iv.startLocal, iv.dst ? 1 : 0, iv.status, iv.values[ci]);
  }
}

/** Parameter arrays of the batch statements, reused (filled completely before each run; never kept by SQLite). */
const batchParams: unknown[] = new Array(VALUE_BATCH * 8);
const smallParams: unknown[] = new Array(VALUE_BATCH_SMALL * 8);

/** Finds or creates the reading's meter and widens its first/last seen; the latest reading sets its details. */
function upsertMeter(db: Database, r: ReadingResult): number {
  const s = statements(db);
  const m = r.meter;
  const at = r.session.startedUtc;
  const found = (
    m.serial !== null ? s.meterBySerial.get(m.manufacturer, m.serial) : s.meterByIdent.get(m.identification, m.address)
  ) as MeterRow | undefined;
  if (found === undefined) {
    return Number(s.insertMeter.run(m.manufacturer, m.model, m.serial, m.identification, m.address, at, at).lastInsertRowid);
  }
  const newest = at >= found.last_seen_utc;
  // A newer reading updates what it knows; an import that does not carry a field (a load-profile CSV has no
  // identification or model) never blanks what an earlier probe reading recorded.
  const pick = (mine: string, theirs: string) => (newest && mine !== '' ? mine : theirs);
  s.updateMeter.run(
    pick(m.model, found.model),
    pick(m.identification, found.identification),
    pick(m.address, found.address),
    at < found.first_seen_utc ? at : found.first_seen_utc,
    newest ? at : found.last_seen_utc,
    found.id,
  );
  return found.id;
}

/** Records the path of the .RES file of reading `readingId` (e.g. after `writeResFile`). False when no such reading. */
export function setResPath(db: Database, readingId: number, path: string): boolean {
  try {
    return statements(db).setResPath.run(path, readingId).changes > 0;
  } catch (err) {
    throw toStoreError(err, db.name, 'record the .RES file path');
  }
}

/**
 * The stored reading `id` as a ReadingResult deep-equal to the one saved (raw bytes as plain Uint8Array,
 * nulls and notes kept), or null when there is no such reading.
 */
export function getReading(db: Database, id: number): ReadingResult | null {
  const s = statements(db);
  const row = s.readingById.get(id) as ReadingRow | undefined;
  if (row === undefined) return null;
  const registers = (s.registersOf.all(id) as RegisterRow[]).map(toRegister);
  let loadProfile: ReadingResult['loadProfile'] = null;
  if (row.lp_profile !== null && row.lp_period_minutes !== null) {
    const channels = s.channelsOf.all(id) as { obis: string; unit: string }[];
    const intervals: LoadProfileInterval[] = [];
    let current: { seq: number; iv: LoadProfileInterval & { values: (number | null)[] } } | null = null;
    for (const v of s.valuesOf.iterate(id) as Iterable<ValueRow>) {
      if (current === null || current.seq !== v.seq) {
        const iv = { startUtc: v.start_utc, endUtc: v.end_utc, startLocal: v.start_local, dst: v.dst === 1, status: v.status, values: [] as (number | null)[] };
        intervals.push(iv);
        current = { seq: v.seq, iv };
      }
      current.iv.values.push(v.value);
    }
    loadProfile = { profile: row.lp_profile, periodMinutes: row.lp_period_minutes, channels: channels.map((c) => ({ obis: c.obis, unit: c.unit })), intervals };
  }
  return {
    version: 1,
    meter: {
      identification: row.meter_identification,
      manufacturer: row.meter_manufacturer,
      model: row.meter_model,
      serial: row.meter_serial,
      address: row.meter_address,
    },
    session: {
      port: row.port,
      operator: row.operator,
      startedUtc: row.started_utc,
      finishedUtc: row.finished_utc,
      mode: row.mode,
      baud: row.baud,
      timeZone: row.time_zone,
      software: row.software,
    },
    registers,
    loadProfile,
    notes: JSON.parse(row.notes) as ReadingResult['notes'],
    raw: {
      readout: new Uint8Array(row.raw_readout),
      loadProfile: row.raw_load_profile === null ? null : new Uint8Array(row.raw_load_profile),
    },
  };
}

interface RegisterRow {
  address: string; obis: string; code: string; billing_period: number | null; value: number | null;
  text: string; unit: string | null; timestamp_local: string | null; values_json: string; interpretation_json: string | null;
}
interface ValueRow {
  seq: number; start_utc: string; end_utc: string; start_local: string; dst: number; status: string; value: number | null;
}

function toRegister(g: RegisterRow): Register {
  return {
    address: g.address,
    obis: g.obis,
    code: g.code,
    billingPeriod: g.billing_period,
    value: g.value,
    text: g.text,
    unit: g.unit,
    timestampLocal: g.timestamp_local,
    values: (JSON.parse(g.values_json) as string[]).map((raw) => ({ raw })),
    // Rows stored before the interpretations migration carry no interpretation: derive it as a reading of today would.
    interpretation: g.interpretation_json === null ? interpretRegister(g.code, g.text) : interpretationFromJson(g.interpretation_json),
  };
}
