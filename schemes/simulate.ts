/**
 * Simulation of a tariff scheme over one calendar year of the meter's clock: which rate is in force in every
 * interval, how many hours each rate gets, and which days are DST change days, special days, which season.
 *
 * The year is the meter's LOCAL calendar year: from local 1 January 00:00 to the next local 1 January 00:00 in
 * `timeZone` (the real elapsed time). Intervals are real time intervals (UTC instants) of `intervalMinutes`
 * from that start; each interval gets the rate in force at its START (schemes/rate-timeline.ts). A 15-min year
 * has 35 040 intervals (35 136 in a leap year) with or without DST: the lost spring hour and the repeated autumn
 * hour cancel. When offsets are not multiples of the interval (e.g. 60-min intervals, 30-min DST), intervals
 * stay on the real-time grid and the last one may be shorter; hours count real time.
 *
 * DST (docs/tariff-schemes.md "Simulation"):
 * - spring forward: the missing wall-clock hour has no intervals (that local day has 23 h); a switch time in the
 *   gap takes effect at the end of the gap;
 * - fall back: the repeated hour is simulated twice (that local day has 25 h); `scheme.dst.repeatedHour`
 *   `'both-passes'` = the rate follows the wall clock in both passes, `'first-pass'` = the second pass keeps the
 *   rate in force at the end of the first pass;
 * - `scheme.dst.enabled === false`: the meter keeps the zone's standard time all year (no 23/25 h days). The
 *   standard offset is the smaller of the January and July offsets, which is right in both hemispheres
 *   (Australia/Sydney: +10:00, its July offset).
 * The zone's offset changes come from the time-zone database (luxon), never from hand-written rules; the
 * scheme's own DST rule (start/end) is only compared with the zone by schemes/validate.ts.
 */
import type { TariffScheme } from './model';
import { RateTimeline, isoDate, localDateOfDay, wallTime } from './rate-timeline';
import { DAY_MS, MINUTE_MS, type OffsetTransition } from './zone-clock';

export { type RateRun, RateTimeline } from './rate-timeline';

/** Interval lengths a simulation can use, minutes. */
export const SIMULATION_INTERVALS = [1, 5, 10, 15, 30, 60] as const;
/** One of {@link SIMULATION_INTERVALS}. */
export type SimulationInterval = (typeof SIMULATION_INTERVALS)[number];

/** One local day of a simulated year. */
export interface SimulatedDay {
  /** Local date `YYYY-MM-DD`. */
  readonly date: string;
  /** Index into `rates` of the day's first interval (the first whose start falls on this local date). */
  readonly firstInterval: number;
  /** Number of intervals starting on this local date. */
  readonly intervals: number;
  /** Real length of the local day, hours: 24, 23 (clocks forward), 25 (back), 23.5/24.5 for 30-min DST. */
  readonly hours: number;
  /** Id of the day profile in force (special day's, else the season's week profile's). */
  readonly dayProfile: string;
  /** Name of the season in force. */
  readonly season: string;
  /** Name of the special day, or null. */
  readonly specialDay: string | null;
  /** The clocks change on this day: 'forward' (spring, gap) or 'back' (autumn, repeated hour). */
  readonly dst: 'forward' | 'back' | null;
}

/** A change of the meter clock's offset inside the simulated year. */
export interface DstChange {
  /** Local date of the change day (the day that has 23 or 25 h). */
  readonly date: string;
  readonly kind: 'forward' | 'back';
  /** Wall-clock time `hh:mm` at which the clocks change, read on the clock before the change (EU: 02:00 forward, 03:00 back). */
  readonly localTime: string;
  /** Instant of the change, ISO 8601 UTC. */
  readonly utc: string;
  /** Real length of that local day, hours. */
  readonly hours: number;
}

/** Result of {@link simulateYear}. Plain data; `rates` is a typed array (convert with `Array.from` for JSON). */
export interface YearSimulation {
  readonly year: number;
  readonly timeZone: string;
  readonly intervalMinutes: SimulationInterval;
  /** Start of the first interval (local 1 January 00:00), ISO 8601 UTC. */
  readonly startUtc: string;
  /** End of the last interval (local 1 January 00:00 of the next year), ISO 8601 UTC. */
  readonly endUtc: string;
  /** The rate in force at the start of each interval, in time order. */
  readonly rates: Uint8Array;
  /** Local days in order (365 or 366). */
  readonly days: SimulatedDay[];
  /** Hours per rate number (every rate of the scheme listed, 0 when unused); sums to `totalHours`. */
  readonly hoursPerRate: Record<number, number>;
  /** Clock changes in the year, in order. */
  readonly dstChanges: DstChange[];
  /** UTC offset of the meter clock from each instant on (first entry = at `startUtc`), minutes east of UTC. */
  readonly offsets: Array<{ readonly fromUtc: string; readonly offsetMinutes: number }>;
  /** What the meter does in the repeated hour (scheme.dst.repeatedHour). */
  readonly repeatedHour: 'both-passes' | 'first-pass';
  /** Real hours of the year: 8760, 8784 in a leap year. */
  readonly totalHours: number;
}

/** Options of {@link simulateYear}. */
export interface SimulateOptions {
  /** Interval length, minutes (default 15). */
  readonly intervalMinutes?: SimulationInterval;
  /** A timeline to reuse (same scheme and zone), e.g. to keep its caches across years. */
  readonly timeline?: RateTimeline;
}

