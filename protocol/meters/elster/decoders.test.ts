import { describe, expect, it } from 'vitest';
import { bytesToHex } from './bcd';
import {
  decodeCumulativeMaxDemand, decodeEnergyRegisters, decodeEvents, decodeMaxDemandRegisters, decodeProgrammingCounter,
  decodeSchemeId, decodeSerialNumber, decodeTimeDate, encodeEnergyRegisters, encodeEvents, encodeMaxDemandRegisters,
  encodeProgrammingCounter, encodeSchemeId, encodeSerialNumber, encodeTimeDate,
} from './decoders';
import { ElsterDataError } from './errors';
import { ELSTER_MODELS } from './profile';

const hex = (h: string) => Uint8Array.from(h.replace(/ /g, '').match(/../g) ?? [], (b) => parseInt(b, 16));
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('serial number (798) and scheme ID (795)', () => {
  it('decodes 16 ASCII bytes, dropping space / NUL / FF padding', () => {
    expect(decodeSerialNumber(ascii('A1140-12345678  ')).text).toBe('A1140-12345678');
    expect(decodeSerialNumber(Uint8Array.from([...ascii('12345678'), ...new Array(8).fill(0)])).text).toBe('12345678');
    expect(decodeSerialNumber(new Uint8Array(16).fill(0xff)).text).toBe('');
    expect(decodeSerialNumber(ascii('0123456789ABCDEF')).hex).toBe('30313233343536373839414243444546');
  });
  it('shows non-printable bytes inside the text as ?', () => {
    expect(decodeSerialNumber(Uint8Array.from([...ascii('AB'), 0x07, ...ascii('CD'), ...new Array(11).fill(0x20)])).text).toBe('AB?CD');
  });
  it('encodes with space padding and round-trips', () => {
    const b = encodeSerialNumber('K12345');
    expect(bytesToHex(b)).toBe(`4B3132333435${'20'.repeat(10)}`);
    expect(decodeSerialNumber(b).text).toBe('K12345');
    expect(decodeSchemeId(encodeSchemeId('SCH00001')).text).toBe('SCH00001');
  });
  it('rejects wrong lengths (typed) and bad text (RangeError)', () => {
    expect(() => decodeSerialNumber(new Uint8Array(15))).toThrow(ElsterDataError);
    expect(() => decodeSchemeId(new Uint8Array(9))).toThrow(/9 bytes received, 8 expected/);
    expect(() => encodeSerialNumber('x'.repeat(17))).toThrow(RangeError);
    expect(() => encodeSchemeId('é')).toThrow(RangeError);
  });
});

describe('time/date (861)', () => {
  const table: [string, string][] = [
    ['00 30 21 12 03 00 25', '2025-03-12T21:30:00'],
    ['59 59 23 31 12 00 99', '2099-12-31T23:59:59'],
    ['00 00 00 01 01 00 00', '2000-01-01T00:00:00'],
    ['05 04 03 29 02 00 24', '2024-02-29T03:04:05'],
  ];
  for (const [bytes, local] of table) {
    it(`${bytes} ↔ ${local}`, () => {
      expect(decodeTimeDate(hex(bytes))).toEqual({ local, byte5: 0 });
      expect(bytesToHex(encodeTimeDate(local))).toBe(bytes.replace(/ /g, ''));
    });
  }
  it('reads byte 5 as sent (written as 00)', () => {
    expect(decodeTimeDate(hex('00 30 21 12 03 03 25')).byte5).toBe(3);
  });
  it('encodes without seconds as :00', () => {
    expect(bytesToHex(encodeTimeDate('2025-03-12T21:30'))).toBe('00302112030025');
  });
  const bad = ['00 00 00 29 02 00 25', '00 00 24 01 01 00 25', '60 00 00 01 01 00 25', '00 00 00 00 01 00 25', '00 00 00 01 13 00 25', '0A 00 00 01 01 00 25', '00 00 00 01 01 00'];
  for (const b of bad) {
    it(`${b} is rejected with a typed error`, () => {
      expect(() => decodeTimeDate(hex(b))).toThrow(ElsterDataError);
    });
  }
  it('refuses to encode impossible or out-of-range times', () => {
    for (const s of ['2025-02-29T00:00:00', '1999-12-31T23:59:59', '2100-01-01T00:00:00', '2025-03-12 21:30', '2025-03-12T24:00:00']) {
      expect(() => encodeTimeDate(s)).toThrow(RangeError);
    }
  });
});

