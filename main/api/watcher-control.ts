/**
 * What the API handlers need from the one running folder watcher (main/import `FolderWatcher`, adapted in
 * ./watching.ts): live status per folder, a scan on demand, and a reload after the settings changed.
 * Kept as an interface so handlers and their tests do not start real timers.
 */
import type { z } from 'zod';
import type { watchStatusSchema } from '../../contract';

/** Live status of one watched folder, by its store id (times UTC; see contract `watchStatusSchema`). */
export type FolderStatus = z.infer<typeof watchStatusSchema> & { readonly id: number };

/** The running watcher as the handlers see it. */
export interface WatcherControl {
  /** Status of every folder the watcher runs (enabled folders). */
  status(): readonly FolderStatus[];
  /** Scan folder `id` now; resolves when the scan has finished. Throws a plain Error for an unknown folder. */
  scanNow(id: number): Promise<void>;
  /** Re-read the watched folders from the store (after add, edit or delete). */
  reload(): void;
}

/** A watcher with its lifetime: started once at app start-up, stopped (waiting for running scans) on close. */
export interface WatcherRuntime extends WatcherControl {
  start(): void;
  stop(): void | Promise<void>;
}
