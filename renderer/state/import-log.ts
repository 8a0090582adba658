/** Import-log slice: recent import attempts and the quarantine list (files whose latest attempt was quarantined). */
import { create } from 'zustand';
import type { ImportLogEntryView } from '../../contract';
import { api, messageOf } from '../api/client';

export interface ImportLogState {
  readonly recent: readonly ImportLogEntryView[];
  readonly quarantine: readonly ImportLogEntryView[];
  readonly loading: boolean;
  readonly error: string | null;
  refresh(): Promise<void>;
  dismissError(): void;
}

export const useImportLog = create<ImportLogState>()((set) => ({
  recent: [],
  quarantine: [],
  loading: false,
  error: null,
  async refresh() {
    set({ loading: true });
    try {
      const [recent, quarantine] = await Promise.all([api.listImportLog({ limit: 50 }), api.listQuarantine({ limit: 500 })]);
      set({ recent, quarantine, loading: false, error: null });
    } catch (err) {
      set({ loading: false, error: messageOf(err) });
    }
  },
  dismissError: () => set({ error: null }),
}));
