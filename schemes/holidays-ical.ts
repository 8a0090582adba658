/**
 * Special days from an iCalendar (.ics, RFC 5545) file, parsed with ical.js (no Node built-ins; bundles for the
 * browser). Pure: takes the file's text.
 *
 * - an all-day VEVENT (DTSTART;VALUE=DATE) → a `fixed` special day per date it covers (DTEND is exclusive; a
 *   multi-day event gives one special day per date);
 * - a yearly recurrence on a fixed date (RRULE:FREQ=YEARLY, optionally BYMONTH/BYMONTHDAY equal to DTSTART, no
 *   COUNT/UNTIL/EXDATE/RDATE/exceptions, one day long) → ONE `recurring` special day (year wildcard);
 * - any other recurrence → expanded into `fixed` days within the requested years (exceptions via RECURRENCE-ID
 *   are honoured by ical.js);
 * - timed events (DTSTART with a time of day) are skipped: a meter's special day is a whole date;
 * - fixed days outside the requested years are skipped with a reason; a date given by two events is taken once.
 * Every result carries `source: 'ical[:<file name>]'`.
 */
import ICAL from 'ical.js';
import type { SpecialDay } from './model';

/** Options of {@link specialDaysFromICal}. */
export interface ICalOptions {
  /** Day profile id the special days use. */
  readonly dayProfile: string;
  /** Years to take dates of (fixed and expanded events); e.g. [2027, 2028]. */
  readonly years: readonly number[];
  /** Name of the file, recorded in `source` as `ical:<name>` (optional). */
  readonly sourceName?: string;
}

/** Result of {@link specialDaysFromICal}. */
export interface ICalImport {
  readonly specialDays: SpecialDay[];
  /** Events (or dates of events) not taken, each with a plain reason. */
  readonly skipped: Array<{ summary: string; reason: string }>;
}

/** A special-day name: at most 80 characters (longer ones end in "…"). */
export function clip(name: string): string {
  const t = name.trim();
  return t.length <= 80 ? t : `${t.slice(0, 79)}…`;
}

const DAY_MS = 86_400_000;
/** Safety limit of occurrences looked at per recurring event. */
const MAX_OCCURRENCES = 5000;

const pad = (n: number) => String(n).padStart(2, '0');
const isoOf = (t: ICAL.Time) => `${String(t.year).padStart(4, '0')}-${pad(t.month)}-${pad(t.day)}`;
const utcDay = (t: ICAL.Time) => Date.UTC(t.year, t.month - 1, t.day);

/**
 * Special days from the text of an .ics file (module doc for the rules).
 * @throws Error "This file is not an iCalendar (.ics) file: …" when the text is not a readable VCALENDAR;
 *   "Choose at least one year …" when `years` is empty.
 */
