/**
 * The members of an audit record's summary (`{ before, after }`, free-form JSON written by each service) in words:
 * a label per member name (`driftMs` → "clock drift") and each value with its unit (`94342` ms → "1 min 34 s fast",
 * `…Utc` instants in the workstation's time zone, meter wall-clock `…Local` values as dates, SHA-256 shortened,
 * booleans as yes/no). `detailRows` lists every member, nested ones flattened with their path, for the "Details"
 * view of the Audit trail; unknown members keep their name and a readable value, so nothing is ever hidden.
 * Units: members named `…Ms` are milliseconds, `…Min` minutes, `…Utc` UTC ISO instants, `…Local` meter local time.
 * Pure: no DOM, no API.
 */
import { describeDrift } from '../../protocol/meters/elster/clock-plan';
import { formatMinutes } from './clock-words';
import { formatInstantShort, formatMeterLocal } from './format';

/** Labels of the summary members the services write (main/services, main/auth, main/audit, main/settings). */
const LABELS: Readonly<Record<string, string>> = {
  driftMs: 'clock drift',
  correctionMs: 'correction',
  completesAfterMin: 'completes after',
  meterLocal: 'meter time',
  writtenLocal: 'time written',
  targetLocal: 'target time',
  timeZone: 'time zone',
  programmingCounter: 'programming counter',
  readingId: 'reading',
  duplicate: 'identical to a stored reading',
  identification: 'identification',
  registers: 'registers',
  intervals: 'load-profile intervals',
  port: 'port',
  schemeId: 'scheme ID',
  scheme: 'scheme version',
  schemeSha256: 'scheme SHA-256',
  meterModel: 'meter model',
  status: 'status',
  stagedStatus: 'staged program status',
  approvedBy: 'approved by',
  meterUserId: 'meter user ID',
  written: 'writes done',
  notWritten: 'writes not done',
  differences: 'read-back differences',
  error: 'error',
  reason: 'reason',
  ctRatio: 'CT ratio',
  vtRatio: 'VT ratio',
  passwordLevel: 'password level',
  serial: 'serial number',
  displayName: 'display name',
  disabled: 'disabled',
  schemeFolderIds: 'limited to scheme folders',
  meterGroupIds: 'limited to meter groups',
  failedAttempts: 'failed sign-ins',
  startedUtc: 'started',
  finishedUtc: 'finished',
  fromUtc: 'from',
  toUtc: 'to',
  records: 'records',
  format: 'format',
  channel: 'signed in from',
  source: 'source',
  failures: 'failed sign-ins',
  level: 'security level',
  scope: 'for',
  meterSerial: 'meter',
  operator: 'operator',
};

/** A member name in words: the vocabulary above, else camelCase split (`lockedUntilUtc` → "locked until"). */
export function fieldLabel(key: string): string {
  const known = LABELS[key];
  if (known) return known;
  const words = key
    .replace(/(Utc|Local|Ms|Min)$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]+/g, ' ')
    .toLowerCase()
    .trim();
  return words || key;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Milliseconds in words without a direction: `94342` → `1 min 34 s`. */
export function durationWords(ms: number): string {
  return describeDrift(ms, false);
}

/**
 * One value in words, by its member name: `driftMs` 94342 → `1 min 34 s fast`; other `…Ms` → `1 min 34 s`; `…Min` →
 * `19 h 30 min`; `…Utc` → `2026-03-01 10:00:00` in `zone`; `…Local` → `2026-03-01 10:00`; `…Sha256` → first 12 hex
 * digits and `…`; true/false → yes/no; null → `—`; lists joined with commas; objects as `name: value` pairs.
 */
export function fieldValue(key: string, v: unknown, zone: string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') {
    if (key === 'driftMs') return describeDrift(v);
    if (key === 'correctionMs') return v === 0 ? '0 s' : `${durationWords(v)} ${v > 0 ? 'forward' : 'back'}`;
    if (/Ms$/.test(key)) return durationWords(v);
    if (/Min$/.test(key)) return formatMinutes(v);
    return v.toLocaleString('en-GB').replace(/,/g, ' ');
  }
  if (typeof v === 'string') {
    if (/Utc$/.test(key)) return formatInstantShort(v, zone);
    if (/Local$/.test(key)) return formatMeterLocal(v);
    if (/sha256$/i.test(key) && /^[0-9a-f]{16,}$/i.test(v)) return `${v.slice(0, 12)}…`;
    return v;
  }
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.map((x) => fieldValue(key, x, zone)).join(', ');
  if (isRecord(v)) {
    return Object.entries(v)
      .map(([k, x]) => `${fieldLabel(k)} ${fieldValue(k, x, zone)}`)
      .join(', ');
  }
  return String(v);
}

/** One row of the details of a record: a member in words with its value before and after (`null` = not on that side). */
export interface DetailRow {
  readonly key: string;
  readonly label: string;
  readonly before: string | null;
  readonly after: string | null;
  readonly changed: boolean;
}

/** `{ a: { b: 1 } }` → `[['a.b', 1]]` (lists stay values). */
function flatten(v: unknown, prefix = ''): [string, unknown][] {
  if (!isRecord(v)) return prefix ? [[prefix, v]] : [['value', v]];
  return Object.entries(v).flatMap(([k, x]) => (isRecord(x) ? flatten(x, prefix ? `${prefix}.${k}` : k) : [[prefix ? `${prefix}.${k}` : k, x] as [string, unknown]]));
}

/**
 * Every member of a summary as a row (nested objects flattened: `meter.serial` → "meter: serial number"), in the
 * order first seen (before, then after). `changed` when both sides have it and the values differ, or only one has it.
 */
export function detailRows(summary: { before?: unknown; after?: unknown }, zone: string): DetailRow[] {
  const side = (v: unknown) => (v === undefined || v === null ? new Map<string, unknown>() : new Map(flatten(v)));
  const before = side(summary.before);
  const after = side(summary.after);
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  return keys.map((key) => {
    const leaf = key.split('.').pop() ?? key;
    const label = key
      .split('.')
      .map((p) => fieldLabel(p))
      .join(': ');
    const b = before.has(key) ? fieldValue(leaf, before.get(key), zone) : null;
    const a = after.has(key) ? fieldValue(leaf, after.get(key), zone) : null;
    return { key, label, before: b, after: a, changed: b !== a };
  });
}
