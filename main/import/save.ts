/**
 * Storing the readings of one file: all of them or none (one transaction, together with the file's import
 * log row), in append or overwrite mode (shared design of issue 5).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ReadingResult } from '../../protocol/reading';
import { addImportLog, type ImportLogInput } from '../store/import-log';
import type { ReadingSource } from '../store/queries';
import { saveReading } from '../store/readings';
import type { ImportMode } from './types';

/** What storing a file's readings did. */
export interface StoredReadings {
  /** `replaced` when any reading replaced an older one, else `imported` when any was new, else `duplicate`. */
  readonly result: 'imported' | 'duplicate' | 'replaced';
  readonly readingIds: number[];
  /** Registers and intervals of all the file's readings. */
  readonly registers: number;
  readonly intervals: number;
}

const deletes = new WeakMap<Database, Statement<[number, string, number]>>();

/** Deletes the readings of meter `meterId` started at `startedUtc` other than `keepId` (cascading); returns how many. */
function deleteSameStart(db: Database, meterId: number, startedUtc: string, keepId: number): number {
  let stmt = deletes.get(db);
  if (stmt === undefined) {
    stmt = db.prepare<[number, string, number]>('DELETE FROM readings WHERE meter_id = ? AND started_utc = ? AND id <> ?');
    deletes.set(db, stmt);
  }
  return stmt.run(meterId, startedUtc, keepId).changes;
}

/**
 * Saves `readings` in ONE transaction with the log row `log(stored)` (so the log never claims a reading that
 * is not there); called inside a transaction of the caller it becomes part of it, and an error must then roll the
 * caller's transaction back. Per reading: a stored reading with the same content hash → duplicate (nothing written);
 * otherwise it is saved, and in `overwrite` mode every other reading of the same meter (manufacturer +
 * serial, as the store identifies meters) with the same `session.startedUtc` is deleted with its registers
 * and load profile → replaced. `resPath` is recorded on readings from a .RES file.
 * Throws StoreError (INVALID_DATA for data the store refuses; DISK_FULL, BUSY, READ_ONLY…); then nothing of
 * the file is stored.
 */
export function storeReadings(
  db: Database,
  readings: readonly ReadingResult[],
  opts: { source: ReadingSource; mode: ImportMode; resPath: string | null; log: (s: StoredReadings) => ImportLogInput },
): StoredReadings {
  const store = (): StoredReadings => {
    const readingIds: number[] = [];
    let fresh = 0;
    let replaced = 0;
    let registers = 0;
    let intervals = 0;
    for (const r of readings) {
      const saved = saveReading(db, r, { source: opts.source, ...(opts.resPath === null ? {} : { resPath: opts.resPath }) });
      readingIds.push(saved.readingId);
      registers += r.registers.length;
      intervals += r.loadProfile?.intervals.length ?? 0;
      if (saved.duplicate) continue;
      if (opts.mode === 'overwrite' && deleteSameStart(db, saved.meterId, r.session.startedUtc, saved.readingId) > 0) replaced++;
      else fresh++;
    }
    const stored: StoredReadings = {
      result: replaced > 0 ? 'replaced' : fresh > 0 ? 'imported' : 'duplicate',
      readingIds,
      registers,
      intervals,
    };
    addImportLog(db, opts.log(stored));
    return stored;
  };
  // Inside the caller's transaction (importBytes: the file's readings with their audit record) join it instead of
  // opening a SAVEPOINT, whose sub-journal copies every page the load profile changes (as saveReading does).
  return db.inTransaction ? store() : db.transaction(store)();
}
