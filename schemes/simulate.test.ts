import { describe, expect, it } from 'vitest';
import { type TariffScheme, newScheme, tariffSchemeSchema } from './model';
import { dayStrip } from './day-strip';
import { simulateYear } from './simulate';
import { allWeek, at, dayNight, everyDay, gapEu, gapUs, holiday } from './testing/test-schemes';

/** Index of the interval that contains the UTC instant. */
const intervalAt = (sim: ReturnType<typeof simulateYear>, iso: string) => Math.floor((at(iso) - at(sim.startUtc)) / (sim.intervalMinutes * 60_000));
const sum = (r: Record<number, number>) => Object.values(r).reduce((a, b) => a + b, 0);
const day = (sim: ReturnType<typeof simulateYear>, date: string) => sim.days.find((d) => d.date === date)!;

describe('simulateYear: year shape', () => {
  it('Europe/Berlin 2027: 35 040 intervals, 365 days, a 23 h day on 28 March and a 25 h day on 31 October', () => {
    const sim = simulateYear(everyDay(dayNight), 2027, 'Europe/Berlin');
    expect(sim.rates.length).toBe(35_040);
    expect(sim.days).toHaveLength(365);
    expect(sim.startUtc).toBe('2026-12-31T23:00:00.000Z');
    expect(sim.endUtc).toBe('2027-12-31T23:00:00.000Z');
    expect(sim.totalHours).toBe(8760);
    expect(sum(sim.hoursPerRate)).toBe(8760);
    expect(sim.days.filter((d) => d.hours !== 24).map((d) => [d.date, d.hours, d.intervals, d.dst])).toEqual([
      ['2027-03-28', 23, 92, 'forward'],
      ['2027-10-31', 25, 100, 'back'],
    ]);
    expect(sim.dstChanges).toEqual([
      { date: '2027-03-28', kind: 'forward', localTime: '02:00', utc: '2027-03-28T01:00:00.000Z', hours: 23 },
      { date: '2027-10-31', kind: 'back', localTime: '03:00', utc: '2027-10-31T01:00:00.000Z', hours: 25 },
    ]);
    // Intervals are contiguous and every interval belongs to exactly one day.
    let next = 0;
    for (const d of sim.days) {
      expect(d.firstInterval).toBe(next);
      next += d.intervals;
    }
    expect(next).toBe(sim.rates.length);
  });

  it('America/New_York 2027: 23 h on 14 March, 25 h on 7 November', () => {
    const sim = simulateYear(everyDay(dayNight, { zone: 'America/New_York' }), 2027, 'America/New_York');
    expect(sim.startUtc).toBe('2027-01-01T05:00:00.000Z');
    expect(sim.dstChanges.map((c) => [c.date, c.kind, c.localTime, c.utc, c.hours])).toEqual([
      ['2027-03-14', 'forward', '02:00', '2027-03-14T07:00:00.000Z', 23],
      ['2027-11-07', 'back', '02:00', '2027-11-07T06:00:00.000Z', 25],
    ]);
    expect(sum(sim.hoursPerRate)).toBe(8760);
  });

  it('2028 is a leap year: 366 days with 29 February, 35 136 intervals, 8784 h', () => {
    const sim = simulateYear(everyDay(dayNight), 2028, 'Europe/Berlin');
    expect(sim.days).toHaveLength(366);
    expect(day(sim, '2028-02-29')).toMatchObject({ hours: 24, intervals: 96 });
    expect(sim.rates.length).toBe(35_136);
    expect(sim.totalHours).toBe(8784);
    expect(sum(sim.hoursPerRate)).toBe(8784);
  });

  it('Australia/Sydney (southern hemisphere): clocks back on 4 April, forward on 3 October 2027; the year starts in summer time', () => {
    const sim = simulateYear(everyDay(dayNight, { zone: 'Australia/Sydney' }), 2027, 'Australia/Sydney');
    expect(sim.startUtc).toBe('2026-12-31T13:00:00.000Z');
    expect(sim.dstChanges.map((c) => [c.date, c.kind, c.localTime, c.hours])).toEqual([
      ['2027-04-04', 'back', '03:00', 25],
      ['2027-10-03', 'forward', '02:00', 23],
    ]);
    expect(sim.rates.length).toBe(35_040);
    expect(sum(sim.hoursPerRate)).toBe(8760);
  });

  it('intervals of 60 and 1 minute give the same hours as 15 minutes for a scheme on whole quarter hours', () => {
    const scheme = everyDay(gapEu);
    const h15 = simulateYear(scheme, 2027, 'Europe/Berlin').hoursPerRate;
    const sim60 = simulateYear(scheme, 2027, 'Europe/Berlin', { intervalMinutes: 60 });
    const sim1 = simulateYear(scheme, 2027, 'Europe/Berlin', { intervalMinutes: 1 });
    expect(sim60.rates.length).toBe(8760);
    expect(day(sim60, '2027-03-28').intervals).toBe(23);
    expect(day(sim60, '2027-10-31').intervals).toBe(25);
    expect(sim1.rates.length).toBe(525_600);
    expect(sim1.hoursPerRate).toEqual(h15);
    // 60-min intervals take the rate at their start, so 02:30 switches are seen at 03:00 (hours differ).
    expect(sum(sim60.hoursPerRate)).toBe(8760);
  });

  it('refuses an unknown zone and an impossible interval with plain messages', () => {
    expect(() => simulateYear(everyDay(dayNight), 2027, 'Europe/Londn')).toThrow("Unknown time zone 'Europe/Londn'. Use an IANA name such as Europe/London.");
    expect(() => simulateYear(everyDay(dayNight), 2027, 'Europe/Berlin', { intervalMinutes: 7 as 5 })).toThrow(/use 1, 5, 10, 15, 30 or 60 minutes/);
  });
});

