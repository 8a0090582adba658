/**
 * Watched-folders slice: the folders the workstation scans for new files, with live status; the add/edit form
 * (a draft checked here first: the workstation checks again and that the folder exists); delete; "Scan now".
 */
import { create } from 'zustand';
import { MIN_SCAN_INTERVAL_S, type WatchedFolderInput, type WatchedFolderView } from '../../contract';
import { api, messageOf } from '../api/client';
import { refreshAfterImport } from './actions';

/** The add/edit form (interval as typed text so a half-typed number can be shown and checked). */
export interface FolderDraft {
  readonly id?: number;
  readonly path: string;
  readonly interval: string;
  readonly mode: WatchedFolderInput['mode'];
  readonly recursive: boolean;
  readonly after: WatchedFolderInput['after'];
  readonly enabled: boolean;
}

/** A new folder's form: every minute, append, no subfolders, leave files, enabled. */
export const NEW_FOLDER: FolderDraft = { path: '', interval: '60', mode: 'append', recursive: false, after: 'leave', enabled: true };

/** A new folder's form with the administrator's import defaults (appInfo `importDefaults`, settings `files.*`). */
export function newFolderDraft(defaults?: { mode: FolderDraft['mode']; after: FolderDraft['after']; scanIntervalSeconds: number }): FolderDraft {
  return defaults ? { ...NEW_FOLDER, interval: String(defaults.scanIntervalSeconds), mode: defaults.mode, after: defaults.after } : NEW_FOLDER;
}

/** Check a draft; the contract input, or the problems by field (`path`, `interval`). */
export function checkDraft(d: FolderDraft): { input: WatchedFolderInput } | { errors: { path?: string; interval?: string } } {
  const errors: { path?: string; interval?: string } = {};
  if (d.path.trim() === '') errors.path = 'Enter the folder to watch.';
  const seconds = Number(d.interval);
  if (d.interval.trim() === '' || !Number.isInteger(seconds)) errors.interval = 'Enter the scan interval in whole seconds.';
  else if (seconds < MIN_SCAN_INTERVAL_S) errors.interval = `The scan interval must be at least ${MIN_SCAN_INTERVAL_S} seconds.`;
  else if (seconds > 86_400) errors.interval = 'The scan interval must be at most 86400 seconds (one day).';
  if (errors.path || errors.interval) return { errors };
  return {
    input: {
      ...(d.id !== undefined ? { id: d.id } : {}),
      path: d.path.trim(), intervalSeconds: seconds, mode: d.mode, recursive: d.recursive, after: d.after, enabled: d.enabled,
    },
  };
}

export interface WatchedFoldersState {
  readonly folders: readonly WatchedFolderView[];
  readonly loading: boolean;
  /** The open form, or null. */
  readonly draft: FolderDraft | null;
  readonly saving: boolean;
  /** Ids being scanned on request. */
  readonly scanning: readonly number[];
  readonly error: string | null;
  refresh(): Promise<void>;
  edit(draft: FolderDraft | null): void;
  save(): Promise<boolean>;
  remove(id: number): Promise<void>;
  scanNow(id: number): Promise<void>;
  dismissError(): void;
}

export const useWatchedFolders = create<WatchedFoldersState>()((set, get) => ({
  folders: [],
  loading: false,
  draft: null,
  saving: false,
  scanning: [],
  error: null,
  async refresh() {
    set({ loading: true });
    try {
      set({ folders: await api.listWatchedFolders({}), loading: false });
    } catch (err) {
      set({ loading: false, error: messageOf(err) });
    }
  },
  edit: (draft) => set({ draft, error: null }),
  async save() {
    const draft = get().draft;
    if (!draft) return false;
    const checked = checkDraft(draft);
    if ('errors' in checked) return false;
    set({ saving: true, error: null });
    try {
      await api.saveWatchedFolder(checked.input);
      set({ saving: false, draft: null });
      await get().refresh();
      return true;
    } catch (err) {
      set({ saving: false, error: messageOf(err) });
      return false;
    }
  },
  async remove(id) {
    try {
      await api.deleteWatchedFolder({ id });
      await get().refresh();
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },
  async scanNow(id) {
    set({ scanning: [...get().scanning, id], error: null });
    try {
      const folder = await api.scanWatchedFolderNow({ id });
      set({ folders: get().folders.map((f) => (f.id === id ? folder : f)) });
      await refreshAfterImport();
    } catch (err) {
      set({ error: messageOf(err) });
    } finally {
      set({ scanning: get().scanning.filter((x) => x !== id) });
    }
  },
  dismissError: () => set({ error: null }),
}));
