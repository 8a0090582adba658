/**
 * Importing a whole folder: list the candidate files (optionally subfolders, never `imported/` nor the imported or
 * quarantine folder of the settings), import them one by one (a bad file is quarantined and the folder goes on), report
 * progress, and optionally move each handled file to `<folder>/imported/` — or to the administrator's imported-files
 * folder, and a file that could not be imported to the quarantine folder (settings `files.importedDir`,
 * `files.quarantineDir`, main/settings/locations.ts) — without ever overwriting a file there.
 */
import { constants } from 'node:fs';
import { copyFile, link, mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import type { AppContext } from '../core/context';
import { fileLocations, type FileLocations } from '../settings/locations';
import { importLoaded, loadFileSync } from './import-file';
import type { FolderImportOptions, ImportFileOutcome, ImportSummary } from './types';

/** Name of the folder (inside a scanned folder) that imported files are moved to; never scanned. */
export const IMPORTED_FOLDER = 'imported';

/**
 * True for names that are never reading files: hidden files (`.x`), temporary and partial downloads
 * (`*.tmp`, `*.part`, `*.partial`, `*.crdownload`, `~$…`), and Windows' `Thumbs.db` / `desktop.ini`.
 */
export function isIgnoredName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    name.startsWith('.') ||
    name.startsWith('~$') ||
    ['.tmp', '.part', '.partial', '.crdownload'].includes(extname(lower)) ||
    lower === 'thumbs.db' ||
    lower === 'desktop.ini'
  );
}

/**
 * The files to import under `dir`, as absolute-or-as-given paths sorted by name: regular files only, not
 * {@link isIgnoredName}; with `recursive`, subfolders too except `<dir>/imported`, hidden folders and the folders of
 * `skip` (the imported and quarantine folders, which may lie inside a scanned folder).
 * Throws Error with a plain message when `dir` cannot be listed (missing, not a folder, no permission).
 */
export async function listImportFiles(dir: string, recursive = false, skip: readonly (string | null)[] = []): Promise<string[]> {
  const out: string[] = [];
  const skipped = new Set(skip.filter((x): x is string => x !== null).map((x) => resolve(x)));
  const walk = async (d: string, top: boolean): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (isIgnoredName(e.name)) continue;
      const p = join(d, e.name);
      if (e.isFile()) out.push(p);
      else if (e.isDirectory() && recursive && !(top && e.name === IMPORTED_FOLDER) && !skipped.has(resolve(p))) await walk(p, false);
    }
  };
  try {
    await walk(dir, true);
  } catch (err) {
    throw new Error(folderErrorMessage(dir, err), { cause: err });
  }
  return out;
}

/** Plain message for a folder that cannot be listed. */
export function folderErrorMessage(dir: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return `The folder "${dir}" does not exist (or the network share is not connected).`;
  if (code === 'ENOTDIR') return `"${dir}" is a file, not a folder.`;
  if (code === 'EACCES' || code === 'EPERM') return `The folder "${dir}" cannot be read: permission denied.`;
  return `The folder "${dir}" cannot be read (${code ?? (err as Error).message}). Check the disk or network share.`;
}

/**
 * Moves `file` (inside `root`) to `<into>/<same relative path>` (default `into`: `<root>/imported`) and returns the new
 * path. Never overwrites: when the name is taken, `-2`, `-3`… is added before the extension. Uses a hard link + unlink
 * (refuses an existing target atomically), or a checked rename where the file system has no hard links (a cross-device
 * move to another disk or share copies with the same check, then removes the original).
 * Throws the file-system error when the file cannot be moved.
 */
