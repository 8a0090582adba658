/**
 * The import log (schema: migration 2 in ./migrations.ts): one row per attempt to import a file — what it
 * was, what became of it, how long it took — and the queries the watcher and the quarantine view need.
 */
import type { Database } from 'better-sqlite3';
import type { ImportKind, ImportResult } from '../../contract/files';
import { toStoreError } from '../core/errors';

/** What an import attempt did with a file (the contract's ImportResult). */
export type ImportLogResult = ImportResult;

/** The content recognised in a file: .RES, raw data readout capture, load-profile CSV, PMU JSON export (the contract's ImportKind). */
export type ImportLogKind = ImportKind;

/** One row to add to the import log. */
export interface ImportLogInput {
  /** Path of the file (absolute), or the name of uploaded bytes. */
  readonly file: string;
  /** Size in bytes, null when the file could not even be looked at. */
  readonly size: number | null;
  /** Modification time, epoch milliseconds as `fs.stat().mtimeMs` gives it; null for uploads. */
  readonly mtimeMs: number | null;
  /** SHA-256 (lower-case hex) of the bytes, null when they could not be read. */
  readonly sha256: string | null;
  readonly kind: ImportLogKind | null;
  readonly mode: 'append' | 'overwrite';
  readonly result: ImportLogResult;
  /** Readings stored, found as duplicates, or stored in place of older ones. */
  readonly readingIds: readonly number[];
  /** Registers (data sets) and load-profile intervals in the file's readings. */
  readonly registers: number;
  readonly intervals: number;
  /** Time the attempt took, milliseconds. */
  readonly durationMs: number;
  /** Plain-language cause of a quarantine (null otherwise) and its 1-based line when known. */
  readonly reason: string | null;
  readonly line: number | null;
  /** The watched folder whose scan made the attempt (null for a one-off import). */
  readonly folderId?: number | null;
  /** Who asked for the import, e.g. `upload`, `command line`, `watched folder C:\RES` (null when not said). */
  readonly origin?: string | null;
  /** When the attempt ended, UTC ISO instant (default: now). */
  readonly atUtc?: string;
}

/** A row of the import log as listed. */
export interface ImportLogEntry extends Required<Omit<ImportLogInput, 'folderId' | 'origin'>> {
  readonly id: number;
  readonly folderId: number | null;
  readonly origin: string | null;
}

interface Row {
  id: number; file: string; size: number | null; mtime_ms: number | null; sha256: string | null; kind: ImportLogKind | null;
  mode: 'append' | 'overwrite'; result: ImportLogResult; reading_ids: string; registers: number; intervals: number;
  duration_ms: number; reason: string | null; line: number | null; folder_id: number | null; origin: string | null; at_utc: string;
}

const toEntry = (r: Row): ImportLogEntry => ({
  id: r.id,
  file: r.file,
  size: r.size,
  mtimeMs: r.mtime_ms,
  sha256: r.sha256,
  kind: r.kind,
  mode: r.mode,
  result: r.result,
  readingIds: JSON.parse(r.reading_ids) as number[],
  registers: r.registers,
  intervals: r.intervals,
  durationMs: r.duration_ms,
  reason: r.reason,
  line: r.line,
  folderId: r.folder_id,
  origin: r.origin,
  atUtc: r.at_utc,
});

const cache = new WeakMap<Database, ReturnType<typeof prepare>>();
function prepare(db: Database) {
  return {
    insert: db.prepare(
      `INSERT INTO import_log (file, size, mtime_ms, sha256, kind, mode, result, reading_ids, registers, intervals,
         duration_ms, reason, line, folder_id, origin, at_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    latest: db.prepare('SELECT * FROM import_log WHERE file = ? ORDER BY id DESC LIMIT 1'),
    list: db.prepare(
      `SELECT * FROM import_log WHERE (@result IS NULL OR result = @result) AND (@file IS NULL OR file = @file)
       ORDER BY id DESC LIMIT @limit`,
    ),
    quarantine: db.prepare(
      `SELECT l.* FROM import_log l
       WHERE l.result = 'quarantined' AND l.id = (SELECT max(id) FROM import_log x WHERE x.file = l.file)
       ORDER BY l.id DESC LIMIT @limit`,
    ),
  };
}
const stmts = (db: Database) => {
  let s = cache.get(db);
  if (s === undefined) cache.set(db, (s = prepare(db)));
  return s;
};

/**
 * Adds one attempt to the log and returns its id. Call it inside the transaction that stored the file's
 * readings, so the log and the store agree. Throws StoreError when the store cannot be written.
 */
export function addImportLog(db: Database, e: ImportLogInput): number {
  try {
    return Number(
      stmts(db).insert.run(
        e.file, e.size, e.mtimeMs, e.sha256, e.kind, e.mode, e.result, JSON.stringify(e.readingIds), e.registers,
        e.intervals, e.durationMs, e.reason, e.line, e.folderId ?? null, e.origin ?? null, e.atUtc ?? new Date().toISOString(),
      ).lastInsertRowid,
    );
  } catch (err) {
    throw toStoreError(err, db.name, 'write the import log');
  }
}

/**
 * The import log, newest first. `result` keeps one outcome (e.g. `'quarantined'`), `file` one path,
 * `limit` caps the rows (default 200; -1 for all).
 */
export function listImportLog(db: Database, filter: { limit?: number; result?: ImportLogResult; file?: string } = {}): ImportLogEntry[] {
  const rows = stmts(db).list.all({ result: filter.result ?? null, file: filter.file ?? null, limit: filter.limit ?? 200 }) as Row[];
  return rows.map(toEntry);
}

/** The newest log row of `file`, or null when it was never tried. */
export function latestImportOf(db: Database, file: string): ImportLogEntry | null {
  const row = stmts(db).latest.get(file) as Row | undefined;
  return row === undefined ? null : toEntry(row);
}

/**
 * The quarantine list: files whose latest attempt was quarantined (a file imported after it was fixed drops
 * out), newest first, at most `limit` (default 200; -1 for all).
 */
export function listQuarantine(db: Database, filter: { limit?: number } = {}): ImportLogEntry[] {
  return (stmts(db).quarantine.all({ limit: filter.limit ?? 200 }) as Row[]).map(toEntry);
}
