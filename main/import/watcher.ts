/**
 * The folder watcher: scans watched folders by polling (works on Windows network shares, where file-system
 * events are unreliable) every `intervalSeconds` (≥ 10 s) and imports new or changed files. A file is taken
 * only when it is settled — same size and modification time as at the previous look, or last changed more
 * than 2 s ago — so a file still being copied is not. Files already handled are recognised in the import log
 * by (path, size, mtime), a quarantined one also by the SHA-256 of its bytes: an unchanged bad file is not
 * retried every scan, a changed one is.
 */
import { readFile, stat } from 'node:fs/promises';
import type { WatchStatusView } from '../../contract/files';
import type { AppContext } from '../core/context';
import { StoreError } from '../core/errors';
import { latestImportOf } from '../store/import-log';
import { listWatchedFolders, recordFolderScan, type WatchedFolder, type WatchedFolderSettings } from '../store/watched-folders';
import { folderErrorMessage, foldersNotToScan, listImportFiles, settleHandled } from './folder';
import { importBytes, importFile, sha256Hex } from './import-file';
import { decideScan, type Look } from './settle';
import type { ImportFileOutcome } from './types';

/** A file is settled when it last changed this long ago (milliseconds). */
export const SETTLE_MS = 2000;

/** Live status of one watched folder: the contract's `WatchStatusView` (contract/files.ts) with the folder's id and path. */
export type WatchStatus = Readonly<WatchStatusView> & {
  readonly id: number;
  readonly path: string;
  readonly scanning: boolean;
};

/** What the watcher reports: a scan started/ended, a file handled, or a folder error. */
export type WatchEvent =
  | { readonly type: 'scan-start'; readonly folderId: number; readonly path: string; readonly atUtc: string }
  | { readonly type: 'file'; readonly folderId: number; readonly path: string; readonly outcome: ImportFileOutcome; readonly atUtc: string }
  | { readonly type: 'scan-end'; readonly folderId: number; readonly path: string; readonly result: string; readonly atUtc: string }
  | { readonly type: 'error'; readonly folderId: number; readonly path: string; readonly message: string; readonly atUtc: string };

/** A folder watched without being stored (`pmu watch`): settings only; ids are assigned -1, -2… */
export type AdHocFolder = Omit<WatchedFolderSettings, 'enabled'>;

/** Options of {@link FolderWatcher}. */
export interface FolderWatcherOptions {
  readonly onEvent?: (e: WatchEvent) => void;
  /** Watch these folders instead of the store's enabled watched folders (the `pmu watch` command). */
  readonly folders?: readonly AdHocFolder[];
  /**
   * TESTS ONLY — scan every this many milliseconds instead of each folder's interval (which is ≥ 10 s).
   * Not reachable from the CLI, the API or the UI.
   */
  readonly testOnlyIntervalMs?: number;
}

interface Slot {
  folder: WatchedFolder;
  stored: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  scanning: Promise<void> | null;
  again: boolean;
  nextAt: number | null;
  looks: Map<string, Look>;
  importedTotal: number;
  lastScanUtc: string | null;
  lastResult: string | null;
  lastError: string | null;
}

const now = () => new Date().toISOString();

/**
 * Runs the scans. `start()` begins watching (stored enabled folders, or `opts.folders`), `reload()` picks up
 * changes to the stored folders, `scanNow(id?)` scans at once (all folders without id) and resolves when
 * done, `stop()` ends all timers and waits for running scans, `status()` reports each folder.
 * Errors never escape: a folder that cannot be read, or a store failure, becomes its `lastError` and an
 * `error` event, and the next scan tries again.
 */
