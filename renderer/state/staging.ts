/**
 * Staging slice: staged programs (a saved scheme version joined with one meter's data), the one open with
 * its program plan (exactly what will be written) and the scheme's problems for the meter model, and the
 * "stage" form's starting scheme when the editor's "Stage for a meter…" opened the screen.
 */
import { create } from 'zustand';
import type { CallArgs, StagedDetailView } from '../../contract';
import type { StagedProgram } from '../../programming/plan';
import { api, messageOf } from '../api/client';
import { useNav } from './nav';

/** What the stage form starts with. */
export interface StagePreset {
  readonly schemeStoreId: number;
  readonly version?: number;
}

/** State and actions of the staging slice. */
export interface StagingState {
  readonly list: readonly StagedProgram[];
  readonly loading: boolean;
  /** The open staged program, or null (the stage form is shown). */
  readonly current: StagedDetailView | null;
  readonly preset: StagePreset | null;
  readonly busy: boolean;
  readonly error: string | null;
  refresh(): Promise<void>;
  open(id: number): Promise<void>;
  /** Show the stage form (optionally for a scheme version). */
  startNew(preset?: StagePreset | null): void;
  /** Stage; opens the new staged program and resolves true, or leaves the error and resolves false. */
  create(args: CallArgs<'staging.create'>): Promise<boolean>;
  approve(id: number): Promise<void>;
  remove(id: number): Promise<void>;
  dismissError(): void;
}

/** The staging slice (zustand hook). */
export const useStaging = create<StagingState>()((set, get) => ({
  list: [],
  loading: false,
  current: null,
  preset: null,
  busy: false,
  error: null,
  async refresh() {
    set({ loading: true });
    try {
      set({ list: await api['staging.list']({}), loading: false });
    } catch (err) {
      set({ loading: false, error: messageOf(err) });
    }
  },
  async open(id) {
    set({ busy: true, error: null });
    try {
      set({ current: await api['staging.get']({ id }), busy: false });
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
    }
  },
  startNew: (preset = null) => set({ current: null, preset, error: null }),
  async create(args) {
    set({ busy: true, error: null });
    try {
      const staged = await api['staging.create'](args);
      set({ busy: false, preset: null });
      await Promise.all([get().refresh(), get().open(staged.id)]);
      return true;
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
      return false;
    }
  },
  async approve(id) {
    set({ busy: true, error: null });
    try {
      await api['staging.approve']({ id });
      set({ busy: false });
      await Promise.all([get().refresh(), get().open(id)]);
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
    }
  },
  async remove(id) {
    set({ busy: true, error: null });
    try {
      await api['staging.delete']({ id });
      set({ busy: false, current: null });
      await get().refresh();
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
    }
  },
  dismissError: () => set({ error: null }),
}));

/** Show the Staging screen with the stage form set to scheme `schemeStoreId` (version `version`, default latest). */
export function goToStaging(schemeStoreId: number, version?: number): void {
  useStaging.getState().startNew({ schemeStoreId, ...(version === undefined ? {} : { version }) });
  useNav.getState().go('staging');
}
