import { DateTime, IANAZone } from 'luxon';

/**
 * Fast local wall-clock arithmetic for one IANA time zone, for the meter emulator (which converts tens of
 * thousands of 15-minute slots per reading). UTC offsets come from luxon/Intl and are cached per UTC day or
 * hour; an hour whose two ends disagree (a DST change inside it) is always computed exactly.
 */

/** Local wall-clock parts of an instant. */
export interface LocalParts {
  readonly year: number;
  /** 1…12 */
  readonly month: number;
  /** 1…31 */
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** Minutes since local midnight, 0…1439. */
  readonly minuteOfDay: number;
  /** UTC offset in force, minutes (e.g. 60 for BST). */
  readonly offsetMinutes: number;
  /** True when summer time (daylight saving) is in force: the offset exceeds the zone's standard offset. */
  readonly dst: boolean;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const p2 = (n: number) => String(n).padStart(2, '0');

/** Local time arithmetic for one IANA zone. */
export class ZoneClock {
  private readonly zone: IANAZone;
  private readonly dayCache = new Map<number, number | null>();
  private readonly hourCache = new Map<number, number | null>();
  private readonly stdCache = new Map<number, { std: number; summer: number }>();

  /** @throws RangeError when `timeZone` is not a valid IANA zone name (e.g. `Europe/London`). */
  constructor(readonly timeZone: string) {
    const zone = IANAZone.create(timeZone);
    if (!zone.isValid) throw new RangeError(`"${timeZone}" is not a known time zone name (expected e.g. Europe/London)`);
    this.zone = zone;
  }

  /**
   * UTC offset in minutes at `utcMs`. Cached per UTC day when the offset is the same at both ends of the day,
   * else per UTC hour likewise, else computed exactly (the hour of a DST change).
   */
  offsetMinutes(utcMs: number): number {
    const d = Math.floor(utcMs / DAY);
    let day = this.dayCache.get(d);
    if (day === undefined) {
      const a = this.zone.offset(d * DAY);
      day = a === this.zone.offset(d * DAY + DAY - 1) ? a : null;
      this.dayCache.set(d, day);
    }
    if (day !== null) return day;
    const h = Math.floor(utcMs / HOUR);
    let cached = this.hourCache.get(h);
    if (cached === undefined) {
      const a = this.zone.offset(h * HOUR);
      const b = this.zone.offset(h * HOUR + HOUR - 1);
      cached = a === b ? a : null;
      this.hourCache.set(h, cached);
    }
    return cached ?? this.zone.offset(utcMs);
  }

  /** Standard (winter) and summer offsets of `year`, minutes (equal for zones without DST). */
  seasonOffsets(year: number): { std: number; summer: number } {
    let r = this.stdCache.get(year);
    if (!r) {
      const jan = this.zone.offset(Date.UTC(year, 0, 1));
      const jul = this.zone.offset(Date.UTC(year, 6, 1));
      r = { std: Math.min(jan, jul), summer: Math.max(jan, jul) };
      this.stdCache.set(year, r);
    }
    return r;
  }

  /** Local wall-clock parts of `utcMs`. */
  local(utcMs: number): LocalParts {
    const offsetMinutes = this.offsetMinutes(utcMs);
    const d = new Date(utcMs + offsetMinutes * 60_000);
    const year = d.getUTCFullYear();
    const hour = d.getUTCHours();
    const minute = d.getUTCMinutes();
    return {
      year,
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour,
      minute,
      second: d.getUTCSeconds(),
      weekday: ((d.getUTCDay() + 6) % 7) + 1,
      minuteOfDay: hour * 60 + minute,
      offsetMinutes,
      dst: offsetMinutes > this.seasonOffsets(year).std,
    };
  }

  /**
   * Local wall-clock time → UTC ms.
   * @param season IEC 62056-21 season digit: 0 = normal (standard) time, 1 = summer time, 2 = the parts are UTC;
   *   undefined = the zone's rules decide (an ambiguous time takes the earlier instant, a skipped time moves on).
   */
  toUtc(p: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number }, season?: 0 | 1 | 2): number {
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
    if (season === 2) return asUtc;
    if (season === 0 || season === 1) {
      const o = this.seasonOffsets(p.year);
      return asUtc - (season === 1 ? o.summer : o.std) * 60_000;
    }
    return DateTime.fromObject(
      { year: p.year, month: p.month, day: p.day, hour: p.hour ?? 0, minute: p.minute ?? 0, second: p.second ?? 0 },
      { zone: this.zone },
    ).toMillis();
  }

  /** Meter time stamp `YYMMDDhhmm` (local), plus `ss` when `withSeconds`. */
  stamp(utcMs: number, withSeconds = false): string {
    const l = this.local(utcMs);
    const s = `${p2(l.year % 100)}${p2(l.month)}${p2(l.day)}${p2(l.hour)}${p2(l.minute)}`;
    return withSeconds ? s + p2(l.second) : s;
  }
}
