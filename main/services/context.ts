import type Database from 'better-sqlite3';

/**
 * What every service call needs: the open store and who/where the workstation runs.
 * Built once per process by `createAppContext` (main/services/app-context.ts) for the CLI, the browser-mode
 * server and the Electron main process alike.
 */
export interface AppContext {
  /** Open SQLite store (WAL, migrated). */
  readonly db: Database.Database;
  /** Path of the SQLite file (or ':memory:'). */
  readonly dbPath: string;
  /** Folder where .RES files are written by default. */
  readonly resDir: string;
  /** Who acts: the OS user name until sign-in exists (issue 6). */
  readonly operator: string;
  /** IANA time zone used to interpret meter local times, default the system zone. */
  readonly timeZone: string;
  /** `pmu-workstation <version>`. */
  readonly software: string;
}
