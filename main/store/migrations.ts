/**
 * Schema migrations of the local SQLite store, numbered from 1 and tracked with `PRAGMA user_version`
 * (0 = empty database). Each migration runs in its own transaction together with the user_version bump,
 * so a failed migration leaves the database at the previous version. Never edit a released migration:
 * add a new one. Source: SQLite docs, "PRAGMA user_version"; "ALTER TABLE" (12-step procedure).
 */
import type { Database } from 'better-sqlite3';
import { V3 } from './migration-v3';
import { V4 } from './migration-v4';
import { V5 } from './migration-v5';
import { FLEET_MASTER_DATA } from './migration-fleet';
import { COLLECTION } from './migration-collection';
import { AUDIT_HEADS_PREV_SEQ } from './migration-audit-heads';
import { SIGN_IN_THROTTLE } from './migration-sign-in-throttle';
import { interpretationsAndPush } from './migration-interpretations';
import { SETTINGS_TABLES } from './migration-settings';
import { REPORTS } from './migration-reports';

/** One schema step: `up` brings version `version - 1` to `version`. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly up: string;
  /**
   * Run with foreign keys off (then checked with `PRAGMA foreign_key_check` before the commit): for a migration
   * that rebuilds a parent table, whose DROP would otherwise cascade (SQLite docs "ALTER TABLE", 12-step
   * procedure, steps 1 and 10). The pragma cannot change inside a transaction, so the runner sets it around it.
   */
  readonly foreignKeysOff?: boolean;
}

/**
 * Version 1: meters, readings, registers, load-profile channels and values.
 *
 * Notes on the columns:
 * - Times are text: `*_utc` ISO 8601 UTC instants (`…Z`), `*_local` meter wall-clock time without offset.
 * - Meter identity: (manufacturer, serial) when the serial number is known, else (identification, address);
 *   enforced by two partial unique indexes. The `meters` row holds the latest model/identification/address;
 *   each reading keeps its own snapshot of the meter fields (`meter_*`) so it is reconstituted exactly.
 * - `lp_profile`/`lp_period_minutes` are NULL when the reading has no load profile.
 * - Numeric value columns have no declared type (BLOB affinity) so a value of -0 keeps its sign:
 *   REAL affinity would store -0.0 as integer 0. A CHECK keeps them numeric.
 * - `values_json` is a JSON array of the raw value-group texts (`["0008048.375*kWh"]`);
 *   `notes` a JSON array of `{level, message}`.
 */
