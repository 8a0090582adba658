/**
 * The meter's clock in a time zone: UTC instant ↔ local wall-clock time, from the time-zone database (IANA tz,
 * read through luxon's `IANAZone`, which asks the platform's Intl data). No DST rule is written by hand here.
 *
 * How: for each UTC calendar month that is needed, the zone's UTC offset is probed once a day and every change
 * is bisected to the minute (luxon `IANAZone.offset`); between two changes local time is plain arithmetic
 * (`wall = utc + offset`). A year costs about 400 probes (a few ms) once — the probed months are kept for all
 * clocks of the process — then nothing per instant.
 *
 * "Wall-clock ms": a local date and time written as milliseconds since 1970-01-01T00:00 of the local clock,
 * i.e. `Date.UTC(y, m - 1, d, hh, mm)` of the LOCAL reading (no offset). All offsets are in MINUTES east of UTC.
 *
 * A meter with DST switched off (`keepsStandardTime`) keeps the zone's STANDARD offset all year: the smaller of
 * the zone's UTC offsets on 1 January and 1 July of that year. That is winter time in both hemispheres (Berlin
 * +60 in January; Sydney +600 in July, +660 in January), and GMT for Europe/Dublin, whose tz data calls
 * winter time "negative DST".
 *
 * ASSUMPTIONS (no public source; documented in docs/tariff-schemes.md "Simulation"):
 * - a zone does not change its offset twice within one day and back again (daily probes would miss it; no zone
 *   has done so since 1970);
 * - offset changes happen on a whole UTC minute (true for every change since the local-mean-time era);
 * - a standard-time meter's offset is computed per UTC year; if a zone changes its standard offset, the meter
 *   is treated as changing at 1 January 00:00 UTC.
 */
import { IANAZone } from 'luxon';

/** One minute in milliseconds. */
export const MINUTE_MS = 60_000;
/** One day (24 h) in milliseconds. */
export const DAY_MS = 86_400_000;

/** A change of the zone's UTC offset at the instant `utcMs` (offsets in minutes east of UTC). */
export interface OffsetTransition {
  /** First instant (UTC ms) with the new offset. */
  readonly utcMs: number;
  readonly beforeMinutes: number;
  readonly afterMinutes: number;
}

/** The offsets of one UTC calendar month: `base` from its first instant, then each transition in (start, end]. */
interface ZoneMonth {
  readonly startMs: number;
  readonly endMs: number;
  readonly base: number;
  readonly transitions: readonly OffsetTransition[];
}

/**
 * Probed months of every zone, shared by all clocks (the time-zone data do not change while the program runs).
 * Key `zone|monthIndex` (monthIndex = year × 12 + month − 1). Bounded: emptied when it grows past 20 000 months.
 */
const probedMonths = new Map<string, ZoneMonth>();

/** Forget every probed zone month (benchmarks use it to time a first, "cold" simulation). */
export function clearZoneCache(): void {
  probedMonths.clear();
}

/** Zone names already found valid (luxon's check builds an Intl formatter each time, ~0.5 ms). */
const knownZones = new Set<string>();

/** True when `zone` is an IANA time-zone name the time-zone database knows (e.g. `Europe/London`). */
export function isKnownTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  const ok = IANAZone.isValidZone(zone);
  if (ok) knownZones.add(zone);
  return ok;
}

/** The plain-language message for an unknown zone name. */
export function unknownTimeZoneMessage(zone: string): string {
  return `Unknown time zone '${zone}'. Use an IANA name such as Europe/London.`;
}

/**
 * The IANA zone for `zone`.
 * @throws RangeError "Unknown time zone 'Europe/Londn'. Use an IANA name such as Europe/London."
 */
export function requireTimeZone(zone: string): IANAZone {
  if (!isKnownTimeZone(zone)) throw new RangeError(unknownTimeZoneMessage(zone));
  return IANAZone.create(zone);
}

/**
 * The meter's clock: the zone's real offsets (DST on), or the zone's standard offset all year
 * (`keepsStandardTime`, DST off). Computes and keeps each UTC month's offsets on first use.
 */
export class MeterClock {
  private readonly zone: IANAZone;
  private readonly months = new Map<number, ZoneMonth>();
  private readonly standardOffsets = new Map<number, number>();
  private last: ZoneMonth | null = null;

  /**
   * @param timeZone IANA name, e.g. `Europe/Berlin`.
   * @param keepsStandardTime true = the meter ignores DST and keeps standard time all year.
   * @throws RangeError for an unknown zone (plain message, see {@link requireTimeZone}).
   */
  constructor(readonly timeZone: string, readonly keepsStandardTime: boolean) {
    this.zone = requireTimeZone(timeZone);
  }

  /** UTC offset of the meter clock at `utcMs`, minutes east of UTC. */
  offsetAt(utcMs: number): number {
    const m = this.monthOf(utcMs);
    let offset = m.base;
    for (const t of m.transitions) {
      if (t.utcMs > utcMs) break;
      offset = t.afterMinutes;
    }
    return offset;
  }

  /** Local wall-clock ms (see module doc) of the UTC instant `utcMs`. */
  wallAt(utcMs: number): number {
    return utcMs + this.offsetAt(utcMs) * MINUTE_MS;
  }

  /** Offset changes with `fromUtcMs < utcMs <= toUtcMs`, in time order. */
  transitionsBetween(fromUtcMs: number, toUtcMs: number): OffsetTransition[] {
    const out: OffsetTransition[] = [];
    for (let i = utcMonthIndex(fromUtcMs); i <= utcMonthIndex(toUtcMs); i++) {
      for (const t of this.month(i).transitions) if (t.utcMs > fromUtcMs && t.utcMs <= toUtcMs) out.push(t);
    }
    return out;
  }

