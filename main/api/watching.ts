/**
 * The app's one folder watcher (main/import `FolderWatcher` over the store's enabled watched folders), started
 * by browser mode (serve.ts via http-server.ts) and the desktop app (main/electron/main.ts) at start-up and
 * stopped on close. Its events go to the UI as `watchEvent` (a scan ended, a file was handled, a folder failed)
 * so the watched-folders screen and the reading lists refresh without polling.
 */
import { FolderWatcher, type WatchEvent } from '../import';
import type { AppContext } from '../core/context';
import { readingsAudience, type EventAudience } from '../auth/event-scope';
import type { EmitEvent } from './events';
import type { WatcherRuntime } from './watcher-control';

/** A watcher event → the contract's `watchEvent` payload; null for events the UI does not need (scan start). */
export function toWatchEvent(e: WatchEvent): { folderId: number | null; message: string; imported: number } | null {
  const folderId = e.folderId > 0 ? e.folderId : null;
  switch (e.type) {
    case 'scan-start':
      return null;
    case 'file': {
      const added = e.outcome.result === 'imported' || e.outcome.result === 'replaced' ? e.outcome.readingIds.length || 1 : 0;
      return { folderId, message: `${e.outcome.file}: ${e.outcome.result}`, imported: added };
    }
    case 'scan-end':
      return { folderId, message: `Scanned ${e.path}: ${e.result}`, imported: 0 };
    case 'error':
      return { folderId, message: e.message, imported: 0 };
  }
}

/**
 * Who may see a watcher event: users who may list the watched folders (`readings.view`); a file's event only users
 * whose meter scope holds every meter of the readings it stored (main/auth/event-scope.ts).
 */
function watchAudience(ctx: AppContext, e: WatchEvent): EventAudience {
  return e.type === 'file' ? readingsAudience(ctx.db, 'readings.view', e.outcome.readingIds) : { kind: 'permission', permission: 'readings.view' };
}

/** Create (not start) the folder watcher of `ctx`, sending its events with `emit`. */
export function createFolderWatcher(ctx: AppContext, emit: EmitEvent): WatcherRuntime {
  const watcher = new FolderWatcher(ctx, {
    onEvent: (e) => {
      const view = toWatchEvent(e);
      if (view) emit('watchEvent', view, watchAudience(ctx, e));
    },
  });
  return {
    start: () => watcher.start(),
    stop: () => watcher.stop(),
    reload: () => watcher.reload(),
    scanNow: (id) => watcher.scanNow(id),
    status: () =>
      watcher.status().map((s) => ({
        id: s.id, lastScanUtc: s.lastScanUtc, nextScanUtc: s.nextScanUtc, lastResult: s.lastResult, lastError: s.lastError, importedTotal: s.importedTotal,
      })),
  };
}
