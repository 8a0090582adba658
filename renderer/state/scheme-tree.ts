/**
 * Scheme-library slice: the tree of folders and schemes (schemes.tree), which node is selected, which folders
 * are open, and the tree operations (create / rename / move / delete folders and schemes, import scheme files,
 * export a scheme or a folder). Every operation refreshes the tree; a refused one leaves a plain error.
 */
import { create } from 'zustand';
import type { CallArgs, SchemeFileResultView, SchemeFolderView, SchemeImportResultView, SchemeSummaryView } from '../../contract';
import { api, ApiCallError, messageOf } from '../api/client';
import { useAppInfo } from './app-info';

/** A node of the tree: a folder or a scheme (by store id). */
export type TreeNode = { readonly kind: 'folder'; readonly id: number } | { readonly kind: 'scheme'; readonly id: number };

/** Last export or import, shown under the tree until dismissed. */
export type TreeNotice =
  | { readonly kind: 'export'; readonly file: SchemeFileResultView }
  | { readonly kind: 'import'; readonly results: readonly SchemeImportResultView[] };

/** State and actions of the scheme library slice. */
export interface SchemeTreeState {
  readonly folders: readonly SchemeFolderView[];
  readonly schemes: readonly SchemeSummaryView[];
  readonly loaded: boolean;
  readonly selected: TreeNode | null;
  /** Open folders. */
  readonly expanded: readonly number[];
  readonly busy: boolean;
  readonly error: string | null;
  readonly notice: TreeNotice | null;
  refresh(): Promise<void>;
  select(node: TreeNode | null): void;
  toggle(folderId: number, open?: boolean): void;
  createFolder(parentId: number | null, name: string): Promise<boolean>;
  renameFolder(id: number, name: string): Promise<boolean>;
  moveFolder(id: number, parentId: number | null): Promise<boolean>;
  deleteFolder(id: number): Promise<boolean>;
  /** Create a scheme from the template; resolves with its store id, or null when refused. */
  createScheme(args: CallArgs<'schemes.create'>): Promise<number | null>;
  renameScheme(id: number, name: string): Promise<boolean>;
  moveScheme(id: number, folderId: number | null): Promise<boolean>;
  deleteScheme(id: number): Promise<boolean>;
  importFiles(files: readonly File[], folderId: number | null): Promise<void>;
  exportScheme(id: number, version?: number): Promise<void>;
  exportFolder(folderId: number | null): Promise<void>;
  dismiss(): void;
}

/** The folder a new item goes into for the current selection (the folder itself, or the selected scheme's folder). */
export function targetFolder(s: Pick<SchemeTreeState, 'selected' | 'schemes'>): number | null {
  const sel = s.selected;
  if (!sel) return null;
  if (sel.kind === 'folder') return sel.id;
  return s.schemes.find((x) => x.id === sel.id)?.folderId ?? null;
}

/** Ids of folder `id` and every folder inside it (a folder cannot move into these). */
export function folderAndDescendants(folders: readonly SchemeFolderView[], id: number): Set<number> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const f of folders) {
      if (f.parentId !== null && out.has(f.parentId) && !out.has(f.id)) {
        out.add(f.id);
        grew = true;
      }
    }
  }
  return out;
}

/** `Domestic › 2027` — the path of a folder for dialogs ("Top level" for null). */
export function folderPath(folders: readonly SchemeFolderView[], id: number | null): string {
  const names: string[] = [];
  let cur = id === null ? undefined : folders.find((f) => f.id === id);
  for (let guard = 0; cur && guard < 100; guard++) {
    names.unshift(cur.name);
    const parent = cur.parentId;
    cur = parent === null ? undefined : folders.find((f) => f.id === parent);
  }
  return names.length ? names.join(' › ') : 'Top level';
}

