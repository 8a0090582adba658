import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { holidaysFromPack, listHolidayCountries, listHolidayRegions, mergeSpecialDays, specialDaysFromICal } from './holidays';
import { type SpecialDay, specialDaySchema } from './model';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/holidays/${name}`, import.meta.url), 'utf8');
const label = (d: SpecialDay) => (d.kind === 'fixed' ? d.date : `every ${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`);

describe('holiday packs (date-holidays)', () => {
  it('lists countries and regions with English names', () => {
    const countries = listHolidayCountries();
    expect(countries.length).toBeGreaterThan(150);
    expect(countries).toContainEqual({ code: 'GB', name: 'United Kingdom' });
    expect(listHolidayRegions('gb').map((r) => r.code)).toEqual(expect.arrayContaining(['ENG', 'SCT', 'WLS', 'NIR']));
    expect(listHolidayRegions('DE')).toContainEqual({ code: 'BY', name: 'Bayern' });
    expect(listHolidayRegions('XX')).toEqual([]);
  });

  it('GB-ENG 2027: Christmas and Boxing Day recur every year, Easter Monday 29 March and the substitute days are fixed', () => {
    const days = holidaysFromPack({ country: 'GB', region: 'ENG', years: [2027], dayProfile: 'hol' });
    expect(days.map((d) => `${label(d)} ${d.name}`)).toEqual([
      "every 01-01 New Year's Day",
      'every 12-25 Christmas Day',
      'every 12-26 Boxing Day',
      '2027-03-26 Good Friday',
      '2027-03-29 Easter Monday',
      '2027-05-03 Early May bank holiday',
      '2027-05-31 Spring bank holiday',
      '2027-08-30 Summer bank holiday',
      '2027-12-27 Christmas Day (substitute day)',
      '2027-12-28 Boxing Day (substitute day)',
    ]);
    for (const d of days) {
      expect(specialDaySchema.parse(d)).toEqual(d);
      expect(d).toMatchObject({ dayProfile: 'hol', source: 'date-holidays:GB-ENG' });
    }
  });

  it('DE-BY 2027 + 2028: movable feasts once per year, fixed dates once; observances left out by default', () => {
    const days = holidaysFromPack({ country: 'DE', region: 'BY', years: [2028, 2027], dayProfile: 'hol' });
    const labels = days.map(label);
    expect(labels).toEqual(expect.arrayContaining(['every 01-06', 'every 11-01', 'every 12-25', '2027-03-29', '2028-04-17', '2027-05-27', '2028-06-15']));
    expect(labels.filter((l) => l === 'every 12-25')).toHaveLength(1);
    // Valentine's Day is an observance, Buß- und Bettag a school holiday in Bavaria.
    expect(labels).not.toContain('every 02-14');
    expect(labels).not.toContain('2027-11-17');
    expect(days.find((d) => label(d) === '2027-03-29')?.name).toBe('Easter Monday');
    expect(new Set(days.map((d) => d.source))).toEqual(new Set(['date-holidays:DE-BY']));
    // Asking for observances too adds them.
    const withObservances = holidaysFromPack({ country: 'DE', region: 'BY', years: [2027], types: ['public', 'observance'], dayProfile: 'hol' }).map(label);
    expect(withObservances).toContain('every 02-14');
  });

  it('US 2027: Thanksgiving fixed, Independence Day recurring with its substitute day fixed, US English names', () => {
    const days = holidaysFromPack({ country: 'us', years: [2027], dayProfile: 'hol' });
    const byLabel = new Map(days.map((d) => [label(d), d.name]));
    expect(byLabel.get('2027-11-25')).toBe('Thanksgiving Day');
    expect(byLabel.get('every 07-04')).toBe('Independence Day');
    expect(byLabel.get('2027-07-05')).toBe('Independence Day (substitute day)');
    expect(byLabel.get('2027-09-06')).toBe('Labor Day');
    // Juneteenth's rule holds "since 2021": year-dependent, so a fixed day per year.
    expect(byLabel.get('2027-06-19')).toBe('Juneteenth');
    expect(days[0]!.source).toBe('date-holidays:US');
  });

  it('refuses unknown countries and regions, and an empty year list, with plain messages', () => {
    expect(() => holidaysFromPack({ country: 'XX', years: [2027], dayProfile: 'h' })).toThrow("There is no holiday pack for 'XX'. Use a country code such as GB, DE or US.");
    expect(() => holidaysFromPack({ country: 'DE', region: 'ZZ', years: [2027], dayProfile: 'h' })).toThrow(/Region 'ZZ' is not in the holiday pack of Germany\. Regions: .*BY/);
    expect(() => holidaysFromPack({ country: 'DE', years: [], dayProfile: 'h' })).toThrow('Choose at least one year for the holidays.');
  });
});

describe('iCalendar files (ical.js)', () => {
  it('reads all-day, yearly, multi-day and movable recurring events from a CRLF file; skips timed events with a reason', () => {
    const text = fixture('site-calendar.ics');
    expect(text).toContain('\r\n');
    const r = specialDaysFromICal(text, { dayProfile: 'hol', years: [2027, 2028], sourceName: 'site-calendar.ics' });
    expect(r.specialDays.map((d) => `${label(d)} ${d.name}`)).toEqual([
      '2027-08-16 Plant shutdown',
      '2027-08-17 Plant shutdown',
      '2027-08-18 Plant shutdown',
      'every 12-25 Christmas Day',
      "2027-05-03 Founders' Day (folded by the calendar program that wrote it)",
      '2027-09-17 Company day',
      '2028-09-15 Company day',
    ]);
    for (const d of r.specialDays) {
      expect(specialDaySchema.parse(d)).toEqual(d);
      expect(d).toMatchObject({ dayProfile: 'hol', source: 'ical:site-calendar.ics' });
    }
    expect(r.skipped).toEqual([
      { summary: 'Board meeting', reason: 'it starts at a time of day (13:00); only all-day events become special days' },
      { summary: 'Closure 2019', reason: 'its date 2019-01-02 is not in 2027, 2028' },
    ]);
  });

  it('takes a date once when two events give it; a yearly rule with COUNT is expanded, not made recurring', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT', 'UID:a', 'DTSTART;VALUE=DATE:20270101', 'SUMMARY:New Year', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:b', 'DTSTART;VALUE=DATE:20270101', 'SUMMARY:Also New Year', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:c', 'DTSTART;VALUE=DATE:20260704', 'RRULE:FREQ=YEARLY;COUNT=2', 'SUMMARY:Fair', 'END:VEVENT',
      'END:VCALENDAR', '',
    ].join('\n');
    const r = specialDaysFromICal(ics, { dayProfile: 'hol', years: [2027, 2028] });
    expect(r.specialDays.map((d) => `${label(d)} ${d.name} ${d.source}`)).toEqual(['2027-01-01 New Year ical', '2027-07-04 Fair ical']);
    expect(r.skipped).toEqual([{ summary: 'Also New Year', reason: '2027-01-01 is already a special day from another event' }]);
  });

  it('throws a plain error for a broken file, an empty file and a vCard', () => {
    expect(() => specialDaysFromICal(fixture('broken.ics'), { dayProfile: 'hol', years: [2027] })).toThrow(/^This file is not an iCalendar \(\.ics\) file: invalid line/);
    expect(() => specialDaysFromICal('', { dayProfile: 'hol', years: [2027] })).toThrow('This file is not an iCalendar (.ics) file: it has no BEGIN:VCALENDAR line.');
    expect(() => specialDaysFromICal(fixture('site-calendar.ics'), { dayProfile: 'hol', years: [] })).toThrow('Choose at least one year to take from the calendar file.');
    expect(() => specialDaysFromICal('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n', { dayProfile: 'hol', years: [2027] })).toThrow(/not an iCalendar/);
  });
});

describe('mergeSpecialDays', () => {
  const fixed = (date: string, name = date): SpecialDay => ({ kind: 'fixed', date, name, dayProfile: 'hol' });
  const every = (month: number, day: number, name = `${month}-${day}`): SpecialDay => ({ kind: 'recurring', month, day, name, dayProfile: 'hol' });

  it('keeps existing days and adds only new dates', () => {
    const existing = [fixed('2027-03-29', 'Mine'), every(12, 25, 'My Christmas')];
    const incoming = [fixed('2027-03-29', 'Easter Monday'), every(12, 25), fixed('2027-12-25'), every(12, 26), fixed('2027-05-03'), fixed('2027-05-03', 'again')];
    const r = mergeSpecialDays(existing, incoming);
    expect(r.added).toEqual([every(12, 26), fixed('2027-05-03')]);
    expect(r.duplicates).toEqual([fixed('2027-03-29', 'Easter Monday'), every(12, 25), fixed('2027-12-25'), fixed('2027-05-03', 'again')]);
    expect(r.merged).toEqual([...existing, ...r.added]);
  });

  it('a recurring day is not a duplicate of a fixed day on one of its dates', () => {
    const r = mergeSpecialDays([fixed('2027-12-25')], [every(12, 25)]);
    expect(r.added).toEqual([every(12, 25)]);
  });

  it('importing the same pack twice adds nothing the second time', () => {
    const pack = holidaysFromPack({ country: 'GB', region: 'ENG', years: [2027], dayProfile: 'hol' });
    const once = mergeSpecialDays([], pack);
    const twice = mergeSpecialDays(once.merged, pack);
    expect(once.added).toHaveLength(pack.length);
    expect(twice.added).toEqual([]);
    expect(twice.duplicates).toHaveLength(pack.length);
  });
});
