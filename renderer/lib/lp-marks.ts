/**
 * Where the load-profile chart draws its time marks: local day boundaries (midnight in the reading's IANA zone) and
 * the zone's DST changes, from the tz database through luxon (never from the data, so a gap or a meter without a DST
 * flag does not hide a change). Instants are UTC milliseconds. Pure: no DOM, no API.
 */
import { DateTime, type Zone } from 'luxon';

/** An IANA zone name, or a luxon zone (e.g. ./cached-zone.ts for the chart's hot path). */
export type ZoneLike = string | Zone;

/** A change of the zone's UTC offset inside the profile. */
export interface DstChange {
  /** The instant of the change, UTC ms. */
  readonly atMs: number;
  /** Offsets before and after, minutes east of UTC. */
  readonly fromOffsetMin: number;
  readonly toOffsetMin: number;
  /** `Clocks forward 1 h (02:00 → 03:00)` or `Clocks back 1 h (03:00 → 02:00)`. */
  readonly words: string;
}

/** Local midnights strictly inside (fromMs, toMs], UTC ms, in `zone`. At most `limit` (safety for bad input). */
export function dayBoundaries(fromMs: number, toMs: number, zone: string, limit = 5000): number[] {
  const out: number[] = [];
  if (!(toMs > fromMs)) return out;
  let d = DateTime.fromMillis(fromMs, { zone }).startOf('day').plus({ days: 1 });
  while (d.isValid && d.toMillis() <= toMs && out.length < limit) {
    out.push(d.toMillis());
    d = d.plus({ days: 1 });
  }
  return out;
}

/** Offset changes of `zone` between fromMs and toMs (found per local day, then to the minute by bisection). */
export function dstChanges(fromMs: number, toMs: number, zone: string): DstChange[] {
  const out: DstChange[] = [];
  if (!(toMs > fromMs)) return out;
  const offset = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  const step = 86_400_000;
  for (let a = fromMs; a < toMs; a += step) {
    const b = Math.min(a + step, toMs);
    const oa = offset(a);
    const ob = offset(b);
    if (oa === ob) continue;
    let lo = a;
    let hi = b;
    while (hi - lo > 60_000) {
      const mid = Math.floor((lo + hi) / 2 / 60_000) * 60_000;
      if (mid <= lo) break;
      if (offset(mid) === oa) lo = mid;
      else hi = mid;
    }
    // The wall-clock time at the change under the old and the new offset.
    const wall = (offsetMin: number) => DateTime.fromMillis(hi + offsetMin * 60_000, { zone: 'utc' }).toFormat('HH:mm');
    const diff = ob - oa;
    const hours = Math.abs(diff) % 60 === 0 ? `${Math.abs(diff) / 60} h` : `${Math.abs(diff)} min`;
    const words = `Clocks ${diff > 0 ? 'forward' : 'back'} ${hours} (${wall(oa)} → ${wall(ob)})`;
    out.push({ atMs: hi, fromOffsetMin: oa, toOffsetMin: ob, words });
  }
  return out;
}

/**
 * The day boundaries to draw for a view of (min, max): every boundary while at most `maxLines` fall inside, else only
 * week starts (Mondays), else only month starts, so a year's view is not a grey wall.
 */
export function boundariesInView(days: readonly number[], min: number, max: number, zone: ZoneLike, maxLines = 60): { at: number[]; unit: 'day' | 'week' | 'month' } {
  const inside = days.filter((d) => d > min && d < max);
  if (inside.length <= maxLines) return { at: inside, unit: 'day' };
  const weeks = inside.filter((d) => DateTime.fromMillis(d, { zone }).weekday === 1);
  if (weeks.length <= maxLines) return { at: weeks, unit: 'week' };
  return { at: inside.filter((d) => DateTime.fromMillis(d, { zone }).day === 1), unit: 'month' };
}

/**
 * A time-axis label at `ms` for a view `spanMs` wide, in `zone`: up to 10 days `HH:mm`, with the date under it on the
 * first tick and on the first tick of each new local day (`prevMs` = the tick before, null for the first), so a 48 h
 * view always says which days it shows; up to 90 days `dd LLL`; longer `LLL yyyy` on the first of a month and
 * `dd LLL` on other days (so half-month ticks do not repeat a month).
 */
export function tickLabel(ms: number, spanMs: number, zone: ZoneLike, prevMs: number | null): string | string[] {
  const t = DateTime.fromMillis(ms, { zone });
  if (spanMs <= 10 * 86_400_000) {
    const newDay = prevMs === null || DateTime.fromMillis(prevMs, { zone }).toISODate() !== t.toISODate();
    return newDay ? [t.toFormat('HH:mm'), t.toFormat('ccc dd LLL')] : t.toFormat('HH:mm');
  }
  if (spanMs <= 90 * 86_400_000 || t.day !== 1) return t.toFormat('dd LLL');
  return t.toFormat('LLL yyyy');
}

/** The view's range in words: `2026-03-01 00:00 – 2026-03-08 00:00 (7 days)`, times in `zone`. */
export function rangeWords(min: number, max: number, zone: string): string {
  const f = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-LL-dd HH:mm');
  const h = (max - min) / 3_600_000;
  const span = h < 48 ? `${Math.round(h * 10) / 10} h` : `${Math.round((h / 24) * 10) / 10} days`;
  return `${f(min)} – ${f(max)} (${span})`;
}
