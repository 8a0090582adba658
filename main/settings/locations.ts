/**
 * Where the workstation writes and moves files (issue 16 item 3), as chosen by an administrator (settings `files.*`)
 * or the built-in defaults: every writer asks `fileLocations(ctx)` at the moment it writes, so a change applies to the
 * next file without a restart. Defaults: .RES files in `ctx.resDir` (`<data dir>/RES`, or beside a `--db` file), exports
 * in `exports/` beside it, imported files in `imported/` inside each scanned folder, bad files left where they are.
 */
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { readSettings } from './values';

/** What fileLocations needs (an AppContext fits). */
export interface LocationContext {
  readonly db: Database;
  /** The built-in .RES folder of this process (command line / data directory). */
  readonly resDir: string;
}

/** The folders and import defaults in force. Paths are absolute. */
export interface FileLocations {
  /** Folder for the .RES file of each reading. */
  readonly resDir: string;
  /** Folder for exports (readings, meter lists, schemes, audit, certificates, settings files). */
  readonly exportDir: string;
  /** Folder that imported files are moved to, or null = `imported/` inside each scanned folder. */
  readonly importedDir: string | null;
  /** Folder that files which could not be imported are moved to, or null = they stay where they are. */
  readonly quarantineDir: string | null;
  /** Default import mode: append, or overwrite the stored reading of the same meter and session start. */
  readonly importMode: 'append' | 'overwrite';
  /** Default for folder imports: leave imported files, or move them. */
  readonly afterImport: 'leave' | 'move';
  /** Default scan interval of a new watched folder, seconds (≥ 10). */
  readonly scanIntervalSeconds: number;
}

/** The built-in export folder: `exports/` beside the built-in .RES folder. */
export function defaultExportDir(resDir: string): string {
  return path.join(path.dirname(path.resolve(resDir)), 'exports');
}

/** The locations in force (see the file comment). Never throws. */
export function fileLocations(ctx: LocationContext): FileLocations {
  const s = readSettings(ctx.db);
  return {
    resDir: s['files.resDir'] ?? ctx.resDir,
    exportDir: s['files.exportDir'] ?? defaultExportDir(ctx.resDir),
    importedDir: s['files.importedDir'],
    quarantineDir: s['files.quarantineDir'],
    importMode: s['files.importMode'],
    afterImport: s['files.afterImport'],
    scanIntervalSeconds: s['files.scanIntervalSeconds'],
  };
}
