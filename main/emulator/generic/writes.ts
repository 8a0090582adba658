import { encodeLogbookAnswer } from '../../../protocol/iec62056-21/logbook';
import { parseLoadProfileRequest } from '../../../protocol/iec62056-21/load-profile';
import { stampToUtcMillis } from '../../../protocol/iec62056-21/local-stamp';
import { parseObisAddress } from '../../../protocol/iec62056-21/obis';
import type { MeterClock } from '../meter-clock';
import { type MeterEvents, eventCode } from '../meter-events';
import type { WriteOutcome } from '../meter-personality';
import type { ZoneClock } from '../zone-clock';

/**
 * The generic meter's programming-mode writes and its event logbook.
 *
 * Writes (W1/W2/W5 with an OBIS data set, reference note "Messages"; data set forms as in the readout):
 * - `0.9.1(hhmmss)`: set the meter clock's local time of day, keeping the local date;
 * - `0.9.2(YYMMDD)` or `0.9.2(zYYMMDD)` (season digit z: 0 normal, 1 summer, 2 UTC): set the local date,
 *   keeping the local time of day.
 * Both are a clock SET (at once, logged as event `clock-set`). Anything else → 'unknown'; a malformed or
 * impossible value → 'refused'. A time that does not exist locally (DST gap) moves on, an ambiguous one takes the
 * earlier instant (ZoneClock.toUtc).
 *
 * Logbook `P.98(from;to)` (reference note "Load profile and logbook"): one line per event
 * `P.98(zYYMMDDhhmmss)(SS)(CCCC)` (protocol/iec62056-21/logbook.ts `encodeLogbookAnswer`): meter local time
 * with season digit, status `08` when summer time was in force else `00` (as the load profile's status bit),
 * event code = meter-events.ts `eventCode` as 4 digits (0001 power down, 0002 power up, 0003 clock set,
 * 0004 clock adjust, 0005 programming, 0006 billing reset, 0007 password refused, 0008 locked).
 */

const p2 = (n: number) => String(n).padStart(2, '0');

/** Apply a clock write `dataSet` to `clock` (see the module comment). */
export function writeClock(dataSet: string, clock: MeterClock, zone: ZoneClock, events: MeterEvents): WriteOutcome {
  const m = /^([^()]+)\(([^()]*)\)(?:\r\n)?$/.exec(dataSet);
  if (!m) return 'unknown';
  const code = parseObisAddress(m[1]!).code;
  const value = m[2]!;
  const before = clock.now();
  const l = zone.local(before);
  let target: number;
  if (code === '0.9.1') {
    const t = /^(\d{2})(\d{2})(\d{2})$/.exec(value);
    if (!t) return 'refused';
    const [hour, minute, second] = t.slice(1).map(Number) as [number, number, number];
    if (hour > 23 || minute > 59 || second > 59) return 'refused';
    target = zone.toUtc({ year: l.year, month: l.month, day: l.day, hour, minute, second });
  } else if (code === '0.9.2') {
    const d = /^([012])?(\d{2})(\d{2})(\d{2})$/.exec(value);
    if (!d) return 'refused';
    const [year, month, day] = [2000 + Number(d[2]), Number(d[3]), Number(d[4])];
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return 'refused';
    const season = d[1] === undefined ? undefined : (Number(d[1]) as 0 | 1 | 2);
    target = zone.toUtc({ year, month, day, hour: l.hour, minute: l.minute, second: l.second }, season);
  } else {
    return 'unknown';
  }
  clock.set(target);
  events.add('clock-set', target, `clock set from ${zone.stamp(before, true)} to ${zone.stamp(target, true)} (meter local time)`);
  return 'done';
}

/**
 * Answer data of a logbook request `P.98(from;to)`: the events whose time lies in [from, to] (an empty bound is
 * open) at meter time `t`. '' when none. Null when the data set is another profile.
 * @throws FrameError when the data set is not a `P.nn(…)` request.
 */
export function logbookAnswer(dataSet: string, t: number, zone: ZoneClock, events: MeterEvents): string | null {
  const req = parseLoadProfileRequest(dataSet);
  if (req.profile !== 98) return null;
  const from = req.from ? stampToUtcMillis(req.from, zone.timeZone) : -Infinity;
  const to = req.to ? stampToUtcMillis(req.to, zone.timeZone) : Infinity;
  const lines = events
    .list(t)
    .filter((e) => e.utcMs >= from && e.utcMs <= to)
    .map((e) => {
      const l = zone.local(e.utcMs);
      const local = `${l.year}-${p2(l.month)}-${p2(l.day)}T${p2(l.hour)}:${p2(l.minute)}:${p2(l.second)}`;
      return { stamp: { local, season: l.dst ? (1 as const) : (0 as const) }, status: l.dst ? '08' : '00', eventCode: String(eventCode(e.kind)).padStart(4, '0') };
    });
  return encodeLogbookAnswer(lines);
}
