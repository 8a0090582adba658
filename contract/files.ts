/**
 * Schemas of the contract (contract/index.ts) for readings travelling as files: uploads for import, the CSV
 * column mapping, import outcomes and the import log, watched folders, exports, and the meter list. Pure zod,
 * imported by the renderer, the preload bridge and main like contract.ts itself.
 *
 * Security rules encoded here: the page never chooses a path the workstation writes to (exports go to the
 * data folder's `exports/`), and an uploaded file's `name` is a label only — names with a folder part
 * (`/`, `\`, `..`) or control characters are refused.
 */
import { z } from 'zod';

/** Largest total of file contents in one `importFiles` call, bytes (decoded). Bigger sets go in several calls. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Largest CSV excerpt `sniffCsv` accepts, characters (the UI sends the first 64 KiB). */
export const MAX_SNIFF_CHARS = 128 * 1024;
/** Most files in one `importFiles` call. */
export const MAX_FILES_PER_CALL = 500;
/** A job id chosen by the renderer so it can match progress events to its job: 1…64 of [A-Za-z0-9_-]. */
export const jobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, - or _');

/** Shortest scan interval of a watched folder, seconds (issue 5: "as often as every 10 s"). */
export const MIN_SCAN_INTERVAL_S = 10;

/** Characters Windows refuses in file names (besides the folder separators, which are refused outright). */
const WINDOWS_UNSAFE = /[<>:"|?*]/g;

/**
 * The name of an uploaded file: its base name only (what File.name gives), 1…255 characters. A folder part
 * or `.`/`..` (path traversal), NUL or control characters are refused; characters Windows forbids in names
 * (`<>:"|?*`) become `_`. Leading/trailing spaces are trimmed.
 */
export const uploadNameSchema = z
  .string()
  .trim()
  .min(1, 'the file has no name')
  .max(255, 'the file name is longer than 255 characters')
  .refine((n) => !/[/\\]/.test(n), 'must be a file name without a folder (no / or \\)')
  .refine((n) => n !== '.' && n !== '..', 'must be a file name, not . or ..')
  .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), 'must not contain control characters')
  .transform((n) => n.replace(WINDOWS_UNSAFE, '_'));

/** Decoded size in bytes of a base64 text (RFC 4648, with padding). */
export function base64DecodedSize(b64: string): number {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return (b64.length / 4) * 3 - pad;
}

/** File contents as standard base64 (RFC 4648 §4, padded), at most {@link MAX_UPLOAD_BYTES} decoded. */
export const base64Schema = z
  .string()
  .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4, `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`)
  .refine((s) => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s), 'must be base64 file contents');

/** A column of a CSV file: 0-based index, or the header text. */
export const csvColumnSchema = z.union([z.number().int().min(0).max(999), z.string().trim().min(1).max(200)]);

/** An OBIS code as written for a load-profile channel: `1.8.0`, `1.29.0`, `1-0:1.5.0`, `1-0:2.8.0*255`. */
export const obisSchema = z
  .string()
  .trim()
  .regex(/^(\d{1,3}-\d{1,3}:)?[0-9A-Z]{1,3}\.\d{1,3}\.\d{1,3}(\*\d{1,3})?$/, 'must be an OBIS code such as 1.8.0 or 1-0:1.29.0');

/**
 * How to read a foreign load-profile CSV (THE shape: main/formats/csv-mapping.ts `CsvMapping` is `CsvMappingView`). Columns
 * are given by 0-based number (index into the row, as in `sniffCsv().headers`) or by header text (matched trimmed,
 * exact first, then ignoring case; needs `headerRows` ≥ 1 — the LAST header row holds the names).
 */
