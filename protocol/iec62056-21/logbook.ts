import { FrameError } from './errors';
import { encodeLoadProfileRequest } from './load-profile';
import { type LocalStamp, formatStamp, parseStamp, stampToUtcMillis, utcIso, wallClock } from './local-stamp';

/**
 * The event logbook `P.98` of programming mode: the R5 request and its answer, one line per event with a time
 * stamp, a status word and an event code.
 * Source: reference note "Load profile and logbook" (../shared/reference/iec62056-21.md): request
 * `P.98(zYYMMDDhhmm;zYYMMDDhhmm)` like the load profile, z = season digit (0 normal, 1 summer, 2 UTC).
 * Answer lines accepted:
 * - `P.98(zYYMMDDhhmmss)(status)(event code)` — the form this program's encoder and emulator use;
 * - `P.98(zYYMMDDhhmmss)(status)()(n)(OBIS1)(unit1)…(OBISn)(unitn)(v1)…(vn)` — the load-profile-like layout
 *   some meters use (EMH style), where the status word itself names the event (`eventCode` null) and n values
 *   captured with the event follow (n may be 0).
 */

/** One logbook line. */
export interface LogbookEntry {
  /** The time stamp as the meter sent it (wall clock with season digit). */
  readonly stamp: LocalStamp;
  /** The same instant in UTC (placed exactly by the season digit), ISO with ms and Z. */
  readonly utc: string;
  /** Wall-clock time in the reading's time zone, `YYYY-MM-DDThh:mm:ss` (no offset). */
  readonly local: string;
  /** Status word as sent (hex text, e.g. `00002000`); its bits are meter-specific. */
  readonly status: string;
  /** Event code as sent (e.g. `0001`), or null when the line carries none (status-word layout). */
  readonly eventCode: string | null;
  /** Values captured with the event (status-word layout only), each with its OBIS code and unit as sent. */
  readonly values: readonly { readonly obis: string; readonly unit: string; readonly value: string }[];
}

/**
 * The R5 data set requesting the logbook: `P.98(from;to)` with season digits; a null bound is left empty
 * (`P.98(;)` = everything). @throws RangeError for an invalid stamp.
 */
export function encodeLogbookRequest(from: LocalStamp | null, to: LocalStamp | null): string {
  return encodeLoadProfileRequest(98, from, to);
}

const GROUP = /^[^()\r\n]*$/;

/**
 * Logbook entries → answer data text (`P.98(stamp)(status)(event code)` lines, CR LF after each), used by the
 * meter emulator. @throws RangeError for an invalid stamp or a status/code with brackets or line ends.
 */
export function encodeLogbookAnswer(entries: readonly { stamp: LocalStamp; status: string; eventCode: string }[]): string {
  let out = '';
  for (const e of entries) {
    if (!GROUP.test(e.status) || !GROUP.test(e.eventCode)) throw new RangeError('status and event code may not contain brackets or line ends');
    out += `P.98(${formatStamp(e.stamp, true)})(${e.status})(${e.eventCode})\r\n`;
  }
  return out;
}

function groupsOf(text: string): string[] | null {
  if (!/^(?:\([^()]*\))+$/.test(text)) return null;
  return text.slice(1, -1).split(')(');
}

/**
 * Answer data (one or more answer messages joined) → entries, in the order sent.
 * @param timeZone IANA zone for `local` (e.g. `Europe/Berlin`).
 * @throws FrameError (GARBLED) naming the line for a line that is not a logbook line, an invalid time stamp, or
 *   a channel count that does not match its groups; RangeError for an invalid time zone.
 */
export function parseLogbookAnswer(data: string, timeZone: string): LogbookEntry[] {
  wallClock(0, timeZone); // validates the zone (RangeError)
  const out: LogbookEntry[] = [];
  data.split(/\r\n|\n|\r/).forEach((line, index) => {
    if (line === '') return;
    const bad = (why: string) => new FrameError(`logbook (line ${index + 1})`, `line ${index + 1}: ${why}: ${JSON.stringify(line.slice(0, 80))}`);
    const m = /^P\.98(\(.*)$/.exec(line);
    const groups = m ? groupsOf(m[1]!) : null;
    if (!groups || groups.length < 3) throw bad('expected P.98(time)(status)(event code)');
    const stamp = parseStamp(groups[0]!);
    if (stamp === null) throw bad(`${JSON.stringify(groups[0])} is not a time stamp zYYMMDDhhmm[ss]`);
    const status = groups[1]!;
    let eventCode: string | null;
    const values: { obis: string; unit: string; value: string }[] = [];
    if (groups.length === 3) {
      eventCode = groups[2]!;
    } else {
      const n = /^\d{1,3}$/.test(groups[3]!) ? Number(groups[3]) : NaN;
      if (groups[2] !== '' || !(n >= 0) || groups.length !== 4 + 3 * n) throw bad('channel count does not match the (OBIS)(unit) pairs and values');
      eventCode = null;
      for (let k = 0; k < n; k++) values.push({ obis: groups[4 + 2 * k]!, unit: groups[5 + 2 * k]!, value: groups[4 + 2 * n + k]! });
    }
    const ms = stampToUtcMillis(stamp, timeZone);
    out.push({ stamp, utc: utcIso(ms), local: wallClock(ms, timeZone).local, status, eventCode, values });
  });
  return out;
}
