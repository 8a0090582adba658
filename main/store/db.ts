/**
 * Opening the local SQLite store (better-sqlite3): connection settings, schema migrations, and plain
 * errors for the failures a technician can meet (damaged file, read-only, disk full, newer app's data).
 * Source: SQLite docs "Write-Ahead Logging", "PRAGMA busy_timeout / synchronous / foreign_keys".
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { StoreError, toStoreError } from '../core/errors';
import { LATEST_VERSION, migrate, schemaVersion } from './migrations';

export type { Database } from 'better-sqlite3';
export { StoreError } from '../core/errors';

/**
 * Opens (creating when missing, with its parent folder) the store at `file`, or a private in-memory
 * store for `':memory:'`, and migrates it to the latest schema.
 *
 * Settings: `journal_mode = WAL` (readers do not block the writer: UI and CLI may share the file),
 * `foreign_keys = ON` (cascading deletes), `busy_timeout = 5000` ms (wait for another writer instead of
 * failing at once), `synchronous = NORMAL` (safe with WAL: a power cut can lose the last commit, never corrupt).
 *
 * Throws {@link StoreError}: `NOT_A_DATABASE` (not SQLite, damaged, or another program's database),
 * `READ_ONLY`, `DISK_FULL`, `BUSY`, `NEWER_VERSION` (made by a newer app version: update the app),
 * `CANNOT_OPEN` (anything else, e.g. the folder cannot be created). The connection is closed on failure.
 */
export function openDatabase(file: string): Database {
  if (file !== ':memory:' && file !== '') {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (err) {
      throw toStoreError(err, dirname(file), 'create the data folder');
    }
  }
  let db: Database;
  try {
    db = new BetterSqlite3(file);
  } catch (err) {
    throw toStoreError(err, file, 'open the database');
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    checkVersion(db, file);
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw toStoreError(err, file, 'open the database');
  }
}

/** Refuses a database of a newer app version, or an SQLite file that belongs to another program. */
function checkVersion(db: Database, file: string): void {
  const version = schemaVersion(db);
  if (version > LATEST_VERSION) {
    throw new StoreError(
      'NEWER_VERSION',
      `The database "${file}" was written by a newer version of PMU Workstation (schema ${version}; this app ` +
        `knows up to ${LATEST_VERSION}). Update the app to open it; it was left unchanged.`,
    );
  }
  if (version === 0) {
    const tables = db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .get() as { n: number };
    if (tables.n > 0) {
      throw new StoreError(
        'NOT_A_DATABASE',
        `"${file}" is an SQLite database of another program, not a PMU Workstation store. ` +
          'Choose another file name or folder; this file was left unchanged.',
      );
    }
  }
}