export const csvMappingSchema = z.strictObject({
  /** Field delimiter; guessed from the first lines when missing. */
  delimiter: z.enum([',', ';', '\t']).optional(),
  /** Decimal mark of the values (default `.`); with `,` the values look like `12,5`. No thousands separators. */
  decimal: z.enum(['.', ',']).optional(),
  /** Rows before the data (default 1). */
  headerRows: z.number().int().min(0).max(20).optional(),
  timestampColumn: csvColumnSchema,
  /**
   * `iso` (ISO 8601, `2025-10-26T02:00:00`, `2025-10-26 02:00`, with or without offset) or a luxon format, e.g.
   * `dd.MM.yyyy HH:mm`. Stamps with an offset (`Z`, `+01:00`, or a `Z`/`ZZ` token) are exact; stamps without one are
   * wall-clock times in `timeZone` (see main/formats/wall-clock.ts for the DST rules).
   */
  timestampFormat: z.string().trim().min(1, 'choose the time stamp format').max(64),
  /** IANA time zone of the wall-clock stamps (e.g. `Europe/Berlin`) or `UTC`; also the readings' time zone. */
  timeZone: z.string().trim().min(1, 'choose the time zone').max(64),
  /** Whether a row's stamp is the start or the END of its interval (meters usually stamp the end). */
  stampIs: z.enum(['start', 'end']),
  /** Capture period, minutes (1…1440). */
  periodMinutes: z.number().int().min(1, 'must be at least 1 minute').max(1440, 'must be at most 1440 minutes (one day)'),
  /** Value columns and the channel each one is: OBIS code and unit (e.g. `1.5.0`, `kW`). */
  channels: z
    .array(z.strictObject({ column: csvColumnSchema, obis: obisSchema, unit: z.string().trim().min(1, 'choose a unit').max(16) }))
    .min(1, 'map at least one value column')
    .max(64),
  /** Column of a status word, kept as text (default: none, status ''). */
  statusColumn: csvColumnSchema.optional(),
  /** The meter the file belongs to (a foreign CSV rarely says). */
  meter: z.strictObject({
    serial: z.string().trim().min(1, 'enter the meter serial number').max(32),
    manufacturer: z.string().trim().max(16).optional(),
    model: z.string().trim().max(64).optional(),
  }),
});

/** A UTC instant as the API takes it: ISO 8601 with `Z` or an offset, e.g. `2026-03-01T00:00:00Z`. */
export const utcInstantSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, 'must be a time stamp such as 2026-03-01T00:00:00Z')
  .refine((s) => Number.isFinite(Date.parse(s)), 'is not a real date');

/** Import modes: add readings (identical ones are duplicates) or replace the stored reading of the same session. */
export const importModeSchema = z.enum(['append', 'overwrite']);

/** One uploaded file for `importFiles`. */
export const uploadSchema = z.strictObject({
  name: uploadNameSchema,
  contentBase64: base64Schema,
  /** Column mapping for a foreign CSV (from the mapping dialog). */
  csvMapping: csvMappingSchema.optional(),
  /** The file's modification time (File.lastModified): the reading time of a readout capture without meter clock. */
  modifiedUtc: utcInstantSchema.optional(),
});

/** What a file holds, recognised by its content: .RES, raw data readout capture, load-profile CSV, PMU JSON export. */
export const importKindSchema = z.enum(['res', 'readout', 'csv', 'json']);
/** What became of a file. */
export const importResultSchema = z.enum(['imported', 'duplicate', 'replaced', 'quarantined']);

/** What happened to one imported file (THE shape: main/import `ImportFileOutcome` is this type, plus where it moved). */
export const importOutcomeSchema = z.object({
  /** Path of the file as given (or the upload name). */
  file: z.string(),
  /** Content recognised, null when the file is none of the known kinds (or could not be read). */
  kind: importKindSchema.nullable(),
  result: importResultSchema,
  /** Ids of the readings stored, found already stored (duplicate) or stored in place of older ones. */
  readingIds: z.array(z.number().int()),
  /** Registers (data sets) and load-profile intervals in the file's readings (0 when quarantined). */
  registers: z.number().int(),
  intervals: z.number().int(),
  /** Time taken, milliseconds (reading the file, checking, storing). */
  durationMs: z.number(),
  /** Plain-language reason of a quarantine (what is wrong, what to do), else null. */
  reason: z.string().nullable(),
  /** 1-based line of the file where the problem was found, when known. */
  line: z.number().int().nullable(),
  /** A .RES file's signature in words (issue 11.6): "signed by this workstation (…)", "signed by workstation X (…)", "unsigned". */
  signature: z.string().optional(),
});

/** Totals of an `importFiles` call. */
export const importSummarySchema = z.object({
  files: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  replaced: z.number().int(),
  quarantined: z.number().int(),
  intervals: z.number().int(),
  durationMs: z.number(),
  outcomes: z.array(importOutcomeSchema),
});

/** Progress of a multi-file import (`done` of `total` files of this call, the file just finished). */
export const importProgressSchema = z.object({
  jobId: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  file: z.string(),
  outcome: importOutcomeSchema.nullable(),
});

/** What the CSV sniffer saw in the first lines of a file (for the column mapping dialog). */
export const csvSniffSchema = z.object({
  delimiter: z.enum([',', ';', '\t']),
  headers: z.array(z.string()),
  sample: z.array(z.array(z.string())),
  /** Guessed decimal mark of the values. */
  decimal: z.enum(['.', ',']),
  /** Guessed rows before the data: 1 when the first row looks like a header, else 0. */
  headerRows: z.number().int(),
  /** False when the file is our own load-profile CSV (imported without a mapping). */
  needsMapping: z.boolean(),
});

