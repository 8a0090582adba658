import { describe, expect, it } from 'vitest';
import { bytesToHex } from './bcd';
import { ElsterDataError } from './errors';
import { type LpRecord, channelsOfMask, decodeLoadProfile, decodeLpValue, encodeLoadProfile, encodeLpValue, statusFlags } from './load-profile';
import { toReadingLoadProfile } from './load-profile-reading';

const hex = (h: string) => Uint8Array.from(h.replace(/ /g, '').match(/../g) ?? [], (b) => parseInt(b, 16));
const unix = (iso: string) => Date.parse(iso) / 1000;

describe('load-profile values: 5 BCD digits / 10 × 10^exponent', () => {
  const table: [string, number][] = [
    ['00 00 00', 0],
    ['00 00 10', 0.1],
    ['00 00 70', 0.7],
    ['12 34 50', 1234.5],
    ['12 34 51', 12345],
    ['25 00 02', 250000],
    ['99 99 90', 9999.9],
    ['99 99 99', 9999900000000],
  ];
  for (const [bytes, value] of table) {
    it(`${bytes} ↔ ${value}`, () => {
      const b = hex(bytes);
      expect(decodeLpValue(b[0]!, b[1]!, b[2]!)).toBe(value);
      expect(bytesToHex(encodeLpValue(value))).toBe(bytes.replace(/ /g, ''));
    });
  }
  it('rounds to 5 significant digits with the smallest exponent', () => {
    expect(bytesToHex(encodeLpValue(123456))).toBe('123462'); // 12346 × 10^1
    expect(decodeLpValue(0x12, 0x34, 0x62)).toBe(123460);
    expect(bytesToHex(encodeLpValue(0.04))).toBe('000000');
  });
  it('rejects non-BCD nibbles (digits and exponent) with a typed error', () => {
    expect(() => decodeLpValue(0x0a, 0, 0)).toThrow(ElsterDataError);
    expect(() => decodeLpValue(0, 0, 0x0f)).toThrow(ElsterDataError);
  });
  it('refuses values it cannot encode', () => {
    for (const v of [-1, NaN, Infinity, 1e13]) expect(() => encodeLpValue(v)).toThrow(RangeError);
  });
});

describe('status bits and channel mask', () => {
  it('names every status bit', () => {
    expect(statusFlags(0x7f)).toEqual(['transientReset', 'timeSync', 'dataChange', 'batteryFail', 'ctRatioChange', 'reverseRun', 'phaseFailure']);
    expect(statusFlags(0x48)).toEqual(['batteryFail', 'phaseFailure']);
    expect(statusFlags(0)).toEqual([]);
  });
  it('maps mask bits to channels in bit order', () => {
    expect(channelsOfMask(0x00ff).map((c) => c.key)).toEqual(['importW', 'exportW', 'q1', 'q2', 'q3', 'q4', 'vaImport', 'vaExport']);
    expect(channelsOfMask(0xc001).map((c) => c.key)).toEqual(['importW', 'customer1', 'customer2']);
    expect(channelsOfMask(0x0002).map((c) => c.unit)).toEqual(['W']);
    expect(() => channelsOfMask(0x0100)).toThrow(ElsterDataError);
  });
});

