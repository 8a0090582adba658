/**
 * Errors of the local store, translated from SQLite / file-system codes into plain language for a field
 * technician. Source of the codes: SQLite result codes (https://sqlite.org/rescode.html) as raised by
 * better-sqlite3 (`SqliteError.code`, e.g. `SQLITE_NOTADB`), and Node's `ErrnoException.code`.
 */

/** Stable codes of {@link StoreError}. */
export type StoreErrorCode =
  /** The file is not an SQLite database, or it is damaged (SQLITE_NOTADB, SQLITE_CORRUPT). */
  | 'NOT_A_DATABASE'
  /** The file or its folder cannot be written (SQLITE_READONLY, SQLITE_PERM, EACCES, EPERM, EROFS). */
  | 'READ_ONLY'
  /** The disk is full (SQLITE_FULL, ENOSPC). */
  | 'DISK_FULL'
  /** The database was made by a newer app version (user_version above the latest known migration). */
  | 'NEWER_VERSION'
  /** Another program holds the database locked longer than the busy time-out (SQLITE_BUSY, SQLITE_LOCKED). */
  | 'BUSY'
  /** The file could not be opened for another reason (missing folder, bad path, I/O error). */
  | 'CANNOT_OPEN'
  /** The data given to the store broke one of its rules (e.g. a required field was missing). */
  | 'INVALID_DATA'
  /** The record asked for does not exist (or was deleted): a scheme, folder, staged program or certificate. */
  | 'NOT_FOUND'
  /** The change clashes with the stored state: a name already taken, a stale version, a folder not empty. */
  | 'CONFLICT';

/** An error of the local store; `message` is plain language, `cause` holds the original error. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The `code` property of an SQLite or Node error, or ''. */
function errorCode(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return '';
}

/**
 * A thrown SQLite error (better-sqlite3 `SqliteError`, code `SQLITE_…`) as a plain {@link StoreError} — disk full,
 * read-only store, locked, damaged — about the workstation's database; null for anything else. Entry points (the
 * API's plainError, the CLI) use it so SQLite's own wording ("database or disk is full", "attempt to write a
 * readonly database") never reaches a technician (issue 11.6).
 */
export function storeFailureOf(err: unknown): StoreError | null {
  if (err instanceof StoreError) return err;
  const code = errorCode(err);
  return code.startsWith('SQLITE_') ? toStoreError(err, '', 'save or read this') : null;
}

/**
 * Translates `err` (from better-sqlite3 or node:fs) into a {@link StoreError} about `file` ('' = the workstation's
 * database), saying what
 * happened and what to try. `doing` completes "Could not … " (e.g. `open the database`). A StoreError is
 * returned unchanged.
 */
export function toStoreError(err: unknown, file: string, doing: string): StoreError {
  if (err instanceof StoreError) return err;
  const code = errorCode(err);
  const where = file === ':memory:' ? 'the in-memory database' : file === '' ? "the workstation's database" : `"${file}"`;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(
      'NOT_A_DATABASE',
      `Could not ${doing}: ${where} is not a PMU Workstation database or it is damaged. ` +
        'Move the file aside (keep it for support) and start the app again to create a new, empty one; ' +
        'readings can be re-imported from their .RES files.',
      { cause: err },
    );
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_PERM' ||
    code === 'SQLITE_AUTH' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS'
  ) {
    return new StoreError(
      'READ_ONLY',
      `Could not ${doing}: ${where} cannot be written (read-only file or folder, or no permission). ` +
        'Check that the file is not marked read-only, that you have write access to its folder, ' +
        'and that the disk or USB stick is not write-protected.',
      { cause: err },
    );
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new StoreError(
      'DISK_FULL',
      `Could not ${doing}: the disk holding ${where} is full. Free some space (or move the data folder ` +
        'to another disk with PMU_DATA_DIR) and try again. Nothing was half-saved.',
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(
      'BUSY',
      `Could not ${doing}: ${where} is in use by another program and stayed locked. ` +
        'Close other PMU Workstation windows or command-line runs and try again.',
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG') {
    const detail = err instanceof Error ? err.message : String(err);
    return new StoreError(
      'INVALID_DATA',
      `Could not ${doing}: the data is incomplete or malformed (${detail}). Nothing was saved. ` +
        'This is a fault in the app; please report it with the .RES file of the reading.',
      { cause: err },
    );
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new StoreError(
    'CANNOT_OPEN',
    `Could not ${doing} (${where}): ${detail}. Check that the path exists and the disk is connected, then try again.`,
    { cause: err },
  );
}
