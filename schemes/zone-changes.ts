/**
 * The real clock changes of an IANA time zone in a year, from the time-zone database through luxon (never
 * hand-written offsets), and the dates a meter's DST rule (week 1–4 or last, weekday, month, hour; reference
 * tariff-model.md "DST rule") gives. Pure; used by schemes/validate-dst.ts. The offsets come from
 * schemes/zone-clock.ts (the simulation's meter clock), so validation and simulation see the same changes.
 */
import { DateTime } from 'luxon';
import { type DstMoment, WEEKDAYS } from './model';
import { DAY_MS, MINUTE_MS, MeterClock } from './zone-clock';

export { isKnownTimeZone } from './zone-clock';

/** A local wall-clock moment: date and minute after local midnight. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** Minutes after local midnight, 0…1439. */
  readonly minute: number;
}

/** One clock change of a zone. */
export interface ZoneChange {
  /** The first UTC instant with the new offset, ms since the Unix epoch. */
  readonly utcMs: number;
  /** UTC offset before and after, minutes (east positive). */
  readonly offsetBefore: number;
  readonly offsetAfter: number;
  /** What the local clock would show at `utcMs` with the OLD offset (e.g. 02:00 when Berlin goes to 03:00). */
  readonly wallBefore: WallClock;
  /** What the local clock shows at `utcMs` with the NEW offset (03:00 in that example). */
  readonly wallAfter: WallClock;
}

function wall(utcMs: number, offset: number): WallClock {
  const d = DateTime.fromMillis(utcMs + offset * MINUTE_MS, { zone: 'utc' });
  return { year: d.year, month: d.month, day: d.day, weekday: d.weekday, minute: d.hour * 60 + d.minute };
}

/**
 * The clock changes of `zone` whose old-offset wall-clock date falls in `year`, in time order, from the
 * zone's real offsets (schemes/zone-clock.ts MeterClock: daily probes of the time-zone database, bisected to
 * the minute; its assumptions apply: no zone changes twice within one day).
 * @throws RangeError when `zone` is not a known IANA zone.
 */
export function zoneChanges(zone: string, year: number): readonly ZoneChange[] {
  const clock = new MeterClock(zone, false);
  return clock
    .transitionsBetween(Date.UTC(year, 0, 1) - 2 * DAY_MS, Date.UTC(year + 1, 0, 1) + 2 * DAY_MS)
    .map((t) => ({
      utcMs: t.utcMs,
      offsetBefore: t.beforeMinutes,
      offsetAfter: t.afterMinutes,
      wallBefore: wall(t.utcMs, t.beforeMinutes),
      wallAfter: wall(t.utcMs, t.afterMinutes),
    }))
    .filter((c) => c.wallBefore.year === year);
}

const ORDINALS = ['first', 'second', 'third', 'fourth'];

/** "the last Sunday of March at 02:00". */
export function describeDstMoment(m: DstMoment): string {
  const week = m.week === 'last' ? 'last' : ORDINALS[m.week - 1]!;
  const weekday = m.weekday.charAt(0).toUpperCase() + m.weekday.slice(1);
  const month = DateTime.utc(2000, m.month, 1).setLocale('en').toFormat('LLLL');
  return `the ${week} ${weekday} of ${month} at ${String(m.hour).padStart(2, '0')}:00`;
}

/** The calendar date the rule moment `m` names in `year` (its `week`-th or last `weekday` of `month`). */
export function dstRuleDate(m: DstMoment, year: number): { year: number; month: number; day: number } {
  const target = WEEKDAYS.indexOf(m.weekday) + 1;
  const first = DateTime.utc(year, m.month, 1);
  if (m.week === 'last') {
    const last = first.endOf('month').startOf('day');
    const back = (last.weekday - target + 7) % 7;
    return { year, month: m.month, day: last.day - back };
  }
  const ahead = (target - first.weekday + 7) % 7;
  return { year, month: m.month, day: 1 + ahead + (m.week - 1) * 7 };
}

/** `2027-03-28`. */
export const isoDate = (d: { year: number; month: number; day: number }): string =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
