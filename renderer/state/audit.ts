/**
 * Audit-trail slice: the filter (meter, user, action, days), the records found (newest first, paged with
 * `beforeSeq`), the last chain verification (optionally against an anchor file the auditor kept), the CSV,
 * signed-bundle and anchor exports (written file, download link in browser mode), and the meter's own programming
 * log beside ours for the filtered meter.
 */
import { create } from 'zustand';
import type { AuditRecordView, AuditVerifyView, MeterLogView } from '../../contract';
import { api, messageOf } from '../api/client';
import { auditFilterArgs, EMPTY_AUDIT_FILTER, type AuditFilterForm } from '../lib/audit-words';
import { useAppInfo } from './app-info';

/** Records per page. */
export const AUDIT_PAGE = 100;

/** A written audit export as shown. */
export interface AuditExport {
  readonly kind: 'csv' | 'bundle' | 'anchor';
  readonly path: string;
  readonly fileName: string;
  readonly downloadUrl: string | null;
  readonly records: number;
  readonly keyFingerprint: string | null;
}

export interface AuditState {
  readonly filter: AuditFilterForm;
  /** The filter the shown records were found with (exports use it). */
  readonly applied: AuditFilterForm;
  readonly records: readonly AuditRecordView[];
  readonly total: number;
  readonly nextBeforeSeq: number | null;
  readonly loading: boolean;
  readonly error: string | null;
  readonly verify: AuditVerifyView | null;
  readonly verifying: boolean;
  readonly exporting: AuditExport['kind'] | null;
  readonly exported: readonly AuditExport[];
  readonly meterLog: MeterLogView | null;
  setFilter(patch: Partial<AuditFilterForm>): void;
  /** Find the first page with the current filter. */
  search(): Promise<void>;
  /** Append the next (older) page. */
  more(): Promise<void>;
  clear(): Promise<void>;
  /** Verify; with `anchorText` (an anchor file or bundle the auditor kept) also prove nothing was cut or rewritten since. */
  verifyChain(anchorText?: string): Promise<void>;
  exportCsv(): Promise<void>;
  exportBundle(): Promise<void>;
  exportAnchor(): Promise<void>;
  dismissError(): void;
}

const zone = () => useAppInfo.getState().info?.timeZone ?? 'UTC';

export const useAudit = create<AuditState>()((set, get) => {
  const page = async (filter: AuditFilterForm, beforeSeq: number | null) => {
    const built = auditFilterArgs(filter, zone());
    if ('error' in built) {
      set({ error: built.error });
      return null;
    }
    set({ loading: true, error: null });
    try {
      const r = await api['audit.list']({ ...built.args, limit: AUDIT_PAGE, ...(beforeSeq !== null ? { beforeSeq } : {}) });
      return r;
    } catch (err) {
      set({ loading: false, error: messageOf(err) });
      return null;
    }
  };
  const loadMeterLog = async (serial: string) => {
    if (!serial) return set({ meterLog: null });
    try {
      set({ meterLog: await api['audit.meterLog']({ meterSerial: serial }) });
    } catch (err) {
      set({ meterLog: null, error: messageOf(err) });
    }
  };
  return {
    filter: EMPTY_AUDIT_FILTER,
    applied: EMPTY_AUDIT_FILTER,
    records: [],
    total: 0,
    nextBeforeSeq: null,
    loading: false,
    error: null,
    verify: null,
    verifying: false,
    exporting: null,
    exported: [],
    meterLog: null,

    setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),

    async search() {
      const filter = get().filter;
      const r = await page(filter, null);
      if (!r) return;
      set({ loading: false, records: r.records, total: r.total, nextBeforeSeq: r.nextBeforeSeq, applied: filter });
      await loadMeterLog(filter.meterSerial.trim());
    },

    async more() {
      const { applied, nextBeforeSeq } = get();
      if (nextBeforeSeq === null) return;
      const r = await page(applied, nextBeforeSeq);
      if (!r) return;
      set((s) => ({ loading: false, records: [...s.records, ...r.records], total: r.total, nextBeforeSeq: r.nextBeforeSeq }));
    },

    async clear() {
      set({ filter: EMPTY_AUDIT_FILTER });
      await get().search();
    },

    async verifyChain(anchorText) {
      set({ verifying: true, error: null });
      try {
        set({ verify: await api['audit.verify'](anchorText !== undefined ? { anchorText } : {}), verifying: false });
      } catch (err) {
        set({ verifying: false, error: messageOf(err) });
      }
    },

    async exportCsv() {
      const built = auditFilterArgs(get().applied, zone());
      if ('error' in built) return set({ error: built.error });
      set({ exporting: 'csv', error: null });
      try {
        const r = await api['audit.exportCsv'](built.args);
        const entry: AuditExport = { kind: 'csv', path: r.path, fileName: r.fileName, downloadUrl: r.downloadUrl, records: r.records, keyFingerprint: null };
        set((s) => ({ exporting: null, exported: [entry, ...s.exported.filter((e) => e.kind !== 'csv')] }));
      } catch (err) {
        set({ exporting: null, error: messageOf(err) });
      }
    },

    async exportBundle() {
      set({ exporting: 'bundle', error: null });
      try {
        const r = await api['audit.exportBundle']({});
        const entry: AuditExport = { kind: 'bundle', path: r.path, fileName: r.fileName, downloadUrl: r.downloadUrl, records: r.records, keyFingerprint: r.keyFingerprint };
        set((s) => ({ exporting: null, exported: [entry, ...s.exported.filter((e) => e.kind !== 'bundle')] }));
      } catch (err) {
        set({ exporting: null, error: messageOf(err) });
      }
    },

    async exportAnchor() {
      set({ exporting: 'anchor', error: null });
      try {
        const r = await api['audit.exportAnchor']({});
        const entry: AuditExport = { kind: 'anchor', path: r.path, fileName: r.fileName, downloadUrl: r.downloadUrl, records: r.seq, keyFingerprint: r.keyFingerprint };
        set((s) => ({ exporting: null, exported: [entry, ...s.exported.filter((e) => e.kind !== 'anchor')] }));
      } catch (err) {
        set({ exporting: null, error: messageOf(err) });
      }
    },

    dismissError: () => set({ error: null }),
  };
});
