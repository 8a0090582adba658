import { describe, expect, it } from 'vitest';
import { hexToBytes } from './bcd';
import { ElsterDataError } from './errors';
import { type LpLayout, type LpRecord, channelsOfMask, decodeLoadProfile, decodeLpValue, encodeLoadProfile, encodeLpValue } from './load-profile';
import { toReadingLoadProfile } from './load-profile-reading';

const A1140: LpLayout = { mask: 'a1140', values: 'binary24', extendedStatus: false };
const A1700: LpLayout = { mask: 'a1700', values: 'bcd6', extendedStatus: false };
const london = { zone: 'Europe/London' };
const brussels = { zone: 'Europe/Brussels' };
/** Local midnight of a date as the meter counts it (seconds of the wall clock as if UTC). */
const local = (iso: string) => Date.parse(`${iso}Z`) / 1000;

describe('load-profile entry values (public:abba1700/ABBA1700ProfileEntry.java:140-141, abba1140/ABBA1140ProfileEntry.java:91-92)', () => {
  it('01 23 43 read as 6 BCD digits (A1700) = 12343 → 1234 × 10^3 mW = 1234 W', () => {
    expect(decodeLpValue(0x01, 0x23, 0x43, 'bcd6')).toBe(1_234_000);
  });
  it('the same value read as a 24-bit big-endian binary (A1140): 00 30 37 = 12343 → 1234 W', () => {
    expect(decodeLpValue(0x00, 0x30, 0x37, 'binary24')).toBe(1_234_000);
    expect(decodeLpValue(0x01, 0x23, 0x43, 'binary24')).toBe(7_456_000); // 0x012343 = 74563
  });
  it('encodes with the smallest exponent that fits (most precision) and decodes back', () => {
    expect([...encodeLpValue(1_234_000, 'bcd6')]).toEqual([0x12, 0x34, 0x02]);
    for (const enc of ['bcd6', 'binary24'] as const) {
      const b = encodeLpValue(1_234_000, enc);
      expect(decodeLpValue(b[0]!, b[1]!, b[2]!, enc)).toBe(1_234_000);
    }
    expect(() => decodeLpValue(0x0a, 0, 0, 'bcd6')).toThrow(ElsterDataError);
  });
});

describe('channel masks', () => {
  it('A1140: read big-endian, first byte customer-defined (public:abba1140/LoadProfileConfigRegister.java:44-50)', () => {
    expect(channelsOfMask(0xc003, 'a1140').map((c) => c.key)).toEqual(['importW', 'exportW', 'customer1', 'customer2']);
  });
  it('A1700: ((m & 0x7F00) >> 1) | (m & 0x7F); 0x80 is the DST flag, not a channel', () => {
    expect(channelsOfMask(0x0183, 'a1700').map((c) => c.key)).toEqual(['importW', 'exportW', 'customer1']);
    expect(channelsOfMask(0x0040, 'a1700').map((c) => c.key)).toEqual(['va']);
  });
});

describe('record byte tables', () => {
  it('A1140 E4 with mask C0 03 and period byte 0x89 (30 min, DST), an entry, FF (nothing after it)', () => {
    const bytes = hexToBytes('E4' + '00E0E467' + 'C003' + '89' + '00' + '003037' + '000000' + '000001' + '000002' + 'FF' + 'AA');
    const lp = decodeLoadProfile(bytes, A1140, london);
    expect(lp.records[0]).toEqual({ kind: 'marker', marker: 'newDay', seconds: 0x67e4e000, config: { channelMask: 0xc003, intervalCode: 9, dst: true } });
    expect(lp.intervals[0]!.values).toEqual([1_234_000, 0, 0, 0]);
    expect(lp.ended).toBe(true);
    expect(lp.trailingBytes).toBe(1);
  });
  it('A1700: DST from the mask; E2 external data', () => {
    const bytes = hexToBytes('E4' + '00E0E467' + '0081' + '09' + '00' + '012343' + 'E2' + '0A00' + '000010' + '000020' + 'E2' + 'FF');
    const lp = decodeLoadProfile(bytes, A1700, brussels);
    expect((lp.records[0] as Extract<LpRecord, { kind: 'marker' }>).config?.dst).toBe(true);
    expect(lp.records[2]).toEqual({ kind: 'external', values: [[1], [2]] });
    expect(lp.intervals.map((i) => i.values[0])).toEqual([1_234_000, 1, 2]);
  });
  it('an extended status byte before the status byte (when the meter has one)', () => {
    const layout = { ...A1140, extendedStatus: true };
    const lp = decodeLoadProfile(hexToBytes('E4' + '00E0E467' + '0001' + '09' + '05' + '02' + '003037' + 'FF'), layout, london);
    expect(lp.intervals[0]).toMatchObject({ status: 2, extendedStatus: 5, statusFlags: ['timeSync'] });
  });
  it('refuses data before a configuration and a cut-short record', () => {
    expect(() => decodeLoadProfile(hexToBytes('00003037'), A1140, london)).toThrow(/before any new-day/);
    expect(() => decodeLoadProfile(hexToBytes('E4' + '00E0E467' + '0001'), A1140, london)).toThrow(/cut short/);
  });
});