export async function moveToImported(root: string, file: string, into: string = join(root, IMPORTED_FOLDER)): Promise<string> {
  const target = join(into, relative(root, file));
  await mkdir(dirname(target), { recursive: true });
  const ext = extname(target);
  const stem = target.slice(0, target.length - ext.length);
  for (let n = 1; n < 10_000; n++) {
    const dest = n === 1 ? target : `${stem}-${n}${ext}`;
    try {
      await link(file, dest);
      await unlink(file);
      return dest;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS') throw err;
      if (await exists(dest)) continue; // no hard links here (FAT, some shares): checked rename
      if (code === 'EXDEV') {
        await copyFile(file, dest, constants.COPYFILE_EXCL); // another disk or share: copy, then remove the original
        await unlink(file);
      } else {
        await rename(file, dest);
      }
      return dest;
    }
  }
  throw new Error(`Too many files named like "${basename(file)}" in the imported folder.`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Where .RES paths are recorded: after a move, readings imported from `from` point at `to`. */
function updateResPaths(ctx: AppContext, outcome: ImportFileOutcome, from: string, to: string): void {
  if (outcome.kind !== 'res') return;
  const stmt = ctx.db.prepare('UPDATE readings SET res_path = ? WHERE id = ? AND res_path = ?');
  for (const id of outcome.readingIds) stmt.run(to, id, from);
}

/**
 * Moves a handled (not quarantined) file to `<root>/imported/` (or `into`, the imported-files folder of the settings)
 * and returns its outcome with `movedTo`, or with `moveError` (plain language) when it could not be moved: the import
 * itself stands.
 */
export async function moveHandled(ctx: AppContext, root: string, outcome: ImportFileOutcome, into?: string | null): Promise<ImportFileOutcome> {
  if (outcome.result === 'quarantined') return outcome;
  try {
    const movedTo = await moveToImported(root, outcome.file, into ?? undefined);
    updateResPaths(ctx, outcome, outcome.file, movedTo);
    return { ...outcome, movedTo };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { ...outcome, moveError: `The file was imported but could not be moved to the ${into ? `imported files folder "${into}"` : `"${IMPORTED_FOLDER}" folder`} (${code}); it stays where it is.` };
  }
}

/**
 * What a folder import or watched folder does with a file once handled (settings in force, main/settings/locations.ts):
 * a quarantined file goes to the quarantine folder when one is set (its reason stays in the import log); a handled one,
 * with `after: 'move'`, to the imported files folder (default `<root>/imported`). Never throws: a failed move is the
 * outcome's `moveError`. `loc`: the locations read when the scan began (default: read now).
 */
export async function settleHandled(
  ctx: AppContext,
  root: string,
  outcome: ImportFileOutcome,
  after: 'leave' | 'move',
  loc: FileLocations = fileLocations(ctx),
): Promise<ImportFileOutcome> {
  if (outcome.result !== 'quarantined') return after === 'move' ? moveHandled(ctx, root, outcome, loc.importedDir) : outcome;
  if (loc.quarantineDir === null) return outcome;
  try {
    return { ...outcome, movedTo: await moveToImported(root, outcome.file, loc.quarantineDir) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { ...outcome, moveError: `The file could not be moved to the quarantine folder "${loc.quarantineDir}" (${code}); it stays where it is.` };
  }
}

/** The folders a scan of a watched or imported folder must not enter (the settings' imported and quarantine folders). */
export function foldersNotToScan(ctx: AppContext, loc: FileLocations = fileLocations(ctx)): (string | null)[] {
  return [loc.importedDir, loc.quarantineDir];
}

/** Adds up outcomes into a summary. */
export function summarise(outcomes: ImportFileOutcome[], durationMs: number): ImportSummary {
  const count = (r: ImportFileOutcome['result']) => outcomes.filter((o) => o.result === r).length;
  return {
    files: outcomes.length,
    imported: count('imported'),
    duplicates: count('duplicate'),
    replaced: count('replaced'),
    quarantined: outcomes.filter((o) => o.result === 'quarantined'),
    intervals: outcomes.reduce((n, o) => n + (o.result === 'imported' || o.result === 'replaced' ? o.intervals : 0), 0),
    durationMs,
    outcomes,
  };
}

/** WAL pages between automatic checkpoints during a folder import (16 384 pages = 64 MB with 4 kB pages). */
const IMPORT_CHECKPOINT_PAGES = 16_384;

/**
 * Lets the write-ahead log grow to {@link IMPORT_CHECKPOINT_PAGES} before SQLite copies it into the database
 * (instead of the default 1 000 pages): a big import commits once per file, and fewer, larger checkpoints
 * cost less (fewer fsyncs). Returns the function that restores the previous setting and checkpoints.
 * Source: SQLite docs "PRAGMA wal_autocheckpoint", "Write-Ahead Logging" (checkpointing).
 */
function lessFrequentCheckpoints(ctx: AppContext): () => void {
  if (ctx.dbPath === ':memory:') return () => undefined;
  const before = ctx.db.pragma('wal_autocheckpoint', { simple: true }) as number;
  if (before >= IMPORT_CHECKPOINT_PAGES || before <= 0) return () => undefined;
  ctx.db.pragma(`wal_autocheckpoint = ${IMPORT_CHECKPOINT_PAGES}`);
  return () => {
    try {
      ctx.db.pragma(`wal_autocheckpoint = ${before}`);
      ctx.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // the store was closed or failed meanwhile: its own error is reported where it happened
    }
  };
}

/**
 * Imports every file of `dir` (see {@link listImportFiles}) like importFile, in name order; a quarantined
 * file does not stop the folder. `opts.after: 'move'` moves each imported/duplicate/replaced file to
 * `<dir>/imported/` (or the imported files folder of the settings); a quarantine folder of the settings takes the files
 * that could not be imported (see {@link settleHandled}); the locations in force when the import starts apply to the
 * whole folder (read once, not per file). `opts.onProgress` is called before the first file and after each.
 * Throws Error (plain message) when the folder cannot be listed, and StoreError when the store fails.
 */
export async function importFolder(ctx: AppContext, dir: string, opts: FolderImportOptions = {}): Promise<ImportSummary> {
  const t0 = performance.now();
  const loc = fileLocations(ctx);
  const files = await listImportFiles(dir, opts.recursive ?? false, foldersNotToScan(ctx, loc));
  const outcomes: ImportFileOutcome[] = [];
  opts.onProgress?.({ done: 0, total: files.length, file: '' });
  const restore = lessFrequentCheckpoints(ctx);
  try {
    for (const file of files) {
      // Read synchronously (see loadFileSync), then let the event loop run (UI, IPC, timers) between files.
      await new Promise<void>((resolve) => setImmediate(resolve));
      let outcome = importLoaded(ctx, loadFileSync(file), opts);
      outcome = await settleHandled(ctx, dir, outcome, opts.after ?? 'leave', loc);
      outcomes.push(outcome);
      opts.onProgress?.({ done: outcomes.length, total: files.length, file, outcome });
    }
  } finally {
    restore();
  }
  return summarise(outcomes, performance.now() - t0);
}
