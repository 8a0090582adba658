import { describe, expect, it } from 'vitest';
import { newScheme } from '../schemes/model';
import type { MeterData } from './plan';
import { programPlanSchema } from './plan';
import { bytesToHex } from '../protocol/meters/elster/bcd';
import { encodeDayProfiles } from './elster/tariff-codec';
import { compareReadBack, compileProgram } from './compile';

/** The program compiler per model (upload order, descriptions, limits) and the read-back comparison in scheme terms. */

const METER: MeterData = { serial: '12345678', ctRatio: '200/5', vtRatio: null, passwordLevel: 3, site: 'Mill', customer: 'ACME', timeZone: 'Europe/Berlin' };
const A1140 = newScheme('SCHEME01', 'Day/night', 'A1140');

describe('compileProgram: Elster A1140 / A1700', () => {
  it('writes W1 data IDs in the safe order: user ID first, calendar, settings, CT/VT, scheme ID last', () => {
    const plan = compileProgram(A1140, METER, 'A1140', { meterUserId: 'TECH01' });
    expect(programPlanSchema.parse(plan)).toEqual(plan);
    expect(plan.requiredLevel).toBe(3);
    expect(plan.writes.map((w) => w.address)).toEqual(['681', '901', '902', '903', '904', '905', '667', '906', '907', '908', '616', '617', '795']);
    expect(plan.writes.map((w) => w.part)).toEqual(['user-id', 'day-profiles', 'week-profiles', 'seasons', 'special-days', 'dst', 'rates', 'maximum-demand', 'load-profile', 'pulse-outputs', 'ct-vt', 'ct-vt', 'scheme-id']);
    expect(plan.writes.every((w) => w.command === 'W1' && w.verify && /^[0-9A-F]+$/.test(w.value))).toBe(true);
    expect(plan.totalBytes).toBe(plan.writes.reduce((n, w) => n + w.value.length / 2, 0));
    const byPart = Object.fromEntries(plan.writes.map((w) => [w.address, w]));
    expect(byPart['901']!.description).toBe("Day profiles: 'Weekday' 3 switch times, 'Weekend' 1 switch time");
    expect(byPart['902']!.description).toBe("Week profiles: 'Standard week': Mon–Fri 'Weekday', Sat–Sun 'Weekend'");
    expect(byPart['667']!.description).toBe("TOU registers: T1 rate 1 'Day' (active-import), T2 rate 2 'Night' (active-import), T3 rate 3 'Weekend' (active-import); 5 unused");
    expect(byPart['616']!.description).toBe('CT ratio 200/5');
    expect(byPart['617']!.description).toBe('VT ratio 1/1 (direct connected)');
    expect(byPart['795']!).toMatchObject({ value: '534348454D453031', schemePath: 'id' }); // SCHEME01
    expect(byPart['667']!.value).toBe('0000000000000000'); // public layout: 1 source byte per register, 0 = active import
    expect(byPart['667']!.provenance).toMatch(/^public:.*TariffSources\.java:12-23$/);
    expect(byPart['616']!.value).toBe('00004E20000001F4'); // A1140: two 4-byte BE binaries in hundredths
    expect(byPart['901']!.provenance).toMatch(/^assumption/);
  });

  it('A1700: 16 TOU registers, or 32 (the larger variant) for a scheme with more than 16 rates', () => {
    const s = newScheme('S17', 'A1700', 'A1700');
    const plan = compileProgram(s, METER, 'A1700', { meterUserId: 'X' });
    expect(plan.writes.find((w) => w.address === '667')!.value).toHaveLength(16 * 2);
    expect(plan.writes.map((w) => w.address)).toContain('614'); // the A1700's VT ratio (public layout), not 617
    expect(plan.writes.find((w) => w.address === '616')!.value).toBe('000002000005'); // 4 + 2 LE BCD in hundredths
    expect(plan.writes.find((w) => w.address === '795')!.value).toHaveLength(32); // 16 bytes on the A1700
    const many = { ...s, rates: Array.from({ length: 20 }, (_, i) => ({ number: i + 1, name: `T${i + 1}` })) };
    expect(compileProgram(many, METER, 'A1700', { meterUserId: 'X' }).writes.find((w) => w.address === '667')!.value).toHaveLength(32 * 2);
  });

  it('refuses what cannot be compiled, in plain words (RangeError)', () => {
    expect(() => compileProgram(A1140, METER, 'A1700', { meterUserId: 'X' })).toThrow(/written for the A1140; this meter is an A1700/);
    const rates = { ...A1140, rates: Array.from({ length: 9 }, (_, i) => ({ number: i + 1, name: `T${i + 1}` })) };
    expect(() => compileProgram(rates, METER, 'A1140', { meterUserId: 'X' })).toThrow('The scheme uses rate 9; the A1140 has 8 TOU registers (rates 1…8).');
    const lp = { ...A1140, loadProfile: { ...A1140.loadProfile, capturePeriodMinutes: 12 } };
    expect(() => compileProgram(lp, METER, 'A1140', { meterUserId: 'X' })).toThrow(/12 is not one of them/);
    expect(() => compileProgram(A1140, METER, 'A1140', { meterUserId: 'NINECHARS' })).toThrow(RangeError);
  });
});

