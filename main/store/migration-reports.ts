/**
 * Store migration: reports (issue 15; docs/reports.md). Code over these tables: main/store/report-index.ts (the
 * interval index), tariff-history.ts, virtual-meters.ts, report-runs.ts.
 *
 * - `report_series` + `report_lp_days`: THE REPORT INTERVAL INDEX, a derived copy of every stored load-profile value,
 *   laid out for reports. Readings keep their own rows (load_profile_values: one row per interval and channel, text
 *   times, a copy per reading that covered the interval); reports need one value per meter, channel and interval,
 *   read a year at a time for a thousand meters. So each series (a `meters` row — the reading identity —, a channel
 *   code `C.D.E`, its unit, capture period and grid phase) keeps one row per UTC day: `vals` = the day's intervals as
 *   little-endian float64 (1440 / period of them, NaN = no value), `present` = how many are not NaN. Interval k of
 *   day d starts at d × 86 400 000 ms + (phase + k × period) minutes (`phase_minutes` = start mod period, e.g. 30 for
 *   hourly intervals of a UTC+5:30 meter). A later reading overwrites the values it carries; none is ever lost.
 *   The index is filled from the readings by `syncReportIndex` (main/store/report-index.ts) before each report:
 *   `report_index_state.last_reading_id` is the newest reading already copied; the trigger on readings marks the
 *   meter of a deleted (replaced) reading in `report_index_stale`, whose series are then rebuilt from its readings.
 *   Measured (bench/report.ts): a 1 000-meter feeder over a year is 365 000 rows of 800 bytes instead of 35 M rows.
 * - `tariff_assignments`: which tariff scheme version is in force on a fleet meter from when, as recorded by a user
 *   (meters programmed elsewhere, or before the workstation); `values_primary` = 1 when the meter is programmed
 *   with its CT/VT ratios, so its registers and profile already carry primary values (never apply a ratio twice).
 *   Verified programming certificates (programming_jobs) are the other source; docs/reports.md "Tariff history".
 * - `virtual_meters` + `virtual_meter_versions`: named formulas over meters and channels (reporting/formula.ts).
 *   Every save is a new version; a version is in force from `from_utc` (NULL = from the beginning) and, at any
 *   instant, the highest version in force there counts (a correction = new version with the same start; a meter
 *   exchange = new version with a later start). Versions are never changed or deleted.
 * - `report_runs`: every report run with its parameters (`params_json`, a re-run repeats them), the SHA-256 of its
 *   figures, the whole result (gzip JSON) so the exact report can be reopened, exported and printed later, and the
 *   newest reading id and virtual-meter version the data could include.
 * Times are ISO 8601 UTC instants (`…Z`).
 */
export const REPORTS = `
CREATE TABLE report_series (
  id INTEGER PRIMARY KEY,
  meter_id INTEGER NOT NULL REFERENCES meters (id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  unit TEXT NOT NULL,
  period_minutes INTEGER NOT NULL CHECK (period_minutes BETWEEN 1 AND 1440 AND 1440 % period_minutes = 0),
  phase_minutes INTEGER NOT NULL CHECK (phase_minutes >= 0 AND phase_minutes < period_minutes),
  UNIQUE (meter_id, code, unit, period_minutes, phase_minutes)
);

CREATE TABLE report_lp_days (
  series_id INTEGER NOT NULL REFERENCES report_series (id) ON DELETE CASCADE,
  day INTEGER NOT NULL,
  present INTEGER NOT NULL,
  vals BLOB NOT NULL,
  PRIMARY KEY (series_id, day)
) WITHOUT ROWID;

CREATE TABLE report_index_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_reading_id INTEGER NOT NULL
);
INSERT INTO report_index_state (id, last_reading_id) VALUES (1, 0);

CREATE TABLE report_index_stale (meter_id INTEGER PRIMARY KEY);
CREATE TRIGGER readings_deleted_mark_report_index AFTER DELETE ON readings BEGIN
  INSERT OR IGNORE INTO report_index_stale (meter_id) VALUES (OLD.meter_id);
END;

CREATE TABLE tariff_assignments (
  id INTEGER PRIMARY KEY,
  meter_id INTEGER NOT NULL REFERENCES fleet_meters (id) ON DELETE CASCADE,
  from_utc TEXT NOT NULL,
  scheme_id INTEGER NOT NULL,
  scheme_version INTEGER NOT NULL,
  values_primary INTEGER NOT NULL DEFAULT 0 CHECK (values_primary IN (0, 1)),
  note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  created_utc TEXT NOT NULL,
  created_by TEXT NOT NULL,
  FOREIGN KEY (scheme_id, scheme_version) REFERENCES scheme_versions (scheme_id, version),
  UNIQUE (meter_id, from_utc)
);

CREATE TABLE virtual_meters (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 80),
  description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
  time_zone TEXT,
  scheme_id INTEGER,
  scheme_version INTEGER,
  created_utc TEXT NOT NULL,
  created_by TEXT NOT NULL,
  deleted_utc TEXT,
  FOREIGN KEY (scheme_id, scheme_version) REFERENCES scheme_versions (scheme_id, version)
);
CREATE UNIQUE INDEX virtual_meters_name ON virtual_meters (name) WHERE deleted_utc IS NULL;

CREATE TABLE virtual_meter_versions (
  virtual_meter_id INTEGER NOT NULL REFERENCES virtual_meters (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  formula TEXT NOT NULL CHECK (length(formula) BETWEEN 1 AND 4000),
  unit TEXT NOT NULL,
  from_utc TEXT,
  note TEXT NOT NULL DEFAULT '',
  saved_utc TEXT NOT NULL,
  saved_by TEXT NOT NULL,
  PRIMARY KEY (virtual_meter_id, version)
);

CREATE TABLE report_runs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('billing', 'balance', 'virtual')),
  title TEXT NOT NULL,
  params_json TEXT NOT NULL CHECK (json_valid(params_json)),
  figures_sha256 TEXT NOT NULL,
  result_gz BLOB NOT NULL,
  data_reading_id INTEGER NOT NULL,
  rerun_of INTEGER REFERENCES report_runs (id),
  created_utc TEXT NOT NULL,
  created_by TEXT NOT NULL
);
`;
