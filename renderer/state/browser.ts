/**
 * Readings-browser slice: filters (meter, days in the workstation's time zone, source) and the matching stored
 * readings (listReadings with filters), newest first.
 */
import { create } from 'zustand';
import type { CallArgs, ReadingSummaryView } from '../../contract';
import { api, messageOf } from '../api/client';
import { dayRange } from '../lib/dates';
import { useAppInfo } from './app-info';

/** Where a reading came from, in words (filter options and the table). */
export const SOURCE_NAMES: Readonly<Record<ReadingSummaryView['source'], string>> = {
  probe: 'Read with the probe',
  push: 'Heard from a push meter',
  'res-import': 'Imported .RES file',
  'readout-import': 'Imported readout capture',
  'csv-import': 'Imported CSV',
  'json-import': 'Imported JSON',
};

export interface BrowserFilters {
  /** Store id of a meter, or null for all meters. */
  readonly meterId: number | null;
  /** Days `yyyy-MM-dd` ('' = open). */
  readonly from: string;
  readonly to: string;
  readonly source: ReadingSummaryView['source'] | '';
}

export interface BrowserState {
  readonly filters: BrowserFilters;
  readonly rows: readonly ReadingSummaryView[];
  readonly loading: boolean;
  readonly error: string | null;
  setFilters(patch: Partial<BrowserFilters>): void;
  refresh(): Promise<void>;
  dismissError(): void;
}

/** Most rows the browser shows. */
export const BROWSER_LIMIT = 500;

/** The listReadings arguments of `filters` (days in `zone`), or an error sentence. */
export function filterArgs(filters: BrowserFilters, zone: string): { args: CallArgs<'listReadings'> } | { error: string } {
  const range = dayRange(filters.from, filters.to, zone);
  if (range.error) return { error: range.error };
  return {
    args: {
      limit: BROWSER_LIMIT,
      ...(filters.meterId !== null ? { meterId: filters.meterId } : {}),
      ...(range.fromUtc ? { fromUtc: range.fromUtc } : {}),
      ...(range.toUtc ? { toUtc: range.toUtc } : {}),
      ...(filters.source ? { source: filters.source } : {}),
    },
  };
}

export const useBrowser = create<BrowserState>()((set, get) => ({
  filters: { meterId: null, from: '', to: '', source: '' },
  rows: [],
  loading: false,
  error: null,
  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
    void get().refresh();
  },
  async refresh() {
    const built = filterArgs(get().filters, useAppInfo.getState().info?.timeZone ?? 'UTC');
    if ('error' in built) {
      set({ error: built.error });
      return;
    }
    set({ loading: true, error: null });
    try {
      set({ rows: await api.listReadings(built.args), loading: false });
    } catch (err) {
      set({ loading: false, error: messageOf(err) });
    }
  },
  dismissError: () => set({ error: null }),
}));