/** One import attempt of the import log (newest first); quarantined entries form the quarantine view. */
export const importLogEntrySchema = importOutcomeSchema.extend({
  id: z.number().int(),
  /** When the attempt finished, UTC instant. */
  atUtc: z.string(),
  /** Where the file came from: the UI (upload), a watched folder, or the command line. */
  origin: z.string().nullable(),
});

/** Watched-folder settings as the UI edits them (id absent = a new folder). */
export const watchedFolderInputSchema = z.strictObject({
  id: z.number().int().positive().optional(),
  /** Absolute folder path on this computer (checked to exist by the workstation). */
  path: z
    .string()
    .trim()
    .min(1, 'enter the folder to watch')
    .max(1024, 'is too long')
    .refine((p) => !/[\u0000-\u001f]/.test(p), 'must not contain control characters'),
  intervalSeconds: z
    .number()
    .int('must be whole seconds')
    .min(MIN_SCAN_INTERVAL_S, `must be at least ${MIN_SCAN_INTERVAL_S} seconds`)
    .max(86_400, 'must be at most 86400 seconds (one day)'),
  mode: importModeSchema,
  recursive: z.boolean(),
  /** After import: leave the file, or move it into `imported/` inside the watched folder. */
  after: z.enum(['leave', 'move']),
  enabled: z.boolean(),
});

/** Live state of a watched folder (THE shape: main/import `WatchStatus` is this type with the folder's id, path, scanning); times are UTC instants. */
export const watchStatusSchema = z.object({
  lastScanUtc: z.string().nullable(),
  nextScanUtc: z.string().nullable(),
  /** Summary of the latest scan, e.g. `2 imported, 1 quarantined` (`no new files` when nothing happened). */
  lastResult: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Files imported or replacing readings from this folder (persisted for stored folders). */
  importedTotal: z.number().int(),
});

/** A watched folder with its live status (null when the watcher does not run it, e.g. disabled). */
export const watchedFolderSchema = watchedFolderInputSchema.extend({
  id: z.number().int(),
  status: watchStatusSchema.nullable(),
});

/** Something a watched folder did (for live refresh of the status). */
export const watchEventSchema = z.object({
  folderId: z.number().int().nullable(),
  message: z.string(),
  /** Readings added or replaced by what happened (0 = nothing new to show). */
  imported: z.number().int(),
});

/** Export of readings: file format, what to include, and which readings (all fields optional but format). */
export const exportReadingsArgsSchema = z.strictObject({
  format: z.enum(['csv', 'json', 'xlsx']),
  content: z.enum(['load-profile', 'registers', 'all']).optional(),
  meterSerial: z.string().trim().min(1).max(64).optional(),
  fromUtc: utcInstantSchema.optional(),
  toUtc: utcInstantSchema.optional(),
});

/** One written file: where it is, and (browser mode) a short-lived download link. */
export const writtenFileSchema = z.object({
  path: z.string(),
  fileName: z.string(),
  /** Relative URL `api/download/<token>` (browser mode), or null in the desktop app. */
  downloadUrl: z.string().nullable(),
});

/** A written export: the main file, every file written (a CSV of everything also writes `…-registers.csv`), counts. */
export const exportResultSchema = writtenFileSchema.extend({
  files: z.array(writtenFileSchema),
  readings: z.number().int(),
  registers: z.number().int(),
  intervals: z.number().int(),
});

/** A stored meter (main/store/queries.ts `MeterSummary` is this type). */
export const meterSummarySchema = z.object({
  id: z.number().int(),
  manufacturer: z.string(),
  model: z.string(),
  serial: z.string().nullable(),
  identification: z.string(),
  address: z.string(),
  firstSeenUtc: z.string(),
  lastSeenUtc: z.string(),
  readingCount: z.number().int(),
});

export type CsvMappingView = z.infer<typeof csvMappingSchema>;
export type ImportOutcomeView = z.infer<typeof importOutcomeSchema>;
export type ImportSummaryView = z.infer<typeof importSummarySchema>;
export type ImportLogEntryView = z.infer<typeof importLogEntrySchema>;
export type CsvSniffView = z.infer<typeof csvSniffSchema>;
export type WatchedFolderInput = z.input<typeof watchedFolderInputSchema>;
export type WatchedFolderView = z.infer<typeof watchedFolderSchema>;
export type ExportResultView = z.infer<typeof exportResultSchema>;
export type MeterSummaryView = z.infer<typeof meterSummarySchema>;
export type ImportMode = z.infer<typeof importModeSchema>;
export type ImportKind = z.infer<typeof importKindSchema>;
export type ImportResult = z.infer<typeof importResultSchema>;
export type WatchStatusView = z.infer<typeof watchStatusSchema>;
