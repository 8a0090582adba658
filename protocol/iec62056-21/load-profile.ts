import type { LoadProfile, LoadProfileChannel, LoadProfileInterval } from '../reading';
import { FrameError } from './errors';
import { decimalValue } from './datasets';
import { type LocalStamp, formatStamp, parseStamp, stampToUtcMillis, utcIso, wallClock } from './local-stamp';

export type { LocalStamp } from './local-stamp';
export { localStampFromUtc, localStampToUtc } from './local-stamp';

/**
 * The load profile `P.01` (and `P.02`) of programming mode: the R5 request data set, the answer data text,
 * and the answer → `LoadProfile` conversion.
 * Source: reference note "Load profile and logbook" (../shared/reference/iec62056-21.md), IEC 62056-21:2002
 * clause 6.3.7 (R5 command), DLMS/COSEM profile generic (IEC 62056-62): an entry is captured at the END of
 * its capture period.
 */

function profileAddress(profile: number): string {
  if (!Number.isInteger(profile) || profile < 1 || profile > 99) {
    throw new RangeError(`load profile number ${profile} is not 1…99`);
  }
  return `P.${String(profile).padStart(2, '0')}`;
}

/**
 * The R5 data set requesting a load profile: `P.01(zYYMMDDhhmm;zYYMMDDhhmm)` (from; to), z = season digit.
 * A null bound is left empty (`P.01(;)` = everything). Seconds of the stamps are dropped.
 * @throws RangeError for a profile number outside 1…99 or a stamp that is not a valid 2000–2099 time.
 */
export function encodeLoadProfileRequest(profile: number, from: LocalStamp | null, to: LocalStamp | null): string {
  const f = from === null ? '' : formatStamp(from, false);
  const t = to === null ? '' : formatStamp(to, false);
  return `${profileAddress(profile)}(${f};${t})`;
}

/**
 * Inverse of `encodeLoadProfileRequest` (used by the meter emulator). Accepts `P.NN(from;to)` with either
 * bound empty, and `P.NN()` as "everything"; a trailing CR LF is ignored. Stamps may carry seconds.
 * @throws FrameError when the data set is not a load-profile request.
 */
export function parseLoadProfileRequest(data: string): { profile: number; from: LocalStamp | null; to: LocalStamp | null } {
  const m = /^P\.(\d{2})\(([^;()]*)(?:;([^;()]*))?\)(?:\r\n)?$/.exec(data);
  if (!m) throw new FrameError('load profile request', `expected P.01(from;to), received ${JSON.stringify(data.slice(0, 60))}`);
  const profile = Number(m[1]);
  if (profile < 1) throw new FrameError('load profile request', `profile number ${m[1]} is not 01…99`);
  const bound = (s: string | undefined): LocalStamp | null => {
    if (s === undefined || s === '') return null;
    const stamp = parseStamp(s);
    if (stamp === null) throw new FrameError('load profile request', `${JSON.stringify(s)} is not a time stamp zYYMMDDhhmm`);
    return stamp;
  };
  return { profile, from: bound(m[2]), to: bound(m[3]) };
}

/** One block of a load-profile answer: one header line and its interval lines. */
export interface LoadProfileAnswerBlock {
  /** Capture time of the first interval line = the END of the block's first interval, meter local time. */
  readonly firstCapture: LocalStamp;
  /** Status word as the meter sends it (e.g. `08`); printable text without brackets. */
  readonly status: string;
  /** Capture period, minutes (1…1440). */
  readonly periodMinutes: number;
  /** Channels (columns) in order. */
  readonly channels: readonly LoadProfileChannel[];
  /** One row per interval, each with one value text per channel exactly as to be sent; null sends `()`. */
  readonly rows: readonly (readonly (string | null)[])[];
}

const GROUP_TEXT = /^[^()\r\n]*$/;

function group(text: string, what: string): string {
  if (!GROUP_TEXT.test(text)) throw new RangeError(`${what} ${JSON.stringify(text)} may not contain brackets or line ends`);
  return `(${text})`;
}

