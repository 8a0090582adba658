/**
 * Fakes of the file services (meters, import, CSV sniffing, import log, export) for the API tests (watched folders
 * are the real service on the test store): recorded imports and exports, outcomes chosen by file name
 * (`*.bad` → quarantined at line 3, `dup*` → duplicate, else imported). Used by main/api/*.test.ts only.
 */
import { writeFile } from 'node:fs/promises';
import type { ImportLogEntryView, ImportOutcomeView } from '../../../contract';
import { requireExportScope } from '../../services/files';
import type { ExportRequest, Services } from '../services';
import type { FolderStatus, WatcherControl } from '../watcher-control';

/** The file services' fakes and what they saw. */
export interface FakeFileServices extends Pick<
  Services,
  | 'listMeters' | 'importContent' | 'sniffCsv' | 'listImportLog' | 'listQuarantine'
  | 'exportReadings' | 'exportMeters'
> {
  readonly imports: { name: string; text: string; mode: string; csvMapping?: unknown; modifiedUtc?: string }[];
  readonly exports: { req: ExportRequest | { meters: 'csv' | 'json' }; outPath: string }[];
  readonly sniffed: string[];
}

/** The outcome the fake importer gives a file named `name`. */
export function fakeOutcome(name: string): ImportOutcomeView {
  const bad = name.endsWith('.bad');
  const dup = name.startsWith('dup');
  return {
    file: name, kind: bad ? null : 'res', result: bad ? 'quarantined' : dup ? 'duplicate' : 'imported', readingIds: bad ? [] : [7],
    registers: bad ? 0 : 30, intervals: bad ? 0 : 96, durationMs: 3, reason: bad ? 'The file is cut short.' : null, line: bad ? 3 : null,
  };
}

const LOG_ENTRY: ImportLogEntryView = { ...fakeOutcome('x.bad'), id: 1, atUtc: '2026-03-01T10:00:00.000Z', origin: 'upload' };

/** Fake file services (see file comment). */
export function fakeFileServices(): FakeFileServices {
  const imports: FakeFileServices['imports'] = [];
  const exports: FakeFileServices['exports'] = [];
  const sniffed: string[] = [];
  return {
    imports,
    exports,
    sniffed,
    listMeters: () => [
      { id: 1, manufacturer: 'ISK', model: 'MT174-0001', serial: '12345678', identification: '/ISk5MT174-0001', address: '', firstSeenUtc: '2026-01-10T09:00:00.000Z', lastSeenUtc: '2026-01-10T09:00:00.000Z', readingCount: 1 },
    ],
    importContent: async (_ctx, name, bytes, opts) => {
      imports.push({ name, text: Buffer.from(bytes).toString('utf8'), mode: opts.mode, ...(opts.csvMapping ? { csvMapping: opts.csvMapping } : {}), ...(opts.modifiedUtc ? { modifiedUtc: opts.modifiedUtc } : {}) });
      return fakeOutcome(name);
    },
    sniffCsv: (text) => {
      sniffed.push(text);
      const lines = text.split(/\r?\n/).filter((l) => l !== '');
      return { delimiter: ';', headers: (lines[0] ?? '').split(';'), sample: lines.slice(1).map((l) => l.split(';')), decimal: ',', headerRows: 1, needsMapping: true };
    },
    listImportLog: () => [LOG_ENTRY],
    listQuarantine: () => [LOG_ENTRY],
    exportReadings: async (ctx, req, outPath) => {
      requireExportScope(ctx, req.meterSerial); // the real service's check (main/services/files.ts)
      exports.push({ req, outPath });
      await writeFile(outPath, 'meter_serial,interval_start_utc,1.8.0 [kWh]\r\n12345678,2026-01-10T08:00:00.000Z,1.5\r\n');
      return { path: outPath, files: [outPath], readings: 1, registers: 0, intervals: 1 };
    },
    exportMeters: async (_ctx, format, outPath) => {
      exports.push({ req: { meters: format }, outPath });
      await writeFile(outPath, '[]');
      return { path: outPath, meters: 1 };
    },
  };
}

/** A fake watcher: status per folder id, scans counted, reloads counted. */
export function fakeWatcher(): WatcherControl & { scans: number[]; reloads: number; statuses: FolderStatus[] } {
  const w = {
    scans: [] as number[],
    reloads: 0,
    statuses: [] as FolderStatus[],
    status: () => w.statuses,
    scanNow: async (id: number) => {
      w.scans.push(id);
      w.statuses = [...w.statuses.filter((s) => s.id !== id), { id, lastScanUtc: '2026-03-01T10:00:00.000Z', nextScanUtc: '2026-03-01T10:00:10.000Z', lastResult: '1 imported', lastError: null, importedTotal: 1 }];
    },
    reload: () => {
      w.reloads++;
    },
  };
  return w;
}