describe('load-profile byte table', () => {
  // E4 new day 2025-03-30T00:00Z (0x67E88980), mask 0003 (import W, export W), config 09 (30 min, no DST);
  // one entry: status 00, 1234.5 W, 250 000 W; FF end with no time (FFFFFFFF).
  const bytes = 'E4 8089E867 0300 09  00 123450 250002  FF FFFFFFFF'.replace(/ /g, '');
  it('decodes', () => {
    const lp = decodeLoadProfile(hex(bytes));
    expect(lp.ended).toBe(true);
    expect(lp.trailingBytes).toBe(0);
    expect(lp.events).toEqual([{ marker: 'newDay', utc: '2025-03-30T00:00:00.000Z' }, { marker: 'end', utc: null }]);
    expect(lp.intervals).toEqual([{
      startUtc: '2025-03-30T00:00:00.000Z', endUtc: '2025-03-30T00:30:00.000Z', startUnix: 1743292800, periodMinutes: 30,
      dst: false, status: 0, statusFlags: [], channels: ['importW', 'exportW'], values: [1234.5, 250000],
    }]);
  });
  it('encodes the records back to the same bytes', () => {
    expect(bytesToHex(encodeLoadProfile(decodeLoadProfile(hex(bytes)).records))).toBe(bytes);
  });
  it('ignores bytes after the end marker, and reports a profile without one', () => {
    expect(decodeLoadProfile(hex(`${bytes}FFFF00`)).trailingBytes).toBe(3);
    const open = decodeLoadProfile(hex(bytes.slice(0, -10)));
    expect(open.ended).toBe(false);
    expect(open.intervals).toHaveLength(1);
    expect(decodeLoadProfile(hex('FF')).events).toEqual([{ marker: 'end', utc: null }]);
  });
  const bad: [string, string, RegExp][] = [
    ['entry before any configuration', '00 123450', /before any new-day/],
    ['a byte that is no marker', '90 00000000', /not a known marker/],
    ['an undocumented marker E7', 'E7 00000000', /not a known marker/],
    ['a cut entry', 'E4 8089E867 0300 09 00 1234', /cut short/],
    ['a cut marker', 'E5 8089', /cut short/],
    ['interval code B', 'E4 8089E867 0300 0B', /interval code 11/],
    ['an unknown channel bit', 'E4 8089E867 0001 09', /name no known channel/],
    ['a non-BCD value', 'E4 8089E867 0100 09 00 1A0000', /not BCD/],
  ];
  for (const [label, h, msg] of bad) {
    it(`rejects ${label} with a typed error`, () => {
      expect(() => decodeLoadProfile(hex(h))).toThrow(ElsterDataError);
      expect(() => decodeLoadProfile(hex(h))).toThrow(msg);
    });
  }
  it('the encoder refuses inconsistent records', () => {
    expect(() => encodeLoadProfile([{ kind: 'entry', status: 0, values: [] }])).toThrow(RangeError);
    const day: LpRecord = { kind: 'marker', marker: 'newDay', unix: 0, config: { channelMask: 1, intervalCode: 9, dst: false } };
    expect(() => encodeLoadProfile([day, { kind: 'entry', status: 0, values: [1, 2] }])).toThrow(/2 values for 1 channels/);
    expect(() => encodeLoadProfile([day, { kind: 'entry', status: 0x80, values: [1] }])).toThrow(RangeError);
    expect(() => encodeLoadProfile([{ kind: 'marker', marker: 'powerUp', unix: 0, config: day.config }])).toThrow(/cannot carry/);
    expect(() => encodeLoadProfile([{ kind: 'marker', marker: 'newDay', unix: 0 }])).toThrow(/needs/);
  });
});

