import { describe, expect, it } from 'vitest';
import { newScheme } from '../../schemes/model';
import { bytesToHex, hexToBytes } from '../../protocol/meters/elster/bcd';
import { ElsterDataError } from '../../protocol/meters/elster/errors';
import { BUILTIN_DEFINITIONS, findItem } from '../../meter-definitions';
import { ELSTER_TARIFF_IDS, TARIFF_IMAGE_IDS } from './ids';
import {
  UNUSED_TOU, decodeDayProfiles, decodeDstRule, decodeLoadProfileSettings, decodeMaximumDemand, decodePulseOutputs, decodeRatio, decodeSeasons,
  decodeSpecialDays, decodeTouSources, decodeUserIds, decodeWeekProfiles, encodeDayProfiles, encodeDstRule, encodeLoadProfileSettings,
  encodeMaximumDemand, encodePulseOutputs, encodeRatio, encodeSeasons, encodeSpecialDays, encodeTouSources, encodeUserId, encodeWeekProfiles,
  tariffImageLength,
} from './tariff-codec';

/**
 * Byte tables of every tariff image (the layouts of tariff-codec.ts / tariff-codec-config.ts, ASSUMPTIONS listed in
 * ELSTER_ASSUMPTIONS): each row is a scheme part, its exact bytes, and back; then what each decoder refuses.
 */

const S = newScheme('SCHEME01', 'Test', 'A1140');
const hex = (b: Uint8Array) => bytesToHex(b);

describe('tariff data IDs', () => {
  it('are 3 digits and unique; the images without a public layout are assumptions in the definitions', () => {
    const all = Object.values(ELSTER_TARIFF_IDS).map((d) => d.id);
    expect(all.every((id) => /^\d{3}$/.test(id))).toBe(true);
    expect(new Set(all).size).toBe(all.length);
    for (const id of TARIFF_IMAGE_IDS) expect(findItem(BUILTIN_DEFINITIONS.A1140, id)?.provenance, id).toMatch(/^assumption/);
    for (const id of ['795', '667', '616']) expect(findItem(BUILTIN_DEFINITIONS.A1140, id)?.provenance, id).toMatch(/^public:/);
  });
});

