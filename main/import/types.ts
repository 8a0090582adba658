/**
 * Shapes of the import module (shared design of issue 5): options, the outcome of one file, the summary of a
 * folder. Readings themselves are `protocol/reading.ts` ReadingResults.
 */
import type { ImportKind, ImportMode, ImportOutcomeView, ImportResult } from '../../contract/files';
import type { CsvMapping } from '../formats/profile-csv';

/**
 * What a file holds (`res`, `readout`, `csv`, `json`) and what became of it (`imported`, `duplicate`, `replaced`,
 * `quarantined`): the contract's enums (contract/files.ts).
 * Import modes: `append` (default): a reading whose content hash is already stored is a duplicate, any other is stored.
 * `overwrite`: a reading of the same meter (manufacturer + serial, as the store's meters) with the same session
 * start replaces the stored one (deleted and saved in one transaction: result `replaced`).
 */
export type { ImportKind, ImportMode, ImportResult };

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

/** The outcome of one file: the contract's `ImportOutcomeView` (contract/files.ts, fields documented there), plus where the file went. */
export type ImportFileOutcome = Readonly<ImportOutcomeView> & {
  /** Where the file was moved after import (folder imports with `after: 'move'`). */
  readonly movedTo?: string;
  /** Plain-language problem moving the file (it was imported, but stays where it was). */
  readonly moveError?: string;
};

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