describe('energy registers (507, 508) and cumulative maximum demand (509)', () => {
  it('decodes 8-byte LE BCD mWh into exact mWh, Wh and kWh', () => {
    // 12 345 678 901 mWh = 12 345 678.901 Wh = 12 345.678901 kWh; digits 0000012345678901, least significant byte first.
    const bytes = hex('01 89 67 45 23 01 00 00  00 00 00 00 00 00 00 00');
    const regs = decodeEnergyRegisters(bytes);
    expect(regs[0]).toEqual({ index: 0, mWh: 12345678901n, Wh: 12345678.901, kWh: 12345.678901 });
    expect(regs[1]).toEqual({ index: 1, mWh: 0n, Wh: 0, kWh: 0 });
    expect(encodeEnergyRegisters([12345678901n, 0])).toEqual(bytes);
  });
  it('checks the register count of the model', () => {
    const a1140 = encodeEnergyRegisters(new Array(ELSTER_MODELS.A1140.cumulativeRegisters).fill(1000n));
    expect(a1140.length).toBe(128);
    expect(decodeEnergyRegisters(a1140, ELSTER_MODELS.A1140.cumulativeRegisters)).toHaveLength(16);
    const tou16 = encodeEnergyRegisters(new Array(16).fill(5n));
    expect(decodeEnergyRegisters(tou16, ELSTER_MODELS.A1700.touRegisters)).toHaveLength(16);
    expect(() => decodeEnergyRegisters(tou16, ELSTER_MODELS.A1140.touRegisters)).toThrow(/16 records received, 8 expected/);
    expect(() => decodeEnergyRegisters(new Uint8Array(12))).toThrow(/whole number of 8-byte/);
    expect(() => decodeEnergyRegisters(hex('0A 00 00 00 00 00 00 00'))).toThrow(ElsterDataError);
  });
  it('gives cumulative maximum demand in mW, W and kW', () => {
    expect(decodeCumulativeMaxDemand(encodeEnergyRegisters([2500000n]), 1)).toEqual([{ index: 0, mW: 2500000n, W: 2500, kW: 2.5 }]);
  });
});

describe('maximum demand registers (510, assumed layout)', () => {
  it('decodes value (mW) and time of the maximum', () => {
    // 2 500 000 mW at 2025-01-15T17:30:00Z (Unix 1736962200 = 0x6787F098); then an empty register.
    const bytes = hex('00 00 50 02 00 00 00 00 98 F0 87 67  00 00 00 00 00 00 00 00 00 00 00 00');
    const md = decodeMaxDemandRegisters(bytes);
    expect(md[0]).toEqual({ index: 0, mW: 2500000n, W: 2500, kW: 2.5, atUnix: 1736962200, atUtc: '2025-01-15T17:30:00.000Z' });
    expect(md[1]!.atUtc).toBeNull();
    expect(encodeMaxDemandRegisters([{ mW: 2500000n, at: '2025-01-15T17:30:00Z' }, { mW: 0, at: null }])).toEqual(bytes);
    expect(() => decodeMaxDemandRegisters(bytes, ELSTER_MODELS.A1140.maxDemandRegisters)).toThrow(/2 records received, 12 expected/);
    expect(() => decodeMaxDemandRegisters(bytes.subarray(0, 20))).toThrow(ElsterDataError);
    expect(() => encodeMaxDemandRegisters([{ mW: 1, at: '2025-01-15T17:30:00' }])).toThrow(/no Z or UTC offset/);
  });
});

describe('programming counter (680)', () => {
  it('decodes count and the last three times, newest first', () => {
    const bytes = hex('03 00  98 F0 87 67  94 ED 25 67  00 00 00 00');
    expect(decodeProgrammingCounter(bytes)).toEqual({
      count: 3,
      lastUtc: ['2025-01-15T17:30:00.000Z', '2024-11-02T09:15:00.000Z', null],
    });
    expect(encodeProgrammingCounter({ count: 3, last: ['2025-01-15T17:30:00Z', 1730538900, null] })).toEqual(bytes);
    expect(decodeProgrammingCounter(hex('FFFF FFFFFFFF FFFFFFFF FFFFFFFF'))).toEqual({ count: 65535, lastUtc: [null, null, null] });
  });
  it('rejects wrong sizes and values', () => {
    expect(() => decodeProgrammingCounter(new Uint8Array(13))).toThrow(ElsterDataError);
    expect(() => encodeProgrammingCounter({ count: 70000, last: [] })).toThrow(RangeError);
    expect(() => encodeProgrammingCounter({ count: 1, last: [null, null, null, null] })).toThrow(RangeError);
  });
});

describe('events (544, assumed layout)', () => {
  it('decodes count + last time records', () => {
    const bytes = hex('02 00 7F 6C 9F 64  00 00 00 00 00 00');
    expect(decodeEvents(bytes)).toEqual([
      { index: 0, count: 2, lastUtc: '2023-06-30T23:59:59.000Z' },
      { index: 1, count: 0, lastUtc: null },
    ]);
    expect(encodeEvents([{ count: 2, last: 1688169599 }, { count: 0, last: null }])).toEqual(bytes);
    expect(decodeEvents(new Uint8Array(0))).toEqual([]);
    expect(() => decodeEvents(new Uint8Array(7))).toThrow(ElsterDataError);
  });
});
