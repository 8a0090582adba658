/**
 * The folder tree of tariff schemes (table `scheme_folders`, migration 3): create, rename, move (never into
 * itself or one of its subfolders) and delete (only an empty folder). Names are unique among siblings,
 * ignoring case. Re-exported by ./schemes.ts, which holds the schemes themselves.
 */
import type { Database } from 'better-sqlite3';
import type { SchemeFolderView } from '../../contract/schemes';
import { StoreError, toStoreError } from '../core/errors';

/** A folder of the scheme tree: the contract's `SchemeFolderView` (`parentId` null = top level; `createdUtc` UTC ISO). */
export type SchemeFolder = Readonly<SchemeFolderView>;

interface FolderRow {
  id: number;
  parent_id: number | null;
  name: string;
  created_utc: string;
}

/** Longest folder or scheme name, characters (also a CHECK of the tables). */
export const MAX_NAME_LENGTH = 80;

const toFolder = (r: FolderRow): SchemeFolder => ({ id: r.id, parentId: r.parent_id, name: r.name, createdUtc: r.created_utc });

/** `name` trimmed, or a plain refusal when it is empty or too long. `what` is `folder` or `scheme`. */
export function cleanName(name: string, what: 'folder' | 'scheme'): string {
  const n = name.trim();
  if (n === '') throw new StoreError('INVALID_DATA', `Give the ${what} a name.`);
  if (n.length > MAX_NAME_LENGTH) {
    throw new StoreError('INVALID_DATA', `The ${what} name is ${n.length} characters long; use at most ${MAX_NAME_LENGTH}.`);
  }
  return n;
}

/** All folders, by name within each parent (case-insensitive). */
export function listFolders(db: Database): SchemeFolder[] {
  return (db.prepare('SELECT * FROM scheme_folders ORDER BY name COLLATE NOCASE, id').all() as FolderRow[]).map(toFolder);
}

/** Folder `id`. @throws StoreError `NOT_FOUND`. */
export function getFolder(db: Database, id: number): SchemeFolder {
  const row = db.prepare('SELECT * FROM scheme_folders WHERE id = ?').get(id) as FolderRow | undefined;
  if (row === undefined) throw new StoreError('NOT_FOUND', 'This folder no longer exists (someone may have deleted it). Refresh the scheme list.');
  return toFolder(row);
}

/** Refuses `name` when another folder under `parentId` (other than `exceptId`) has it, ignoring case. */
function checkFolderNameFree(db: Database, parentId: number | null, name: string, exceptId: number | null): void {
  const clash = db
    .prepare('SELECT id, name FROM scheme_folders WHERE coalesce(parent_id, 0) = ? AND name = ? COLLATE NOCASE AND id IS NOT ?')
    .get(parentId ?? 0, name, exceptId) as { id: number; name: string } | undefined;
  if (clash !== undefined) throw new StoreError('CONFLICT', `There is already a folder called '${clash.name}' here.`);
}

/** Runs `body` in one transaction; SQLite failures become plain StoreErrors about `doing`. */
export function write<T>(db: Database, doing: string, body: () => T): T {
  try {
    return db.transaction(body)();
  } catch (err) {
    throw toStoreError(err, db.name, doing);
  }
}

/**
 * Creates folder `name` under `parentId` (null = top level). Returns it.
 * @throws StoreError `INVALID_DATA` (empty or long name), `NOT_FOUND` (parent missing), `CONFLICT` (name taken).
 */
export function createFolder(db: Database, input: { parentId: number | null; name: string; nowUtc?: string }): SchemeFolder {
  const name = cleanName(input.name, 'folder');
  return write(db, 'create the folder', () => {
    if (input.parentId !== null) getFolder(db, input.parentId);
    checkFolderNameFree(db, input.parentId, name, null);
    const id = Number(
      db
        .prepare('INSERT INTO scheme_folders (parent_id, name, created_utc) VALUES (?, ?, ?)')
        .run(input.parentId, name, input.nowUtc ?? new Date().toISOString()).lastInsertRowid,
    );
    return getFolder(db, id);
  });
}

/** Renames folder `id`. @throws StoreError `NOT_FOUND`, `INVALID_DATA`, `CONFLICT` (a sibling has the name). */
export function renameFolder(db: Database, id: number, name: string): void {
  const clean = cleanName(name, 'folder');
  write(db, 'rename the folder', () => {
    const folder = getFolder(db, id);
    checkFolderNameFree(db, folder.parentId, clean, id);
    db.prepare('UPDATE scheme_folders SET name = ? WHERE id = ?').run(clean, id);
  });
}

/**
 * Moves folder `id` (with everything in it) under `parentId` (null = top level).
 * @throws StoreError `NOT_FOUND`; `CONFLICT` when the target is the folder itself or one of its subfolders,
 *   or holds a folder of the same name.
 */
export function moveFolder(db: Database, id: number, parentId: number | null): void {
  write(db, 'move the folder', () => {
    const folder = getFolder(db, id);
    for (let at = parentId; at !== null; at = getFolder(db, at).parentId) {
      if (at === id) {
        throw new StoreError('CONFLICT', `The folder '${folder.name}' cannot be moved into itself or into one of its own subfolders.`);
      }
    }
    checkFolderNameFree(db, parentId, folder.name, id);
    db.prepare('UPDATE scheme_folders SET parent_id = ? WHERE id = ?').run(parentId, id);
  });
}

/**
 * Deletes folder `id` when it holds no subfolder and no scheme (deleted schemes it held move to no folder:
 * they stay stored for their certificates). The UI asks for confirmation before calling this.
 * @throws StoreError `NOT_FOUND`; `CONFLICT` naming what it still holds.
 */
export function deleteFolder(db: Database, id: number): void {
  write(db, 'delete the folder', () => {
    const folder = getFolder(db, id);
    const sub = (db.prepare('SELECT count(*) AS n FROM scheme_folders WHERE parent_id = ?').get(id) as { n: number }).n;
    const schemes = (db.prepare('SELECT count(*) AS n FROM schemes WHERE folder_id = ? AND deleted_utc IS NULL').get(id) as { n: number }).n;
    if (sub > 0 || schemes > 0) {
      const parts = [sub > 0 ? `${sub} folder${sub === 1 ? '' : 's'}` : '', schemes > 0 ? `${schemes} scheme${schemes === 1 ? '' : 's'}` : '']
        .filter(Boolean)
        .join(' and ');
      throw new StoreError('CONFLICT', `The folder '${folder.name}' still holds ${parts}. Move or delete them first.`);
    }
    db.prepare('UPDATE schemes SET folder_id = NULL WHERE folder_id = ?').run(id);
    db.prepare('DELETE FROM scheme_folders WHERE id = ?').run(id);
  });
}

/**
 * The folder at `names` below `parentId` (null = top level), creating the missing ones (for imports of a
 * bundle, and the `Imported schemes` folder). Returns the id of the last one; `parentId` for no names.
 */
export function ensureFolderPath(db: Database, parentId: number | null, names: readonly string[], nowUtc?: string): number | null {
  let at = parentId;
  for (const raw of names) {
    const name = cleanName(raw, 'folder');
    const found = db
      .prepare('SELECT id FROM scheme_folders WHERE coalesce(parent_id, 0) = ? AND name = ? COLLATE NOCASE')
      .get(at ?? 0, name) as { id: number } | undefined;
    at = found !== undefined ? found.id : createFolder(db, { parentId: at, name, ...(nowUtc ? { nowUtc } : {}) }).id;
  }
  return at;
}