describe('simulateYear: hour totals computed by hand', () => {
  it('day/night 07:00–23:00 in Berlin 2027: DST does not change the totals', () => {
    // 365 days × 16 h day = 5840 h; 365 × 8 h night = 2920 h. 28 March loses 02:00–03:00 (night, −1 h) and
    // 31 October repeats 02:00–03:00 (night, +1 h): night stays 2920 h. 5840 + 2920 = 8760.
    const sim = simulateYear(everyDay(dayNight), 2027, 'Europe/Berlin');
    expect(sim.hoursPerRate).toEqual({ 1: 5840, 2: 2920, 3: 0 });
  });

  it('a switch inside the spring gap takes effect at the end of the gap (Berlin, 02:30 switch)', () => {
    // Normal day: rate 1 02:30–06:00 = 3.5 h, rate 2 = 20.5 h.
    // 28 March (02:00→03:00): 00:00–02:00 rate 2 (2 h), from 03:00 the 02:30 switch has passed: rate 1 03:00–06:00
    // (3 h), rate 2 06:00–24:00 (18 h) → rate 1 3 h, rate 2 20 h.
    // 31 October, both passes (02:00–03:00 twice): each pass 02:00–02:30 rate 2, 02:30–03:00 rate 1
    // → rate 1 3.5 + 0.5 = 4 h, rate 2 20.5 + 0.5 = 21 h.
    // Year: rate 1 = 363 × 3.5 + 3 + 4 = 1277.5 h; rate 2 = 363 × 20.5 + 20 + 21 = 7482.5 h; sum 8760.
    const sim = simulateYear(everyDay(gapEu), 2027, 'Europe/Berlin');
    expect(sim.hoursPerRate).toEqual({ 1: 1277.5, 2: 7482.5, 3: 0 });
    // The first interval after the gap (03:00 CEST = 01:00 UTC) has rate 1; the last before it (01:45 CET) rate 2.
    expect(sim.rates[intervalAt(sim, '2027-03-28T01:00:00Z')]).toBe(1);
    expect(sim.rates[intervalAt(sim, '2027-03-28T00:45:00Z')]).toBe(2);
    expect(dayStrip(sim, '2027-03-28')).toEqual([
      { fromLocal: '00:00', toLocal: '02:00', rate: 2 },
      { fromLocal: '03:00', toLocal: '06:00', rate: 1 },
      { fromLocal: '06:00', toLocal: '24:00', rate: 2 },
    ]);
  });

  it("Berlin repeated hour, 'first-pass': the second pass keeps the rate of the end of the first pass", () => {
    // 31 October: pass 1 02:00–02:30 rate 2, 02:30–03:00 rate 1; pass 2 02:00–03:00 all rate 1 (the meter switched
    // in pass 1) → rate 1 3.5 + 1 = 4.5 h, rate 2 20.5 h. Year: rate 1 = 1270.5 + 3 + 4.5 = 1278 h; rate 2 =
    // 7441.5 + 20 + 20.5 = 7482 h.
    const sim = simulateYear(everyDay(gapEu, { repeatedHour: 'first-pass' }), 2027, 'Europe/Berlin');
    expect(sim.hoursPerRate).toEqual({ 1: 1278, 2: 7482, 3: 0 });
    expect(dayStrip(sim, '2027-10-31')).toEqual([
      { fromLocal: '00:00', toLocal: '02:00', rate: 2 },
      { fromLocal: '02:00', toLocal: '02:30', rate: 2, pass: 1 },
      { fromLocal: '02:30', toLocal: '03:00', rate: 1, pass: 1 },
      { fromLocal: '02:00', toLocal: '03:00', rate: 1, pass: 2 },
      { fromLocal: '03:00', toLocal: '06:00', rate: 1 },
      { fromLocal: '06:00', toLocal: '24:00', rate: 2 },
    ]);
    const both = simulateYear(everyDay(gapEu), 2027, 'Europe/Berlin');
    expect(dayStrip(both, '2027-10-31').filter((r) => r.pass === 2)).toEqual([
      { fromLocal: '02:00', toLocal: '02:30', rate: 2, pass: 2 },
      { fromLocal: '02:30', toLocal: '03:00', rate: 1, pass: 2 },
    ]);
  });

  it('New York 2027, switches at 01:30 and 02:30, both policies', () => {
    // Normal day: rate 1 01:30–02:30 = 1 h, rate 2 = 23 h.
    // 14 March (02:00→03:00): rate 1 01:30–02:00 (0.5 h); at 03:00 the 02:30 switch has passed → rate 2. 0.5 / 22.5 h.
    // 7 November (01:00–02:00 twice), both passes: rate 1 0.5 (pass 1) + 0.5 (pass 2) + 0.5 (02:00–02:30) = 1.5 h,
    // rate 2 = 1 + 0.5 + 0.5 + 21.5 = 23.5 h. First pass: pass 2 all rate 1 → rate 1 2 h, rate 2 23 h.
    // Year, both: rate 1 = 363 + 0.5 + 1.5 = 365 h, rate 2 = 363 × 23 + 22.5 + 23.5 = 8395 h.
    // Year, first pass: rate 1 = 363 + 0.5 + 2 = 365.5 h, rate 2 = 8349 + 22.5 + 23 = 8394.5 h.
    const both = simulateYear(everyDay(gapUs, { zone: 'America/New_York' }), 2027, 'America/New_York');
    expect(both.hoursPerRate).toEqual({ 1: 365, 2: 8395, 3: 0 });
    const first = simulateYear(everyDay(gapUs, { zone: 'America/New_York', repeatedHour: 'first-pass' }), 2027, 'America/New_York');
    expect(first.hoursPerRate).toEqual({ 1: 365.5, 2: 8394.5, 3: 0 });
    // Second pass 01:00–01:30 EST = 06:00–06:30 UTC: rate 2 with both passes, rate 1 with first pass.
    expect(both.rates[intervalAt(both, '2027-11-07T06:00:00Z')]).toBe(2);
    expect(first.rates[intervalAt(first, '2027-11-07T06:00:00Z')]).toBe(1);
    expect(dayStrip(first, '2027-03-14')).toEqual([
      { fromLocal: '00:00', toLocal: '01:30', rate: 2 },
      { fromLocal: '01:30', toLocal: '02:00', rate: 1 },
      { fromLocal: '03:00', toLocal: '24:00', rate: 2 },
    ]);
  });

  it('DST off keeps standard time all year: no 23/25 h days, summer switch times one hour later in UTC', () => {
    const off = simulateYear(everyDay(dayNight, { enabled: false }), 2027, 'Europe/Berlin');
    expect(off.dstChanges).toEqual([]);
    expect(off.days.every((d) => d.hours === 24 && d.intervals === 96 && d.dst === null)).toBe(true);
    expect(off.offsets).toEqual([{ fromUtc: '2026-12-31T23:00:00.000Z', offsetMinutes: 60 }]);
    // 1 July 05:30 UTC = 06:30 standard time (night) but 07:30 summer time (day).
    expect(off.rates[intervalAt(off, '2027-07-01T05:30:00Z')]).toBe(2);
    expect(off.rates[intervalAt(off, '2027-07-01T06:00:00Z')]).toBe(1);
    const on = simulateYear(everyDay(dayNight), 2027, 'Europe/Berlin');
    expect(on.rates[intervalAt(on, '2027-07-01T05:30:00Z')]).toBe(1);
    expect(off.hoursPerRate).toEqual({ 1: 5840, 2: 2920, 3: 0 });
  });

  it('DST off in Australia/Sydney keeps +10:00 (its July offset): the year starts at 14:00 UTC', () => {
    const off = simulateYear(everyDay(dayNight, { zone: 'Australia/Sydney', enabled: false }), 2027, 'Australia/Sydney');
    expect(off.startUtc).toBe('2026-12-31T14:00:00.000Z');
    expect(off.offsets).toEqual([{ fromUtc: '2026-12-31T14:00:00.000Z', offsetMinutes: 600 }]);
    expect(off.days.filter((d) => d.hours !== 24)).toEqual([]);
  });
});

