/**
 * The activity calendar's rule, on local wall-clock dates and times: which day profile governs a local date
 * (special day, else the season's week profile for that weekday), and which rate a day profile gives at a
 * minute of the local day. Pure functions of a scheme; no time zones here (schemes/simulate.ts maps UTC
 * instants onto local dates and minutes with the time-zone database).
 *
 * Source: IEC 62056-62 activity calendar (class 20) and special days table (class 11) semantics, as summarised
 * in the reference note tariff-model.md "Concepts": the season in force is the one with the latest start on or
 * before the date; a special day overrides the week profile.
 *
 * Expects a scheme whose references resolve (schemes/validate.ts); an unresolved reference throws RangeError.
 */
import { type DayProfile, type TariffScheme, WEEKDAYS, minuteOfDay } from './model';

/** A local calendar date. `weekday` 1 = Monday … 7 = Sunday (ISO). */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
}

/** Why a date has the day profile it has. */
export interface DayAssignment {
  readonly dayProfile: DayProfile;
  /** Name of the season in force (also on special days). */
  readonly season: string;
  /** Name of the special day, or null when the week profile applies. */
  readonly specialDay: string | null;
}

/** A day profile prepared for lookups: switch minutes ascending and the rate from each. */
export interface DayProfileTable {
  readonly profile: DayProfile;
  /** Switch minutes after local midnight, ascending (duplicates removed: the last entry at a minute wins). */
  readonly minutes: readonly number[];
  /** Rate from `minutes[i]` on. */
  readonly rates: readonly number[];
}

/**
 * Prepare a day profile: sort by time (stable; for two entries at the same minute the later one wins).
 * Before the first switch of the day the rate of the LAST switch applies (the previous day's last switch
 * carries over midnight in a meter; for a profile used on consecutive days that is its own last switch).
 */
export function dayProfileTable(profile: DayProfile): DayProfileTable {
  const byMinute = new Map<number, number>();
  for (const s of profile.switches) byMinute.set(minuteOfDay(s.time), s.rate);
  const minutes = [...byMinute.keys()].sort((a, b) => a - b);
  return { profile, minutes, rates: minutes.map((m) => byMinute.get(m)!) };
}

/** Rate of a prepared day profile at `minute` after local midnight (0…1439). */
export function rateAtMinute(table: DayProfileTable, minute: number): number {
  const { minutes, rates } = table;
  let lo = 0;
  let hi = minutes.length - 1;
  if (minute < minutes[0]!) return rates[rates.length - 1]!;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (minutes[mid]! <= minute) lo = mid;
    else hi = mid - 1;
  }
  return rates[lo]!;
}

/** A scheme's calendar, prepared once for many lookups. */
export interface CompiledCalendar {
  /** Day profile tables by id. */
  readonly tables: ReadonlyMap<string, DayProfileTable>;
  /** Which day profile governs a local date, and why. */
  assign(date: LocalDate): DayAssignment;
  /** The rate at local `minute` of local `date` (wall-clock rule, no DST pass logic). */
  rateAt(date: LocalDate, minute: number): number;
}

const key = (month: number, day: number) => month * 100 + day;

/**
 * Prepare `scheme`'s calendar for lookups.
 * @throws RangeError when a week profile, season or special day refers to an id that does not exist
 *   (run schemes/validate.ts first for a full, plain-language list).
 */
export function compileCalendar(scheme: TariffScheme): CompiledCalendar {
  const tables = new Map(scheme.dayProfiles.map((p) => [p.id, dayProfileTable(p)] as const));
  const weeks = new Map(scheme.weekProfiles.map((w) => [w.id, w] as const));
  const need = <T>(m: Map<string, T>, id: string, what: string): T => {
    const v = m.get(id);
    if (v === undefined) throw new RangeError(`${what} "${id}" does not exist in scheme ${scheme.id}`);
    return v;
  };
  const seasons = [...scheme.seasons]
    .map((s) => ({ name: s.name, start: key(s.start.month, s.start.day), week: need(weeks, s.weekProfile, 'week profile') }))
    .sort((a, b) => a.start - b.start);
  const fixed = new Map<string, { name: string; table: DayProfileTable }>();
  const recurring = new Map<number, { name: string; table: DayProfileTable }>();
  for (const d of scheme.specialDays) {
    const entry = { name: d.name, table: need(tables, d.dayProfile, 'day profile') };
    if (d.kind === 'fixed') fixed.set(d.date, entry);
    else recurring.set(key(d.month, d.day), entry);
  }
  for (const w of weeks.values()) for (const day of WEEKDAYS) need(tables, w.days[day], 'day profile');

  const seasonOn = (date: LocalDate) => {
    const k = key(date.month, date.day);
    let found = seasons[seasons.length - 1]!;
    for (const s of seasons) if (s.start <= k) found = s;
    return found;
  };
  const assign = (date: LocalDate): DayAssignment & { table: DayProfileTable } => {
    const season = seasonOn(date);
    const iso = `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
    const special = fixed.get(iso) ?? recurring.get(key(date.month, date.day));
    if (special) return { dayProfile: special.table.profile, season: season.name, specialDay: special.name, table: special.table };
    const table = tables.get(season.week.days[WEEKDAYS[date.weekday - 1]!])!;
    return { dayProfile: table.profile, season: season.name, specialDay: null, table };
  };
  return {
    tables,
    assign: (date) => {
      const { table: _table, ...rest } = assign(date);
      return rest;
    },
    rateAt: (date, minute) => rateAtMinute(assign(date).table, minute),
  };
}
