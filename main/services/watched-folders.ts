/**
 * Watched folders (contract calls `listWatchedFolders`, `saveWatchedFolder`, `deleteWatchedFolder`): the settings of
 * the folders the app's FolderWatcher scans (main/import/watcher.ts). Saving checks the folder exists on this
 * computer and stores its full path; every change is recorded (`watchedFolder.saved` / `watchedFolder.deleted`) in
 * the same transaction. Permissions: `readings.view` to list, `readings.import` to change (./authorize.ts).
 */
import { checkWatchFolder } from './watch-roots';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { WatchedFolderView } from '../../contract';
import { recordChange } from '../audit/record-change';
import type { AppContext } from '../core/context';
import { ServiceError } from './errors';
import { deleteWatchedFolder, listWatchedFolders, saveWatchedFolder, type WatchedFolder } from '../store/watched-folders';
import { authorize } from './authorize';

/** A watched folder's stored settings (the view without live status). */
export type WatchedFolderSettings = Omit<WatchedFolderView, 'status'>;
/** Settings to save: without id = a new folder. */
export type WatchedFolderDraft = Omit<WatchedFolderSettings, 'id'> & { readonly id?: number };

/** A stored folder → its settings as the contract shows them. */
function settingsView(f: WatchedFolder): WatchedFolderSettings {
  return { id: f.id, path: f.path, intervalSeconds: f.intervalSeconds, mode: f.mode, recursive: f.recursive, after: f.after, enabled: f.enabled };
}

/** Every watched folder's settings. */
export function listWatchedFoldersAs(ctx: AppContext): WatchedFolderSettings[] {
  authorize(ctx, 'readings.view');
  return listWatchedFolders(ctx.db).map(settingsView);
}

/** Folder `id`'s settings. @throws ServiceError NOT_FOUND (plain: refresh the list). */
export function watchedFolderAs(ctx: AppContext, id: number): WatchedFolderSettings {
  const f = listWatchedFoldersAs(ctx).find((x) => x.id === id);
  if (!f) throw new ServiceError('NOT_FOUND', 'This watched folder no longer exists. Refresh the list.');
  return f;
}

/**
 * Create (no id) or change a watched folder. @throws ServiceError BAD_ARGUMENTS when the path is not a full path of an
 * existing folder (plain message naming it), NOT_FOUND for an unknown id.
 */
export async function saveWatchedFolderAs(ctx: AppContext, input: WatchedFolderDraft): Promise<WatchedFolderSettings> {
  const actor = authorize(ctx, 'readings.import');
  if (!path.isAbsolute(input.path)) {
    throw new ServiceError('BAD_ARGUMENTS', `"${input.path}" is not a full folder path. Enter it from the drive or root, e.g. C:\\Readings or /home/tech/readings.`);
  }
  const info = await stat(input.path).catch(() => null);
  if (!info?.isDirectory()) {
    throw new ServiceError('BAD_ARGUMENTS', `The folder "${input.path}" does not exist on this computer (or is not a folder). Check the path, or create the folder first.`);
  }
  // Only inside the locations an administrator allowed (./watch-roots.ts, issue 11.6).
  await checkWatchFolder(ctx, actor, input.path);
  const before = input.id !== undefined ? watchedFolderAs(ctx, input.id) : null;
  return recordChange(
    ctx,
    () => settingsView(saveWatchedFolder(ctx.db, { ...input, path: path.resolve(input.path) })),
    (saved) => ({ action: 'watchedFolder.saved', object: `watchedFolder:${saved.id}`, summary: { before, after: saved } }),
  );
}

/** Remove watched folder `id`; false when there was none. */
export function deleteWatchedFolderAs(ctx: AppContext, id: number): boolean {
  authorize(ctx, 'readings.import');
  const before = listWatchedFolders(ctx.db).find((x) => x.id === id) ?? null;
  return recordChange(
    ctx,
    () => deleteWatchedFolder(ctx.db, id),
    (deleted) => (deleted ? { action: 'watchedFolder.deleted', object: `watchedFolder:${id}`, summary: { before: before && settingsView(before) } } : null),
  );
}
