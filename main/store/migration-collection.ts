/**
 * Store migration: automatic collection (issue 14 items 3–5; main/store/collection-*.ts, lp-series.ts are the code
 * over these tables, main/collect/ the collector, docs/fleet.md the user's view).
 *
 * - `collection_schedules`: what to collect from whom and when. `target_kind` meter / group / place with
 *   `target_id` = fleet_meters.id / meter_groups.id / places.id (a place includes everything below it).
 *   `what_json` = {registers, loadProfile, events, clockCheck, clockSync: off|adjust|adjust-or-set, firstDays}
 *   (main/collect/what.ts). `cron` a 5- or 6-field cron expression (croner) in `time_zone`; `window_start` /
 *   `window_end` 'HH:MM' local times between which runs may start (NULL = any time; end before start = over
 *   midnight). `retries` = further attempts per meter after a failure, `backoff_s` the first wait (doubled each
 *   time). `next_run_utc` is computed when the schedule is saved and after each run, so "what is due now" is one
 *   indexed range query over thousands of schedules.
 * - `collection_runs`: one run of a schedule (or `pmu collect`, or the UI's "Collect now"): who/what started it,
 *   `status` running → finished / cancelled / interrupted (the process died; a restart resumes it), the process
 *   that runs it (`owner_host`, `owner_pid`) to tell a dead run from a live one.
 * - `collection_tasks`: one row per meter of a run: `status` pending → running → ok / failed (retry = waiting for
 *   `next_attempt_utc`), attempts, the plain error of the last failure with its code, what was stored
 *   (`reading_id`, `registers`, `intervals`), the clock drift seen and what was done about it. A task becomes ok
 *   in the SAME transaction that stores its reading, so a crash never leaves a stored reading with a task to redo.
 * - `lp_series`: per fleet meter and load-profile channel (OBIS code): first and last stored interval (by the
 *   collector) and their count; `lp_gaps`: missing intervals [from_utc, to_utc) per meter and channel, `open`
 *   until backfilled (`filled`) or the meter says it holds no data for them (`unavailable`).
 * Times are ISO 8601 UTC instants (`…Z`).
 */
export const COLLECTION = `
CREATE TABLE collection_schedules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
  target_kind TEXT NOT NULL CHECK (target_kind IN ('meter', 'group', 'place')),
  target_id INTEGER NOT NULL,
  what_json TEXT NOT NULL CHECK (json_valid(what_json)),
  cron TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  window_start TEXT CHECK (window_start IS NULL OR window_start GLOB '[0-2][0-9]:[0-5][0-9]'),
  window_end TEXT CHECK (window_end IS NULL OR window_end GLOB '[0-2][0-9]:[0-5][0-9]'),
  retries INTEGER NOT NULL DEFAULT 2 CHECK (retries BETWEEN 0 AND 10),
  backoff_s INTEGER NOT NULL DEFAULT 60 CHECK (backoff_s BETWEEN 1 AND 86400),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  next_run_utc TEXT,
  last_run_id INTEGER,
  created_utc TEXT NOT NULL,
  updated_utc TEXT NOT NULL
);
CREATE INDEX collection_schedules_due ON collection_schedules (next_run_utc) WHERE enabled = 1;

CREATE TABLE collection_runs (
  id INTEGER PRIMARY KEY,
  schedule_id INTEGER REFERENCES collection_schedules (id) ON DELETE SET NULL,
  label TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  what_json TEXT NOT NULL CHECK (json_valid(what_json)),
  retries INTEGER NOT NULL,
  backoff_s INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'cancelled', 'interrupted')),
  started_by TEXT NOT NULL,
  started_utc TEXT NOT NULL,
  finished_utc TEXT,
  owner_host TEXT,
  owner_pid INTEGER,
  resumed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX collection_runs_by_status ON collection_runs (status, id);

CREATE TABLE collection_tasks (
  run_id INTEGER NOT NULL REFERENCES collection_runs (id) ON DELETE CASCADE,
  meter_id INTEGER NOT NULL REFERENCES fleet_meters (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'retry', 'ok', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_utc TEXT,
  started_utc TEXT,
  finished_utc TEXT,
  error_code TEXT,
  error TEXT,
  reading_id INTEGER,
  registers INTEGER,
  intervals INTEGER,
  backfilled INTEGER,
  seconds REAL,
  clock_drift_s REAL,
  clock_action TEXT,
  PRIMARY KEY (run_id, meter_id)
) WITHOUT ROWID;
CREATE INDEX collection_tasks_by_meter ON collection_tasks (meter_id, run_id);

CREATE TABLE lp_series (
  meter_id INTEGER NOT NULL REFERENCES fleet_meters (id) ON DELETE CASCADE,
  obis TEXT NOT NULL,
  period_minutes INTEGER NOT NULL,
  first_start_utc TEXT NOT NULL,
  last_end_utc TEXT NOT NULL,
  intervals INTEGER NOT NULL,
  updated_utc TEXT NOT NULL,
  PRIMARY KEY (meter_id, obis)
) WITHOUT ROWID;

CREATE TABLE lp_gaps (
  id INTEGER PRIMARY KEY,
  meter_id INTEGER NOT NULL REFERENCES fleet_meters (id) ON DELETE CASCADE,
  obis TEXT NOT NULL,
  from_utc TEXT NOT NULL,
  to_utc TEXT NOT NULL CHECK (to_utc > from_utc),
  status TEXT NOT NULL CHECK (status IN ('open', 'filled', 'unavailable')),
  found_utc TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  resolved_utc TEXT
);
CREATE INDEX lp_gaps_open ON lp_gaps (meter_id, from_utc) WHERE status = 'open';
CREATE INDEX lp_gaps_by_meter ON lp_gaps (meter_id, obis, from_utc);
`;
