/**
 * Special days from holiday packs (the `date-holidays` package: public holiday rules of about 200 countries and
 * their regions, bundled data, no network) and from iCalendar files (schemes/holidays-ical.ts), and merging
 * them into a scheme's special days table without duplicates. Pure.
 *
 * A holiday whose rule is a plain month and day (e.g. `12-25`, Christmas Day) and that falls on that month-day
 * in every requested year becomes ONE `recurring` special day (the meter's year wildcard); every other holiday
 * (Easter based such as Easter Monday, "1st monday in May", substitute days, rules limited to some years)
 * becomes one `fixed` special day per requested year. Part-day holidays (date-holidays gives them a start
 * time, e.g. German Christmas Eve from 14:00) become whole-day special days: a meter's special day is a whole
 * date. Names are the English ones where the pack has them.
 *
 * Source: date-holidays 3.x data and rule grammar (https://github.com/commenthol/date-holidays, data under
 * CC-BY-3.0 — keep the attribution where packs are offered). Bundling: date-holidays and its parser need no
 * Node built-ins (checked with an esbuild browser bundle: about 2.4 MB with ical.js, of which ~0.8 MB holiday
 * data and ~0.7 MB moment-timezone data pulled in by date-holidays-parser).
 */
import Holidays from 'date-holidays';
import type { SpecialDay } from './model';

import { clip } from './holidays-ical';

export { type ICalImport, type ICalOptions, specialDaysFromICal } from './holidays-ical';

/** Holiday types of date-holidays. `public` and `bank` are days off; the others usually are not. */
export const HOLIDAY_TYPES = ['public', 'bank', 'optional', 'school', 'observance'] as const;
/** One of {@link HOLIDAY_TYPES}. */
export type HolidayType = (typeof HOLIDAY_TYPES)[number];

/** A country or region of the holiday packs: ISO 3166 code and English name. */
export interface HolidayArea {
  readonly code: string;
  readonly name: string;
}

/** Options of {@link holidaysFromPack}. */
export interface HolidayPackOptions {
  /** ISO 3166-1 alpha-2 country code, e.g. `GB`, `DE`, `US` (case-insensitive). */
  readonly country: string;
  /** ISO 3166-2 subdivision code without the country, e.g. `ENG` for GB-ENG, `BY` for DE-BY. */
  readonly region?: string;
  /** Years to produce fixed special days for (movable holidays), e.g. [2027, 2028]. */
  readonly years: readonly number[];
  /** Holiday types to take; default `public` and `bank`. */
  readonly types?: readonly HolidayType[];
  /** Day profile id the special days use (e.g. the scheme's weekend/holiday profile). */
  readonly dayProfile: string;
}

/** Every country with a holiday pack, sorted by English name. */
export function listHolidayCountries(): HolidayArea[] {
  return areas(new Holidays().getCountries('en'));
}

/** The regions (states, provinces) of a country's pack, sorted by name; [] when the pack has none or the country is unknown. */
export function listHolidayRegions(country: string): HolidayArea[] {
  return areas(new Holidays().getStates(country.toUpperCase(), 'en'));
}

const areas = (map: Record<string, string> | undefined): HolidayArea[] =>
  Object.entries(map ?? {})
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));

/** A plain month-day rule, optionally with a start time and a kept-date substitute clause ("and if …"). */
const MONTH_DAY_RULE = /^(\d{2})-(\d{2})(?: \d{2}:\d{2})?(?: if [a-z,]+ then \d{2}:\d{2})?(?: and if .+)?$/;
/** Rule words that make a month-day holiday year-dependent. */
const YEAR_DEPENDENT = /\b(since|prior to|in (even|odd|leap|non-leap) years|every)\b|#/;

type FixedDay = Extract<SpecialDay, { kind: 'fixed' }>;
type RecurringDay = Extract<SpecialDay, { kind: 'recurring' }>;

interface Instance {
  readonly date: string;
  readonly days: number;
  readonly name: string;
  readonly year: number;
}

/**
 * Special days from a holiday pack (module doc: recurring vs fixed, part-day holidays).
 * Each has `source: 'date-holidays:<COUNTRY>[-<REGION>]'`. Sorted: recurring by month/day, then fixed by date.
 * @throws Error with a plain message for an unknown country or region, no years, or a year outside 1…9999.
 */
