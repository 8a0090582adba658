import { DateTime } from 'luxon';
import type { LoadProfile, LoadProfileChannel, LoadProfileInterval } from '../reading';
import type { HeardTelegram } from './listen';

/**
 * A short load profile from repeated push telegrams (issue 17 item 1: "repeated telegrams can be averaged into a
 * short load profile where the meter pushes power values"): every power register sent in each telegram —
 * OBIS value group D = 7 (instantaneous value, IEC 62056-61) with a power unit W, kW, var, kvar, VA or kVA (any
 * case) — becomes a channel; each channel's values are averaged per minute of reception (UTC minute
 * boundaries). Values and units stay as the meter sent them (no conversion between W and kW).
 */

const POWER_UNITS = new Set(['w', 'kw', 'var', 'kvar', 'va', 'kva', 'mw']);

/** Capture period of the averaged profile, minutes. */
export const PUSH_PROFILE_MINUTES = 1;

/**
 * The averaged profile of `heard` (in reception order), or null when fewer than two telegrams were heard or
 * no power register is common to all of them. `timeZone` (IANA) places each interval's local start.
 * Interval status `00` (every channel is in every telegram by construction).
 */
export function pushLoadProfile(heard: readonly HeardTelegram[], timeZone: string): LoadProfile | null {
  if (heard.length < 2) return null;
  const powerOf = (h: HeardTelegram) =>
    new Map(
      h.telegram.registers
        .filter((r) => r.billingPeriod === null && r.value !== null && r.unit !== null && POWER_UNITS.has(r.unit.toLowerCase()) && r.code.split('.')[1] === '7')
        .map((r) => [`${r.obis}\u0000${r.unit}`, r] as const),
    );
  const maps = heard.map(powerOf);
  const keys = [...maps[0]!.keys()].filter((k) => maps.every((m) => m.has(k)));
  if (keys.length === 0) return null;
  const channels: LoadProfileChannel[] = keys.map((k) => {
    const r = maps[0]!.get(k)!;
    return { obis: r.obis, unit: r.unit! };
  });
  const period = PUSH_PROFILE_MINUTES * 60_000;
  const byMinute = new Map<number, number[]>();
  heard.forEach((h, i) => {
    const start = Math.floor(h.receivedAtMs / period) * period;
    byMinute.set(start, [...(byMinute.get(start) ?? []), i]);
  });
  const intervals: LoadProfileInterval[] = [...byMinute.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, idx]) => {
      const local = DateTime.fromMillis(start, { zone: timeZone });
      return {
        startUtc: new Date(start).toISOString(),
        endUtc: new Date(start + period).toISOString(),
        startLocal: local.toFormat("yyyy-LL-dd'T'HH:mm:ss"),
        dst: local.isInDST,
        status: '00',
        values: keys.map((k) => {
          const vals = idx.map((i) => maps[i]!.get(k)!.value!);
          return vals.reduce((a, b) => a + b, 0) / vals.length;
        }),
      };
    });
  return { profile: 1, periodMinutes: PUSH_PROFILE_MINUTES, channels, intervals };
}
