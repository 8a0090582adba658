import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MeterModel, type TariffScheme, METER_MODELS, newScheme, timeOfDay } from './model';
import { PROBLEM_CODES, type SchemeProblem } from './problems';
import { hasErrors, validateScheme } from './validate';

/**
 * validateScheme: a table of bad schemes, each a small mutation of newScheme('T1', 'Test') (A1140, Europe/Berlin
 * EU rule; rates T1 Day, T2 Night, T3 Weekend; day profiles Weekday 00:00 T2 / 07:00 T1 / 23:00 T2 and Weekend
 * 00:00 T3), with the exact problems it must give. DST years are fixed to 2027 (2027-03-28 and 2027-10-31 are
 * the Berlin change days, both Sundays).
 */
type S = TariffScheme & Record<string, unknown>;
const base = (model: MeterModel = 'A1140'): S => structuredClone(newScheme('T1', 'Test', model)) as S;
const YEARS = [2027];
const err = (path: string, code: string, message: string): SchemeProblem => ({ path, severity: 'error', code, message });
const warn = (path: string, code: string, message: string): SchemeProblem => ({ path, severity: 'warning', code, message });
const sw = (...list: [string, number][]) => list.map(([time, rate]) => ({ time, rate }));
const allDays = (id: string) => ({ monday: id, tuesday: id, wednesday: id, thursday: id, friday: id, saturday: id, sunday: id });
const fixed = (date: string, name: string, dayProfile = 'weekend') => ({ kind: 'fixed' as const, date, name, dayProfile });
const recurring = (month: number, day: number, name: string, dayProfile = 'weekend') => ({ kind: 'recurring' as const, month, day, name, dayProfile });

interface Case {
  name: string;
  model?: MeterModel;
  options?: { model?: MeterModel };
  mutate: (s: S) => void;
  expected: SchemeProblem[];
}

