/**
 * Schema version 3: tariff schemes (issue 4) — folders, schemes, their saved versions, staged programs and
 * programming jobs with their certificates.
 *
 * Notes on the columns:
 * - `scheme_folders`: a tree (`parent_id` NULL = top level); names unique among siblings, case-insensitive.
 * - `schemes`: one row per scheme the engineer manages; `deleted_utc` set when deleted (rows stay so that
 *   certificates and staged programs keep pointing at the exact content that was programmed).
 * - `scheme_versions`: every save is a new version 1, 2, 3…; `content_json` is the whole scheme file
 *   (schemes/model.ts, canonical JSON), `content_sha256` its hash. Never updated, never deleted.
 * - `staged_programs`: a scheme version joined with one meter's data (serial, CT/VT ratios as `primary/secondary`
 *   text, password level, site, customer, the meter's IANA time zone); `status` draft → approved → programmed /
 *   partially-programmed / failed. `approved_*` filled by the approval (issue 6 roles).
 * - `programming_jobs`: each upload attempt of a staged program; `status` running → verified (read back equal) /
 *   differences (read back differs) / partially-programmed (stopped mid-upload) / failed (nothing written);
 *   `certificate_json` the programming certificate (what was written, read back, counters, who, when).
 *   The latest job per meter serial is the meter's programming state.
 * Times are ISO 8601 UTC instants (`…Z`).
 */
export const V3 = `
CREATE TABLE scheme_folders (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES scheme_folders (id) ON DELETE RESTRICT,
  name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 80),
  created_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX scheme_folders_unique_name ON scheme_folders (coalesce(parent_id, 0), name COLLATE NOCASE);

CREATE TABLE schemes (
  id INTEGER PRIMARY KEY,
  folder_id INTEGER REFERENCES scheme_folders (id) ON DELETE RESTRICT,
  name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 80),
  created_utc TEXT NOT NULL,
  created_by TEXT NOT NULL,
  deleted_utc TEXT
);
CREATE INDEX schemes_by_folder ON schemes (folder_id, name);

CREATE TABLE scheme_versions (
  scheme_id INTEGER NOT NULL REFERENCES schemes (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  content_json TEXT NOT NULL CHECK (json_valid(content_json)),
  content_sha256 TEXT NOT NULL,
  saved_utc TEXT NOT NULL,
  saved_by TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (scheme_id, version)
);

CREATE TABLE staged_programs (
  id INTEGER PRIMARY KEY,
  scheme_id INTEGER NOT NULL,
  scheme_version INTEGER NOT NULL,
  meter_serial TEXT NOT NULL CHECK (length(meter_serial) BETWEEN 1 AND 32),
  meter_model TEXT NOT NULL CHECK (meter_model IN ('generic', 'A1140', 'A1700')),
  ct_ratio TEXT,
  vt_ratio TEXT,
  password_level INTEGER NOT NULL CHECK (password_level BETWEEN 1 AND 3),
  site TEXT NOT NULL DEFAULT '',
  customer TEXT NOT NULL DEFAULT '',
  time_zone TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'programmed', 'partially-programmed', 'failed')),
  created_utc TEXT NOT NULL,
  created_by TEXT NOT NULL,
  approved_utc TEXT,
  approved_by TEXT,
  FOREIGN KEY (scheme_id, scheme_version) REFERENCES scheme_versions (scheme_id, version)
);
CREATE INDEX staged_programs_by_serial ON staged_programs (meter_serial, id);

CREATE TABLE programming_jobs (
  id INTEGER PRIMARY KEY,
  staged_id INTEGER NOT NULL REFERENCES staged_programs (id),
  meter_serial TEXT NOT NULL,
  port TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'verified', 'differences', 'partially-programmed', 'failed')),
  started_utc TEXT NOT NULL,
  finished_utc TEXT,
  operator TEXT NOT NULL,
  error TEXT,
  certificate_json TEXT CHECK (certificate_json IS NULL OR json_valid(certificate_json))
);
CREATE INDEX programming_jobs_by_serial ON programming_jobs (meter_serial, id);
`;