describe('byte tables', () => {
  it('901 day profiles: count, then switch count + (hour, minute, rate) per switch', () => {
    expect(hex(encodeDayProfiles(S.dayProfiles))).toBe('02' + '03' + '000002' + '070001' + '170002' + '01' + '000003');
    expect(decodeDayProfiles(hexToBytes('0203000002070001170002010000 03'.replace(/ /g, '')))).toEqual([
      { id: 'day1', name: 'Day profile 1', switches: S.dayProfiles[0]!.switches },
      { id: 'day2', name: 'Day profile 2', switches: S.dayProfiles[1]!.switches },
    ]);
  });

  it('902 week profiles: count, then 7 day-profile numbers Monday first', () => {
    expect(hex(encodeWeekProfiles(S.weekProfiles, ['weekday', 'weekend']))).toBe('01' + '01010101010202');
    expect(decodeWeekProfiles(hexToBytes('0101010101010202'))[0]!.days).toEqual({
      monday: 'day1', tuesday: 'day1', wednesday: 'day1', thursday: 'day1', friday: 'day1', saturday: 'day2', sunday: 'day2',
    });
  });

  it('903 seasons: count, then month, day, week-profile number', () => {
    const seasons = [{ name: 'Winter', start: { month: 10, day: 1 }, weekProfile: 'w' }, { name: 'Summer', start: { month: 4, day: 15 }, weekProfile: 'w' }];
    expect(hex(encodeSeasons(seasons, ['w']))).toBe('02' + '0A0101' + '040F01');
    expect(decodeSeasons(hexToBytes('020A0101040F01'))).toEqual([
      { name: 'Season 1', start: { month: 10, day: 1 }, weekProfile: 'week1' },
      { name: 'Season 2', start: { month: 4, day: 15 }, weekProfile: 'week1' },
    ]);
  });

  it('904 special days: count, then year − 2000 (FF every year), month, day, day-profile number; empty = 00', () => {
    const days = [
      { kind: 'recurring' as const, month: 12, day: 25, name: 'Christmas', dayProfile: 'weekend' },
      { kind: 'fixed' as const, date: '2027-03-29', name: 'Easter Monday', dayProfile: 'weekend' },
    ];
    expect(hex(encodeSpecialDays(days, ['weekday', 'weekend']))).toBe('02' + 'FF0C1902' + '1B031D02');
    expect(hex(encodeSpecialDays([], ['weekday']))).toBe('00');
    expect(decodeSpecialDays(hexToBytes('02FF0C19021B031D02'))).toEqual([
      { kind: 'recurring', month: 12, day: 25, name: 'Special day 1', dayProfile: 'day2' },
      { kind: 'fixed', date: '2027-03-29', name: 'Special day 2', dayProfile: 'day2' },
    ]);
  });

  it('905 DST rule: 11 bytes; the zone is not stored', () => {
    expect(hex(encodeDstRule(S.dst))).toBe('01' + '05070302' + '05070A03' + '3C' + '00');
    expect(decodeDstRule(hexToBytes('010507030205070A033C00'), 'Europe/Berlin')).toEqual(S.dst);
    const off = { ...S.dst, enabled: false, start: { week: 2 as const, weekday: 'monday' as const, month: 4, hour: 1 }, deviationMinutes: 120 as const, repeatedHour: 'first-pass' as const };
    expect(hex(encodeDstRule(off))).toBe('00' + '02010401' + '05070A03' + '78' + '01');
  });

  it('667 TOU sources: the public layout, one source byte per register (register i = rate i + 1; 0 = active import)', () => {
    // public:abba1140/TariffSources.java:12-23, public:abba1140/EnergyTypeCode.java:19-29
    const sources = [{ quantity: 'active-import' as const, rate: 1 }, { quantity: 'active-export' as const, rate: 2 }, { quantity: 'reactive-q4' as const, rate: 3 }, UNUSED_TOU];
    expect(hex(encodeTouSources(sources))).toBe('00' + '01' + '05' + '00');
    expect(decodeTouSources(hexToBytes('0001050E'))).toEqual([...sources.slice(0, 3), UNUSED_TOU]);
    expect(() => encodeTouSources([{ quantity: 'active-import', rate: 2 }])).toThrow(/register 1 is rate 1/);
    expect(() => encodeTouSources([{ quantity: 'reactive-import', rate: 1 }])).toThrow(/cannot count reactive-import/);
  });

  it('906 maximum demand: period, method, sub-intervals, per rate, lockout, quantities, billing dates', () => {
    const md = { integrationPeriodMinutes: 15 as const, method: 'sliding' as const, subIntervals: 3, quantities: ['active-import' as const, 'apparent-import' as const], perRate: true, billingDates: [{ day: 1 }, { day: 15, month: 6 }], resetLockoutDays: 7 };
    expect(hex(encodeMaximumDemand(md))).toBe('0F' + '01' + '03' + '01' + '07' + '02' + '0109' + '02' + '0100' + '0F06');
    expect(decodeMaximumDemand(hexToBytes('0F01030107020109020100 0F06'.replace(/ /g, '')))).toEqual(md);
  });

  it('907 load profile: interval code, channel mask (LE), depth (LE)', () => {
    expect(hex(encodeLoadProfileSettings({ capturePeriodMinutes: 15, channels: ['active-import', 'reactive-q1', 'apparent-export'], depthDays: 400 }))).toBe('07' + '8500' + '9001');
    expect(decodeLoadProfileSettings(hexToBytes('0785009001'))).toEqual({ capturePeriodMinutes: 15, channels: ['active-import', 'reactive-q1', 'apparent-export'], depthDays: 400 });
  });

  it('908 pulse outputs: count, then number, quantity, constant × 1000 (4 LE), width (2 LE)', () => {
    const outs = [{ output: 1, quantity: 'active-import' as const, pulsesPerUnit: 1000, widthMs: 80 }, { output: 2, quantity: 'reactive-import' as const, pulsesPerUnit: 0.5, widthMs: 1000 }];
    expect(hex(encodePulseOutputs(outs))).toBe('02' + '0101' + '40420F00' + '5000' + '0207' + 'F4010000' + 'E803');
    expect(decodePulseOutputs(hexToBytes('02010140420F0050000207F4010000E803'))).toEqual(outs);
    expect(hex(encodePulseOutputs([]))).toBe('00');
  });

  it('617 A1140 VT ratio (our layout): primary and secondary × 1000, 4 bytes LE each; null = 1/1', () => {
    expect(hex(encodeRatio('200/5'))).toBe('400D0300' + '88130000');
    expect(hex(encodeRatio(null))).toBe('E8030000' + 'E8030000');
    expect(decodeRatio(hexToBytes('400D030088130000'))).toBe('200/5');
    expect(decodeRatio(encodeRatio('11000.5/110'))).toBe('11000.5/110');
  });

  it('681 user ID: 8 space-padded ASCII bytes; reads 3 × 8, newest first', () => {
    expect(hex(encodeUserId('TECH01'))).toBe('544543483031' + '2020');
    expect(decodeUserIds(hexToBytes('5445434830312020' + '0000000000000000' + '4142432020202020'))).toEqual(['TECH01', '', 'ABC']);
    expect(() => encodeUserId('TOO-LONG-ID')).toThrow(RangeError);
  });
});