const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Simulate `scheme` over the local calendar year `year` in `timeZone` (module doc: year, intervals, DST).
 * Cost: about a year's worth of zone probes once (a few ms) plus linear work per interval.
 * @throws RangeError for an unknown time zone ("Unknown time zone 'X'. Use an IANA name such as Europe/London."),
 *   an interval length not in {@link SIMULATION_INTERVALS}, a year outside 1…9998, or a scheme reference that
 *   does not resolve.
 */
export function simulateYear(scheme: TariffScheme, year: number, timeZone: string, options: SimulateOptions = {}): YearSimulation {
  const intervalMinutes = options.intervalMinutes ?? 15;
  if (!SIMULATION_INTERVALS.includes(intervalMinutes)) {
    throw new RangeError(`Interval ${String(intervalMinutes)} min is not possible; use 1, 5, 10, 15, 30 or 60 minutes.`);
  }
  if (!Number.isInteger(year) || year < 1 || year > 9998) throw new RangeError(`Year ${year} is out of range; use a year such as 2027.`);
  const timeline = options.timeline ?? new RateTimeline(scheme, timeZone);
  const clock = timeline.clock;
  const stepMs = intervalMinutes * MINUTE_MS;
  const startMs = clock.localToUtc(Date.UTC(year, 0, 1));
  const endMs = clock.localToUtc(Date.UTC(year + 1, 0, 1));
  const count = Math.ceil((endMs - startMs) / stepMs);

  // Offsets and clock changes inside the year.
  const transitions = clock.transitionsBetween(startMs, endMs - 1);
  const offsets = [{ fromUtc: iso(startMs), offsetMinutes: clock.offsetAt(startMs) }, ...transitions.map((t) => ({ fromUtc: iso(t.utcMs), offsetMinutes: t.afterMinutes }))];
  const changeDay = (t: OffsetTransition) => Math.floor((t.utcMs + Math.min(t.beforeMinutes, t.afterMinutes) * MINUTE_MS) / DAY_MS);
  const changeOn = new Map(transitions.map((t) => [changeDay(t), t] as const));

  // Days: the intervals grouped by the local date of their start.
  const days: SimulatedDay[] = [];
  let ti = 0;
  let offsetMs = offsets[0]!.offsetMinutes * MINUTE_MS;
  let current = Number.NaN;
  let first = 0;
  let dayStartMs = startMs;
  const close = (day: number, next: number) => {
    const info = timeline.dayInfo(day);
    const nextDayStartMs = clock.localToUtc((day + 1) * DAY_MS);
    const hours = (nextDayStartMs - dayStartMs) / HOUR_MS;
    dayStartMs = nextDayStartMs;
    const change = changeOn.get(day);
    const dst = change === undefined ? null : change.afterMinutes > change.beforeMinutes ? 'forward' : 'back';
    days.push({ date: info.iso, firstInterval: first, intervals: next - first, hours, dayProfile: info.dayProfile.id, season: info.season, specialDay: info.specialDay, dst });
  };
  // One pass over the interval grid: the rate from the timeline's runs, the local day from the offsets.
  const rates = new Uint8Array(count);
  const msPerRate = new Float64Array(33);
  const runs = timeline.segments(startMs, endMs);
  let r = 0;
  for (let k = 0; k < count; k++) {
    const t = startMs + k * stepMs;
    while (runs[r]![1] <= t) r++;
    const rate = runs[r]![2];
    rates[k] = rate;
    msPerRate[rate] = msPerRate[rate]! + Math.min(stepMs, endMs - t);
    while (ti < transitions.length && transitions[ti]!.utcMs <= t) offsetMs = transitions[ti++]!.afterMinutes * MINUTE_MS;
    const day = Math.floor((t + offsetMs) / DAY_MS);
    if (day !== current) {
      if (!Number.isNaN(current)) close(current, k);
      current = day;
      first = k;
    }
  }
  if (!Number.isNaN(current)) close(current, count);

  const hoursPerRate: Record<number, number> = {};
  for (const rate of scheme.rates) hoursPerRate[rate.number] = 0;
  msPerRate.forEach((ms, rate) => {
    if (ms > 0) hoursPerRate[rate] = ms / HOUR_MS;
  });

  const hoursOn = new Map(days.map((d) => [d.date, d.hours] as const));
  const dstChanges = transitions.map((t): DstChange => {
    const day = changeDay(t);
    const date = isoDate(localDateOfDay(day));
    const minutes = (t.utcMs + t.beforeMinutes * MINUTE_MS - day * DAY_MS) / MINUTE_MS;
    return { date, kind: t.afterMinutes > t.beforeMinutes ? 'forward' : 'back', localTime: wallTime(minutes), utc: iso(t.utcMs), hours: hoursOn.get(date) ?? 24 };
  });

  return {
    year,
    timeZone: timeline.timeZone,
    intervalMinutes,
    startUtc: iso(startMs),
    endUtc: iso(endMs),
    rates,
    days,
    hoursPerRate,
    dstChanges,
    offsets,
    repeatedHour: timeline.repeatedHour,
    totalHours: (endMs - startMs) / HOUR_MS,
  };
}