describe('simulateYear: calendar', () => {
  const weekly = (): TariffScheme => {
    const base = newScheme('CAL', 'Calendar', 'generic');
    return tariffSchemeSchema.parse({
      ...base,
      dayProfiles: [...base.dayProfiles, holiday, { id: 'summer', name: 'Summer', switches: [{ time: '00:00', rate: 1 }] }],
      weekProfiles: [...base.weekProfiles, { id: 'sw', name: 'Summer week', days: allWeek('summer') }],
      seasons: [
        { name: 'Summer', start: { month: 4, day: 1 }, weekProfile: 'sw' },
        { name: 'Winter', start: { month: 10, day: 1 }, weekProfile: 'standard' },
      ],
      specialDays: [
        { kind: 'fixed', date: '2027-03-29', name: 'Easter Monday', dayProfile: 'hol' },
        { kind: 'recurring', month: 12, day: 25, name: 'Christmas Day', dayProfile: 'hol' },
      ],
    });
  };

  it('seasons: latest start on or before the date; before the first start the last season carries over', () => {
    const sim = simulateYear(weekly(), 2027, 'Europe/Berlin');
    expect(day(sim, '2027-01-01').season).toBe('Winter');
    expect(day(sim, '2027-03-31')).toMatchObject({ season: 'Winter', dayProfile: 'weekday' });
    expect(day(sim, '2027-04-01')).toMatchObject({ season: 'Summer', dayProfile: 'summer' });
    expect(day(sim, '2027-09-30').season).toBe('Summer');
    expect(day(sim, '2027-10-01')).toMatchObject({ season: 'Winter', dayProfile: 'weekday' });
    expect(day(sim, '2027-10-02').dayProfile).toBe('weekend');
    // The whole summer season (1 April – 30 September = 183 days of 24 h) is rate 1.
    const apr1 = day(sim, '2027-04-01').firstInterval;
    const oct1 = day(sim, '2027-10-01').firstInterval;
    expect([...sim.rates.subarray(apr1, oct1)].every((r) => r === 1)).toBe(true);
    expect(oct1 - apr1).toBe(183 * 96);
  });

  it('special days override the week profile: fixed in its year only, recurring every year', () => {
    const s27 = simulateYear(weekly(), 2027, 'Europe/Berlin');
    const s28 = simulateYear(weekly(), 2028, 'Europe/Berlin');
    expect(day(s27, '2027-03-29')).toMatchObject({ specialDay: 'Easter Monday', dayProfile: 'hol' });
    expect(day(s28, '2028-03-29')).toMatchObject({ specialDay: null, dayProfile: 'weekday' });
    for (const [sim, date] of [[s27, '2027-12-25'], [s28, '2028-12-25']] as const) {
      const d = day(sim, date);
      expect(d).toMatchObject({ specialDay: 'Christmas Day', dayProfile: 'hol' });
      expect([...sim.rates.subarray(d.firstInterval, d.firstInterval + d.intervals)]).toEqual(new Array(96).fill(3));
    }
    expect(s27.days.filter((d) => d.specialDay !== null)).toHaveLength(2);
  });
});