/**
 * Encode the answer data text of a load-profile read: per block a header line
 * `P.01(zYYMMDDhhmmss)(status)(period minutes)(n channels)(obis1)(unit1)…(obisN)(unitN)` followed by one line
 * per interval `(v1)…(vN)`; every line ends with CR LF.
 * The header time stamp is the capture time, i.e. the END of the block's first interval (DLMS profile generic
 * capture semantics); each further line is one capture period later.
 * @throws RangeError for a bad profile number, period, stamp, a row whose length differs from the channel
 *   count, or a text containing brackets.
 */
export function encodeLoadProfileAnswer(blocks: readonly LoadProfileAnswerBlock[], profile = 1): string {
  const address = profileAddress(profile);
  let out = '';
  for (const b of blocks) {
    if (!Number.isInteger(b.periodMinutes) || b.periodMinutes < 1 || b.periodMinutes > 1440) {
      throw new RangeError(`capture period ${b.periodMinutes} min is not 1…1440`);
    }
    out += `${address}(${formatStamp(b.firstCapture, true)})${group(b.status, 'status')}(${b.periodMinutes})(${b.channels.length})`;
    for (const c of b.channels) out += group(c.obis, 'channel OBIS code') + group(c.unit, 'unit');
    out += '\r\n';
    for (const row of b.rows) {
      if (row.length !== b.channels.length) throw new RangeError(`row has ${row.length} values for ${b.channels.length} channels`);
      out += row.map((v) => group(v ?? '', 'value')).join('') + '\r\n';
    }
  }
  return out;
}

/** Value groups of a line that consists only of `(…)` groups, or null. */
function groupsOf(line: string): string[] | null {
  if (!/^(?:\([^()]*\))+$/.test(line)) return null;
  return line.slice(1, -1).split(')(');
}

interface ParsedBlock {
  readonly status: string;
  readonly periodMinutes: number;
  readonly channels: LoadProfileChannel[];
  readonly firstCapture: LocalStamp;
  readonly rows: (number | null)[][];
}

