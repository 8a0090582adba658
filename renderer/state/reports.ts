/**
 * Reports slice (issue 15): the report form (kind, target, period), the report shown (a new run or a stored one),
 * the stored runs, exports (written file, download link in browser mode), re-run comparison and printing, and the
 * virtual meters with the live check of a formula being typed.
 */
import { create } from 'zustand';
import type { FormulaCheckView, Report, ReportRunView, ReportTarget, VirtualMeterInput, VirtualMeterView } from '../../contract';
import { api, messageOf } from '../api/client';

/** The report form. Dates `YYYY-MM-DD` (local, both included); `zone` '' = the target's. */
export interface ReportForm {
  readonly kind: 'billing' | 'balance' | 'virtual';
  readonly targetKind: ReportTarget['kind'];
  readonly serial: string;
  readonly placeId: number | null;
  readonly customerNumber: string;
  readonly virtualName: string;
  readonly fromDate: string;
  readonly toDate: string;
  readonly zone: string;
}

/** A written export as shown. */
export interface WrittenReport { readonly format: string; readonly path: string; readonly fileName: string; readonly downloadUrl: string | null }

/** First and last day of the previous calendar month (the usual billing period), by the computer's calendar. */
export function lastMonth(now = new Date()): { fromDate: string; toDate: string } {
  const first = new Date(Date.UTC(now.getFullYear(), now.getMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getFullYear(), now.getMonth(), 0));
  return { fromDate: first.toISOString().slice(0, 10), toDate: last.toISOString().slice(0, 10) };
}

export interface ReportsState {
  readonly form: ReportForm;
  readonly report: Report | null;
  readonly runs: readonly ReportRunView[];
  readonly running: boolean;
  readonly error: string | null;
  readonly written: readonly WrittenReport[];
  readonly rerun: { readonly same: boolean; readonly differences: readonly string[] } | null;
  readonly virtualMeters: readonly VirtualMeterView[];
  readonly check: FormulaCheckView | null;
  setForm(patch: Partial<ReportForm>): void;
  run(): Promise<void>;
  open(runId: number): Promise<void>;
  refreshRuns(): Promise<void>;
  rerunShown(): Promise<void>;
  exportShown(format: 'pdf' | 'xlsx' | 'csv'): Promise<void>;
  printShown(): Promise<void>;
  refreshVirtualMeters(): Promise<void>;
  checkFormula(formula: string): Promise<void>;
  saveVirtualMeter(v: VirtualMeterInput): Promise<boolean>;
  dismissError(): void;
}

function targetOf(f: ReportForm): ReportTarget | string {
  switch (f.targetKind) {
    case 'meter': return f.serial.trim() ? { kind: 'meter', serial: f.serial.trim() } : 'Choose a meter.';
    case 'place': return f.placeId !== null ? { kind: 'place', placeId: f.placeId } : 'Choose a place.';
    case 'customer': return f.customerNumber.trim() ? { kind: 'customer', customerNumber: f.customerNumber.trim() } : 'Choose a customer.';
    case 'virtual': return f.virtualName ? { kind: 'virtual', name: f.virtualName } : 'Choose a virtual meter.';
  }
}

export const useReports = create<ReportsState>()((set, get) => {
  const guard = async (work: () => Promise<void>) => {
    set({ running: true, error: null });
    try {
      await work();
    } catch (e) {
      set({ error: messageOf(e) });
    } finally {
      set({ running: false });
    }
  };
  return {
    form: { kind: 'billing', targetKind: 'meter', serial: '', placeId: null, customerNumber: '', virtualName: '', ...lastMonth(), zone: '' },
    report: null,
    runs: [],
    running: false,
    error: null,
    written: [],
    rerun: null,
    virtualMeters: [],
    check: null,
    setForm: (patch) => set({ form: { ...get().form, ...patch } }),
    run: () =>
      guard(async () => {
        const f = get().form;
        const period = { fromDate: f.fromDate, toDate: f.toDate, ...(f.zone ? { timeZone: f.zone } : {}) };
        let report: Report;
        if (f.kind === 'balance') {
          if (f.placeId === null) throw new Error('Choose the place to balance (a feeder or substation).');
          report = await api['reports.balance']({ placeId: f.placeId, ...period });
        } else if (f.kind === 'virtual') {
          if (!f.virtualName) throw new Error('Choose a virtual meter.');
          report = await api['reports.virtual']({ name: f.virtualName, ...period });
        } else {
          const target = targetOf(f);
          if (typeof target === 'string') throw new Error(target);
          report = await api['reports.billing']({ target, ...period });
        }
        set({ report, written: [], rerun: null });
        await get().refreshRuns();
      }),
    open: (runId) =>
      guard(async () => {
        set({ report: await api['reports.get']({ runId }), written: [], rerun: null });
      }),
    refreshRuns: async () => {
      try {
        set({ runs: await api['reports.runs']({ limit: 50 }) });
      } catch (e) {
        set({ error: messageOf(e) });
      }
    },
    rerunShown: () =>
      guard(async () => {
        const r = get().report;
        if (!r) return;
        const out = await api['reports.rerun']({ runId: r.runId });
        set({ report: out.report, rerun: { same: out.same, differences: out.differences }, written: [] });
        await get().refreshRuns();
      }),
    exportShown: (format) =>
      guard(async () => {
        const r = get().report;
        if (!r) return;
        const f = await api['reports.export']({ runId: r.runId, format });
        set({ written: [...get().written.filter((w) => w.format !== format), { format, ...f }] });
      }),
    printShown: () =>
      guard(async () => {
        const r = get().report;
        if (!r) return;
        const out = await api['reports.print']({ runId: r.runId });
        if (out.pdf) {
          set({ written: [...get().written.filter((w) => w.format !== 'pdf'), { format: 'pdf', ...out.pdf }] });
          if (out.pdf.downloadUrl) window.open(out.pdf.downloadUrl, '_blank', 'noopener');
        }
      }),
    refreshVirtualMeters: async () => {
      try {
        set({ virtualMeters: await api['virtualMeters.list']({}) });
      } catch (e) {
        set({ error: messageOf(e) });
      }
    },
    checkFormula: async (formula) => {
      if (formula.trim() === '') return set({ check: null });
      try {
        set({ check: await api['virtualMeters.check']({ formula }) });
      } catch (e) {
        set({ error: messageOf(e) });
      }
    },
    saveVirtualMeter: async (v) => {
      set({ error: null });
      try {
        await api['virtualMeters.save'](v);
        await get().refreshVirtualMeters();
        return true;
      } catch (e) {
        set({ error: messageOf(e) });
        return false;
      }
    },
    dismissError: () => set({ error: null }),
  };
});