const V1 = `
CREATE TABLE meters (
  id INTEGER PRIMARY KEY,
  manufacturer TEXT NOT NULL,
  model TEXT NOT NULL,
  serial TEXT,
  identification TEXT NOT NULL,
  address TEXT NOT NULL,
  first_seen_utc TEXT NOT NULL,
  last_seen_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX meters_identity_serial ON meters (manufacturer, serial) WHERE serial IS NOT NULL;
CREATE UNIQUE INDEX meters_identity_ident ON meters (identification, address) WHERE serial IS NULL;

CREATE TABLE readings (
  id INTEGER PRIMARY KEY,
  meter_id INTEGER NOT NULL REFERENCES meters (id) ON DELETE CASCADE,
  meter_identification TEXT NOT NULL,
  meter_manufacturer TEXT NOT NULL,
  meter_model TEXT NOT NULL,
  meter_serial TEXT,
  meter_address TEXT NOT NULL,
  started_utc TEXT NOT NULL,
  finished_utc TEXT NOT NULL,
  operator TEXT NOT NULL,
  port TEXT NOT NULL,
  mode TEXT NOT NULL,
  baud NOT NULL CHECK (typeof(baud) IN ('integer', 'real')),
  time_zone TEXT NOT NULL,
  software TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('probe', 'res-import', 'readout-import', 'csv-import', 'json-import')),
  content_sha256 TEXT NOT NULL UNIQUE,
  raw_readout BLOB NOT NULL,
  raw_load_profile BLOB,
  lp_profile CHECK (lp_profile IS NULL OR typeof(lp_profile) IN ('integer', 'real')),
  lp_period_minutes CHECK (lp_period_minutes IS NULL OR typeof(lp_period_minutes) IN ('integer', 'real')),
  notes TEXT NOT NULL CHECK (json_valid(notes)),
  res_path TEXT,
  created_utc TEXT NOT NULL
);
CREATE INDEX readings_by_meter ON readings (meter_id, started_utc);
CREATE INDEX readings_by_started ON readings (started_utc);

CREATE TABLE registers (
  id INTEGER PRIMARY KEY,
  reading_id INTEGER NOT NULL REFERENCES readings (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  address TEXT NOT NULL,
  obis TEXT NOT NULL,
  code TEXT NOT NULL,
  billing_period CHECK (billing_period IS NULL OR typeof(billing_period) IN ('integer', 'real')),
  value CHECK (value IS NULL OR typeof(value) IN ('integer', 'real')),
  text TEXT NOT NULL,
  unit TEXT,
  timestamp_local TEXT,
  values_json TEXT NOT NULL CHECK (json_valid(values_json)),
  UNIQUE (reading_id, seq)
);
CREATE INDEX registers_by_code ON registers (code, billing_period);

CREATE TABLE load_profile_channels (
  id INTEGER PRIMARY KEY,
  reading_id INTEGER NOT NULL REFERENCES readings (id) ON DELETE CASCADE,
  channel_no INTEGER NOT NULL,
  profile NOT NULL CHECK (typeof(profile) IN ('integer', 'real')),
  period_minutes NOT NULL CHECK (typeof(period_minutes) IN ('integer', 'real')),
  obis TEXT NOT NULL,
  unit TEXT NOT NULL,
  UNIQUE (reading_id, channel_no)
);

CREATE TABLE load_profile_values (
  channel_id INTEGER NOT NULL REFERENCES load_profile_channels (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  start_utc TEXT NOT NULL,
  end_utc TEXT NOT NULL,
  start_local TEXT NOT NULL,
  dst INTEGER NOT NULL CHECK (dst IN (0, 1)),
  status TEXT NOT NULL,
  value CHECK (value IS NULL OR typeof(value) IN ('integer', 'real')),
  PRIMARY KEY (channel_id, seq)
) WITHOUT ROWID;
CREATE INDEX load_profile_values_by_time ON load_profile_values (channel_id, start_utc);
`;

/**
 * Version 2: the import log and the watched folders (issue 5, main/import/).
 *
 * - `import_log`: one row per import attempt of a file (or of uploaded bytes: `size` set, `mtime_ms` NULL).
 *   `sha256` is the SHA-256 of the file's bytes (NULL when they could not be read); with `file`, `size` and
 *   `mtime_ms` (modification time, epoch milliseconds with fractions as `fs.stat` gives them) it lets a
 *   watcher recognise an unchanged file it has already handled. `kind` is the detected content (NULL when
 *   not recognised); `reading_ids` a JSON array of the readings stored, found as duplicates or replacing;
 *   `registers`/`intervals` the counts of the file's readings; `reason`/`line` the plain-language cause and
 *   1-based line of a quarantined file; `folder_id` the watched folder that found it and `origin` a short label
 *   of who asked (`upload`, `command line`, `watched folder <path>`…). `at_utc` is when the attempt ended (UTC ISO).
 * - `watched_folders`: folders scanned every `interval_seconds` (at least 10 s); `mode` append/overwrite,
 *   `after` leave/move (to `<folder>/imported/`); `last_*` record the latest scan, `imported_total` the
 *   files imported since the folder was added.
 */
