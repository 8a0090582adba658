/**
 * The rate a meter has in force at any UTC instant, by its programmed tariff scheme: the wall clock of the meter
 * (schemes/zone-clock.ts) → local date and minute → day profile (schemes/calendar.ts: special day, else the
 * season's week profile) → rate. Used by schemes/simulate.ts (one year of intervals) and by the meter emulator
 * (TOU registers at 1-minute precision across years). Both therefore follow the same DST semantics:
 *
 * - clocks go forward: the wall-clock times in the gap never happen; a switch time inside the gap takes effect
 *   at the end of the gap (the first wall-clock minute after the gap is past the switch);
 * - clocks go back: the repeated wall-clock range happens twice. `repeatedHour: 'both-passes'` = the rate
 *   follows the wall clock in both passes; `'first-pass'` = the meter remembers a switch it made in the first
 *   pass, so through the whole second pass the rate is the one in force at the END of the first pass
 *   (wall clock one minute before the change);
 * - DST off (`scheme.dst.enabled === false`): the meter keeps the zone's standard time all year.
 *
 * Source: scheme model (schemes/model.ts `dstRuleSchema`), reference note tariff-model.md "DST rule". The
 * meter's behaviour at the change is the engineer's choice in the scheme (`repeatedHour`); ASSUMPTION: a
 * meter evaluates switch times on whole wall-clock minutes.
 */
import { type CompiledCalendar, type DayAssignment, type DayProfileTable, type LocalDate, compileCalendar, rateAtMinute } from './calendar';
import type { TariffScheme } from './model';
import { DAY_MS, MINUTE_MS, MeterClock } from './zone-clock';

/** A run of one rate: `[fromUtcMs, toUtcMs)` (UTC ms, end exclusive) and the rate number in force. */
export type RateRun = readonly [fromUtcMs: number, toUtcMs: number, rate: number];

/** A local date's calendar facts, kept per day number (days since 1970-01-01 of the local calendar). */
export interface LocalDayInfo extends DayAssignment {
  readonly date: LocalDate;
  /** `YYYY-MM-DD`. */
  readonly iso: string;
  readonly table: DayProfileTable;
}

/** The local date of day number `day` (days since 1970-01-01; 1970-01-01 was a Thursday). */
export function localDateOfDay(day: number): LocalDate {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: ((((day + 3) % 7) + 7) % 7) + 1 };
}

/** `YYYY-MM-DD` of a local date. */
export function isoDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** `hh:mm` of minutes after local midnight, 0…1440 (1440 = "24:00", the end of the day). */
export function wallTime(minutes: number): string {
  const m = Math.floor(minutes);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * The programmed rate over time for one scheme in one time zone.
 * `rateAt(utcMs)` answers one instant; `segments(from, to)` gives the runs of constant rate (merged, exact to
 * the minute). Instances keep the zone's offsets per month and the day profile per date; they are cheap to keep.
 */
export class RateTimeline {
  /** The meter clock (real zone offsets, or standard time all year when the scheme's DST is off). */
  readonly clock: MeterClock;
  /** The scheme's compiled calendar. */
  readonly calendar: CompiledCalendar;
  /** What the meter does in the repeated hour (scheme.dst.repeatedHour). */
  readonly repeatedHour: 'both-passes' | 'first-pass';
  private readonly days = new Map<number, LocalDayInfo>();

  /**
   * @param scheme a scheme whose references resolve (schemes/validate.ts).
   * @param timeZone IANA zone of the meter; default `scheme.dst.zone`.
   * @throws RangeError for an unknown zone ("Unknown time zone 'X'. Use an IANA name such as Europe/London.")
   *   or a reference that does not resolve (compileCalendar).
   */
  constructor(scheme: TariffScheme, readonly timeZone: string = scheme.dst.zone) {
    this.clock = new MeterClock(timeZone, !scheme.dst.enabled);
    this.calendar = compileCalendar(scheme);
    this.repeatedHour = scheme.dst.repeatedHour;
  }

  /** The calendar facts of local day number `day` (days since 1970-01-01 of the local calendar). */
  dayInfo(day: number): LocalDayInfo {
    let info = this.days.get(day);
    if (info === undefined) {
      const date = localDateOfDay(day);
      const a = this.calendar.assign(date);
      info = { ...a, date, iso: isoDate(date), table: this.calendar.tables.get(a.dayProfile.id)! };
      this.days.set(day, info);
    }
    return info;
  }

  /** The rate in force at the UTC instant `utcMs`. */
  rateAt(utcMs: number): number {
    const frozen = this.secondPass(utcMs);
    const wall = frozen === null ? this.clock.wallAt(utcMs) : frozen.wall;
    const day = Math.floor(wall / DAY_MS);
    return rateAtMinute(this.dayInfo(day).table, Math.floor((wall - day * DAY_MS) / MINUTE_MS));
  }

  /**
   * Runs of constant rate covering `[fromUtcMs, toUtcMs)`, in time order, adjacent runs of the same rate merged.
   * Empty when `toUtcMs <= fromUtcMs`.
   */
  segments(fromUtcMs: number, toUtcMs: number): RateRun[] {
    const out: [number, number, number][] = [];
    const push = (a: number, b: number, rate: number) => {
      const last = out[out.length - 1];
      if (last !== undefined && last[2] === rate && last[1] === a) last[1] = b;
      else out.push([a, b, rate]);
    };
    let t = fromUtcMs;
    while (t < toUtcMs) {
      const frozen = this.secondPass(t);
      if (frozen !== null) {
        const end = Math.min(toUtcMs, frozen.until);
        const day = Math.floor(frozen.wall / DAY_MS);
        push(t, end, rateAtMinute(this.dayInfo(day).table, Math.floor((frozen.wall - day * DAY_MS) / MINUTE_MS)));
        t = end;
        continue;
      }
      const offsetMs = this.clock.offsetAt(t) * MINUTE_MS;
      const wall = t + offsetMs;
      const day = Math.floor(wall / DAY_MS);
      const dayStart = day * DAY_MS;
      const { minutes, rates } = this.dayInfo(day).table;
      const minute = Math.floor((wall - dayStart) / MINUTE_MS);
      let i = -1;
      while (i + 1 < minutes.length && minutes[i + 1]! <= minute) i++;
      const rate = i < 0 ? rates[rates.length - 1]! : rates[i]!;
      const nextMinute = i + 1 < minutes.length ? minutes[i + 1]! : 1440;
      // The offset is constant up to the next break, so the wall clock is linear until then.
      const end = Math.min(toUtcMs, this.clock.nextBreakAfter(t), dayStart + nextMinute * MINUTE_MS - offsetMs);
      push(t, end, rate);
      t = end;
    }
    return out;
  }

  /**
   * When `utcMs` is in the second pass of a repeated range and the policy is 'first-pass': the end of the second
   * pass and the wall-clock ms whose rate holds (one minute before the change, read on the old offset).
   */
  private secondPass(utcMs: number): { until: number; wall: number } | null {
    if (this.repeatedHour !== 'first-pass') return null;
    const t = this.clock.lastTransitionAtOrBefore(utcMs);
    if (t === null || t.afterMinutes >= t.beforeMinutes) return null;
    const until = t.utcMs + (t.beforeMinutes - t.afterMinutes) * MINUTE_MS;
    return utcMs < until ? { until, wall: t.utcMs + t.beforeMinutes * MINUTE_MS - MINUTE_MS } : null;
  }
}