  /** The latest offset change at or before `utcMs` in its UTC month or the month before, or null. */
  lastTransitionAtOrBefore(utcMs: number): OffsetTransition | null {
    const m = this.monthOf(utcMs);
    let found: OffsetTransition | null = null;
    for (const t of m.transitions) {
      if (t.utcMs > utcMs) break;
      found = t;
    }
    if (found) return found;
    const prev = this.month(utcMonthIndex(utcMs) - 1).transitions;
    return prev[prev.length - 1] ?? null;
  }

  /**
   * A safe break point after `utcMs`: the next offset change in the same UTC month, else the end of that month
   * (the offset is constant from `utcMs` up to the returned instant, exclusive).
   */
  nextBreakAfter(utcMs: number): number {
    const m = this.monthOf(utcMs);
    for (const t of m.transitions) if (t.utcMs > utcMs) return t.utcMs;
    return m.endMs;
  }

  /**
   * The UTC instant at which the meter clock reads the wall-clock time `wallMs`. A wall time that happens twice
   * (clocks went back) gives the FIRST pass; one that does not happen (clocks went forward) gives the end of the
   * gap, i.e. the instant of the change.
   */
  localToUtc(wallMs: number): number {
    // UTC offsets lie within ±14 h, so the instant is within a day of wallMs read as UTC.
    const near = this.transitionsBetween(wallMs - DAY_MS, wallMs + DAY_MS);
    const candidates = new Set<number>([this.offsetAt(wallMs - DAY_MS)]);
    for (const t of near) candidates.add(t.afterMinutes);
    let best = Number.POSITIVE_INFINITY;
    for (const o of candidates) {
      const t = wallMs - o * MINUTE_MS;
      if (this.offsetAt(t) === o && t < best) best = t;
    }
    if (best !== Number.POSITIVE_INFINITY) return best;
    for (const t of near) {
      if (t.utcMs + t.beforeMinutes * MINUTE_MS <= wallMs && wallMs < t.utcMs + t.afterMinutes * MINUTE_MS) return t.utcMs;
    }
    return wallMs - this.offsetAt(wallMs) * MINUTE_MS;
  }

  private monthOf(utcMs: number): ZoneMonth {
    const l = this.last;
    if (l !== null && utcMs >= l.startMs && utcMs < l.endMs) return l;
    this.last = this.month(utcMonthIndex(utcMs));
    return this.last;
  }

  private month(index: number): ZoneMonth {
    let data = this.months.get(index);
    if (data === undefined) {
      data = this.keepsStandardTime ? this.standardMonth(index) : this.probedMonth(index);
      this.months.set(index, data);
    }
    return data;
  }

  /** The standard offset of UTC year `y`: the smaller of the offsets on 1 January and 1 July. */
  private standardOffset(y: number): number {
    let o = this.standardOffsets.get(y);
    if (o === undefined) {
      o = Math.min(this.zone.offset(Date.UTC(y, 0, 1)), this.zone.offset(Date.UTC(y, 6, 1)));
      this.standardOffsets.set(y, o);
    }
    return o;
  }

  private standardMonth(index: number): ZoneMonth {
    const y = Math.floor(index / 12);
    const startMs = monthStart(index);
    const endMs = monthStart(index + 1);
    const base = this.standardOffset(y);
    const next = index % 12 === 11 ? this.standardOffset(y + 1) : base;
    const transitions = next === base ? [] : [{ utcMs: endMs, beforeMinutes: base, afterMinutes: next }];
    return { startMs, endMs, base, transitions };
  }

  private probedMonth(index: number): ZoneMonth {
    const key = `${this.timeZone}|${index}`;
    let data = probedMonths.get(key);
    if (data === undefined) {
      if (probedMonths.size >= 20_000) probedMonths.clear();
      data = this.probeMonth(index);
      probedMonths.set(key, data);
    }
    return data;
  }

  /** Daily probes over the UTC month, each change bisected to the minute. */
  private probeMonth(index: number): ZoneMonth {
    const startMs = monthStart(index);
    const endMs = monthStart(index + 1);
    const base = this.zone.offset(startMs);
    const transitions: OffsetTransition[] = [];
    let lo = startMs;
    let loOffset = base;
    while (lo < endMs) {
      const hi = Math.min(lo + DAY_MS, endMs);
      const hiOffset = this.zone.offset(hi);
      let from = lo;
      let fromOffset = loOffset;
      while (fromOffset !== hiOffset) {
        const t = this.bisect(from, fromOffset, hi);
        const after = this.zone.offset(t);
        transitions.push({ utcMs: t, beforeMinutes: fromOffset, afterMinutes: after });
        from = t;
        fromOffset = after;
      }
      lo = hi;
      loOffset = hiOffset;
    }
    return { startMs, endMs, base, transitions };
  }

  /** First whole minute in (lo, hi] whose offset differs from `loOffset` (the offset at `hi` differs). */
  private bisect(lo: number, loOffset: number, hi: number): number {
    while (hi - lo > MINUTE_MS) {
      const mid = lo + Math.max(1, Math.floor((hi - lo) / 2 / MINUTE_MS)) * MINUTE_MS;
      if (this.zone.offset(mid) === loOffset) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}

/** Index of the UTC calendar month of an instant: year × 12 + month − 1. */
export function utcMonthIndex(utcMs: number): number {
  const d = new Date(utcMs);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** First instant (UTC ms) of the month with index `index` (see {@link utcMonthIndex}). */
function monthStart(index: number): number {
  return Date.UTC(Math.floor(index / 12), index % 12, 1);
}