const V2 = `
CREATE TABLE watched_folders (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  interval_seconds INTEGER NOT NULL CHECK (typeof(interval_seconds) = 'integer' AND interval_seconds >= 10),
  mode TEXT NOT NULL CHECK (mode IN ('append', 'overwrite')),
  recursive INTEGER NOT NULL CHECK (recursive IN (0, 1)),
  after TEXT NOT NULL CHECK (after IN ('leave', 'move')),
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  created_utc TEXT NOT NULL,
  last_scan_utc TEXT,
  last_result TEXT,
  last_error TEXT,
  imported_total INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE import_log (
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  size INTEGER,
  mtime_ms REAL,
  sha256 TEXT,
  kind TEXT CHECK (kind IS NULL OR kind IN ('res', 'readout', 'csv', 'json')),
  mode TEXT NOT NULL CHECK (mode IN ('append', 'overwrite')),
  result TEXT NOT NULL CHECK (result IN ('imported', 'duplicate', 'replaced', 'quarantined')),
  reading_ids TEXT NOT NULL CHECK (json_valid(reading_ids)),
  registers INTEGER NOT NULL,
  intervals INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  reason TEXT,
  line INTEGER,
  folder_id INTEGER REFERENCES watched_folders (id) ON DELETE SET NULL,
  origin TEXT,
  at_utc TEXT NOT NULL
);
CREATE INDEX import_log_by_file ON import_log (file, id);
CREATE INDEX import_log_by_result ON import_log (result, id);
`;

/** The `CREATE TABLE name (…);` statement of `name` in the SQL text `sql`. */
function createTableOf(sql: string, name: string): string {
  const start = sql.indexOf(`CREATE TABLE ${name} (`);
  const end = sql.indexOf('\n);', start);
  if (start < 0 || end < 0) throw new Error(`no CREATE TABLE ${name} in the migration text`);
  return sql.slice(start, end + 3);
}

/** All migrations, in order; `MIGRATIONS[i].version === i + 1`. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'meters, readings, registers, load profile', up: V1 },
  { version: 2, description: 'import log and watched folders', up: V2 },
  { version: 3, description: 'tariff schemes, staged programs, programming jobs', up: V3 },
  { version: 4, description: 'users, sessions, meter credentials, audit trail', up: V4 },
  { version: 5, description: 'owner (host, process) of each programming job', up: V5 },
  { version: 6, description: 'meter manager: places, customers, fleet meters, installations', up: FLEET_MASTER_DATA },
  { version: 7, description: 'collection: schedules, runs, tasks, load-profile series and gaps', up: COLLECTION },
  { version: 8, description: 'signed audit heads name the head they extend', up: AUDIT_HEADS_PREV_SEQ },
  { version: 9, description: 'sign-in failures per user name and source', up: SIGN_IN_THROTTLE },
  { version: 10, description: 'register interpretations; push readings', up: interpretationsAndPush(createTableOf(V1, 'readings')), foreignKeysOff: true },
  { version: 11, description: 'settings and optical-probe profiles', up: SETTINGS_TABLES },
  { version: 12, description: 'reports: interval index, tariff history, virtual meters, report runs', up: REPORTS },
];

/** The schema version this app writes and understands. */
export const LATEST_VERSION: number = MIGRATIONS.length;

/** Current schema version of `db` (`PRAGMA user_version`; 0 for a new, empty database). */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings `db` from its current `user_version` up to `upTo` (default: {@link LATEST_VERSION}), one
 * migration per transaction. Returns the versions applied (empty when already current).
 * Throws `RangeError` when `upTo` is not a known version, and a plain `Error` when the database is
 * newer than this app (callers normally go through `openDatabase`, which reports that in field terms).
 */
export function migrate(db: Database, upTo: number = LATEST_VERSION): number[] {
  if (!Number.isInteger(upTo) || upTo < 0 || upTo > LATEST_VERSION) {
    throw new RangeError(`Unknown schema version ${upTo}: this app knows versions 0 to ${LATEST_VERSION}.`);
  }
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) {
    throw new Error(
      `The database has schema version ${current}, newer than this app understands (${LATEST_VERSION}). ` +
        'Update PMU Workstation to open it.',
    );
  }
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > upTo) continue;
    const fkWasOn = m.foreignKeysOff === true && (db.pragma('foreign_keys', { simple: true }) as number) === 1;
    if (fkWasOn) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.up);
        if (m.foreignKeysOff === true) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`Migration ${m.version} would break ${broken.length} foreign key reference(s); nothing was changed.`);
        }
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (fkWasOn) db.pragma('foreign_keys = ON');
    }
    applied.push(m.version);
  }
  return applied;
}
