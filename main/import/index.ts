/**
 * Import of readings from files (issue 5): .RES files, raw IEC 62056-21 data readout captures, load-profile
 * CSV files and PMU JSON exports — one file (importFile), uploaded bytes (importContent), a whole folder
 * (importFolder) or watched folders (FolderWatcher; settings in main/store/watched-folders.ts).
 *
 * - Kind by content (./detect.ts), then decoding (./decode.ts): .RES → main/res/codec.ts; readout capture →
 *   ./readout-capture.ts; CSV → main/formats/profile-csv.ts (a foreign CSV needs a column mapping); JSON →
 *   main/formats/readings-json.ts.
 * - One transaction per file with its import-log row (./save.ts): all of its readings or none. `append`:
 *   a reading whose content hash is stored is a duplicate. `overwrite`: a new reading of the same meter and
 *   session start replaces the stored one (`replaced`).
 * - Any problem with the file → `quarantined` with a plain reason and line (./quarantine.ts), logged with
 *   the file's size, mtime and SHA-256 (main/store/import-log.ts); a folder goes on with the next file.
 *   Store failures that are not the file's fault (disk full, locked) are thrown instead.
 * - Folder imports (./folder.ts) skip hidden/temporary files and `imported/`, report progress, and can move
 *   handled files to `<folder>/imported/` (never overwriting). The watcher (./watcher.ts) polls, takes only
 *   settled files (./settle.ts) and does not retry an unchanged quarantined file.
 */
export { importContent, importFile } from './import-file';
export { importFolder, IMPORTED_FOLDER, listImportFiles } from './folder';
export { FolderWatcher, SETTLE_MS, type AdHocFolder, type FolderWatcherOptions, type WatchEvent, type WatchStatus } from './watcher';
export { detectKind } from './detect';
export { REASONS } from './quarantine';
export type {
  FolderImportOptions,
  ImportFileOutcome,
  ImportKind,
  ImportMode,
  ImportOptions,
  ImportProgress,
  ImportResult,
  ImportSummary,
} from './types';