function parseHeader(line: string, lineNo: number): { profile: number; block: ParsedBlock } {
  const bad = (why: string) => new FrameError(`load profile (line ${lineNo})`, `line ${lineNo}: ${why}: ${JSON.stringify(line.slice(0, 80))}`);
  const m = /^P\.(\d{2})(\(.*)$/.exec(line);
  const groups = m ? groupsOf(m[2]!) : null;
  if (!m || !groups || groups.length < 4) throw bad('header is not P.nn(time)(status)(period)(channels)…');
  const [stampText, status, periodText, countText] = groups as [string, string, string, string];
  const stamp = parseStamp(stampText);
  if (stamp === null) throw bad(`${JSON.stringify(stampText)} is not a time stamp zYYMMDDhhmm[ss]`);
  const periodMinutes = /^\d{1,4}$/.test(periodText) ? Number(periodText) : NaN;
  if (!(periodMinutes >= 1 && periodMinutes <= 1440)) throw bad('capture period is not 1…1440 minutes');
  const count = /^\d{1,3}$/.test(countText) ? Number(countText) : NaN;
  if (!(count >= 0) || groups.length !== 4 + 2 * count) throw bad('channel count does not match the (OBIS)(unit) pairs');
  const channels: LoadProfileChannel[] = [];
  for (let k = 0; k < count; k++) channels.push({ obis: groups[4 + 2 * k]!, unit: groups[5 + 2 * k]! });
  if (new Set(channels.map((c) => `${c.obis}\u0000${c.unit}`)).size !== count) throw bad('a channel appears twice');
  if (m[1] === '00') throw bad('profile number P.00 does not exist');
  return { profile: Number(m[1]), block: { status, periodMinutes, channels, firstCapture: stamp, rows: [] } };
}

function parseRow(line: string, lineNo: number, width: number): (number | null)[] {
  const groups = groupsOf(line);
  if (groups === null || groups.length !== width) {
    throw new FrameError(`load profile (line ${lineNo})`, `line ${lineNo}: expected ${width} values in brackets: ${JSON.stringify(line.slice(0, 80))}`);
  }
  return groups.map((g) => {
    const text = g.includes('*') ? g.slice(0, g.indexOf('*')) : g;
    if (text === '') return null;
    const v = decimalValue(text);
    if (v === null) throw new FrameError(`load profile (line ${lineNo})`, `line ${lineNo}: ${JSON.stringify(g)} is not a number`);
    return v;
  });
}

/**
 * Convert a load-profile answer (the data of one or more answer messages, concatenated) into a LoadProfile.
 * - Header stamps are placed in UTC exactly by their season digit (0 → the zone's standard offset that year,
 *   1 → standard + DST delta, 2 → UTC), which resolves the repeated autumn hour; see `localStampToUtc`.
 * - The header stamp is the END of the first interval; intervals step by the period in UTC from there.
 *   `startLocal` / `dst` of each interval come from its UTC start in `timeZone`.
 * - Channels: union over blocks in order of first appearance (same OBIS code and unit = same channel);
 *   a block without a channel gives null there. `periodMinutes` = the period of most intervals.
 * - Intervals are returned sorted by start (stable); values `()` → null; a value with `*unit` is accepted.
 * - Data without any line gives an empty profile (number `emptyProfile`, period 0): the meter had no entries.
 * @throws FrameError (GARBLED) naming the line number for a malformed header (also P.00 or a channel listed
 *   twice) or interval line, or an interval line before the first header. RangeError when `timeZone` is not a valid IANA time zone.
 */
export function parseLoadProfileAnswer(data: string, timeZone: string, emptyProfile = 1): LoadProfile {
  wallClock(0, timeZone); // validates timeZone (RangeError)
  const blocks: ParsedBlock[] = [];
  let profile: number | null = null;
  data.split(/\r\n|\n|\r/).forEach((line, index) => {
    if (line === '') return;
    if (line.startsWith('P.')) {
      const h = parseHeader(line, index + 1);
      profile ??= h.profile;
      blocks.push(h.block);
      return;
    }
    const current = blocks[blocks.length - 1];
    if (current === undefined) throw new FrameError(`load profile (line ${index + 1})`, `line ${index + 1}: values before the first P.nn header line`);
    current.rows.push(parseRow(line, index + 1, current.channels.length));
  });

  const channels: LoadProfileChannel[] = [];
  const key = (c: LoadProfileChannel) => `${c.obis}\u0000${c.unit}`;
  const indexOf = new Map<string, number>();
  for (const b of blocks) {
    for (const c of b.channels) {
      if (!indexOf.has(key(c))) {
        indexOf.set(key(c), channels.length);
        channels.push({ obis: c.obis, unit: c.unit });
      }
    }
  }

  const intervals: LoadProfileInterval[] = [];
  const periodCount = new Map<number, number>();
  for (const b of blocks) {
    const periodMs = b.periodMinutes * 60_000;
    const firstEndMs = stampToUtcMillis(b.firstCapture, timeZone);
    const columns = b.channels.map((c) => indexOf.get(key(c))!);
    periodCount.set(b.periodMinutes, (periodCount.get(b.periodMinutes) ?? 0) + b.rows.length);
    b.rows.forEach((row, i) => {
      const startMs = firstEndMs - periodMs + i * periodMs;
      const values: (number | null)[] = channels.map(() => null);
      row.forEach((v, k) => (values[columns[k]!] = v));
      const local = wallClock(startMs, timeZone);
      intervals.push({
        startUtc: utcIso(startMs),
        endUtc: utcIso(startMs + periodMs),
        startLocal: local.local,
        dst: local.dst,
        status: b.status,
        values,
      });
    });
  }
  intervals.sort((a, b) => (a.startUtc < b.startUtc ? -1 : a.startUtc > b.startUtc ? 1 : 0));

  let periodMinutes = blocks[0]?.periodMinutes ?? 0;
  let best = -1;
  for (const [p, n] of periodCount) if (n > best) [periodMinutes, best] = [p, n];
  return { profile: profile ?? emptyProfile, periodMinutes, channels, intervals };
}