export function specialDaysFromICal(text: string, options: ICalOptions): ICalImport {
  if (options.years.length === 0) throw new Error('Choose at least one year to take from the calendar file.');
  const calendar = parseCalendar(text);
  const years = new Set(options.years);
  const yearList = [...years].sort((a, b) => a - b);
  const maxYear = yearList[yearList.length - 1] ?? 0;
  const source = `ical${options.sourceName ? `:${options.sourceName}` : ''}`.slice(0, 120);
  const specialDays: SpecialDay[] = [];
  const skipped: Array<{ summary: string; reason: string }> = [];
  const taken = new Set<string>();
  const add = (summary: string, day: SpecialDay, key: string) => {
    if (taken.has(key)) {
      skipped.push({ summary, reason: `${key.replace(/^R/, 'every ')} is already a special day from another event` });
      return;
    }
    taken.add(key);
    specialDays.push(day);
  };
  const name = (summary: string) => clip(summary.trim() || 'Special day');

  const vevents = calendar.getAllSubcomponents('vevent');
  const exceptions = vevents.filter((v) => v.hasProperty('recurrence-id'));
  for (const vevent of vevents) {
    if (vevent.hasProperty('recurrence-id')) continue;
    const event = new ICAL.Event(vevent);
    for (const x of exceptions) if (x.getFirstPropertyValue('uid') === event.uid) event.relateException(x);
    const summary = event.summary ?? '';
    const label = summary || '(no title)';
    const start = vevent.hasProperty('dtstart') ? event.startDate : null;
    if (start === null) {
      skipped.push({ summary: label, reason: 'it has no start date (DTSTART)' });
      continue;
    }
    if (!start.isDate) {
      skipped.push({ summary: label, reason: `it starts at a time of day (${pad(start.hour)}:${pad(start.minute)}); only all-day events become special days` });
      continue;
    }
    const days = Math.max(1, Math.round((utcDay(event.endDate) - utcDay(start)) / DAY_MS));
    if (!event.isRecurring()) {
      let inYears = 0;
      for (let i = 0; i < days; i++) {
        const date = new Date(utcDay(start) + i * DAY_MS).toISOString().slice(0, 10);
        if (!years.has(Number(date.slice(0, 4)))) continue;
        inYears++;
        add(label, { kind: 'fixed', date, name: name(summary), dayProfile: options.dayProfile, source }, date);
      }
      if (inYears === 0) skipped.push({ summary: label, reason: `its date ${isoOf(start)} is not in ${yearList.join(', ')}` });
      continue;
    }
    if (days === 1 && exceptions.every((x) => x.getFirstPropertyValue('uid') !== event.uid) && isYearlyFixedDate(vevent, start)) {
      const key = `R${pad(start.month)}-${pad(start.day)}`;
      add(label, { kind: 'recurring', month: start.month, day: start.day, name: name(summary), dayProfile: options.dayProfile, source }, key);
      continue;
    }
    // Any other recurrence: expand within the years.
    const it = event.iterator();
    let found = 0;
    for (let n = 0, next = it.next(); next !== undefined && next !== null && n < MAX_OCCURRENCES && next.year <= maxYear; n++, next = it.next()) {
      const occurrence = event.getOccurrenceDetails(next);
      if (!occurrence.startDate.isDate) continue;
      const span = Math.max(1, Math.round((utcDay(occurrence.endDate) - utcDay(occurrence.startDate)) / DAY_MS));
      for (let i = 0; i < span; i++) {
        const date = new Date(utcDay(occurrence.startDate) + i * DAY_MS).toISOString().slice(0, 10);
        if (!years.has(Number(date.slice(0, 4)))) continue;
        found++;
        add(label, { kind: 'fixed', date, name: name(summary), dayProfile: options.dayProfile, source }, date);
      }
    }
    if (found === 0) skipped.push({ summary: label, reason: `it does not occur in ${yearList.join(', ')}` });
  }
  return { specialDays, skipped };
}

/** The VCALENDAR component of `text`. */
function parseCalendar(text: string): ICAL.Component {
  const fail = (why: string) => new Error(`This file is not an iCalendar (.ics) file: ${why}`);
  if (!/BEGIN:VCALENDAR/i.test(text)) throw fail('it has no BEGIN:VCALENDAR line.');
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text);
  } catch (e) {
    throw fail(`${(e as Error).message}.`);
  }
  const first = Array.isArray(jcal) && Array.isArray(jcal[0]) ? (jcal[0] as unknown[]) : jcal;
  if (!Array.isArray(first) || first[0] !== 'vcalendar') throw fail('it does not start with a VCALENDAR.');
  return new ICAL.Component(first as never);
}

/** RRULE:FREQ=YEARLY every year on DTSTART's month/day, without end, extra dates or excluded dates. */
function isYearlyFixedDate(vevent: ICAL.Component, start: ICAL.Time): boolean {
  const rules = vevent.getAllProperties('rrule');
  if (rules.length !== 1 || vevent.hasProperty('rdate') || vevent.hasProperty('exdate')) return false;
  const rule = rules[0]!.getFirstValue() as ICAL.Recur;
  if (rule.freq !== 'YEARLY' || (rule.interval ?? 1) !== 1 || rule.count || rule.until) return false;
  const parts = rule.parts as Record<string, unknown[] | undefined>;
  for (const [part, values] of Object.entries(parts)) {
    if (values === undefined || values.length === 0) continue;
    if (part === 'BYMONTH' && values.length === 1 && Number(values[0]) === start.month) continue;
    if (part === 'BYMONTHDAY' && values.length === 1 && Number(values[0]) === start.day) continue;
    return false;
  }
  return true;
}
