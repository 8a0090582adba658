/**
 * An audit record's summary as one sentence in words, with units (issue 13.7: not `driftMs: 94342 → —`), e.g.
 * "Clock set to 2026-03-01 10:00:00; it was 1 min 34 s fast (meter showed 2026-03-01 10:01:34). Programming counter
 * 4 → 4." Each action the services record has its own sentence (the summary shapes are those of main/services,
 * main/auth, main/audit and main/settings); any other action falls back to "label: before → after" in words
 * (./audit-fields.ts). The full detail stays one click away (AuditTable's "Details"). Pure: no DOM, no API.
 */
import { fieldLabel, fieldValue, durationWords } from './audit-fields';
import { describeDrift } from '../../protocol/meters/elster/clock-plan';
import { formatMinutes } from './clock-words';
import { formatMeterLocal } from './format';
import { roleLabel } from './permissions';

type Obj = Record<string, unknown>;
const isRecord = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isRecord(v) ? v : {});
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB').replace(/,/g, ' ')} ${n === 1 ? one : many}`;

/** `a → b` of a counter that may be missing on either side; null when neither side has it. */
function counterChange(before: unknown, after: unknown): string | null {
  const b = num(before);
  const a = num(after);
  if (b === null && a === null) return null;
  return `Programming counter ${b ?? '?'} → ${a ?? '?'}.`;
}

/** The meter data of a staged program in words: `meter 1234 (CT 200, VT direct, level 3, Europe/London)`. */
function meterWords(m: Obj): string {
  const parts: (string | null)[] = [
    `CT ${str(m.ctRatio) ?? num(m.ctRatio) ?? 'direct'}`,
    `VT ${str(m.vtRatio) ?? num(m.vtRatio) ?? 'direct'}`,
    num(m.passwordLevel) !== null ? `password level ${num(m.passwordLevel)}` : null,
    str(m.timeZone),
    str(m.site) ? `site ${str(m.site)}` : null,
    str(m.customer) ? `customer ${str(m.customer)}` : null,
  ].filter((p): p is string => p !== null);
  return `meter ${str(m.serial) ?? '?'} (${parts.join(', ')})`;
}

/** `3 v2` (the services' `storeId vVersion`) → `scheme 3 version 2`. */
function schemeVersionWords(v: unknown): string {
  const m = typeof v === 'string' ? /^(\d+) v(\d+)$/.exec(v) : null;
  return m ? `scheme ${m[1]} version ${m[2]}` : String(v ?? '?');
}

/** Plain words for the outcome codes of a programming job (programmingCertificateSchema status). */
const PROGRAM_STATUS: Readonly<Record<string, string>> = {
  verified: 'programmed and verified',
  differences: 'programmed, but the read-back differs',
  'partially-programmed': 'only partly programmed',
  failed: 'not programmed',
};

/** Sign-in failure codes (main/auth) in words. */
const SIGN_IN_REASONS: Readonly<Record<string, string>> = {
  SIGN_IN_FAILED: 'wrong user name or password',
  DISABLED: 'the account is disabled',
  THROTTLED: 'sign-in delayed after failed tries',
};

type Sentence = (before: Obj, after: Obj, zone: string) => string | null;

