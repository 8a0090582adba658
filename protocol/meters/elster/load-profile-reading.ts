import { DateTime } from 'luxon';
import type { LoadProfile, LoadProfileInterval } from '../../reading';
import type { ElsterLoadProfile } from './load-profile';
import { LP_CHANNELS } from './profile';

/**
 * Elster load profile → the project's reading model (`LoadProfile` of protocol/reading.ts), so it is stored,
 * written to .RES and charted like any other profile.
 * - Channels: the union of every channel seen, in LP_CHANNELS order, with the OBIS code and unit of the
 *   profile module (ASSUMED mapping, see LP_CHANNELS); an interval recorded without a channel gets null.
 * - `startLocal`: the UTC start shown in `timeZone` (IANA name) with luxon; `dst` is the meter's own DST flag
 *   (so a meter whose DST rule differs from the zone's shows it).
 * - `status`: the status byte as two upper-case hex digits (names: ElsterInterval.statusFlags).
 * - Intervals are sorted by start (a backward clock change can write them out of order); `periodMinutes` is the
 *   most common interval length.
 */

/**
 * Convert. @param timeZone IANA zone for `startLocal`, e.g. `Europe/London`.
 * @throws RangeError when `timeZone` is not a valid IANA zone name.
 */
export function toReadingLoadProfile(lp: ElsterLoadProfile, timeZone: string): LoadProfile {
  if (!DateTime.now().setZone(timeZone).isValid) throw new RangeError(`${JSON.stringify(timeZone)} is not an IANA time zone name`);
  const seen = new Set(lp.intervals.flatMap((iv) => iv.channels));
  const channels = LP_CHANNELS.filter((c) => seen.has(c.key));
  const periods = new Map<number, number>();
  for (const iv of lp.intervals) periods.set(iv.periodMinutes, (periods.get(iv.periodMinutes) ?? 0) + 1);
  let periodMinutes = 0;
  let best = 0;
  for (const [p, n] of periods) if (n > best) [periodMinutes, best] = [p, n];
  const intervals: LoadProfileInterval[] = lp.intervals
    .map((iv) => ({
      startUtc: iv.startUtc,
      endUtc: iv.endUtc,
      startLocal: DateTime.fromSeconds(iv.startUnix, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
      dst: iv.dst,
      status: iv.status.toString(16).toUpperCase().padStart(2, '0'),
      values: channels.map((c) => {
        const i = iv.channels.indexOf(c.key);
        return i < 0 ? null : iv.values[i]!;
      }),
    }))
    .sort((a, b) => (a.startUtc < b.startUtc ? -1 : a.startUtc > b.startUtc ? 1 : 0));
  return { profile: 1, periodMinutes, channels: channels.map((c) => ({ obis: c.obis, unit: c.unit })), intervals };
}