describe('encoders refuse what does not fit, in plain words', () => {
  it('switch times out of order, a capture period or channel the load profile cannot record, a fixed date before 2000', () => {
    expect(() => encodeDayProfiles([{ id: 'a', name: 'Weekday', switches: [{ time: '07:00', rate: 1 }, { time: '06:00', rate: 2 }] }])).toThrow(/Day profile 'Weekday': switch times must be in ascending order/);
    expect(() => encodeLoadProfileSettings({ capturePeriodMinutes: 12, channels: ['active-import'], depthDays: 0 })).toThrow(/12 is not one of them/);
    expect(() => encodeLoadProfileSettings({ capturePeriodMinutes: 15, channels: ['reactive-import'], depthDays: 0 })).toThrow(/cannot record reactive-import/);
    expect(() => encodeSpecialDays([{ kind: 'fixed', date: '1999-12-31', name: 'Old', dayProfile: 'a' }], ['a'])).toThrow(/2000 to 2254/);
    expect(() => encodeWeekProfiles(S.weekProfiles, ['weekday'])).toThrow(/"weekend", which is not in the scheme/);
    expect(() => encodePulseOutputs([{ output: 1, quantity: 'active-import', pulsesPerUnit: 0.0004, widthMs: 10 }])).toThrow(/more than 3 decimals/);
  });
});

describe('decoders refuse bad images with ElsterDataError (meter answer ERR1)', () => {
  const bad: [string, () => unknown][] = [
    ['day profile hour 24', () => decodeDayProfiles(hexToBytes('0101180001'))],
    ['day profile rate 0', () => decodeDayProfiles(hexToBytes('0101000000'))],
    ['switch times not ascending', () => decodeDayProfiles(hexToBytes('0102070001060001'))],
    ['no day profiles', () => decodeDayProfiles(hexToBytes('00'))],
    ['a byte left over', () => decodeDayProfiles(hexToBytes('010100000100'))],
    ['too short', () => decodeDayProfiles(hexToBytes('010200000101'))],
    ['week profile day 0', () => decodeWeekProfiles(hexToBytes('0100010101010101'))],
    ['season 31 April', () => decodeSeasons(hexToBytes('01041F01'))],
    ['special day 30 February', () => decodeSpecialDays(hexToBytes('01FF021E01'))],
    ['special day 29 February 2027', () => decodeSpecialDays(hexToBytes('011B021D01'))],
    ['DST deviation 45', () => decodeDstRule(hexToBytes('010507030205070A032D00'), 'UTC')],
    ['TOU source code 11', () => decodeTouSources(hexToBytes('0B'))],
    ['MD period 7', () => decodeMaximumDemand(hexToBytes('0700010007010100'))],
    ['LP mask 0', () => decodeLoadProfileSettings(hexToBytes('0700000000'))],
    ['pulse width 0', () => decodePulseOutputs(hexToBytes('010101E80300000000'))],
    ['ratio 0', () => decodeRatio(hexToBytes('00000000E8030000'))],
  ];
  for (const [what, f] of bad) {
    it(what, () => {
      expect(f).toThrow(ElsterDataError);
      try {
        f();
      } catch (e) {
        expect((e as ElsterDataError).meterAnswer).toBe('ERR1');
        expect((e as Error).message).toMatch(/could not be understood/);
      }
    });
  }

  it('a 667 of another length than the meter has TOU registers is a bad packet (ERR3)', () => {
    expect(() => decodeTouSources(new Uint8Array(9), 8)).toThrow(expect.objectContaining({ meterAnswer: 'ERR3' }));
    expect(decodeTouSources(new Uint8Array(8), 8)).toHaveLength(8);
  });
});

describe('tariffImageLength: the length of a value from its first bytes', () => {
  it('counts each layout, null while too short to tell', () => {
    const days = encodeDayProfiles(S.dayProfiles);
    expect(tariffImageLength('901', days)).toBe(days.length);
    expect(tariffImageLength('901', days.subarray(0, 5))).toBeNull();
    expect(tariffImageLength('902', Uint8Array.of(2))).toBe(15);
    expect(tariffImageLength('903', Uint8Array.of(3))).toBe(10);
    expect(tariffImageLength('904', Uint8Array.of(0))).toBe(1);
    expect(tariffImageLength('904', new Uint8Array(0))).toBeNull();
    expect(tariffImageLength('905', new Uint8Array(0))).toBe(11);
    const md = encodeMaximumDemand(S.maximumDemand);
    expect(tariffImageLength('906', md)).toBe(md.length);
    expect(tariffImageLength('906', md.subarray(0, 5))).toBeNull();
    expect(tariffImageLength('907', new Uint8Array(0))).toBe(5);
    expect(tariffImageLength('908', Uint8Array.of(2))).toBe(17);
    expect(tariffImageLength('617', new Uint8Array(0))).toBe(8);
    expect(tariffImageLength('681', new Uint8Array(0))).toBe(8);
    expect(() => tariffImageLength('667', Uint8Array.of(1, 1))).toThrow(ElsterDataError); // a public single-packet item, not an image
    expect(() => tariffImageLength('798', new Uint8Array(0))).toThrow(ElsterDataError);
  });
});
