/**
 * Date checks of a scheme whose shape is right: season start dates and special days exist in the calendar
 * (no 31 April, no 30 February; a recurring 29 February is allowed with a warning), no two seasons start on
 * one date, no two special days fall on one date. Calendar facts from luxon (Gregorian calendar).
 */
import { DateTime } from 'luxon';
import type { TariffScheme } from './model';
import { type ProblemList, dayMonth, jsonPath, named } from './problems';

/** Days in `month` of a leap year (the most a recurring month/day can have): 29 for February. */
const maxDay = (month: number) => DateTime.utc(2024, month, 1).daysInMonth ?? 31;

/** Seasons: start dates exist, one season per start date; a 29 February start is warned about. */
export function checkSeasonDates(scheme: TariffScheme, out: ProblemList): void {
  const starts = new Map<string, string>();
  scheme.seasons.forEach((s, i) => {
    const { month, day } = s.start;
    const path = jsonPath('seasons', i, 'start');
    if (day > maxDay(month)) {
      out.add(path, 'impossible-date', `${named.season(s)}: starts on ${dayMonth(day, month)}, a date that does not exist`);
    } else if (month === 2 && day === 29) {
      out.add(path, 'leap-day', `${named.season(s)}: starts on 29 February, which only exists in leap years; in other years it starts on 1 March`);
    }
    const key = `${month}-${day}`;
    const earlier = starts.get(key);
    if (earlier !== undefined) {
      out.add(path, 'duplicate-season-start', `${named.season(s)}: starts on ${dayMonth(day, month)} like season '${earlier}'; give each season its own start date`);
    } else {
      starts.set(key, s.name);
    }
  });
}

/**
 * Special days: dates exist, one special day per date (fixed dates among themselves, recurring month/days among
 * themselves); a fixed date that is also a recurring special day is a warning (the fixed entry wins, as in
 * schemes/calendar.ts). A recurring 29 February is warned about (no special day in other years).
 */
export function checkSpecialDayDates(scheme: TariffScheme, out: ProblemList): void {
  const fixed = new Map<string, string>();
  const recurring = new Map<string, string>();
  scheme.specialDays.forEach((d, i) => {
    if (d.kind !== 'recurring') return;
    const path = jsonPath('specialDays', i, 'day');
    if (d.day > maxDay(d.month)) {
      out.add(path, 'impossible-date', `${named.specialDay(d)}: ${dayMonth(d.day, d.month)} does not exist`);
      return;
    }
    if (d.month === 2 && d.day === 29) {
      out.add(path, 'leap-day', `${named.specialDay(d)}: 29 February only exists in leap years; in other years there is no special day`);
    }
    const key = `${d.month}-${d.day}`;
    const earlier = recurring.get(key);
    if (earlier !== undefined) {
      out.add(path, 'duplicate-special-day', `${named.specialDay(d)}: ${dayMonth(d.day, d.month)} is already special day '${earlier}'; keep one`);
    } else {
      recurring.set(key, d.name);
    }
  });
  scheme.specialDays.forEach((d, i) => {
    if (d.kind !== 'fixed') return;
    const path = jsonPath('specialDays', i, 'date');
    const date = DateTime.fromISO(d.date, { zone: 'utc' });
    if (!date.isValid) {
      out.add(path, 'impossible-date', `${named.specialDay(d)}: ${d.date} does not exist`);
      return;
    }
    const earlier = fixed.get(d.date);
    if (earlier !== undefined) {
      out.add(path, 'duplicate-special-day', `${named.specialDay(d)}: ${d.date} is already special day '${earlier}'; keep one`);
      return;
    }
    fixed.set(d.date, d.name);
    const yearly = recurring.get(`${date.month}-${date.day}`);
    if (yearly !== undefined) {
      out.add(path, 'special-day-overlap', `${named.specialDay(d)}: ${d.date} is also the recurring special day '${yearly}' (${dayMonth(date.day, date.month)}); the fixed entry wins on that date`);
    }
  });
}