describe('compileProgram: generic IEC 62056-21', () => {
  it('writes W5 data sets: entries before their count, scheme ID (calendar name) last', () => {
    const s = newScheme('GEN1', 'Generic', 'generic');
    const plan = compileProgram(s, METER, 'generic', { meterUserId: 'TECH01' });
    expect(plan.requiredLevel).toBe(1);
    expect(plan.writes.map((w) => `${w.address}(${w.value})`)).toEqual([
      '0-0:128.0.1(TECH01)',
      '0-0:13.3.1(0000:2,0700:1,2300:2)', '0-0:13.3.2(0000:3)', '0-0:13.3.0(2)',
      '0-0:13.2.1(1,1,1,1,1,2,2)', '0-0:13.2.0(1)',
      '0-0:13.1.1(0101:1)', '0-0:13.1.0(1)',
      '0-0:11.0.0(0)',
      '0-0:128.0.2(1;5.7.03.02;5.7.10.03;60;0)',
      '1-0:0.8.0(30)', '0-0:128.1.0(block;1;0;7;1;01-00)',
      '1-0:0.8.4(30)', '0-0:128.1.1(1,2;0)',
      '0-0:128.2.0(0)',
      '1-0:0.4.2(200)', '1-0:0.4.5(5)', '1-0:0.4.3(1)', '1-0:0.4.6(1)',
      '0-0:13.0.0(GEN1)',
    ]);
    expect(plan.writes[1]!.description).toBe("Day profile 'Weekday': 3 switch times");
    expect(plan.totalBytes).toBe(plan.writes.reduce((n, w) => n + w.value.length, 0));
  });
});

describe('compareReadBack: differences in scheme terms', () => {
  const plan = compileProgram(A1140, METER, 'A1140', { meterUserId: 'TECH01' });
  const echo = () => new Map(plan.writes.map((w) => [w.address, w.value]));

  it('no differences when the meter holds what was written (hex case does not matter)', () => {
    const rb = echo();
    rb.set('901', rb.get('901')!.toLowerCase());
    expect(compareReadBack(plan, rb, A1140)).toEqual([]);
  });

  it('names the switch time, the CT ratio, the TOU register, the week day that differ', () => {
    const rb = echo();
    const changed = structuredClone(A1140.dayProfiles);
    changed[0]!.switches[1]!.time = '07:30';
    rb.set('901', bytesToHex(encodeDayProfiles(changed)));
    rb.set('616', '000186A0000001F4'); // 1000/5
    rb.set('667', '0001000000000000'); // T2 counts active export
    rb.set('902', '0101010101010102'); // Saturday: day profile 1
    expect(compareReadBack(plan, rb, A1140).map((d) => d.message)).toEqual([
      "Day profile 'Weekday' switch 2: scheme 07:00 → rate 1, meter 07:30 → rate 1",
      "Week profile 'Standard week' Saturday: scheme day profile 'Weekend', meter day profile 'Weekday'",
      "TOU register T2: scheme active-import during rate 2 ('Night'), meter active-export during rate 2 ('Night')",
      'CT ratio: scheme 200/5, meter 1000/5',
    ]);
  });

  it('a missing switch time, a value not read back, and a value that cannot be read are differences too', () => {
    const rb = echo();
    rb.set('901', '0202000002070001010000 03'.replace(/ /g, ''));
    rb.delete('905');
    rb.set('907', 'FF');
    const d = compareReadBack(plan, rb, A1140);
    expect(d.map((x) => x.message)).toEqual([
      "Day profile 'Weekday' switch 3: scheme 23:00 → rate 2, meter none",
      expect.stringMatching(/^DST rule: .*: was not read back from the meter \(905\)\.$/),
      expect.stringMatching(/^Load profile: .*: the meter holds a value this program cannot read \(907 = FF\)/),
    ]);
    expect(d[0]).toMatchObject({ path: 'dayProfiles.0.switches.2', expected: '23:00 → rate 2', actual: '' });
  });

  it('generic: compares the text read back', () => {
    const s = newScheme('GEN1', 'Generic', 'generic');
    const g = compileProgram(s, METER, 'generic', { meterUserId: 'TECH01' });
    const rb = new Map(g.writes.map((w) => [w.address, w.value]));
    rb.set('0-0:13.3.1', '0000:2,0700:1,2330:2');
    rb.set('1-0:0.4.2', '200.000');
    expect(compareReadBack(g, rb, s).map((d) => d.message)).toEqual(["Day profile 'Weekday' switch 3: scheme 23:00 → rate 2, meter 23:30 → rate 2"]);
  });
});
