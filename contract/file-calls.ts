/**
 * The file calls of the contract (spread into `calls` of contract/index.ts): meters, import of uploaded files,
 * CSV sniffing, the import log and quarantine, watched folders, the desktop folder picker, and exports. Schemas
 * are in ./contract-files.ts. Pure zod.
 */
import { z } from 'zod';
import {
  base64DecodedSize,
  csvSniffSchema,
  exportReadingsArgsSchema,
  exportResultSchema,
  importLogEntrySchema,
  importModeSchema,
  importOutcomeSchema,
  importSummarySchema,
  jobIdSchema,
  MAX_FILES_PER_CALL,
  MAX_SNIFF_CHARS,
  MAX_UPLOAD_BYTES,
  meterSummarySchema,
  uploadNameSchema,
  uploadSchema,
  watchedFolderInputSchema,
  watchedFolderSchema,
  writtenFileSchema,
} from './files';

const noArgs = z.strictObject({});

/** The file calls: name → { summary, args schema, result schema }. */
export const fileCalls = {
  listMeters: { summary: 'Stored meters, most recently seen first.', args: noArgs, result: z.array(meterSummarySchema) },
  importFiles: {
    summary: 'Import uploaded files (.RES, readout capture, CSV, JSON) into the store; progress as importProgress events.',
    args: z
      .strictObject({ jobId: jobIdSchema, mode: importModeSchema.optional(), files: z.array(uploadSchema).min(1, 'choose at least one file').max(MAX_FILES_PER_CALL) })
      .refine((a) => a.files.reduce((n, f) => n + base64DecodedSize(f.contentBase64), 0) <= MAX_UPLOAD_BYTES, {
        message: `the files are larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB in all; import them in smaller groups`,
        path: ['files'],
      }),
    result: importSummarySchema,
  },
  sniffCsv: {
    summary: 'Delimiter, headers and sample rows of the start of a CSV file, and whether it needs a column mapping.',
    args: z.strictObject({
      name: uploadNameSchema,
      /** The first characters of the file (the UI sends 64 KiB). */
      text: z.string().max(MAX_SNIFF_CHARS, `must be at most ${MAX_SNIFF_CHARS} characters`),
      /** True when `text` is only the start of the file (its last line may be cut). */
      partial: z.boolean(),
    }),
    result: csvSniffSchema,
  },
  listImportLog: {
    summary: 'Recent import attempts, newest first; result "quarantined" gives the quarantine list.',
    args: z.strictObject({
      limit: z.number().int().min(1).max(1000).optional(),
      result: importOutcomeSchema.shape.result.optional(),
    }),
    result: z.array(importLogEntrySchema),
  },
  listQuarantine: {
    summary: 'Files whose latest import attempt was quarantined (a file imported after a fix drops out), newest first.',
    args: z.strictObject({ limit: z.number().int().min(1).max(1000).optional() }),
    result: z.array(importLogEntrySchema),
  },
  listWatchedFolders: { summary: 'Watched folders with their live scan status.', args: noArgs, result: z.array(watchedFolderSchema) },
  saveWatchedFolder: {
    summary: 'Add (no id) or change a watched folder; the folder must exist. Returns it with its status.',
    args: watchedFolderInputSchema,
    result: watchedFolderSchema,
  },
  'settings.watchRoots': {
    summary: 'The locations an administrator allowed for watched folders (others may watch only inside them).',
    args: noArgs,
    result: z.object({ roots: z.array(z.string()) }),
  },
  'settings.setWatchRoots': {
    summary: 'Replace the locations allowed for watched folders (administrators); each must be an existing folder.',
    args: z.strictObject({ roots: z.array(z.string().trim().min(1).max(260)).max(50) }),
    result: z.object({ roots: z.array(z.string()) }),
  },
  deleteWatchedFolder: {
    summary: 'Stop watching a folder (its files are left alone).',
    args: z.strictObject({ id: z.number().int().positive() }),
    result: z.object({ deleted: z.boolean() }),
  },
  scanWatchedFolderNow: {
    summary: 'Scan one watched folder now instead of waiting for its interval; returns its status after the scan.',
    args: z.strictObject({ id: z.number().int().positive() }),
    result: watchedFolderSchema,
  },
  chooseFolder: {
    summary: 'Desktop app: let the technician pick a folder with the system dialog (null when cancelled).',
    args: noArgs,
    result: z.object({ path: z.string().nullable() }),
  },
  exportReadings: {
    summary: 'Write readings (load profile, registers or both) as CSV, JSON or XLSX into the exports folder.',
    args: exportReadingsArgsSchema.refine((a) => !a.fromUtc || !a.toUtc || Date.parse(a.fromUtc) < Date.parse(a.toUtc), {
      message: 'the start of the date range must be before its end',
      path: ['toUtc'],
    }),
    result: exportResultSchema,
  },
  exportMeters: {
    summary: 'Write the stored meters (parameters) as CSV or JSON into the exports folder.',
    args: z.strictObject({ format: z.enum(['csv', 'json']) }),
    result: writtenFileSchema.extend({ meters: z.number().int() }),
  },
} as const;