const cases: Case[] = [
  {
    name: 'duplicate day profile id',
    mutate: (s) => s.dayProfiles.push({ id: 'weekday', name: 'Weekday copy', switches: sw(['00:00', 1]) }),
    expected: [err('dayProfiles.2.id', 'duplicate-id', "Day profile 'Weekday copy': id 'weekday' is already used by day profile 'Weekday'; give each day profile its own id")],
  },
  {
    name: 'duplicate week profile id',
    mutate: (s) => s.weekProfiles.push({ id: 'standard', name: 'Other week', days: allDays('weekend') }),
    expected: [err('weekProfiles.1.id', 'duplicate-id', "Week profile 'Other week': id 'standard' is already used by week profile 'Standard week'; give each week profile its own id")],
  },
  {
    name: 'duplicate rate number',
    mutate: (s) => s.rates.push({ number: 2, name: 'Peak' }),
    expected: [err('rates.3.number', 'duplicate-rate', "Rate 'Peak': number 2 is already used by rate 'Night'; give each rate its own number")],
  },
  {
    name: 'rate no switch uses',
    mutate: (s) => s.rates.push({ number: 4, name: 'Peak' }),
    expected: [warn('rates.3', 'unused-rate', "Rate 'Peak' (T4) is not used by any switch time")],
  },
  {
    name: 'switch uses a rate that is not in rates',
    mutate: (s) => s.dayProfiles[0]!.switches.push({ time: '23:30', rate: 7 }),
    expected: [err('dayProfiles.0.switches.3.rate', 'unknown-rate', "Day profile 'Weekday': the switch at 23:30 uses rate 7, which is not one of the scheme's rates (1, 2, 3)")],
  },
  {
    name: 'switch times out of order',
    mutate: (s) => (s.dayProfiles[0]!.switches = sw(['00:00', 2], ['23:00', 2], ['07:00', 1])),
    expected: [err('dayProfiles.0.switches.2.time', 'switch-order', "Day profile 'Weekday': switch time 07:00 comes after 23:00; list the switch times in time order")],
  },
  {
    name: 'two switch times at one time (overlap)',
    mutate: (s) => s.dayProfiles[0]!.switches.splice(2, 0, { time: '07:00', rate: 2 }),
    expected: [err('dayProfiles.0.switches.2.time', 'duplicate-switch-time', "Day profile 'Weekday': two switch times at 07:00 (rates 1 and 2); keep one")],
  },
  {
    name: 'day profile without a 00:00 switch',
    mutate: (s) => (s.dayProfiles[1]!.switches = sw(['06:00', 3])),
    expected: [err('dayProfiles.1.switches.0.time', 'missing-midnight-switch', "Day profile 'Weekend': the first switch time is 06:00; add a switch time at 00:00 so the rate after midnight is defined")],
  },
  {
    name: 'week profile names a missing day profile',
    mutate: (s) => (s.weekProfiles[0]!.days.friday = 'fri'),
    expected: [err('weekProfiles.0.days.friday', 'unknown-day-profile', "Week profile 'Standard week': Friday uses day profile 'fri', which does not exist")],
  },
  {
    name: 'season names a missing week profile',
    mutate: (s) => s.seasons.push({ name: 'Summer', start: { month: 6, day: 1 }, weekProfile: 'summer' }),
    expected: [err('seasons.1.weekProfile', 'unknown-week-profile', "Season 'Summer': week profile 'summer' does not exist")],
  },
  {
    name: 'special day names a missing day profile',
    mutate: (s) => s.specialDays.push(fixed('2027-12-25', 'Christmas Day', 'holiday')),
    expected: [err('specialDays.0.dayProfile', 'unknown-day-profile', "Special day 'Christmas Day': day profile 'holiday' does not exist")],
  },
  {
    name: 'unreachable day profile',
    mutate: (s) => s.dayProfiles.push({ id: 'spare', name: 'Spare', switches: sw(['00:00', 1]) }),
    expected: [warn('dayProfiles.2', 'unused-day-profile', "Day profile 'Spare' is not used: no week profile of a season and no special day refers to it")],
  },
  {
    name: 'unused week profile',
    mutate: (s) => s.weekProfiles.push({ id: 'summer', name: 'Summer week', days: allDays('weekday') }),
    expected: [warn('weekProfiles.1', 'unused-week-profile', "Week profile 'Summer week' is not used by any season")],
  },
  {
    name: 'two seasons start on one date',
    mutate: (s) => s.seasons.push({ name: 'Also all year', start: { month: 1, day: 1 }, weekProfile: 'standard' }),
    expected: [err('seasons.1.start', 'duplicate-season-start', "Season 'Also all year': starts on 1 January like season 'All year'; give each season its own start date")],
  },
  {
    name: 'season starts on 31 April',
    mutate: (s) => s.seasons.push({ name: 'Spring', start: { month: 4, day: 31 }, weekProfile: 'standard' }),
    expected: [err('seasons.1.start', 'impossible-date', "Season 'Spring': starts on 31 April, a date that does not exist")],
  },
  {
    name: 'season starts on 29 February',
    mutate: (s) => s.seasons.push({ name: 'Leap', start: { month: 2, day: 29 }, weekProfile: 'standard' }),
    expected: [warn('seasons.1.start', 'leap-day', "Season 'Leap': starts on 29 February, which only exists in leap years; in other years it starts on 1 March")],
  },
  {
    name: 'fixed special day on 2027-02-29',
    mutate: (s) => s.specialDays.push(fixed('2027-02-29', 'Leap day')),
    expected: [err('specialDays.0.date', 'impossible-date', "Special day 'Leap day': 2027-02-29 does not exist")],
  },
  {
    name: 'recurring special day on 30 February',
    mutate: (s) => s.specialDays.push(recurring(2, 30, 'Nobody')),
    expected: [err('specialDays.0.day', 'impossible-date', "Special day 'Nobody': 30 February does not exist")],
  },
  {
    name: 'recurring special day on 29 February',
    mutate: (s) => s.specialDays.push(recurring(2, 29, 'Leap day')),
    expected: [warn('specialDays.0.day', 'leap-day', "Special day 'Leap day': 29 February only exists in leap years; in other years there is no special day")],
  },
  {
    name: 'two special days on one date',
    mutate: (s) => s.specialDays.push(fixed('2027-12-25', 'Christmas Day'), fixed('2027-12-25', 'Xmas')),
    expected: [err('specialDays.1.date', 'duplicate-special-day', "Special day 'Xmas': 2027-12-25 is already special day 'Christmas Day'; keep one")],
  },
  {
    name: 'fixed special day on a recurring one',
    mutate: (s) => s.specialDays.push(recurring(12, 25, 'Christmas Day'), fixed('2027-12-25', 'Christmas 2027')),
    expected: [warn('specialDays.1.date', 'special-day-overlap', "Special day 'Christmas 2027': 2027-12-25 is also the recurring special day 'Christmas Day' (25 December); the fixed entry wins on that date")],
  },
  {
    name: 'sliding MD sub-intervals do not divide the period',
    mutate: (s) => Object.assign(s.maximumDemand, { method: 'sliding', subIntervals: 7 }),
    expected: [err('maximumDemand.subIntervals', 'md-sub-intervals', 'Maximum demand: a 30 min period cannot be split into 7 equal sub-intervals; use 2, 3, 5, 6, 10 or 15')],
  },
  {
    name: 'block MD with sub-intervals',
    mutate: (s) => (s.maximumDemand.subIntervals = 3),
    expected: [err('maximumDemand.subIntervals', 'md-sub-intervals', 'Maximum demand: block demand has no sub-intervals; set subIntervals to 1 (it is 3) or use the sliding method')],
  },
  {
    name: 'billing date twice',
    mutate: (s) => s.maximumDemand.billingDates.push({ day: 1 }),
    expected: [err('maximumDemand.billingDates.1', 'duplicate-billing-date', 'Maximum demand: billing date day 1 of every month is listed twice')],
  },
  {
    name: 'yearly billing date covered by a monthly one',
    mutate: (s) => s.maximumDemand.billingDates.push({ day: 1, month: 4 }),
    expected: [warn('maximumDemand.billingDates.1', 'billing-date-covered', 'Maximum demand: billing date 1 April is already covered by the monthly billing date on day 1')],
  },
  {
    name: 'load-profile channel twice',
    mutate: (s) => s.loadProfile.channels.push('active-import'),
    expected: [err('loadProfile.channels.2', 'duplicate-lp-channel', 'Load profile: channel "active-import" is listed twice')],
  },
  {
    name: 'two pulse outputs on one terminal',
    mutate: (s) => s.pulseOutputs.push({ output: 1, quantity: 'active-import', pulsesPerUnit: 1000, widthMs: 80 }, { output: 1, quantity: 'active-export', pulsesPerUnit: 1000, widthMs: 80 }),
    expected: [err('pulseOutputs.1.output', 'duplicate-pulse-output', 'Pulse output 2: terminal 1 is already used by pulse output 1; give each pulse output its own terminal')],
  },
  {
    name: '17 switch times on an A1140',
    mutate: (s) => (s.dayProfiles[0]!.switches = Array.from({ length: 17 }, (_, i) => ({ time: timeOfDay(i * 60), rate: i % 2 === 0 ? 2 : 1 }))),
    expected: [err('dayProfiles.0.switches', 'too-many-switch-times', "Day profile 'Weekday': 17 switch times, the A1140 allows 16")],
  },
  {
    name: '13 seasons on a generic meter',
    model: 'generic',
    mutate: (s) => {
      for (let m = 2; m <= 12; m++) s.seasons.push({ name: `From month ${m}`, start: { month: m, day: 1 }, weekProfile: 'standard' });
      s.seasons.push({ name: 'Late December', start: { month: 12, day: 15 }, weekProfile: 'standard' });
    },
    expected: [err('seasons', 'too-many-seasons', 'The scheme has 13 seasons, the generic meter allows 12')],
  },
  {
    name: '25 day profiles on an A1140',
    mutate: (s) => {
      for (let i = 0; i < 23; i++) {
        s.dayProfiles.push({ id: `p${i}`, name: `Profile ${i}`, switches: sw(['00:00', 3]) });
        s.specialDays.push(fixed(`2027-01-${String(i + 1).padStart(2, '0')}`, `Day ${i}`, `p${i}`));
      }
    },
    expected: [err('dayProfiles', 'too-many-day-profiles', 'The scheme has 25 day profiles, the A1140 allows 24')],
  },
  {
    name: '105 switching operations on a generic meter',
    model: 'generic',
    mutate: (s) => {
      s.dayProfiles = Array.from({ length: 7 }, (_, p) => ({ id: `d${p}`, name: `Day ${p}`, switches: Array.from({ length: 15 }, (_, i) => ({ time: timeOfDay(i * 90), rate: (i % 3) + 1 })) }));
      s.weekProfiles[0]!.days = { monday: 'd0', tuesday: 'd1', wednesday: 'd2', thursday: 'd3', friday: 'd4', saturday: 'd5', sunday: 'd6' };
    },
    expected: [err('dayProfiles', 'too-many-switching-operations', 'The day profiles have 105 switch times in total, the generic meter allows 100 switching operations')],
  },
  {
    name: '33 special days on an A1140',
    mutate: (s) => {
      for (let i = 0; i < 33; i++) s.specialDays.push(fixed(new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10), `Day ${i}`));
    },
    expected: [err('specialDays', 'too-many-special-days', 'The scheme has 33 special days, the A1140 allows 32')],
  },
  {
    name: '13 week profiles on an A1700',
    model: 'A1700',
    mutate: (s) => {
      for (let i = 1; i < 13; i++) s.weekProfiles.push({ id: `w${i}`, name: `Week ${i}`, days: allDays('weekday') });
      for (let m = 2; m <= 12; m++) s.seasons.push({ name: `Season ${m}`, start: { month: m, day: 1 }, weekProfile: `w${m - 1}` });
    },
    expected: [
      warn('weekProfiles.12', 'unused-week-profile', "Week profile 'Week 12' is not used by any season"),
      err('weekProfiles', 'too-many-week-profiles', 'The scheme has 13 week profiles, the A1700 allows 12'),
    ],
  },
  {
    name: 'rate T9 on an A1140',
    mutate: (s) => {
      s.rates.push({ number: 9, name: 'Super peak' });
      s.dayProfiles[0]!.switches.push({ time: '23:30', rate: 9 });
    },
    expected: [err('rates.3.number', 'rate-not-in-model', "Rate 'Super peak' (T9): the A1140 has 8 TOU rate registers (T1 to T8)")],
  },
  {
    name: 'rate T20 on an A1700 (32-register variant only)',
    model: 'A1700',
    mutate: (s) => {
      s.rates.push({ number: 20, name: 'Critical peak' });
      s.dayProfiles[0]!.switches.push({ time: '23:30', rate: 20 });
    },
    expected: [warn('rates.3.number', 'rate-needs-variant', "Rate 'Critical peak' (T20): only the 32-register A1700 has T17 to T32 (the standard one has 16); program this scheme only into a 32-register meter")],
  },
  {
    name: 'too many MD registers on an A1140',
    mutate: (s) => Object.assign(s.maximumDemand, { perRate: true, quantities: ['active-import', 'active-export', 'reactive-import', 'reactive-export', 'apparent-import'] }),
    expected: [err('maximumDemand.quantities', 'too-many-md-registers', 'Maximum demand: 5 quantities × 3 rates = 15 MD registers, the A1140 has 12')],
  },
  {
    name: '7 min load profile on a generic meter',
    model: 'generic',
    mutate: (s) => (s.loadProfile.capturePeriodMinutes = 7),
    expected: [err('loadProfile.capturePeriodMinutes', 'lp-period-not-supported', 'Load profile: the generic meter does not offer a 7 min capture period; use 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60 min')],
  },
  {
    name: 'load profile period differs from the MD period on an A1140',
    mutate: (s) => (s.loadProfile.capturePeriodMinutes = 15),
    expected: [err('loadProfile.capturePeriodMinutes', 'lp-period-differs-from-md', 'Load profile: the capture period is 15 min but the maximum demand integration period is 30 min; the A1140 has one integration period for both, so make them equal')],
  },
  {
    name: 'load-profile quantity an A1140 cannot record',
    mutate: (s) => s.loadProfile.channels.push('reactive-import'),
    expected: [err('loadProfile.channels.2', 'lp-channel-not-supported', 'Load profile: the A1140 cannot record "reactive-import"; it records active-import, active-export, reactive-q1, reactive-q2, reactive-q3, reactive-q4, apparent-import, apparent-export')],
  },
  {
    name: 'three pulse outputs on an A1140',
    mutate: (s) => {
      for (const output of [1, 2, 3]) s.pulseOutputs.push({ output, quantity: 'active-import', pulsesPerUnit: 1000, widthMs: 80 });
    },
    expected: [
      err('pulseOutputs', 'too-many-pulse-outputs', 'The scheme has 3 pulse outputs, the A1140 allows 2'),
      err('pulseOutputs.2.output', 'too-many-pulse-outputs', 'Pulse output 3: terminal 3 does not exist on the A1140 (it has terminals 1 to 2)'),
    ],
  },
  {
    name: 'checked against another model than written for',
    options: { model: 'A1700' },
    mutate: () => undefined,
    expected: [warn('meterModel', 'model-differs', 'The scheme is written for the A1140; it is checked against the limits of the A1700')],
  },
  {
    name: 'misspelt time zone',
    mutate: (s) => (s.dst.zone = 'Europe/Berlinn'),
    expected: [err('dst.zone', 'unknown-time-zone', 'The DST rule: "Europe/Berlinn" is not a time zone of the time-zone database; use an IANA name such as Europe/London')],
  },
  {
    name: 'EU rule at the Berlin hour for Europe/London',
    mutate: (s) => (s.dst.zone = 'Europe/London'),
    expected: [
      err('dst.start', 'dst-rule-mismatch', 'The DST rule starts summer time on the last Sunday of March at 02:00, but Europe/London changes on 2027-03-28 at 01:00'),
      err('dst.end', 'dst-rule-mismatch', 'The DST rule ends summer time on the last Sunday of October at 03:00, but Europe/London changes on 2027-10-31 at 02:00'),
    ],
  },
  {
    name: 'US rule with the wrong week',
    mutate: (s) => Object.assign(s.dst, { zone: 'America/New_York', start: { week: 3, weekday: 'sunday', month: 3, hour: 2 }, end: { week: 1, weekday: 'sunday', month: 11, hour: 2 } }),
    expected: [err('dst.start', 'dst-rule-mismatch', 'The DST rule starts summer time on the third Sunday of March at 02:00, but America/New_York changes on 2027-03-14 at 02:00')],
  },
  {
    name: 'DST on in a zone without DST',
    mutate: (s) => (s.dst.zone = 'Asia/Tokyo'),
    expected: [err('dst.enabled', 'dst-zone-has-no-dst', 'The DST rule is on, but Asia/Tokyo does not change clocks in 2027; turn the DST rule off (enabled: false)')],
  },
  {
    name: 'DST off in a zone with DST',
    mutate: (s) => (s.dst.enabled = false),
    expected: [warn('dst.enabled', 'dst-disabled', 'The DST rule is off: the meter keeps standard time all year, while Europe/Berlin changes clocks (on 2027-03-28 and on 2027-10-31); in summer the switch times then happen 60 min off the local clock')],
  },
  {
    name: 'DST deviation of 30 min on an A1140 in Berlin',
    mutate: (s) => (s.dst.deviationMinutes = 30),
    expected: [
      err('dst.deviationMinutes', 'dst-deviation-not-supported', 'The DST rule: the A1140 cannot move its clock by 30 min; it moves it by 60 or 120 min'),
      err('dst.deviationMinutes', 'dst-deviation-mismatch', 'The DST rule moves the clock by 30 min, but Europe/Berlin changes by 60 min'),
    ],
  },
  {
    name: 'switch in the spring-forward gap and the repeated hour (Sunday uses Weekday)',
    mutate: (s) => {
      s.weekProfiles[0]!.days.sunday = 'weekday';
      s.dayProfiles[0]!.switches.splice(1, 0, { time: '02:30', rate: 3 });
    },
    expected: [
      err('dayProfiles.0.switches.1.time', 'switch-in-dst-gap', "Day profile 'Weekday': switch at 02:30 does not exist on 2027-03-28 in Europe/Berlin (clocks go from 02:00 to 03:00); move it out of the gap"),
      warn('dayProfiles.0.switches.1.time', 'switch-in-repeated-hour', "Day profile 'Weekday': switch at 02:30 happens twice on 2027-10-31 in Europe/Berlin (clocks go back from 03:00 to 02:00); with repeatedHour 'both-passes' the meter switches in both passes, so rate 2 is in force again before 02:30 in the second pass"),
    ],
  },
  {
    name: 'switch in the repeated hour of a special day, first-pass policy',
    mutate: (s) => {
      s.dst.repeatedHour = 'first-pass';
      s.dayProfiles.push({ id: 'late', name: 'Late switch', switches: sw(['00:00', 3], ['02:00', 2]) });
      s.specialDays.push(fixed('2027-10-31', 'Clocks back', 'late'));
    },
    expected: [warn('dayProfiles.2.switches.1.time', 'switch-in-repeated-hour', "Day profile 'Late switch': switch at 02:00 happens twice on 2027-10-31 in Europe/Berlin (clocks go back from 03:00 to 02:00); with repeatedHour 'first-pass' the meter switches to rate 2 in the first pass only and keeps it through the second")],
  },
  {
    name: 'time 25:00 (shape)',
    mutate: (s) => (s.dayProfiles[0]!.switches[1]!.time = '25:00'),
    expected: [err('dayProfiles.0.switches.1.time', 'shape-format', `Day profile 'Weekday', switch time 2: "time" is "25:00"; write the time as hh:mm, 00:00 to 23:59`)],
  },
  {
    name: 'DST rule missing (shape)',
    mutate: (s) => delete (s as Partial<S>).dst,
    expected: [err('dst', 'shape-missing', 'The scheme: "dst" is missing')],
  },
  {
    name: 'rate number as text (shape)',
    mutate: (s) => ((s.rates[1] as unknown as { number: string }).number = '2'),
    expected: [err('rates.1.number', 'shape-type', `Rate 'Night': "number" is "2"; it should be a number`)],
  },
  {
    name: 'unknown DST week (shape)',
    mutate: (s) => ((s.dst.start as { week: unknown }).week = 5),
    expected: [err('dst.start.week', 'shape-value', 'The DST rule: "start.week" is 5; use one of 1, 2, 3, 4, "last"')],
  },
  {
    name: 'misspelt optional field',
    mutate: (s) => (s.specialdays = []),
    expected: [warn('specialdays', 'unknown-field', 'The scheme: "specialdays" is not a field of the scheme format and is ignored; did you mean "specialDays"?')],
  },
];

