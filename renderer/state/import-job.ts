/**
 * Import slice: files dropped or chosen by the technician are imported in batches (importFiles, base64
 * uploads under the per-call limit) with live progress (importProgress events); a CSV that is not our own
 * format waits for the column mapping dialog; every file ends as one result row with a plain reason.
 */
import { create } from 'zustand';
import type { CsvMappingView, CsvSniffView, ImportMode, ImportOutcomeView } from '../../contract';
import { api, eventsReady, messageOf, onEvent } from '../api/client';
import { batchBySize, formatMegabytes, isCsvName, toBase64 } from '../lib/upload';
import { MAX_UPLOAD_BYTES } from '../../contract';
import { refreshAfterImport } from './actions';

/** Bytes of a CSV read for the sniffer (the start of the file). */
const SNIFF_BYTES = 64 * 1024;

/** One file's result as shown: the importer's outcome, or what happened before it (skipped, failed). */
export interface ImportRow {
  readonly file: string;
  readonly result: ImportOutcomeView['result'] | 'skipped' | 'failed';
  readonly detail: string;
  readonly outcome: ImportOutcomeView | null;
}

/** A CSV waiting for its column mapping. */
export interface PendingCsv {
  readonly file: File;
  readonly sniff: CsvSniffView;
  /** Why the last attempt with a mapping was refused (shown in the dialog), or null. */
  readonly problem: string | null;
}

export interface ImportJobState {
  readonly mode: ImportMode;
  readonly status: 'idle' | 'running' | 'mapping' | 'done';
  readonly progress: { readonly done: number; readonly total: number; readonly file: string } | null;
  readonly rows: readonly ImportRow[];
  /** The CSV whose mapping dialog is open, then the ones after it. */
  readonly pending: readonly PendingCsv[];
  readonly error: string | null;
  setMode(mode: ImportMode): void;
  importFiles(files: readonly File[]): Promise<void>;
  applyMapping(mapping: CsvMappingView): Promise<void>;
  skipMapping(): void;
  dismissError(): void;
}

/** A result in plain words. */
export function describeOutcome(o: ImportOutcomeView): string {
  const counts = `${o.registers} registers, ${o.intervals} load-profile intervals`;
  switch (o.result) {
    case 'imported':
      return `Imported (${counts}).`;
    case 'replaced':
      return `Replaced the stored reading of the same session (${counts}).`;
    case 'duplicate':
      return 'Duplicate: this reading is already stored; nothing was added.';
    case 'quarantined':
      return `Quarantined: ${o.reason ?? 'the file could not be read.'}${o.line !== null ? ` (line ${o.line})` : ''}`;
  }
}

function newJobId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `imp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

async function upload(file: File, mapping?: CsvMappingView) {
  const modified = Number.isFinite(file.lastModified) && file.lastModified > 0 ? { modifiedUtc: new Date(file.lastModified).toISOString() } : {};
  return { name: file.name, contentBase64: toBase64(new Uint8Array(await file.arrayBuffer())), ...modified, ...(mapping ? { csvMapping: mapping } : {}) };
}

export const useImportJob = create<ImportJobState>()((set, get) => {
  const addRows = (rows: ImportRow[]) => set({ rows: [...get().rows, ...rows] });
  const toRows = (outcomes: readonly ImportOutcomeView[]): ImportRow[] =>
    outcomes.map((o) => ({ file: o.file, result: o.result, detail: describeOutcome(o), outcome: o }));

  /** Run one importFiles call; progress counts from `offset` of `total`. Returns false when the call failed. */
  const runBatch = async (files: readonly File[], offset: number, total: number, mapping?: CsvMappingView): Promise<ImportOutcomeView[] | null> => {
    const jobId = newJobId();
    const off = onEvent('importProgress', (e) => {
      if (e.jobId === jobId) set({ progress: { done: offset + e.done, total, file: e.file } });
    });
    try {
      const uploads = await Promise.all(files.map((f) => upload(f, mapping)));
      const summary = await api.importFiles({ jobId, mode: get().mode, files: uploads });
      return summary.outcomes;
    } catch (err) {
      set({ error: messageOf(err) });
      return null;
    } finally {
      off();
    }
  };

  const finishIfDone = async () => {
    if (get().pending.length > 0) {
      set({ status: 'mapping' });
      return;
    }
    set({ status: 'done', progress: null });
    await refreshAfterImport();
  };

  return {
    mode: 'append',
    status: 'idle',
    progress: null,
    rows: [],
    pending: [],
    error: null,
    setMode: (mode) => set({ mode }),

    async importFiles(files) {
      if (get().status === 'running' || get().status === 'mapping' || files.length === 0) return;
      set({ status: 'running', rows: [], pending: [], error: null, progress: { done: 0, total: files.length, file: '' } });
      await eventsReady();
      const direct: File[] = [];
      const pending: PendingCsv[] = [];
      for (const file of files) {
        if (!isCsvName(file.name) || file.size === 0) {
          direct.push(file);
          continue;
        }
        try {
          const sniff = await api.sniffCsv({ name: file.name, text: await file.slice(0, SNIFF_BYTES).text(), partial: file.size > SNIFF_BYTES });
          if (sniff.needsMapping) pending.push({ file, sniff, problem: null });
          else direct.push(file);
        } catch {
          direct.push(file); // the importer reports why it cannot be read (and quarantines it)
        }
      }
      const { batches, tooLarge } = batchBySize(direct);
      addRows(tooLarge.map((f) => ({
        file: f.name, result: 'failed', outcome: null,
        detail: `Not imported: the file is ${formatMegabytes(f.size)}; files up to ${formatMegabytes(MAX_UPLOAD_BYTES)} can be imported here. Put it in a watched folder instead.`,
      })));
      let offset = 0;
      for (const batch of batches) {
        const outcomes = await runBatch(batch, offset, direct.length);
        if (outcomes === null) break;
        addRows(toRows(outcomes));
        offset += batch.length;
      }
      set({ pending });
      await finishIfDone();
    },

    async applyMapping(mapping) {
      const current = get().pending[0];
      if (!current || get().status !== 'mapping') return;
      set({ status: 'running', progress: { done: 0, total: 1, file: current.file.name } });
      const outcomes = await runBatch([current.file], 0, 1, mapping);
      const outcome = outcomes?.[0];
      if (outcome === undefined) {
        set({ status: 'mapping' });
        return;
      }
      if (outcome.result === 'quarantined') {
        // Keep the dialog open so the mapping can be corrected; the reason is shown there.
        set({ status: 'mapping', pending: [{ ...current, problem: describeOutcome(outcome) }, ...get().pending.slice(1)] });
        return;
      }
      addRows(toRows([outcome]));
      set({ pending: get().pending.slice(1) });
      await finishIfDone();
    },

    skipMapping() {
      const current = get().pending[0];
      if (!current) return;
      addRows([{ file: current.file.name, result: 'skipped', outcome: null, detail: current.problem ?? 'Not imported: no column mapping was given.' }]);
      set({ pending: get().pending.slice(1) });
      void finishIfDone();
    },

    dismissError: () => set({ error: null }),
  };
});