export class FolderWatcher {
  private readonly slots = new Map<number, Slot>();
  private running = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly opts: FolderWatcherOptions = {},
  ) {}

  /** Starts watching; the first scan of each folder runs at once. Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.reload();
  }

  /** Re-reads the stored watched folders: starts new/enabled ones, stops removed/disabled ones, applies changed settings. */
  reload(): void {
    if (!this.running) return;
    const wanted = this.opts.folders
      ? this.opts.folders.map(
          (f, i): WatchedFolder => ({ ...f, enabled: true, id: -(i + 1), createdUtc: now(), lastScanUtc: null, lastResult: null, lastError: null, importedTotal: 0 }),
        )
      : listWatchedFolders(this.ctx.db).filter((f) => f.enabled);
    const ids = new Set(wanted.map((f) => f.id));
    for (const [id, slot] of this.slots) {
      if (!ids.has(id)) {
        if (slot.timer) clearTimeout(slot.timer);
        this.slots.delete(id);
      }
    }
    for (const f of wanted) {
      const slot = this.slots.get(f.id);
      if (slot === undefined) {
        const s: Slot = {
          folder: f,
          stored: !this.opts.folders,
          timer: null,
          scanning: null,
          again: false,
          nextAt: null,
          looks: new Map(),
          importedTotal: f.importedTotal,
          lastScanUtc: f.lastScanUtc,
          lastResult: f.lastResult,
          lastError: f.lastError,
        };
        this.slots.set(f.id, s);
        this.schedule(s, 0);
      } else if (JSON.stringify(settingsOf(slot.folder)) !== JSON.stringify(settingsOf(f))) {
        slot.folder = f;
        slot.looks.clear();
        this.schedule(slot, 0);
      }
    }
  }

  /** Stops all timers and waits for scans in progress to finish. */
  async stop(): Promise<void> {
    this.running = false;
    const pending: Promise<void>[] = [];
    for (const slot of this.slots.values()) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.nextAt = null;
      if (slot.scanning) pending.push(slot.scanning);
    }
    await Promise.all(pending);
  }

  /** Scans folder `id` (all watched folders when omitted) now; resolves when the scan(s) ended. */
  async scanNow(id?: number): Promise<void> {
    const slots = [...this.slots.values()].filter((s) => id === undefined || s.folder.id === id);
    await Promise.all(slots.map((s) => this.scan(s)));
  }

  /** Status of every watched folder. */
  status(): WatchStatus[] {
    return [...this.slots.values()].map((s) => ({
      id: s.folder.id,
      path: s.folder.path,
      scanning: s.scanning !== null,
      lastScanUtc: s.lastScanUtc,
      nextScanUtc: s.nextAt === null ? null : new Date(s.nextAt).toISOString(),
      lastResult: s.lastResult,
      lastError: s.lastError,
      importedTotal: s.importedTotal,
    }));
  }

  private intervalMs(slot: Slot): number {
    return this.opts.testOnlyIntervalMs ?? slot.folder.intervalSeconds * 1000;
  }

  private schedule(slot: Slot, delayMs: number): void {
    if (!this.running || this.slots.get(slot.folder.id) !== slot) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.nextAt = Date.now() + delayMs;
    slot.timer = setTimeout(() => {
      slot.timer = null;
      void this.scan(slot);
    }, delayMs);
  }

  /** One scan of a folder; a scan requested while one runs is run right after it. */
  private scan(slot: Slot): Promise<void> {
    if (slot.scanning) {
      slot.again = true;
      return slot.scanning;
    }
    slot.scanning = (async () => {
      do {
        slot.again = false;
        await this.scanOnce(slot);
      } while (slot.again && this.running);
    })().finally(() => {
      slot.scanning = null;
    });
    return slot.scanning;
  }

  private emit(e: WatchEvent): void {
    try {
      this.opts.onEvent?.(e);
    } catch {
      // a listener's failure must not stop the watcher
    }
  }

  private async scanOnce(slot: Slot): Promise<void> {
    const f = slot.folder;
    this.emit({ type: 'scan-start', folderId: f.id, path: f.path, atUtc: now() });
    const counts = { imported: 0, duplicate: 0, replaced: 0, quarantined: 0 };
    let error: string | null = null;
    let unsettled = false;
    try {
      const files = await listImportFiles(f.path, f.recursive, foldersNotToScan(this.ctx));
      const looks = new Map<string, Look>();
      for (const file of files) {
        if (this.slots.get(f.id) !== slot) return; // removed meanwhile
        if (!this.running) break; // stopping: the rest waits for the next start
        const outcome = await this.consider(slot, file, looks);
        if (outcome === 'unsettled') unsettled = true;
        else if (outcome !== null) {
          counts[outcome.result === 'duplicate' ? 'duplicate' : outcome.result]++;
          this.emit({ type: 'file', folderId: f.id, path: f.path, outcome, atUtc: now() });
        }
      }
      slot.looks = looks;
    } catch (err) {
      error = err instanceof StoreError || (err instanceof Error && !(err as NodeJS.ErrnoException).code) ? err.message : folderErrorMessage(f.path, err);
      this.emit({ type: 'error', folderId: f.id, path: f.path, message: error, atUtc: now() });
    }
    const handled = counts.imported + counts.duplicate + counts.replaced + counts.quarantined;
    const result = handled === 0 ? 'no new files' : Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k === 'duplicate' ? 'duplicates' : k}`).join(', ');
    slot.lastScanUtc = now();
    slot.lastResult = result;
    slot.lastError = error;
    slot.importedTotal += counts.imported + counts.replaced;
    if (slot.stored) {
      try {
        recordFolderScan(this.ctx.db, f.id, { atUtc: slot.lastScanUtc, result, error, imported: counts.imported + counts.replaced });
      } catch {
        // the store failed; the error of the scan already says so, or the next one will
      }
    }
    this.emit({ type: 'scan-end', folderId: f.id, path: f.path, result, atUtc: slot.lastScanUtc });
    // Files still being written get a quick second look instead of waiting a whole interval.
    this.schedule(slot, unsettled ? Math.min(SETTLE_MS + 100, this.intervalMs(slot)) : this.intervalMs(slot));
  }

  /** Imports `file` when settled and not handled before; returns its outcome, 'unsettled', or null (skipped). */
  private async consider(slot: Slot, file: string, looks: Map<string, Look>): Promise<ImportFileOutcome | 'unsettled' | null> {
    let st;
    try {
      st = await stat(file);
    } catch {
      return null; // gone since the listing
    }
    const look: Look = { size: st.size, mtimeMs: st.mtimeMs, changedMs: Math.max(st.mtimeMs, st.ctimeMs) };
    looks.set(file, look);
    const decision = decideScan(look, slot.looks.get(file), latestImportOf(this.ctx.db, file), Date.now(), SETTLE_MS);
    if (decision === 'unsettled') return 'unsettled';
    if (decision === 'skip') return null;
    const opts = { mode: slot.folder.mode, folderId: slot.stored ? slot.folder.id : null, origin: `watched folder ${slot.folder.path}` };
    let outcome: ImportFileOutcome;
    if (decision === 'check-content') {
      // Quarantined before with the same size and time: retry only if the bytes changed.
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch {
        return null; // still unreadable: already in the log
      }
      const prev = latestImportOf(this.ctx.db, file);
      if (prev !== null && prev.sha256 === sha256Hex(bytes)) return null;
      outcome = importBytes(this.ctx, { file, mtimeMs: st.mtimeMs, fileTimeUtc: new Date(st.mtimeMs).toISOString(), resPath: file }, bytes, opts);
    } else {
      outcome = await importFile(this.ctx, file, opts);
    }
    return settleHandled(this.ctx, slot.folder.path, outcome, slot.folder.after);
  }
}

function settingsOf(f: WatchedFolder): WatchedFolderSettings {
  return { path: f.path, intervalSeconds: f.intervalSeconds, mode: f.mode, recursive: f.recursive, after: f.after, enabled: f.enabled };
}
