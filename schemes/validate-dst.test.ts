import { describe, expect, it } from 'vitest';
import { newScheme } from './model';
import { validateScheme } from './validate';
import { describeDstMoment, dstRuleDate, zoneChanges } from './zone-changes';

/** The time-zone side of validation: real changes from the tz database (luxon), rule dates, irregular zones. */
describe('zoneChanges', () => {
  it('finds Berlin 2027: 02:00 → 03:00 on 28 March, 03:00 → 02:00 on 31 October', () => {
    const [spring, autumn] = zoneChanges('Europe/Berlin', 2027);
    expect(spring).toMatchObject({ utcMs: Date.UTC(2027, 2, 28, 1), offsetBefore: 60, offsetAfter: 120, wallBefore: { month: 3, day: 28, minute: 120 }, wallAfter: { minute: 180 } });
    expect(autumn).toMatchObject({ utcMs: Date.UTC(2027, 9, 31, 1), offsetBefore: 120, offsetAfter: 60, wallBefore: { month: 10, day: 31, minute: 180 }, wallAfter: { minute: 120 } });
    expect(zoneChanges('Europe/Berlin', 2027)).toHaveLength(2);
  });

  it('finds the southern-hemisphere and half-hour changes, and none in Tokyo', () => {
    expect(zoneChanges('Australia/Lord_Howe', 2027).map((c) => c.offsetAfter - c.offsetBefore)).toEqual([-30, 30]);
    expect(zoneChanges('Australia/Sydney', 2027).map((c) => `${c.wallBefore.month}-${c.wallBefore.day}`)).toEqual(['4-4', '10-3']);
    expect(zoneChanges('Asia/Tokyo', 2027)).toEqual([]);
    expect(() => zoneChanges('Mars/Olympus', 2027)).toThrow(RangeError);
  });
});

describe('DST rule dates', () => {
  it('gives the n-th and last weekday of a month', () => {
    expect(dstRuleDate({ week: 2, weekday: 'sunday', month: 3, hour: 2 }, 2027)).toEqual({ year: 2027, month: 3, day: 14 });
    expect(dstRuleDate({ week: 1, weekday: 'sunday', month: 11, hour: 2 }, 2027)).toEqual({ year: 2027, month: 11, day: 7 });
    expect(dstRuleDate({ week: 'last', weekday: 'sunday', month: 3, hour: 1 }, 2026)).toEqual({ year: 2026, month: 3, day: 29 });
    expect(dstRuleDate({ week: 'last', weekday: 'friday', month: 10, hour: 1 }, 2027)).toEqual({ year: 2027, month: 10, day: 29 });
    expect(describeDstMoment({ week: 4, weekday: 'saturday', month: 9, hour: 0 })).toBe('the fourth Saturday of September at 00:00');
  });
});

describe('validateScheme DST checks over several years', () => {
  it('accepts a Sydney rule (start in October, end in April)', () => {
    const s = newScheme('AU', 'Sydney', 'generic', 'Australia/Sydney');
    Object.assign(s.dst, { start: { week: 1, weekday: 'sunday', month: 10, hour: 2 }, end: { week: 1, weekday: 'sunday', month: 4, hour: 3 } });
    expect(validateScheme(s, { years: [2026, 2027, 2028] })).toEqual([]);
  });

  it('names every year whose change differs, in one problem per moment', () => {
    const s = newScheme('UK', 'London', 'A1140', 'Europe/London');
    const problems = validateScheme(s, { years: [2026, 2027] });
    expect(problems.map((p) => p.message)).toEqual([
      'The DST rule starts summer time on the last Sunday of March at 02:00, but Europe/London changes on 2026-03-29 at 01:00 and on 2027-03-28 at 01:00',
      'The DST rule ends summer time on the last Sunday of October at 03:00, but Europe/London changes on 2026-10-25 at 02:00 and on 2027-10-31 at 02:00',
    ]);
  });

  it('checks only the zone name when no year is asked for', () => {
    expect(validateScheme(newScheme('UK', 'London', 'A1140', 'Europe/London'), { years: [] })).toEqual([]);
    expect(validateScheme(newScheme('X', 'X', 'A1140', 'Europe/Londn'), { years: [] }).map((p) => p.code)).toEqual(['unknown-time-zone']);
  });

  it('reports a zone that changes clocks twice each way in a year (Casablanca 2013, Ramadan)', () => {
    const s = newScheme('MA', 'Casablanca', 'generic', 'Africa/Casablanca');
    const problems = validateScheme(s, { years: [2013] });
    expect(problems).toContainEqual({
      path: 'dst',
      severity: 'error',
      code: 'dst-zone-irregular',
      message: 'Africa/Casablanca changes clocks 4 times in 2013; a meter DST rule follows one change forward and one back, so the meter clock will be wrong for part of the year',
    });
  });

  it('reports a gap switch once with every date it misses', () => {
    const s = newScheme('T', 'T', 'A1140');
    s.dayProfiles[1]!.switches.push({ time: '02:15', rate: 1 });
    const gap = validateScheme(s, { years: [2026, 2027] }).filter((p) => p.code === 'switch-in-dst-gap');
    expect(gap).toEqual([
      {
        path: 'dayProfiles.1.switches.1.time',
        severity: 'error',
        code: 'switch-in-dst-gap',
        message: "Day profile 'Weekend': switch at 02:15 does not exist on 2026-03-29 and 2027-03-28 in Europe/Berlin (clocks go from 02:00 to 03:00); move it out of the gap",
      },
    ]);
  });

  it('checks the day profile in force on the change day: a special day replaces the Sunday profile', () => {
    const s = newScheme('T', 'T', 'A1140');
    s.dayProfiles[1]!.switches.push({ time: '02:15', rate: 1 });
    s.specialDays.push({ kind: 'fixed', date: '2027-03-28', name: 'Easter Sunday', dayProfile: 'weekday' });
    expect(validateScheme(s, { years: [2027] }).filter((p) => p.code === 'switch-in-dst-gap')).toEqual([]);
  });
});
