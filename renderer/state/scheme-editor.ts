/**
 * Scheme-editor slice: the tariff scheme open in the editor — which stored scheme and version it came from,
 * the saved content and the draft being edited, the live problems of the draft (schemes/validate.ts, run in
 * the window on every change: no call to the workstation), the section shown, and a "jump to this field"
 * request from the problems panel. Loading and saving through the API are in scheme-actions.ts.
 */
import { create } from 'zustand';
import type { StoredSchemeView } from '../../contract';
import type { TariffScheme } from '../../schemes/model';
import type { SchemeProblem } from '../../schemes/problems';
import { validateScheme } from '../../schemes/validate';
import { type EditPath, setIn } from '../lib/scheme-edit';
import { focusCandidates, pathKey, sectionOfPath, type ProblemPath, type SchemeSectionId } from '../lib/scheme-paths';

/** The editor's tabs: the scheme sections, plus the save history and the simulation. */
export type EditorTab = SchemeSectionId | 'history' | 'simulation';

/** A request to move the keyboard focus to the field at one of `keys` (most precise first). */
export interface FocusRequest {
  readonly keys: readonly string[];
  /** Increases with every request, so the same field can be asked for twice. */
  readonly seq: number;
}

/** The open scheme's library facts: its tree name and folder, whether it was deleted, and every saved version. */
export type OpenSchemeInfo = Pick<StoredSchemeView, 'name' | 'folderId' | 'deleted' | 'versions'>;

/** State and actions of the scheme editor slice. */
export interface SchemeEditorState {
  /** Store id of the open scheme (null = nothing open). */
  readonly storeId: number | null;
  /** The version shown (its content is `saved`). */
  readonly version: number | null;
  /** The latest saved version when the scheme was opened: a save is refused if someone saved after it. */
  readonly baseVersion: number | null;
  readonly info: OpenSchemeInfo | null;
  /** Content of the version shown (what "unsaved changes" compares with). */
  readonly saved: TariffScheme | null;
  /** The scheme being edited; may hold values that do not pass validation yet. */
  readonly draft: TariffScheme | null;
  /** Every problem of the draft, as validateScheme reports them. */
  readonly problems: readonly SchemeProblem[];
  readonly tab: EditorTab;
  readonly focus: FocusRequest | null;
  /** Show a stored scheme version (schemes.get) in the editor. */
  load(stored: StoredSchemeView): void;
  /** Close the editor. */
  clear(): void;
  /** Set the value at `path` of the draft. */
  set(path: EditPath, value: unknown): void;
  /** Replace the draft by `fn(draft)`. */
  update(fn: (draft: TariffScheme) => TariffScheme): void;
  show(tab: EditorTab): void;
  /** Show the section of `path` and focus its field. */
  jumpTo(path: ProblemPath): void;
  /** The draft was saved: `stored` is the new version as the workstation now holds it. */
  markSaved(stored: StoredSchemeView): void;
  /** Throw the draft's changes away. */
  revert(): void;
}

/** Problems of a draft (validation never throws on a half-edited draft; a crash becomes one plain problem). */
export function problemsOf(draft: TariffScheme | null): SchemeProblem[] {
  if (!draft) return [];
  try {
    return validateScheme(draft, { model: draft.meterModel });
  } catch {
    return [{ path: '', severity: 'error', code: 'invalid', message: 'This scheme cannot be checked in its current form. Undo the last change.' } as SchemeProblem];
  }
}

function loaded(stored: StoredSchemeView) {
  const { name, folderId, deleted, versions } = stored;
  return {
    storeId: stored.schemeStoreId,
    version: stored.version,
    baseVersion: Math.max(stored.version, ...versions.map((v) => v.version)),
    info: { name, folderId, deleted, versions },
    saved: stored.content,
    draft: stored.content,
    problems: problemsOf(stored.content),
  };
}

/** The scheme editor slice (zustand hook). */
export const useSchemeEditor = create<SchemeEditorState>()((set, get) => ({
  storeId: null,
  version: null,
  baseVersion: null,
  info: null,
  saved: null,
  draft: null,
  problems: [],
  tab: 'general',
  focus: null,
  load: (stored) =>
    set((s) => ({
      ...loaded(stored),
      tab: s.storeId === stored.schemeStoreId ? s.tab : 'general',
      focus: null,
    })),
  clear: () => set({ storeId: null, version: null, baseVersion: null, info: null, saved: null, draft: null, problems: [], focus: null }),
  set: (path, value) => get().update((d) => setIn(d, path, value)),
  update: (fn) => {
    const { draft } = get();
    if (!draft) return;
    const next = fn(draft);
    if (next !== draft) set({ draft: next, problems: problemsOf(next) });
  },
  show: (tab) => set({ tab }),
  jumpTo: (path) => set((s) => ({ tab: sectionOfPath(path), focus: { keys: focusCandidates(path), seq: (s.focus?.seq ?? 0) + 1 } })),
  markSaved: (stored) => set(loaded(stored)),
  revert: () => set((s) => ({ draft: s.saved, problems: problemsOf(s.saved) })),
}));

/** True when the draft differs from the saved content. */
export function isDirty(s: Pick<SchemeEditorState, 'draft' | 'saved'>): boolean {
  return s.draft !== s.saved && JSON.stringify(s.draft) !== JSON.stringify(s.saved);
}

/** The problems whose path is exactly the field `path`. */
export function fieldProblems(problems: readonly SchemeProblem[], path: EditPath | string): SchemeProblem[] {
  const key = typeof path === 'string' ? path : pathKey(path);
  return problems.filter((p) => pathKey(p.path) === key);
}