/** The scheme library slice (zustand hook). */
export const useSchemeTree = create<SchemeTreeState>()((set, get) => {
  /** Run a tree operation: busy flag, refresh afterwards, plain error; true when it succeeded. */
  /** Run an export with "Save as" in the desktop app; closing that dialog is not an error. */
  async function exporting(op: (saveAs: boolean) => Promise<void>): Promise<void> {
    try {
      await op(useAppInfo.getState().info?.mode === 'desktop');
    } catch (err) {
      if (!(err instanceof ApiCallError && err.code === 'CANCELLED')) throw err;
    }
  }

  async function run(op: () => Promise<unknown>): Promise<boolean> {
    set({ busy: true, error: null });
    try {
      await op();
      await get().refresh();
      return true;
    } catch (err) {
      set({ error: messageOf(err) });
      return false;
    } finally {
      set({ busy: false });
    }
  }
  const open = (id: number | null) => {
    if (id !== null && !get().expanded.includes(id)) set({ expanded: [...get().expanded, id] });
  };
  return {
    folders: [],
    schemes: [],
    loaded: false,
    selected: null,
    expanded: [],
    busy: false,
    error: null,
    notice: null,
    async refresh() {
      try {
        const tree = await api['schemes.tree']({});
        set({ folders: tree.folders, schemes: tree.schemes, loaded: true });
      } catch (err) {
        set({ error: messageOf(err), loaded: true });
      }
    },
    select: (node) => set({ selected: node }),
    toggle: (id, openIt) => {
      const on = get().expanded.includes(id);
      const want = openIt ?? !on;
      if (want !== on) set({ expanded: want ? [...get().expanded, id] : get().expanded.filter((x) => x !== id) });
    },
    createFolder: (parentId, name) =>
      run(async () => {
        const f = await api['schemes.createFolder']({ parentId, name });
        open(parentId);
        set({ selected: { kind: 'folder', id: f.id } });
      }),
    renameFolder: (id, name) => run(() => api['schemes.renameFolder']({ id, name })),
    moveFolder: (id, parentId) =>
      run(async () => {
        await api['schemes.moveFolder']({ id, parentId });
        open(parentId);
      }),
    deleteFolder: (id) =>
      run(async () => {
        await api['schemes.deleteFolder']({ id });
        set({ selected: null, expanded: get().expanded.filter((x) => x !== id) });
      }),
    async createScheme(args) {
      let created: number | null = null;
      await run(async () => {
        created = (await api['schemes.create'](args)).schemeStoreId;
        open(args.folderId);
        set({ selected: { kind: 'scheme', id: created } });
      });
      return created;
    },
    renameScheme: (id, name) => run(() => api['schemes.rename']({ schemeStoreId: id, name })),
    moveScheme: (id, folderId) =>
      run(async () => {
        await api['schemes.move']({ schemeStoreId: id, folderId });
        open(folderId);
      }),
    deleteScheme: (id) =>
      run(async () => {
        await api['schemes.delete']({ schemeStoreId: id });
        set({ selected: null });
      }),
    async importFiles(files, folderId) {
      const results: SchemeImportResultView[] = [];
      await run(async () => {
        for (const f of files) {
          try {
            results.push(...(await api['schemes.importFile']({ folderId, name: f.name, content: await f.text() })).results);
          } catch (err) {
            results.push({ source: f.name, result: 'problems', schemeStoreId: null, version: null, message: messageOf(err), problems: [] });
          }
        }
        open(folderId);
      });
      set({ notice: { kind: 'import', results } });
    },
    // Desktop: a "Save as" dialog asks where (issue 16: export anywhere); browser mode: the notice offers a download.
    async exportScheme(id, version) {
      await run(() => exporting(async (saveAs) => set({ notice: { kind: 'export', file: await api['schemes.exportFile']({ schemeStoreId: id, ...(version ? { version } : {}), saveAs }) } })));
    },
    async exportFolder(folderId) {
      await run(() => exporting(async (saveAs) => set({ notice: { kind: 'export', file: await api['schemes.exportFolder']({ folderId, saveAs }) } })));
    },
    dismiss: () => set({ notice: null, error: null }),
  };
});
