import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { defaultDbPath, defaultResDir } from '../core/app-paths';
import { createDefaultLinkRegistry } from '../links/default-registry';
import type { LinkRegistry } from '../links/types';
import { openDatabase } from '../store/db';
import type { AppContext } from '../core/context';

/** Version from package.json (read once; the bundles sit two folders below the package root). */
export function appVersion(): string {
  for (const rel of ['../../package.json', '../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'pmu-workstation' && pkg.version) return pkg.version;
    } catch {
      /* try the next candidate */
    }
  }
  return '0.0.0';
}

/** The OS user who runs the workstation (the operator recorded on readings until sign-in exists). */
export function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/**
 * Open the store and gather what every service needs.
 * @param opts.dbPath SQLite file (default: the app data directory, shared by CLI and UI); ':memory:' for tests.
 * @param opts.resDir folder for .RES files (default: `<data dir>/RES`, or beside a custom --db file).
 * @param opts.timeZone IANA zone of the meters' local clocks (default: env PMU_TIME_ZONE, else the system zone).
 * @param opts.links the link providers (default: main/links/default-registry.ts, emulated meters and serial ports).
 * @throws Error with a plain-language message when the database cannot be opened (see main/store/db.ts).
 */
export function createAppContext(opts: { dbPath?: string; resDir?: string; timeZone?: string; links?: LinkRegistry } = {}): AppContext {
  const dbPath = opts.dbPath ?? defaultDbPath();
  const resDir =
    opts.resDir ?? (opts.dbPath && opts.dbPath !== ':memory:' ? path.join(path.dirname(path.resolve(opts.dbPath)), 'RES') : defaultResDir());
  return {
    db: openDatabase(dbPath),
    dbPath,
    resDir,
    operator: osUser(),
    links: opts.links ?? createDefaultLinkRegistry(),
    timeZone: opts.timeZone ?? process.env.PMU_TIME_ZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
    software: `pmu-workstation ${appVersion()}`,
  };
}
