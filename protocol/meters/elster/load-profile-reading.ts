import type { LoadProfile, LoadProfileInterval } from '../../reading';
import type { ElsterLoadProfile } from './load-profile';
import type { LpChannel } from './profile';

/**
 * Elster load profile → the project's reading model (`LoadProfile` of protocol/reading.ts), so it is stored, written
 * to .RES and charted like any other profile.
 * - Values: the meter records average demand in milli-units (mW, mvar, mVA: public:abba1140/LoadProfileConfigRegister.java:18-22);
 *   the reading gives them in kW, kvar, kVA (÷ 10⁶). Energy of an interval = value × period (e.g. 1 kW over 30 min = 0.5 kWh).
 * - Channels: the union of every channel seen, in channel order; an interval recorded without a channel gets null.
 * - `startLocal` is the meter's wall clock as it stamped the interval; `dst` the meter's own DST flag.
 * - `status`: the status byte as two upper-case hex digits (names: ElsterInterval.statusFlags).
 * - `periodMinutes`: the most common interval length.
 */

const KILO: Readonly<Record<LpChannel['unit'], string>> = { mW: 'kW', mvar: 'kvar', mVA: 'kVA', '': '' };

/** Convert. Never throws. */
export function toReadingLoadProfile(lp: ElsterLoadProfile): LoadProfile {
  const seen = new Map<string, LpChannel>();
  for (const iv of lp.intervals) for (const c of iv.channels) if (!seen.has(c.key)) seen.set(c.key, c);
  const channels = [...seen.values()];
  const periods = new Map<number, number>();
  for (const iv of lp.intervals) periods.set(iv.periodMinutes, (periods.get(iv.periodMinutes) ?? 0) + 1);
  let periodMinutes = 0;
  let best = 0;
  for (const [p, n] of periods) if (n > best) [periodMinutes, best] = [p, n];
  const intervals: LoadProfileInterval[] = lp.intervals.map((iv) => ({
    startUtc: iv.startUtc,
    endUtc: iv.endUtc,
    startLocal: iv.startLocal,
    dst: iv.dst,
    status: iv.status.toString(16).toUpperCase().padStart(2, '0'),
    values: channels.map((c) => {
      const i = iv.channels.findIndex((x) => x.key === c.key);
      return i < 0 ? null : c.unit === '' ? iv.values[i]! : iv.values[i]! / 1e6;
    }),
  }));
  return { profile: 1, periodMinutes, channels: channels.map((c) => ({ obis: c.obis, unit: KILO[c.unit] })), intervals };
}
