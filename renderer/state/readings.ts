/** Readings slice: the stored readings list (newest first) and the reading open on screen. */
import { create } from 'zustand';
import type { ReadingSummaryView, ReadingView } from '../../contract';
import { api, messageOf } from '../api/client';

export interface ReadingsState {
  readonly list: readonly ReadingSummaryView[];
  readonly listLoading: boolean;
  readonly current: ReadingView | null;
  /** Id of the reading being loaded, or null. */
  readonly openingId: number | null;
  readonly error: string | null;
  refresh(): Promise<void>;
  open(id: number): Promise<void>;
  /** Show no reading (a new read starts: the screen must not show another meter's reading under its progress). */
  close(): void;
  dismissError(): void;
}

export const useReadings = create<ReadingsState>()((set, get) => ({
  list: [],
  listLoading: false,
  current: null,
  openingId: null,
  error: null,
  async refresh() {
    set({ listLoading: true });
    try {
      set({ list: await api.listReadings({}), listLoading: false });
    } catch (err) {
      set({ listLoading: false, error: messageOf(err) });
    }
  },
  async open(id) {
    set({ openingId: id, error: null });
    try {
      const reading = await api.getReading({ id });
      if (get().openingId !== id) return; // another reading was opened meanwhile
      if (reading === null) set({ openingId: null, error: `Reading ${id} is no longer in the store.` });
      else set({ openingId: null, current: reading });
    } catch (err) {
      set({ openingId: null, error: messageOf(err) });
    }
  },
  close: () => set({ current: null, openingId: null }),
  dismissError: () => set({ error: null }),
}));

/** The stored summary (with its .RES path) of the open reading, when listed. */
export function currentSummary(state: Pick<ReadingsState, 'list' | 'current'>): ReadingSummaryView | null {
  const id = state.current?.id;
  return id === undefined ? null : (state.list.find((r) => r.id === id) ?? null);
}
