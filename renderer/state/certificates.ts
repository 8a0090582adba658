/**
 * Certificates slice: the programming certificates (newest first), the one shown (from the list or just after
 * a programming job), and its export as JSON or plain text (written into the exports folder; browser mode also
 * gets a download link).
 */
import { create } from 'zustand';
import type { CertificateSummaryView, CallResult } from '../../contract';
import type { ProgrammingCertificate } from '../../programming/plan';
import { api, messageOf } from '../api/client';

/** A written certificate export: path, file name, download link (browser mode) and text. */
export type CertificateFile = CallResult<'certificates.export'>;

/** State and actions of the certificates slice. */
export interface CertificatesState {
  readonly list: readonly CertificateSummaryView[];
  readonly loading: boolean;
  readonly current: ProgrammingCertificate | null;
  readonly written: CertificateFile | null;
  readonly error: string | null;
  refresh(): Promise<void>;
  open(jobId: number): Promise<void>;
  close(): void;
  exportAs(jobId: number, format: 'json' | 'txt'): Promise<void>;
  dismissError(): void;
}

/** The certificates slice (zustand hook). */
export const useCertificates = create<CertificatesState>()((set) => ({
  list: [],
  loading: false,
  current: null,
  written: null,
  error: null,
  async refresh() {
    set({ loading: true });
    try {
      set({ list: await api['certificates.list']({}), loading: false });
    } catch (err) {
      set({ loading: false, error: messageOf(err) });
    }
  },
  async open(jobId) {
    set({ error: null, written: null });
    try {
      set({ current: await api['certificates.get']({ jobId }) });
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },
  close: () => set({ current: null, written: null }),
  async exportAs(jobId, format) {
    set({ error: null, written: null });
    try {
      set({ written: await api['certificates.export']({ jobId, format }) });
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },
  dismissError: () => set({ error: null }),
}));
