/**
 * Export slice: the export dialog (open/closed, preset from the readings browser's filters), the running
 * export, and the written file (path, and a download link in browser mode).
 */
import { create } from 'zustand';
import type { CallArgs, ExportResultView } from '../../contract';
import { api, messageOf } from '../api/client';

/** What the dialog starts with. */
export interface ExportPreset {
  readonly meterSerial: string;
  readonly from: string;
  readonly to: string;
}

/** A written export as the dialog shows it. */
export interface WrittenFile {
  /** Every file written (a CSV of everything is two files: load profile and registers). */
  readonly files: readonly { readonly path: string; readonly fileName: string; readonly downloadUrl: string | null }[];
  /** e.g. `3 readings, 288 intervals` or `4 meters`. */
  readonly summary: string;
}

export interface ExportState {
  readonly open: boolean;
  readonly preset: ExportPreset;
  readonly running: boolean;
  readonly written: WrittenFile | null;
  readonly error: string | null;
  openDialog(preset?: Partial<ExportPreset>): void;
  close(): void;
  exportReadings(args: CallArgs<'exportReadings'>): Promise<void>;
  exportMeters(format: 'csv' | 'json'): Promise<void>;
}

function summarise(r: ExportResultView): string {
  return `${r.readings} reading${r.readings === 1 ? '' : 's'}, ${r.registers} registers, ${r.intervals} load-profile intervals`;
}

export const useExport = create<ExportState>()((set) => ({
  open: false,
  preset: { meterSerial: '', from: '', to: '' },
  running: false,
  written: null,
  error: null,
  openDialog: (preset = {}) => set({ open: true, written: null, error: null, preset: { meterSerial: '', from: '', to: '', ...preset } }),
  close: () => set({ open: false }),
  async exportReadings(args) {
    set({ running: true, written: null, error: null });
    try {
      const r = await api.exportReadings(args);
      set({ running: false, written: { files: r.files, summary: summarise(r) } });
    } catch (err) {
      set({ running: false, error: messageOf(err) });
    }
  },
  async exportMeters(format) {
    set({ running: true, written: null, error: null });
    try {
      const r = await api.exportMeters({ format });
      set({ running: false, written: { files: [r], summary: `${r.meters} meter${r.meters === 1 ? '' : 's'}` } });
    } catch (err) {
      set({ running: false, error: messageOf(err) });
    }
  },
}));