export function holidaysFromPack(options: HolidayPackOptions): SpecialDay[] {
  const country = options.country.trim().toUpperCase();
  const region = options.region?.trim().toUpperCase() || undefined;
  const hd = new Holidays();
  const countries = hd.getCountries('en');
  if (!(country in countries)) throw new Error(`There is no holiday pack for '${options.country}'. Use a country code such as GB, DE or US.`);
  if (region !== undefined) {
    const regions = hd.getStates(country, 'en') ?? {};
    if (!(region in regions)) {
      const known = Object.keys(regions);
      throw new Error(
        known.length === 0
          ? `The holiday pack of ${countries[country]} has no regions; leave the region empty.`
          : `Region '${options.region}' is not in the holiday pack of ${countries[country]}. Regions: ${known.join(', ')}.`,
      );
    }
  }
  if (options.years.length === 0) throw new Error('Choose at least one year for the holidays.');
  for (const y of options.years) if (!Number.isInteger(y) || y < 1 || y > 9999) throw new Error(`Year ${y} is not a calendar year; use a year such as 2027.`);
  const types = options.types ?? ['public', 'bank'];
  if (region === undefined) hd.init(country, { types: [...types] });
  else hd.init(country, region, { types: [...types] });
  const source = `date-holidays:${country}${region === undefined ? '' : `-${region}`}`;
  const years = [...new Set(options.years)].sort((a, b) => a - b);
  // English names in the country's own variant where it has one (US "Labor Day"), else plain English.
  const language = hd.getLanguages().find((l) => l.startsWith('en')) ?? 'en';

  // Instances per rule; substitute days are grouped apart from the holiday they substitute.
  const byRule = new Map<string, Instance[]>();
  for (const year of years) {
    for (const h of hd.getHolidays(year, language)) {
      if (!types.includes(h.type)) continue;
      const key = `${h.substitute ? 'sub:' : ''}${h.rule}`;
      const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
      const list = byRule.get(key) ?? [];
      // A part-day holiday (start time after midnight) is one whole special day.
      list.push({ date: h.date.slice(0, 10), days: h.date.slice(11, 16) === '00:00' ? days : 1, name: h.name, year });
      byRule.set(key, list);
    }
  }

  const recurring: RecurringDay[] = [];
  const fixed: FixedDay[] = [];
  const recurringKeys = new Set<string>();
  const fixedDates = new Set<string>();
  for (const [key, list] of byRule) {
    const m = key.startsWith('sub:') || YEAR_DEPENDENT.test(key) ? null : MONTH_DAY_RULE.exec(key);
    const monthDay = m === null ? null : `${m[1]}-${m[2]}`;
    const everyYear = monthDay !== null && years.every((y) => list.some((i) => i.year === y && i.date.slice(5) === monthDay && i.days === 1));
    if (everyYear && !recurringKeys.has(monthDay)) {
      recurringKeys.add(monthDay);
      recurring.push({ kind: 'recurring', month: Number(m![1]), day: Number(m![2]), name: clip(list[0]!.name), dayProfile: options.dayProfile, source });
      continue;
    }
    for (const i of list) {
      for (const date of spanDates(i.date, i.days)) {
        if (fixedDates.has(date) || recurringKeys.has(date.slice(5))) continue;
        fixedDates.add(date);
        fixed.push({ kind: 'fixed', date, name: clip(i.name), dayProfile: options.dayProfile, source });
      }
    }
  }
  // A fixed day that a recurring one (found later) already covers is a duplicate.
  const keptFixed = fixed.filter((d) => !recurringKeys.has(d.date.slice(5)));
  recurring.sort((a, b) => a.month - b.month || a.day - b.day);
  keptFixed.sort((a, b) => a.date.localeCompare(b.date));
  return [...recurring, ...keptFixed];
}

/** `YYYY-MM-DD` dates from `date` on, `days` of them. */
export function spanDates(date: string, days: number): string[] {
  const start = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Array.from({ length: days }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

export { mergeSpecialDays, type SpecialDayMerge } from './special-days';