const SENTENCES: Readonly<Record<string, Sentence>> = {
  'clock.set': (b, a) => {
    const drift = num(b.driftMs);
    const was = drift !== null ? `; it was ${describeDrift(drift)}` : '';
    const showed = str(b.meterLocal) ? ` (meter showed ${formatMeterLocal(str(b.meterLocal)!)})` : '';
    const zone = str(a.timeZone) ? ` ${str(a.timeZone)}` : '';
    const counter = counterChange(b.programmingCounter, a.programmingCounter);
    return `Clock set to ${str(a.writtenLocal) ? formatMeterLocal(str(a.writtenLocal)!) : '?'}${zone}${was}${showed}.${counter ? ` ${counter}` : ''}`;
  },
  'clock.adjusted': (b, a) => {
    const correction = num(a.correctionMs);
    const way = correction === null ? '' : ` ${durationWords(correction)} ${correction > 0 ? 'forward' : 'back'}`;
    const done = num(a.completesAfterMin) !== null ? `, complete after about ${formatMinutes(num(a.completesAfterMin)!)}` : '';
    const drift = num(b.driftMs);
    return `Clock adjust requested:${way}${done}${drift !== null ? `; the meter was ${describeDrift(drift)}` : ''}.`;
  },
  'reading.stored': (_b, a) => {
    const what = `${plural(num(a.registers) ?? 0, 'register')} and ${plural(num(a.intervals) ?? 0, 'load-profile interval')}`;
    const where = str(a.port) ? ` on ${str(a.port)}` : '';
    const stored = a.duplicate === true ? `identical to reading ${num(a.readingId) ?? '?'}, already stored` : `stored as reading ${num(a.readingId) ?? '?'}`;
    return `Read ${what}${where}; ${stored}.`;
  },
  'collection.wrongMeter': (_b, a) =>
    `The device at ${str(a.link) ?? 'the link'} answered as ${str(a.seen) ? `serial ${str(a.seen)}` : 'no serial number'}, expected ${str(a.expected) ?? '?'}: ${a.sent === 'own level 1' ? "only the meter's own level-1 password had been sent" : 'no password was sent'}; nothing was stored.`,
  'reading.failed': (_b, a) => `Reading failed${str(a.port) ? ` on ${str(a.port)}` : ''}${str(a.step) ? ` at the ${str(a.step)!.replace(/-/g, ' ')} step` : ''}; nothing was stored. ${str(a.error) ?? 'No reason given.'}`,
  'program.staged': (_b, a) =>
    `Staged ${schemeVersionWords(a.scheme)}${str(a.schemeId) ? ` (scheme ID ${str(a.schemeId)})` : ''} for the ${str(a.meterModel) ?? 'meter'} ${meterWords(obj(a.meter))}, as ${a.status === 'approved' ? 'approved' : 'a draft'}.`,
  'program.approved': (_b, a) => `Approved ${schemeVersionWords(a.scheme)}${str(a.approvedBy) ? ` (approver ${str(a.approvedBy)})` : ''}; it may now be programmed.`,
  'program.deleted': (b) => `Deleted the ${str(b.status) ?? ''} staged program for ${meterWords(obj(b.meter))}.`.replace('the  ', 'the '),
  'program.uploaded': (b, a) => programSentence(b, a),
  'program.uploadFailed': (b, a) => {
    if (str(b.status) === 'running') return `Programming job left running when the workstation stopped (started by ${str(b.operator) ?? '?'} on ${str(b.port) ?? '?'}); closed as failed: ${str(a.reason) ?? 'no reason given'}.`;
    return programSentence(b, a);
  },
  'user.added': (_b, a) => `Added ${str(a.username) ?? 'the user'} as ${roleLabel(str(a.role) ?? '?').toLowerCase()}${str(a.displayName) ? ` (${str(a.displayName)})` : ''}.`,
  'user.setupAdmin': (_b, a) => `Created the first administrator, ${str(a.username) ?? '?'}.`,
  'auth.signInFailed': (_b, a) => `Sign-in refused: ${SIGN_IN_REASONS[str(a.reason) ?? ''] ?? str(a.reason) ?? 'no reason given'}${str(a.channel) ? ` (from ${str(a.channel)})` : ''}.`,
  'auth.signedIn': (_b, a) => (str(a.channel) ? `Signed in from ${str(a.channel)}.` : 'Signed in.'),
  'audit.exported': (_b, a) => `Audit trail exported as ${str(a.format) ?? 'a file'}${num(a.records) !== null ? ` (${plural(num(a.records)!, 'record')})` : ''}.`,
};

/** An upload's outcome in words: status, writes, counter, port, error. */
function programSentence(b: Obj, a: Obj): string {
  const status = PROGRAM_STATUS[str(a.status) ?? ''] ?? str(a.status) ?? 'ended';
  const written = num(a.written);
  const notWritten = num(a.notWritten);
  const total = written !== null && notWritten !== null ? written + notWritten : null;
  const writes = written !== null ? ` ${written}${total !== null ? ` of ${total}` : ''} writes done` : '';
  const diffs = num(a.differences) ? `, ${plural(num(a.differences)!, 'read-back difference')}` : '';
  const port = str(a.port) ? ` on ${str(a.port)}` : '';
  const counter = counterChange(b.programmingCounter, a.programmingCounter);
  const error = str(a.error) ? ` Reason: ${str(a.error)}` : '';
  return `${status[0]!.toUpperCase()}${status.slice(1)}${port}:${writes || ' no writes'}${diffs}.${counter ? ` ${counter}` : ''}${error}`;
}

/** The members that differ between two objects, in words: `role: technician → engineer; display name: — → Tom`. */
function changedWords(before: Obj, after: Obj, zone: string): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changed = keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changed.length === 0) return 'No change.';
  return changed.map((k) => `${fieldLabel(k)}: ${valueWords(k, before[k], zone)} → ${valueWords(k, after[k], zone)}`).join('; ');
}

/** A value in words; roles by their names. */
function valueWords(key: string, v: unknown, zone: string): string {
  if (key === 'role' && typeof v === 'string') return roleLabel(v).toLowerCase();
  return fieldValue(key, v, zone);
}

/** `key value` pairs in words: `format csv, meters 12`. */
function listWords(v: Obj, zone: string): string {
  return Object.entries(v)
    .map(([k, x]) => `${fieldLabel(k)} ${valueWords(k, x, zone)}`)
    .join(', ');
}

/**
 * The summary of a record with action `action` as one sentence in words, or '' when there is nothing to say.
 * `zone`: the workstation's time zone, for UTC instants.
 */
export function summaryWords(action: string, summary: { before?: unknown; after?: unknown }, zone: string): string {
  const b = summary.before;
  const a = summary.after;
  const sentence = SENTENCES[action];
  if (sentence) {
    const text = sentence(obj(b), obj(a), zone);
    if (text) return text;
  }
  const hasB = b !== undefined && b !== null;
  const hasA = a !== undefined && a !== null;
  if (isRecord(b) && isRecord(a)) return changedWords(b, a, zone);
  if (hasA) return isRecord(a) ? `${capital(listWords(a, zone))}.` : valueWords('value', a, zone);
  if (hasB) return isRecord(b) ? `Was: ${listWords(b, zone)}.` : `Was: ${valueWords('value', b, zone)}`;
  return '';
}

const capital = (s: string) => (s ? `${s[0]!.toUpperCase()}${s.slice(1)}` : s);
