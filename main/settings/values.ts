/**
 * The settings in force, read from the store (main/store/settings.ts) and checked against THE registry
 * (contract/settings.ts SETTINGS): `readSettings(db)` is every value, typed, with the built-in default for a key never
 * set — or set to something this app does not understand (a newer app's value, a hand-edited database), which is
 * reported by `settingProblems`. Reads are cached per connection and re-read after any write of this connection or a
 * commit of another (the CLI and the UI share the store), so services may call it on every use.
 * Also the checks of a change set (`parseChanges`): unknown keys and bad values as plain sentences.
 */
import type { Database } from 'better-sqlite3';
import { DEFAULT_SETTINGS, SETTINGS, isSettingKey, type SettingKey, type SettingsValues } from '../../contract/settings';
import { prepared } from '../core/prepared';
import { listSettingRows, writeSettingRow, type SettingRow } from '../store/settings';

/** Settings whose value is text: stored as the text itself (as the fleet collector's `timeSync.*` code does). */
const TEXT_KINDS = new Set(['folder', 'choice', 'timeZone', 'profile', 'text']);
const isText = (key: SettingKey) => TEXT_KINDS.has(SETTINGS[key].kind);

/** The stored text of `value` for `key`: text as is, numbers and booleans as JSON. */
export function encodeSetting(key: SettingKey, value: unknown): string {
  return isText(key) && typeof value === 'string' ? value : JSON.stringify(value);
}

/** The value of stored text `raw` for `key` (checked against its schema by the caller). */
export function decodeSetting(key: SettingKey, raw: string): unknown {
  if (isText(key) && !(raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2)) return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw; // not understood: the schema refuses it and the default applies
  }
}

/**
 * Store `value` for `key` as its default (row removed) or as text. Runs inside the caller's transaction with the audit
 * record (main/services/settings.ts).
 */
export function writeSetting(db: Database, key: SettingKey, value: unknown, by: string, nowUtc: string): void {
  const isDefault = JSON.stringify(value) === JSON.stringify(SETTINGS[key].default);
  writeSettingRow(db, key, isDefault ? undefined : encodeSetting(key, value), by, nowUtc);
}

interface Cached {
  readonly stamp: string;
  readonly values: SettingsValues;
  readonly rows: readonly SettingRow[];
  readonly problems: readonly string[];
}
const cache = new WeakMap<Database, Cached>();

/** Changes of this connection and commits of others since the database was opened (cache key). */
function stampOf(db: Database): string {
  const version = db.pragma('data_version', { simple: true }) as number;
  const changes = (prepared(db, 'SELECT total_changes() AS n').get() as { n: number }).n;
  return `${version}:${changes}`;
}

function load(db: Database): Cached {
  const stamp = stampOf(db);
  const hit = cache.get(db);
  if (hit && hit.stamp === stamp) return hit;
  const rows = listSettingRows(db);
  const values: SettingsValues = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  for (const row of rows) {
    if (!isSettingKey(row.key)) continue; // a newer app's setting: kept in the table, not used here
    const parsed = SETTINGS[row.key].schema.safeParse(decodeSetting(row.key, row.value));
    if (parsed.success) (values as Record<string, unknown>)[row.key] = parsed.data;
    else problems.push(`The stored value of "${SETTINGS[row.key].label}" (${row.key}) is not understood by this version; the default is used.`);
  }
  const fresh: Cached = { stamp, values, rows, problems };
  // Inside a transaction the rows may still roll back: use them, do not keep them.
  if (!db.inTransaction) cache.set(db, fresh);
  return fresh;
}

/** Every setting in force (defaults for those never set). Never throws for a bad stored value (see the file comment). */
export function readSettings(db: Database): SettingsValues {
  return load(db).values;
}

/** One setting in force. */
export function readSetting<K extends SettingKey>(db: Database, key: K): SettingsValues[K] {
  return load(db).values[key];
}

/** The stored rows (who changed what, when). */
export function settingRows(db: Database): readonly SettingRow[] {
  return load(db).rows;
}

/** Plain sentences about stored values this version does not understand (empty when all are fine). */
export function settingProblems(db: Database): readonly string[] {
  return load(db).problems;
}

/** A change set checked against the registry: the parsed values, or plain errors (one per bad key). */
export interface ParsedChanges {
  readonly values: Partial<SettingsValues>;
  readonly errors: readonly string[];
}

/**
 * Check `changes` (key → value; null = back to the default for settings whose default is null, e.g. folders) against
 * the registry. Unknown keys are errors ("… is not a setting"), as are values their schema refuses (the label and
 * zod's first message). Nothing is stored here.
 */
export function parseChanges(changes: Readonly<Record<string, unknown>>): ParsedChanges {
  const values: Record<string, unknown> = {};
  const errors: string[] = [];
  const unknown = Object.keys(changes).filter((k) => !isSettingKey(k));
  if (unknown.length > 0) {
    errors.push(`${unknown.map((k) => `"${k.slice(0, 80)}"`).join(', ')} ${unknown.length === 1 ? 'is not a setting' : 'are not settings'} of this version (see "pmu settings list").`);
  }
  for (const [key, value] of Object.entries(changes)) {
    if (!isSettingKey(key)) continue;
    const parsed = SETTINGS[key].schema.safeParse(value);
    if (parsed.success) values[key] = parsed.data;
    else errors.push(`${SETTINGS[key].label} (${key}): ${parsed.error.issues[0]?.message ?? 'is not valid'}.`);
  }
  return { values: values as Partial<SettingsValues>, errors };
}
