/**
 * Store migration: workstation settings and optical-probe profiles (issue 16; main/store/settings.ts is the code over
 * these tables, main/settings/ the typed view, docs/settings.md the user's view).
 *
 * - `settings` (created empty by version 4): one row per setting an administrator changed (a missing row = the
 *   built-in default of contract/settings.ts SETTINGS). `value` is the value as JSON (checked against the setting's
 *   schema when read: a value this app does not understand reads as the default); this version adds `updated_by`, the
 *   user name.
 * - `probe_profiles`: own probe profiles and edited built-in ones (same name as the built-in), as JSON of
 *   contract/probe.ts `probeProfileSchema`; names are unique without regard to case.
 * - `probe_ports`: which profile a port uses (`COM3`, `/dev/ttyUSB0`); a port without a row follows its USB model's
 *   profile or the default profile.
 * Times are ISO 8601 UTC instants (`…Z`).
 */
export const SETTINGS_TABLES = `
ALTER TABLE settings ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';

CREATE TABLE probe_profiles (
  name TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 40),
  profile_json TEXT NOT NULL CHECK (json_valid(profile_json)),
  updated_utc TEXT NOT NULL,
  updated_by TEXT NOT NULL
);

CREATE TABLE probe_ports (
  port TEXT PRIMARY KEY CHECK (length(port) BETWEEN 1 AND 260),
  profile TEXT NOT NULL COLLATE NOCASE,
  updated_utc TEXT NOT NULL,
  updated_by TEXT NOT NULL
) WITHOUT ROWID;
`;
