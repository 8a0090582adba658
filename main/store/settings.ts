/**
 * The settings tables (schema: ./migration-settings.ts) as functions of a db handle: raw rows in and out. A setting's
 * value is text (its encoding, and checking it against the registry of contract/settings.ts, is main/settings/values.ts);
 * probe profiles are JSON.
 * Writers take `by` (the acting user name) and `nowUtc`; run them inside the caller's transaction with the audit record.
 */
import type { Database } from 'better-sqlite3';

/** A stored setting. */
export interface SettingRow {
  readonly key: string;
  /** The stored text of the value (decoded and checked by main/settings/values.ts). */
  readonly value: string;
  readonly updatedUtc: string;
  readonly updatedBy: string;
}

/** A stored probe profile (own, or an edited built-in) as JSON not yet checked. */
export interface ProbeProfileRow {
  readonly name: string;
  readonly profile: unknown;
  readonly updatedUtc: string;
  readonly updatedBy: string;
}

/** A port → profile assignment. */
export interface ProbePortRow {
  readonly port: string;
  readonly profile: string;
  readonly updatedUtc: string;
  readonly updatedBy: string;
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined; // not JSON (a hand-edited database): read as "not understood", the default applies
  }
}

/** Every stored setting, by key order. */
export function listSettingRows(db: Database): SettingRow[] {
  const rows = db.prepare('SELECT key, value, updated_utc, updated_by FROM settings ORDER BY key').all() as {
    key: string; value: string; updated_utc: string; updated_by: string;
  }[];
  return rows.map((r) => ({ key: r.key, value: r.value, updatedUtc: r.updated_utc, updatedBy: r.updated_by }));
}

/** Store the text `value` for `key` (replacing any), or delete the row when `value` is undefined (back to the default). */
export function writeSettingRow(db: Database, key: string, value: string | undefined, by: string, nowUtc: string): void {
  if (value === undefined) {
    db.prepare('DELETE FROM settings WHERE key = ?').run(key);
    return;
  }
  db.prepare('INSERT INTO settings (key, value, updated_utc, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_utc = excluded.updated_utc, updated_by = excluded.updated_by').run(
    key, value, nowUtc, by,
  );
}

/** Every stored probe profile, by name. */
export function listProbeProfileRows(db: Database): ProbeProfileRow[] {
  const rows = db.prepare('SELECT name, profile_json, updated_utc, updated_by FROM probe_profiles ORDER BY name COLLATE NOCASE').all() as {
    name: string; profile_json: string; updated_utc: string; updated_by: string;
  }[];
  return rows.map((r) => ({ name: r.name, profile: parse(r.profile_json), updatedUtc: r.updated_utc, updatedBy: r.updated_by }));
}

/** Store profile `name` (replacing one of the same name, any case). */
export function writeProbeProfileRow(db: Database, name: string, profile: unknown, by: string, nowUtc: string): void {
  db.prepare('DELETE FROM probe_profiles WHERE name = ?').run(name);
  db.prepare('INSERT INTO probe_profiles (name, profile_json, updated_utc, updated_by) VALUES (?, ?, ?, ?)').run(name, JSON.stringify(profile), nowUtc, by);
}

/** Delete stored profile `name` (any case); true when there was one. */
export function deleteProbeProfileRow(db: Database, name: string): boolean {
  return db.prepare('DELETE FROM probe_profiles WHERE name = ?').run(name).changes > 0;
}

/** Every port assignment, by port. */
export function listProbePortRows(db: Database): ProbePortRow[] {
  const rows = db.prepare('SELECT port, profile, updated_utc, updated_by FROM probe_ports ORDER BY port').all() as {
    port: string; profile: string; updated_utc: string; updated_by: string;
  }[];
  return rows.map((r) => ({ port: r.port, profile: r.profile, updatedUtc: r.updated_utc, updatedBy: r.updated_by }));
}

/** Assign `profile` to `port`, or remove the assignment (null). */
export function writeProbePortRow(db: Database, port: string, profile: string | null, by: string, nowUtc: string): void {
  if (profile === null) {
    db.prepare('DELETE FROM probe_ports WHERE port = ?').run(port);
    return;
  }
  db.prepare('INSERT INTO probe_ports (port, profile, updated_utc, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (port) DO UPDATE SET profile = excluded.profile, updated_utc = excluded.updated_utc, updated_by = excluded.updated_by').run(
    port, profile, nowUtc, by,
  );
}

/** Point every port assigned to `from` at `to` (a profile was renamed). */
export function renameProbePortProfile(db: Database, from: string, to: string): void {
  db.prepare('UPDATE probe_ports SET profile = ? WHERE profile = ?').run(to, from);
}