describe('validateScheme: the table of bad schemes', () => {
  it('has at least 24 cases and uses only documented codes with their severity', () => {
    expect(cases.length).toBeGreaterThanOrEqual(24);
    for (const c of cases) for (const p of c.expected) expect(PROBLEM_CODES[p.code as keyof typeof PROBLEM_CODES]?.[0], c.name).toBe(p.severity);
  });

  it.each(cases)('$name', (c) => {
    const scheme = base(c.model);
    c.mutate(scheme);
    expect(validateScheme(scheme, { years: YEARS, ...c.options })).toEqual(c.expected);
  });
});

describe('validateScheme', () => {
  it('finds nothing wrong in newScheme for every model and years 2025…2030', () => {
    for (const model of METER_MODELS) expect(validateScheme(newScheme('OK', 'Fine', model), { years: [2025, 2026, 2027, 2028, 2029, 2030] })).toEqual([]);
    expect(validateScheme(newScheme('OK', 'Fine', 'A1700', 'Europe/Paris'))).toEqual([]);
  });

  it('reports every problem at once', () => {
    const s = base();
    s.rates.push({ number: 2, name: 'Peak' });
    s.weekProfiles[0]!.days.monday = 'mon';
    s.maximumDemand.subIntervals = 2;
    const problems = validateScheme(s, { years: YEARS });
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['rates.3.number', 'duplicate-rate'],
      ['weekProfiles.0.days.monday', 'unknown-day-profile'],
      ['maximumDemand.subIntervals', 'md-sub-intervals'],
    ]);
    expect(hasErrors(problems)).toBe(true);
  });

  it('returns shape errors as problems, one per wrong field, instead of throwing', () => {
    expect(validateScheme(null)).toEqual([err('', 'shape-type', 'The file should hold one JSON object (the tariff scheme), not null')]);
    expect(validateScheme([1, 2])).toEqual([err('', 'shape-type', 'The file should hold one JSON object (the tariff scheme), not a list')]);
    const s = base();
    (s.rates[0] as { name: string }).name = '';
    (s.loadProfile as { channels: unknown[] }).channels = [];
    const problems = validateScheme(s);
    expect(problems).toEqual([
      err('rates.0.name', 'shape-range', `Rate 1: "name" is ""; it must not be empty`),
      err('loadProfile.channels', 'shape-range', 'Load profile: "channels" has 0 entries; give at least one entry'),
    ]);
  });

  it('hasErrors is false for warnings only', () => {
    const s = base();
    s.dayProfiles.push({ id: 'spare', name: 'Spare', switches: sw(['00:00', 1]) });
    const problems = validateScheme(s, { years: YEARS });
    expect(problems).toHaveLength(1);
    expect(hasErrors(problems)).toBe(false);
    expect(hasErrors([])).toBe(false);
  });
});

