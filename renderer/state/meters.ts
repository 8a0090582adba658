/** Meters slice: the stored meters (for the meter filters of the readings browser and the export dialog). */
import { create } from 'zustand';
import type { MeterSummaryView } from '../../contract';
import { api, messageOf } from '../api/client';

export interface MetersState {
  readonly list: readonly MeterSummaryView[];
  readonly error: string | null;
  refresh(): Promise<void>;
  dismissError(): void;
}

export const useMeters = create<MetersState>()((set) => ({
  list: [],
  error: null,
  async refresh() {
    try {
      set({ list: await api.listMeters({}), error: null });
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },
  dismissError: () => set({ error: null }),
}));

/** How a meter is named in pickers: `ISK MT174-0001 · 60219548`. */
export function meterLabel(m: Pick<MeterSummaryView, 'manufacturer' | 'model' | 'serial'>): string {
  return `${m.manufacturer} ${m.model}${m.serial ? ` · ${m.serial}` : ''}`;
}
