/**
 * Shapes of the import module (shared design of issue 5): options, the outcome of one file, the summary of a
 * folder. Readings themselves are `protocol/reading.ts` ReadingResults.
 */
import type { CsvMapping } from '../formats/profile-csv';

/** What a file holds, recognised by its content: .RES, raw data readout capture, load-profile CSV, PMU JSON export. */
export type ImportKind = 'res' | 'readout' | 'csv' | 'json';

/**
 * `append` (default): a reading whose content hash is already stored is a duplicate, any other is stored.
 * `overwrite`: a reading of the same meter (manufacturer + serial, as the store's meters) with the same session
 * start replaces the stored one (deleted and saved in one transaction: result `replaced`).
 */
export type ImportMode = 'append' | 'overwrite';

/** What became of a file. */
export type ImportResult = 'imported' | 'duplicate' | 'replaced' | 'quarantined';

/** Options of importFile / importContent. */
export interface ImportOptions {
  readonly mode?: ImportMode;
  /** Column mapping for a CSV that is not PMU's own load-profile export (see main/formats/profile-csv.ts). */
  readonly csvMapping?: CsvMapping;
  /**
   * Modification time of uploaded bytes (importContent only), UTC ISO: the reading time of a raw readout
   * capture whose meter sent no clock (0.9.1/0.9.2). Files use their own mtime. Default: now.
   */
  readonly modifiedUtc?: string;
  /** Watched folder making the attempt (recorded in the import log). */
  readonly folderId?: number | null;
  /** Who asked, recorded in the import log: e.g. `command line` (default: `upload` for importContent, else none). */
  readonly origin?: string;
}

/** The outcome of one file. */
export interface ImportFileOutcome {
  /** Path of the file as given (or the upload name). */
  readonly file: string;
  /** Content recognised, null when the file is none of the known kinds (or could not be read). */
  readonly kind: ImportKind | null;
  readonly result: ImportResult;
  /** Ids of the readings stored, found already stored (duplicate) or stored in place of older ones. */
  readonly readingIds: number[];
  /** Registers (data sets) and load-profile intervals in the file's readings (0 when quarantined). */
  readonly registers: number;
  readonly intervals: number;
  /** Time taken, milliseconds (reading the file, checking, storing). */
  readonly durationMs: number;
  /** Plain-language reason of a quarantine (what is wrong, what to do), else null. */
  readonly reason: string | null;
  /** 1-based line of the file where the problem was found, when known. */
  readonly line: number | null;
  /** Where the file was moved after import (folder imports with `after: 'move'`). */
  readonly movedTo?: string;
  /** Plain-language problem moving the file (it was imported, but stays where it was). */
  readonly moveError?: string;
  /** A .RES file's signature in words: "signed by this workstation (…)", "signed by workstation X (…)", "unsigned". */
  readonly signature?: string;
}

/** Progress of a folder import: `done` of `total` files handled; `outcome` of the file just handled. */
export interface ImportProgress {
  readonly done: number;
  readonly total: number;
  /** The file just handled ('' for the first report, before any file). */
  readonly file: string;
  readonly outcome?: ImportFileOutcome;
}

/** Options of importFolder. */
export interface FolderImportOptions extends Omit<ImportOptions, 'modifiedUtc'> {
  /** Include subfolders (never `imported/`). Default false. */
  readonly recursive?: boolean;
  /** After a file is imported (also as duplicate or replacement): leave it (default) or move it to `<folder>/imported/`. Quarantined files stay. */
  readonly after?: 'leave' | 'move';
  /** Called once before the first file and after every file. */
  readonly onProgress?: (p: ImportProgress) => void;
}

/** Summary of a folder import. Counts are files. */
export interface ImportSummary {
  readonly files: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly replaced: number;
  /** The quarantined files' outcomes, each with its reason and line. */
  readonly quarantined: ImportFileOutcome[];
  /** Load-profile intervals in the files imported or replacing (not duplicates). */
  readonly intervals: number;
  readonly durationMs: number;
  /** Every file's outcome, in the order handled. */
  readonly outcomes: ImportFileOutcome[];
}
