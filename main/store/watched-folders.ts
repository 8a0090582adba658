/**
 * Watched folders (schema: migration 2 in ./migrations.ts): the folders the app scans for new reading files,
 * with their settings and the outcome of their latest scan. The scanning itself is main/import/watcher.ts.
 */
import type { Database } from 'better-sqlite3';
import { StoreError, toStoreError } from '../core/errors';

/** The shortest scan interval allowed, seconds (issue 5: "as often as every 10 s"; also a CHECK in the table). */
export const MIN_SCAN_INTERVAL_SECONDS = 10;

/** Settings of a watched folder. */
export interface WatchedFolderSettings {
  /** Folder path (absolute; a Windows network share path like `\\server\share\RES` works too). */
  readonly path: string;
  /** Seconds between scans, a whole number ≥ {@link MIN_SCAN_INTERVAL_SECONDS}. */
  readonly intervalSeconds: number;
  /** `append`: keep every distinct reading; `overwrite`: a reading of the same meter and start replaces the stored one. */
  readonly mode: 'append' | 'overwrite';
  /** Scan subfolders too (never the `imported/` folder). */
  readonly recursive: boolean;
  /** After a file is imported: leave it, or move it to `<folder>/imported/`. */
  readonly after: 'leave' | 'move';
  /** Whether the app's watcher scans it. */
  readonly enabled: boolean;
}

/** A stored watched folder with its latest scan. Times are UTC ISO instants. */
export interface WatchedFolder extends WatchedFolderSettings {
  readonly id: number;
  readonly createdUtc: string;
  readonly lastScanUtc: string | null;
  /** Short summary of the latest scan, e.g. `2 imported, 1 quarantined`, or null before the first. */
  readonly lastResult: string | null;
  /** Plain-language error of the latest scan (folder missing, no permission…), null when it went fine. */
  readonly lastError: string | null;
  /** Files imported (or replacing readings) from this folder since it was added. */
  readonly importedTotal: number;
}

interface Row {
  id: number; path: string; interval_seconds: number; mode: 'append' | 'overwrite'; recursive: number;
  after: 'leave' | 'move'; enabled: number; created_utc: string; last_scan_utc: string | null;
  last_result: string | null; last_error: string | null; imported_total: number;
}

const toFolder = (r: Row): WatchedFolder => ({
  id: r.id,
  path: r.path,
  intervalSeconds: r.interval_seconds,
  mode: r.mode,
  recursive: r.recursive === 1,
  after: r.after,
  enabled: r.enabled === 1,
  createdUtc: r.created_utc,
  lastScanUtc: r.last_scan_utc,
  lastResult: r.last_result,
  lastError: r.last_error,
  importedTotal: r.imported_total,
});

/** All watched folders, in the order they were added. */
export function listWatchedFolders(db: Database): WatchedFolder[] {
  return (db.prepare('SELECT * FROM watched_folders ORDER BY id').all() as Row[]).map(toFolder);
}

/** The watched folder `id`, or null. */
export function getWatchedFolder(db: Database, id: number): WatchedFolder | null {
  const row = db.prepare('SELECT * FROM watched_folders WHERE id = ?').get(id) as Row | undefined;
  return row === undefined ? null : toFolder(row);
}

/**
 * Adds a watched folder (no `id`) or changes one (`id` given) and returns it as stored.
 * Throws StoreError `INVALID_DATA` with a plain message when the interval is not a whole number of at least
 * 10 s, the path is empty, another watched folder has the same path, or `id` does not exist.
 */
export function saveWatchedFolder(db: Database, f: WatchedFolderSettings & { readonly id?: number }): WatchedFolder {
  const invalid = (msg: string): never => {
    throw new StoreError('INVALID_DATA', msg);
  };
  if (!Number.isInteger(f.intervalSeconds) || f.intervalSeconds < MIN_SCAN_INTERVAL_SECONDS) {
    invalid(`The scan interval must be a whole number of at least ${MIN_SCAN_INTERVAL_SECONDS} seconds (got ${f.intervalSeconds}).`);
  }
  if (f.path.trim() === '') invalid('The watched folder needs a path.');
  const clash = db.prepare('SELECT id FROM watched_folders WHERE path = ?').get(f.path) as { id: number } | undefined;
  if (clash !== undefined && clash.id !== f.id) invalid(`The folder "${f.path}" is already watched.`);
  const values = [f.path, f.intervalSeconds, f.mode, f.recursive ? 1 : 0, f.after, f.enabled ? 1 : 0];
  try {
    if (f.id === undefined) {
      const id = Number(
        db
          .prepare(
            `INSERT INTO watched_folders (path, interval_seconds, mode, recursive, after, enabled, created_utc)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(...values, new Date().toISOString()).lastInsertRowid,
      );
      return getWatchedFolder(db, id)!;
    }
    const changed = db
      .prepare('UPDATE watched_folders SET path = ?, interval_seconds = ?, mode = ?, recursive = ?, after = ?, enabled = ? WHERE id = ?')
      .run(...values, f.id).changes;
    if (changed === 0) invalid(`There is no watched folder number ${f.id} (it may have been removed).`);
    return getWatchedFolder(db, f.id)!;
  } catch (err) {
    throw toStoreError(err, db.name, 'save the watched folder');
  }
}

/** Removes watched folder `id` (its import log rows stay, without the folder). False when there was none. */
export function deleteWatchedFolder(db: Database, id: number): boolean {
  try {
    return db.prepare('DELETE FROM watched_folders WHERE id = ?').run(id).changes > 0;
  } catch (err) {
    throw toStoreError(err, db.name, 'remove the watched folder');
  }
}

/**
 * Records the end of a scan of folder `id`: time, summary, error (null when fine), and adds `imported` to
 * its running total. Does nothing when the folder was removed meanwhile.
 */
export function recordFolderScan(
  db: Database,
  id: number,
  scan: { atUtc: string; result: string | null; error: string | null; imported: number },
): void {
  try {
    db.prepare(
      'UPDATE watched_folders SET last_scan_utc = ?, last_result = ?, last_error = ?, imported_total = imported_total + ? WHERE id = ?',
    ).run(scan.atUtc, scan.result, scan.error, scan.imported, id);
  } catch (err) {
    throw toStoreError(err, db.name, 'record the folder scan');
  }
}
