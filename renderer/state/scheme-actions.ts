/**
 * Loading and saving the scheme in the editor through the workstation (schemes.get / schemes.save), with a
 * "discard unsaved changes?" step when another scheme is opened over unsaved edits. `useSchemeIo` holds the
 * busy flags, the plain error and the pending open request the discard dialog asks about.
 */
import { create } from 'zustand';
import { api, messageOf } from '../api/client';
import { isDirty, useSchemeEditor } from './scheme-editor';
import { useSchemeTree } from './scheme-tree';

/** A scheme (and version) waiting for "discard unsaved changes?". */
export interface PendingOpen {
  readonly storeId: number;
  readonly version?: number;
}

/** Busy flags, error and pending open request of loading/saving schemes. */
export interface SchemeIoState {
  readonly loading: boolean;
  readonly saving: boolean;
  readonly error: string | null;
  readonly pending: PendingOpen | null;
  dismissError(): void;
}

/** The scheme load/save status slice (zustand hook). */
export const useSchemeIo = create<SchemeIoState>()((set) => ({
  loading: false,
  saving: false,
  error: null,
  pending: null,
  dismissError: () => set({ error: null }),
}));

/**
 * Open version `version` (default the latest) of scheme `storeId` in the editor. With unsaved changes in the
 * editor (and `discard` false) nothing is loaded yet: `pending` is set for the discard dialog.
 */
export async function openScheme(storeId: number, version?: number, discard = false): Promise<void> {
  const editor = useSchemeEditor.getState();
  // Choosing the scheme that is open again keeps the edits (nothing to load).
  if (!discard && version === undefined && editor.storeId === storeId && isDirty(editor)) {
    useSchemeTree.getState().select({ kind: 'scheme', id: storeId });
    return;
  }
  if (!discard && editor.storeId !== null && isDirty(editor)) {
    useSchemeIo.setState({ pending: { storeId, ...(version === undefined ? {} : { version }) } });
    return;
  }
  useSchemeIo.setState({ loading: true, error: null, pending: null });
  try {
    const stored = await api['schemes.get']({ schemeStoreId: storeId, ...(version === undefined ? {} : { version }) });
    useSchemeEditor.getState().load(stored);
    useSchemeTree.getState().select({ kind: 'scheme', id: storeId });
  } catch (err) {
    useSchemeIo.setState({ error: messageOf(err) });
  } finally {
    useSchemeIo.setState({ loading: false });
  }
}

/** Answer the discard dialog: open the pending scheme (throwing the edits away) or keep editing. */
export async function answerDiscard(discard: boolean): Promise<void> {
  const pending = useSchemeIo.getState().pending;
  useSchemeIo.setState({ pending: null });
  if (discard && pending) await openScheme(pending.storeId, pending.version, true);
}

/**
 * Save the draft as a new version with `note`. Resolves with the new version number, or null when refused
 * (the error says why, e.g. someone else saved first). Unchanged content saves nothing and keeps the version.
 */
export async function saveScheme(note: string): Promise<number | null> {
  const { storeId, baseVersion, draft } = useSchemeEditor.getState();
  if (storeId === null || baseVersion === null || !draft) return null;
  useSchemeIo.setState({ saving: true, error: null });
  try {
    const trimmed = note.trim();
    const r = await api['schemes.save']({ schemeStoreId: storeId, baseVersion, content: draft, ...(trimmed ? { note: trimmed } : {}) });
    useSchemeEditor.getState().markSaved(await api['schemes.get']({ schemeStoreId: storeId, version: r.version }));
    await useSchemeTree.getState().refresh();
    return r.version;
  } catch (err) {
    useSchemeIo.setState({ error: messageOf(err) });
    return null;
  } finally {
    useSchemeIo.setState({ saving: false });
  }
}

/** After the open scheme was deleted (or its folder): close the editor. */
export function closeDeleted(storeId: number): void {
  if (useSchemeEditor.getState().storeId === storeId) useSchemeEditor.getState().clear();
}
