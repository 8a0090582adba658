/**
 * The real services behind the API (serial ports, IEC 62056-21 session, SQLite store, import, formats, export),
 * adapted to the `Services` interface of ./services.ts. Loaded only by the running app (browser mode, desktop),
 * never by handler tests, which pass fakes.
 */
import { ImportFormatError } from '../formats/errors';
import { parseProfileCsv, sniffCsv } from '../formats/profile-csv';
import { adjustMeterClock, readMeterClock, setMeterClock } from '../services/clock';
import { listPorts } from '../services/ports';
import { exportMetersAs, exportReadingsAs, importContentAs } from '../services/files';
import { readMeter } from '../services/read-meter';
import { getReadingAs, listMetersAs, listReadingsAs } from '../services/readings';
import { listImportLog, listQuarantine, type ImportLogEntry } from '../store/import-log';
import type { ImportLogEntryView } from '../../contract';
import { realSchemeServices } from './real-scheme-services';
import type { Services } from './services';

/** An import-log row → the contract's entry (where the attempt came from: upload, watched folder or command line). */
function logView(e: ImportLogEntry): ImportLogEntryView {
  const origin = e.origin ?? (e.folderId !== null ? 'watched folder' : null);
  return {
    id: e.id, atUtc: e.atUtc, origin, file: e.file, kind: e.kind, result: e.result, readingIds: [...e.readingIds],
    registers: e.registers, intervals: e.intervals, durationMs: e.durationMs, reason: e.reason, line: e.line,
  };
}

/** True when `text` (the start of a CSV) is not a PMU CSV export, so importing it needs a column mapping. */
function csvNeedsMapping(text: string): boolean {
  try {
    parseProfileCsv(text);
    return false;
  } catch (err) {
    return err instanceof ImportFormatError && err.reason === 'needs-mapping';
  }
}

/** The real services (see file comment). */
export const realServices: Services = {
  ...realSchemeServices,
  listPorts,
  readMeter,
  readMeterClock,
  setMeterClock,
  adjustMeterClock,
  listReadings: listReadingsAs,
  getReading: getReadingAs,
  listMeters: listMetersAs,
  importContent: async (ctx, name, bytes, opts) => {
    const o = await importContentAs(ctx, name, bytes, opts);
    return { file: o.file, kind: o.kind, result: o.result, readingIds: [...o.readingIds], registers: o.registers, intervals: o.intervals, durationMs: o.durationMs, reason: o.reason, line: o.line, ...(o.signature ? { signature: o.signature } : {}) };
  },
  sniffCsv: (text) => {
    const s = sniffCsv(text);
    return { delimiter: s.delimiter, headers: s.headers, sample: s.sample, decimal: s.decimal, headerRows: s.headerRows, needsMapping: csvNeedsMapping(text) };
  },
  listImportLog: (db, filter) => listImportLog(db, filter).map(logView),
  listQuarantine: (db, filter) => listQuarantine(db, filter).map(logView),
  exportReadings: (ctx, req, outPath) => exportReadingsAs(ctx, req, outPath),
  exportMeters: (ctx, format, outPath) => exportMetersAs(ctx, format, outPath),
};