describe('load profile across the spring DST change with power failures (Europe/London, 2025-03-30)', () => {
  const cfg30 = { channelMask: 0x0003, intervalCode: 9, dst: false };
  const records: LpRecord[] = [
    { kind: 'marker', marker: 'newDay', unix: unix('2025-03-30T00:00:00Z'), config: cfg30 },
    { kind: 'entry', status: 0, values: [1200, 0] }, // 00:00Z
    { kind: 'entry', status: 0, values: [1100.5, 0] }, // 00:30Z
    { kind: 'marker', marker: 'dstChange', unix: unix('2025-03-30T01:00:00Z') }, // clocks go 01:00 GMT → 02:00 BST
    { kind: 'entry', status: 0, values: [900, 10] }, // 01:00Z
    { kind: 'entry', status: 0x20, values: [800, 20] }, // 01:30Z, reverse run
    { kind: 'entry', status: 0, values: [700, 0] }, // 02:00Z, closed at the power failure
    { kind: 'marker', marker: 'powerDown', unix: unix('2025-03-30T02:10:00Z') },
    { kind: 'marker', marker: 'powerUp', unix: unix('2025-03-30T03:20:00Z') }, // 02:30Z interval missing: a gap
    { kind: 'entry', status: 0x41, values: [300, 0] }, // 03:00Z, transient reset + phase failure
    { kind: 'marker', marker: 'powerDown', unix: unix('2025-03-30T03:40:00Z') }, // short outage inside 03:30…04:00
    { kind: 'marker', marker: 'powerUp', unix: unix('2025-03-30T03:45:00Z') },
    { kind: 'entry', status: 0x01, values: [250, 0] }, // 03:30Z
    { kind: 'marker', marker: 'configChange', unix: unix('2025-03-30T04:00:00Z'), config: { channelMask: 0x4001, intervalCode: 7, dst: true } },
    { kind: 'entry', status: 0x04, values: [12.5, 3] }, // 04:00Z, 15 min, import W + customer 1
    { kind: 'entry', status: 0, values: [99999, 0.1] }, // 04:15Z
    { kind: 'end', unix: unix('2025-03-30T04:30:00Z') },
  ];
  const bytes = encodeLoadProfile(records);
  const lp = decodeLoadProfile(bytes);

  it('round-trips bytes → records → bytes', () => {
    expect(lp.records).toEqual(records);
    expect(encodeLoadProfile(lp.records)).toEqual(bytes);
  });

  it('places every interval in UTC with the meter DST flag, the gap left open', () => {
    expect(lp.intervals.map((iv) => [iv.startUtc.slice(11, 16), iv.periodMinutes, iv.dst])).toEqual([
      ['00:00', 30, false], ['00:30', 30, false], ['01:00', 30, true], ['01:30', 30, true], ['02:00', 30, true],
      ['03:00', 30, true], ['03:30', 30, true], ['04:00', 15, true], ['04:15', 15, true],
    ]);
    expect(lp.intervals[3]!.statusFlags).toEqual(['reverseRun']);
    expect(lp.intervals[5]!.statusFlags).toEqual(['transientReset', 'phaseFailure']);
    expect(lp.intervals[7]!.channels).toEqual(['importW', 'customer1']);
    expect(lp.intervals[8]!.endUtc).toBe('2025-03-30T04:30:00.000Z');
    expect(lp.events.map((e) => e.marker)).toEqual(['newDay', 'dstChange', 'powerDown', 'powerUp', 'powerDown', 'powerUp', 'configChange', 'end']);
  });

  it('converts to the reading model with local times in the zone', () => {
    const r = toReadingLoadProfile(lp, 'Europe/London');
    expect(r.periodMinutes).toBe(30);
    expect(r.channels).toEqual([{ obis: '1.5.0', unit: 'W' }, { obis: '2.5.0', unit: 'W' }, { obis: '128.5.0', unit: '' }]);
    expect(r.intervals.map((iv) => iv.startLocal.slice(11, 16))).toEqual(['00:00', '00:30', '02:00', '02:30', '03:00', '04:00', '04:30', '05:00', '05:15']);
    expect(r.intervals[7]).toEqual({
      startUtc: '2025-03-30T04:00:00.000Z', endUtc: '2025-03-30T04:15:00.000Z', startLocal: '2025-03-30T05:00:00', dst: true, status: '04',
      values: [12.5, null, 3],
    });
    expect(r.intervals[5]!.status).toBe('41');
    expect(() => toReadingLoadProfile(lp, 'Not/AZone')).toThrow(RangeError);
  });

  it('keeps a backward time change in time order in the reading model', () => {
    const back = decodeLoadProfile(encodeLoadProfile([
      { kind: 'marker', marker: 'newDay', unix: unix('2025-01-01T00:00:00Z'), config: { channelMask: 1, intervalCode: 10, dst: false } },
      { kind: 'entry', status: 0, values: [1] },
      { kind: 'entry', status: 0, values: [2] },
      { kind: 'marker', marker: 'timeChange', unix: unix('2025-01-01T00:30:00Z') },
      { kind: 'entry', status: 0x02, values: [3] },
    ]));
    expect(back.intervals.map((iv) => iv.startUtc.slice(11, 16))).toEqual(['00:00', '01:00', '00:00']);
    expect(toReadingLoadProfile(back, 'UTC').intervals.map((iv) => iv.values[0])).toEqual([1, 3, 2]);
  });
});
