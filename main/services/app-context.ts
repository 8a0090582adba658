import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { defaultDbPath, defaultResDir } from '../core/app-paths';
import { createDefaultLinkRegistry } from '../links/default-registry';
import type { LinkRegistry } from '../links/types';
import { openDatabase } from '../store/db';
import { policies } from '../settings/policies';
import { probeProfileFor } from '../settings/probe-profiles';
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

/** The administrator's default meter time zone, or null (not set, or the store is closed). */
function policyZone(db: AppContext['db']): string | null {
  try {
    return db.open ? policies({ db }).meterTimeZone : null;
  } catch {
    return null;
  }
}

/**
 * Open the store and gather what every service needs.
 * @param opts.dbPath SQLite file (default: the app data directory, shared by CLI and UI); ':memory:' for tests.
 * @param opts.resDir folder for .RES files (default: `<data dir>/RES`, or beside a custom --db file).
 * @param opts.timeZone IANA zone of the meters' local clocks (default: env PMU_TIME_ZONE, else the policy "default meter
 *   time zone" set by an administrator — read at each use, so a change applies to the next job — else the system zone).
 * @param opts.links the link providers (default: main/links/default-registry.ts, emulated meters and serial ports).
 * @throws Error with a plain-language message when the database cannot be opened (see main/store/db.ts).
 */
export function createAppContext(opts: { dbPath?: string; resDir?: string; timeZone?: string; links?: LinkRegistry } = {}): AppContext {
  const dbPath = opts.dbPath ?? defaultDbPath();
  const resDir =
    opts.resDir ?? (opts.dbPath && opts.dbPath !== ':memory:' ? path.join(path.dirname(path.resolve(opts.dbPath)), 'RES') : defaultResDir());
  const db = openDatabase(dbPath);
  const fixedZone = opts.timeZone ?? process.env.PMU_TIME_ZONE;
  const systemZone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  return {
    db,
    dbPath,
    resDir,
    operator: osUser(),
    // Serial ports (and the emulated probe) use the probe profile the settings give each port, read at each open.
    links: opts.links ?? createDefaultLinkRegistry({ probeProfileFor: (port, usbId) => probeProfileFor(db, port, usbId).profile }),
    get timeZone(): string {
      return fixedZone ?? policyZone(db) ?? systemZone;
    },
    software: `pmu-workstation ${appVersion()}`,
  };
}
