/**
 * Where watched folders may be (issue 11.6; docs/security.md "Watched folders"): a watched folder makes the
 * workstation read every file in it and name them in the import log and events, so a user who could watch any path
 * could list folders they have no business in. An administrator (permission `settings.manage`) names the allowed
 * locations (setting `watch.allowedRoots` of the settings registry, contract/settings.ts: a list of absolute folder
 * paths, in the settings file, changed through main/services/settings.ts with its audit record); other users may watch
 * only those folders or folders inside them. An administrator may watch any folder (adding it is the allowing; it is
 * recorded). Paths are compared after resolving links (`realpath`), so a link inside an allowed folder that points
 * outside it is refused; case is ignored on Windows.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { MAX_WATCH_ROOTS } from '../../contract/settings';
import { hasPermission, type Actor } from '../auth/actor';
import { AuthError } from '../auth/errors';
import type { AppContext } from '../core/context';
import { readSetting } from '../settings/values';
import { authorize } from './authorize';
import { setSettings } from './settings';

export { MAX_WATCH_ROOTS };

/** The allowed locations, for `ctx.actor` (permission `readings.view`: who may list watched folders). */
export function watchRootsAs(ctx: AppContext): string[] {
  authorize(ctx, 'readings.view');
  return watchRoots(ctx);
}

/** The allowed locations, as the administrator entered them (absolute paths; none when the stored value is not understood). */
export function watchRoots(ctx: Pick<AppContext, 'db'>): string[] {
  return [...readSetting(ctx.db, 'watch.allowedRoots')];
}

/**
 * Replace the allowed locations (resolved, duplicates dropped; stored and recorded as `settings.changed` with before
 * and after by main/services/settings.ts); needs `settings.manage`. Each must be an existing folder.
 * @throws AuthError FORBIDDEN, BAD_ARGUMENTS (not absolute, not a folder, too many); StoreError INVALID_DATA.
 */
export async function setWatchRoots(ctx: AppContext, roots: readonly string[]): Promise<string[]> {
  authorize(ctx, 'settings.manage');
  if (roots.length > MAX_WATCH_ROOTS) throw new AuthError('BAD_ARGUMENTS', `At most ${MAX_WATCH_ROOTS} locations can be allowed.`);
  const clean: string[] = [];
  for (const r of roots) {
    if (!path.isAbsolute(r)) throw new AuthError('BAD_ARGUMENTS', `"${r}" is not a full folder path. Enter it from the drive or root, e.g. C:\\Readings or /srv/readings.`);
    const real = await realpath(r).catch(() => null);
    if (real === null) throw new AuthError('BAD_ARGUMENTS', `The folder "${r}" does not exist on this computer. Check the path, or create the folder first.`);
    if (!clean.includes(path.resolve(r))) clean.push(path.resolve(r));
  }
  await setSettings(ctx, { 'watch.allowedRoots': clean });
  return watchRoots(ctx);
}

const same = (a: string, b: string) => (process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b);

/** True when `inner` is `outer` or inside it (both resolved). */
function within(inner: string, outer: string): boolean {
  const rel = path.relative(process.platform === 'win32' ? outer.toLowerCase() : outer, process.platform === 'win32' ? inner.toLowerCase() : inner);
  return same(inner, outer) || (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Refuse a watched folder `folder` (absolute, existing) that `actor` may not watch (see the file comment).
 * @throws AuthError FORBIDDEN with what to ask for.
 */
export async function checkWatchFolder(ctx: Pick<AppContext, 'db'>, actor: Actor, folder: string): Promise<void> {
  if (hasPermission(actor, 'settings.manage')) return;
  const real = await realpath(folder).catch(() => path.resolve(folder));
  const roots = watchRoots(ctx);
  for (const r of roots) {
    const rr = await realpath(r).catch(() => null);
    if (rr !== null && within(real, rr)) return;
  }
  throw new AuthError(
    'FORBIDDEN',
    roots.length === 0
      ? 'No folder has been allowed for watching yet. Ask an administrator to allow the folder (Watched folders → Allowed locations).'
      : `"${folder}" is not inside a location an administrator allowed for watching (${roots.join('; ')}). Ask an administrator to allow it.`,
  );
}