describe('timeline: local seconds, DST, time sets', () => {
  const day = (iso: string, entries: number, dst: boolean, extra: LpRecord[] = []): LpRecord[] => [
    { kind: 'marker', marker: 'newDay', seconds: local(iso), config: { channelMask: 0x0001, intervalCode: 10, dst } },
    ...Array.from({ length: entries }, (): LpRecord => ({ kind: 'entry', status: 0, values: [1_000_000] })),
    ...extra,
  ];

  it('spring forward in Europe/Brussels: intervals follow the real clock across ED', () => {
    const recs: LpRecord[] = [
      ...day('2025-03-30T00:00:00', 2, false),
      { kind: 'marker', marker: 'dstChange', seconds: local('2025-03-30T03:00:00') },
      { kind: 'entry', status: 0, values: [1_000_000] },
      { kind: 'end' },
    ];
    const lp = decodeLoadProfile(encodeLoadProfile(recs, A1140), A1140, brussels);
    expect(lp.intervals.map((i) => [i.startUtc, i.startLocal, i.dst])).toEqual([
      ['2025-03-29T23:00:00.000Z', '2025-03-30T00:00:00', false],
      ['2025-03-30T00:00:00.000Z', '2025-03-30T01:00:00', false],
      ['2025-03-30T01:00:00.000Z', '2025-03-30T03:00:00', true],
    ]);
  });

  it('a meter on standard time all year (778 bit 0 = 0): every local time with the standard offset', () => {
    const lp = decodeLoadProfile(encodeLoadProfile([...day('2025-07-01T00:00:00', 1, false), { kind: 'end' }], A1140), A1140, { zone: 'Europe/Brussels', followsDst: false });
    expect(lp.intervals[0]!.startUtc).toBe('2025-06-30T23:00:00.000Z');
  });

  it('entries after a clock set back into an interval already filled are summed into it (as the driver)', () => {
    const recs: LpRecord[] = [
      ...day('2025-01-10T00:00:00', 2, false),
      { kind: 'marker', marker: 'timeChange', seconds: local('2025-01-10T01:10:00') },
      { kind: 'entry', status: 0x02, values: [500_000] },
      { kind: 'end' },
    ];
    const lp = decodeLoadProfile(encodeLoadProfile(recs, A1140), A1140, london);
    expect(lp.intervals).toHaveLength(2);
    expect(lp.intervals[1]).toMatchObject({ values: [1_500_000], status: 0x02, entries: 2 });
  });

  it('toReadingLoadProfile gives kW: 1 kW constant over 30 min = 0.5 kWh', () => {
    const recs: LpRecord[] = [
      { kind: 'marker', marker: 'newDay', seconds: local('2025-06-01T00:00:00'), config: { channelMask: 0x0003, intervalCode: 9, dst: true } },
      ...Array.from({ length: 48 }, (): LpRecord => ({ kind: 'entry', status: 0, values: [1_000_000, 0] })),
      { kind: 'end' },
    ];
    const r = toReadingLoadProfile(decodeLoadProfile(encodeLoadProfile(recs, A1700), A1700, brussels));
    expect(r.channels).toEqual([{ obis: '1.5.0', unit: 'kW' }, { obis: '2.5.0', unit: 'kW' }]);
    expect(r.periodMinutes).toBe(30);
    expect(r.intervals).toHaveLength(48);
    expect(r.intervals[0]).toMatchObject({ startUtc: '2025-05-31T22:00:00.000Z', startLocal: '2025-06-01T00:00:00', values: [1, 0] });
    expect(r.intervals.reduce((e, iv) => e + iv.values[0]! * 0.5, 0)).toBe(24);
  });
});
