import { describe, expect, it } from 'vitest';
import { newScheme } from '../../schemes/model';
import {
  GENERIC_MAX_VALUE_CHARS, TariffValueError, decodeGenericTariffValue, encodeDayProfileValue, encodeDstValue, encodePulseValue, encodeSeasonValue,
  encodeSpecialDayValue, encodeWeekValue, listAddress, ratioSides,
} from './tariff-writes';

/** Value tables of the generic W5 tariff data sets (addresses and formats are ASSUMPTIONS, tariff-writes.ts). */

const S = newScheme('GEN1', 'Generic', 'generic');
const Z = 'Europe/Berlin';

describe('generic tariff values: encode', () => {
  it('day, week, season, special day, DST, pulse output, ratio', () => {
    expect(listAddress('dayProfiles', 1)).toBe('0-0:13.3.1');
    expect(listAddress('specialDays', 0)).toBe('0-0:11.0.0');
    expect(encodeDayProfileValue(S.dayProfiles[0]!)).toBe('0000:2,0700:1,2300:2');
    expect(encodeWeekValue(S.weekProfiles[0]!, ['weekday', 'weekend'])).toBe('1,1,1,1,1,2,2');
    expect(encodeSeasonValue({ name: 'Winter', start: { month: 10, day: 1 }, weekProfile: 'standard' }, ['standard'])).toBe('1001:1');
    expect(encodeSpecialDayValue({ kind: 'recurring', month: 12, day: 25, name: 'Christmas', dayProfile: 'weekend' }, ['weekday', 'weekend'])).toBe('00001225:2');
    expect(encodeSpecialDayValue({ kind: 'fixed', date: '2027-03-29', name: 'Easter Monday', dayProfile: 'weekday' }, ['weekday'])).toBe('20270329:1');
    expect(encodeDstValue(S.dst)).toBe('1;5.7.03.02;5.7.10.03;60;0');
    expect(encodePulseValue({ output: 2, quantity: 'reactive-q1', pulsesPerUnit: 0.5, widthMs: 80 })).toBe('3;0.5;80');
    expect(ratioSides('200.0/5')).toEqual(['200', '5']);
    expect(ratioSides(null)).toEqual(['1', '1']);
  });

  it('refuses a day profile out of order or too long for one W5 value', () => {
    expect(() => encodeDayProfileValue({ id: 'a', name: 'Odd', switches: [{ time: '10:00', rate: 1 }, { time: '09:00', rate: 2 }] })).toThrow(/Day profile 'Odd'/);
    const long = { id: 'a', name: 'Long', switches: Array.from({ length: 40 }, (_, i) => ({ time: `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`, rate: 12 })) };
    expect(() => encodeDayProfileValue(long)).toThrow(new RegExp(`at most ${GENERIC_MAX_VALUE_CHARS}`));
  });
});

describe('generic tariff values: decode', () => {
  it('gives scheme terms with canonical ids', () => {
    expect(decodeGenericTariffValue('0-0:13.3.2', '0000:3', Z)).toEqual({ kind: 'day-profiles', first: 1, profiles: [{ id: 'day2', name: 'Day profile 2', switches: [{ time: '00:00', rate: 3 }] }] });
    expect(decodeGenericTariffValue('0-0:13.3.0', '2', Z)).toEqual({ kind: 'count', of: 'day-profiles', count: 2 });
    expect(decodeGenericTariffValue('0-0:13.2.1', '1,1,1,1,1,2,2', Z)).toMatchObject({ kind: 'week-profiles', first: 0, weeks: [{ days: { monday: 'day1', sunday: 'day2' } }] });
    expect(decodeGenericTariffValue('0-0:13.1.1', '1001:1', Z)).toEqual({ kind: 'seasons', first: 0, seasons: [{ name: 'Season 1', start: { month: 10, day: 1 }, weekProfile: 'week1' }] });
    expect(decodeGenericTariffValue('0-0:11.0.3', '00001225:2', Z)).toEqual({ kind: 'special-days', first: 2, days: [{ kind: 'recurring', month: 12, day: 25, name: 'Special day 3', dayProfile: 'day2' }] });
    expect(decodeGenericTariffValue('0-0:128.0.2', '1;5.7.03.02;5.7.10.03;60;0', Z)).toEqual({ kind: 'dst', rule: S.dst });
    expect(decodeGenericTariffValue('0-0:128.1.0', 'sliding;3;1;7;1,9;01-00,15-06', Z)).toEqual({
      kind: 'maximum-demand', md: { method: 'sliding', subIntervals: 3, perRate: true, resetLockoutDays: 7, quantities: ['active-import', 'apparent-import'], billingDates: [{ day: 1 }, { day: 15, month: 6 }] },
    });
    expect(decodeGenericTariffValue('1-0:0.8.4', '15', Z)).toEqual({ kind: 'load-profile', lp: { capturePeriodMinutes: 15 } });
    expect(decodeGenericTariffValue('0-0:128.2.0', '0', Z)).toEqual({ kind: 'value', path: 'pulseOutputs.length', label: 'Pulse outputs in use', value: 'none' });
    expect(decodeGenericTariffValue('1-0:0.4.2', '200.000', Z)).toMatchObject({ value: '200' });
    expect(decodeGenericTariffValue('1.8.0', '1', Z)).toBeNull();
    expect(decodeGenericTariffValue('0-0:13.3.300', '1', Z)).toBeNull();
  });

  const bad: [string, string, RegExp][] = [
    ['0-0:13.3.1', '0700:1,0600:2', /not after the switch before it/],
    ['0-0:13.3.1', '2400:1', /hour 24 is not 0…23/],
    ['0-0:13.3.1', '', /at least one switch time/],
    ['0-0:13.2.1', '1,1,1', /3 day profiles given, a week has 7/],
    ['0-0:13.1.1', '0431:1', /day 31 is not 1…30/],
    ['0-0:11.0.1', '20270229:1', /is not a date/],
    ['0-0:128.0.2', '1;5.7.03.02;5.7.10.03;45;0', /deviation 45 min/],
    ['1-0:0.8.0', '7', /integration period 7 min/],
    ['0-0:128.0.1', 'TOO LONG ID', /1 to 8 letters/],
    ['0-0:13.0.0', 'A(B', /bracket/],
  ];
  for (const [address, value, why] of bad) {
    it(`refuses ${address}(${value})`, () => {
      expect(() => decodeGenericTariffValue(address, value, Z)).toThrow(TariffValueError);
      expect(() => decodeGenericTariffValue(address, value, Z)).toThrow(why);
    });
  }
});