describe('validateScheme never throws', () => {
  const checkProblems = (problems: SchemeProblem[]) => {
    for (const p of problems) {
      expect(typeof p.path).toBe('string');
      expect(PROBLEM_CODES[p.code as keyof typeof PROBLEM_CODES]?.[0]).toBe(p.severity);
      expect(p.message.length).toBeGreaterThan(0);
    }
  };
  const seed = Number(process.env.FUZZ_SEED ?? 20270328);

  it('for arbitrary values and JSON', () => {
    fc.assert(fc.property(fc.anything(), (v) => checkProblems(validateScheme(v))), { seed, numRuns: 300 });
    fc.assert(fc.property(fc.jsonValue(), (v) => checkProblems(validateScheme(v))), { seed, numRuns: 300 });
  });

  it('for a valid scheme with one field replaced by arbitrary JSON', () => {
    const keys = Object.keys(base());
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, v) => {
        const s: Record<string, unknown> = base();
        s[key] = v;
        checkProblems(validateScheme(s, { years: YEARS }));
      }),
      { seed, numRuns: 200 },
    );
  });

  it('for well-shaped schemes with arbitrary switch times, rates, zones and DST rules', () => {
    const zones = ['Europe/Berlin', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Tokyo', 'America/Santiago', 'Nowhere/City'];
    const moment = fc.record({
      week: fc.constantFrom(1, 2, 3, 4, 'last' as const),
      weekday: fc.constantFrom('monday', 'sunday', 'saturday'),
      month: fc.integer({ min: 1, max: 12 }),
      hour: fc.integer({ min: 0, max: 23 }),
    });
    const switches = fc.array(fc.record({ minute: fc.integer({ min: 0, max: 1439 }), rate: fc.integer({ min: 1, max: 32 }) }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(switches, fc.constantFrom(...zones), moment, moment, fc.boolean(), fc.constantFrom(...METER_MODELS), (sws, zone, start, end, enabled, model) => {
        const s = base(model);
        s.dayProfiles[1]!.switches = sws.map((x) => ({ time: timeOfDay(x.minute), rate: x.rate }));
        Object.assign(s.dst, { zone, start, end, enabled });
        checkProblems(validateScheme(s, { years: [2026, 2027] }));
      }),
      { seed, numRuns: 150 },
    );
  });
});
