/**
 * Geometry of the scheme editor's pictures (pure, unit-tested): the runs of rates of a day profile across the
 * 24-hour bar, and the seasons across a year's timeline. Times are the meter's local wall clock, minutes after
 * midnight; the rule is the activity calendar's (schemes/calendar.ts): before a day's first switch the rate of
 * its last switch carries over midnight. Switch times that are not valid `hh:mm` yet (being typed) are skipped.
 */
import type { DayProfile, Season } from '../../schemes/model';

/** One run of a rate on the day bar: [fromMinute, toMinute) local; `carried` = before the first switch of the day. */
export interface DaySegment {
  readonly from: number;
  readonly to: number;
  readonly rate: number;
  readonly carried: boolean;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of a valid `hh:mm`, else null. */
export function minuteOf(time: string): number | null {
  const m = TIME.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The runs of rates over 00:00–24:00 of `profile` (neighbouring runs of one rate are kept apart at a switch). */
export function daySegments(profile: Pick<DayProfile, 'switches'>): DaySegment[] {
  const byMinute = new Map<number, number>();
  for (const s of profile.switches) {
    const m = minuteOf(s.time);
    if (m !== null && Number.isFinite(s.rate)) byMinute.set(m, s.rate);
  }
  const minutes = [...byMinute.keys()].sort((a, b) => a - b);
  if (minutes.length === 0) return [];
  const out: DaySegment[] = [];
  const first = minutes[0]!;
  if (first > 0) out.push({ from: 0, to: first, rate: byMinute.get(minutes[minutes.length - 1]!)!, carried: true });
  minutes.forEach((m, i) => out.push({ from: m, to: minutes[i + 1] ?? 1440, rate: byMinute.get(m)!, carried: false }));
  return out;
}

/** Minutes → `h:mm` duration text (`7 h`, `1 h 30 min`, `45 min`). */
export function durationText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Days before the 1st of each month in the timeline year (a leap year, so 29 February has a place). */
const MONTH_STARTS = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366] as const;

/** Day of the timeline year (0…365) of a month/day; out-of-range days are clamped into the month. */
export function dayOfYear(month: number, day: number): number {
  const m = Math.min(12, Math.max(1, Math.trunc(month) || 1));
  const len = MONTH_STARTS[m]! - MONTH_STARTS[m - 1]!;
  return MONTH_STARTS[m - 1]! + Math.min(len, Math.max(1, Math.trunc(day) || 1)) - 1;
}

/** Start day of each month on the timeline, and the year's length (366). */
export const TIMELINE_MONTHS = MONTH_STARTS;

/** One run of a season on the year timeline: days [from, to) of the leap timeline year. */
export interface SeasonSegment {
  readonly from: number;
  readonly to: number;
  /** Index of the season in the scheme's list. */
  readonly index: number;
  readonly name: string;
  readonly weekProfile: string;
  /** True for the part before the year's first season start (the last season carried over from the year before). */
  readonly carried: boolean;
}

/** The seasons in force across a year, Jan 1 → Dec 31 (the season in force = latest start on or before the date). */
export function seasonSegments(seasons: readonly Season[]): SeasonSegment[] {
  const sorted = seasons
    .map((s, index) => ({ s, index, at: dayOfYear(s.start.month, s.start.day) }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  // Of two seasons starting the same day, the later in the list wins (as in schemes/calendar.ts).
  const starts = sorted.filter((x, i) => sorted[i + 1]?.at !== x.at);
  if (starts.length === 0) return [];
  const out: SeasonSegment[] = [];
  const last = starts[starts.length - 1]!;
  const seg = (x: (typeof starts)[number], from: number, to: number, carried: boolean): SeasonSegment => ({
    from, to, index: x.index, name: x.s.name, weekProfile: x.s.weekProfile, carried,
  });
  if (starts[0]!.at > 0) out.push(seg(last, 0, starts[0]!.at, true));
  starts.forEach((x, i) => out.push(seg(x, x.at, starts[i + 1]?.at ?? 366, false)));
  return out;
}

/** Minutes after local midnight → `hh:mm` (1440 → `24:00`, the end of the day). */
export function timeText(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
