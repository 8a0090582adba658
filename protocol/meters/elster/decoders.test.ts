import { describe, expect, it } from 'vitest';
import { hexToBytes } from './bcd';
import {
  decodeAsciiItem, decodeEnergyRegisters, decodeLoadProfileSize, decodeRatio, decodeTimeDate, encodeLoadProfileDays, encodeRatio,
  encodeTimeDate,
} from './decoders';
import { decodeCumulativeMaxDemand, decodeMaxDemandRegisters, encodeMaxDemandRegisters } from './demand';
import { ElsterDataError } from './errors';

/** Byte tables of the register layouts the public drivers show (docs/elster-sources.md). */
describe('861 time/date', () => {
  it('masks the day byte with 0x3F and the month byte with 0x1F before the BCD (flag bits)', () => {
    // 30 s, 21 min, 12 h, day 0x03|0x80, month 0x12|0x60, weekday 4, year 25
    expect(decodeTimeDate(hexToBytes('302112837204 25'.replace(/ /g, '')))).toEqual({ local: '2025-12-03T12:21:30', byte5: 4 });
  });
  it('reads 99 as 1999 and writes byte 5 as 00', () => {
    expect(decodeTimeDate(hexToBytes('00000001010099')).local).toBe('1999-01-01T00:00:00');
    expect([...encodeTimeDate('2025-03-30T02:15:07')]).toEqual([0x07, 0x15, 0x02, 0x30, 0x03, 0x00, 0x25]);
  });
});

describe('ASCII items', () => {
  it('serial and scheme ID by the model size', () => {
    expect(decodeAsciiItem(Uint8Array.from('A1140-1234      ', (c) => c.charCodeAt(0)), 16, 's').text).toBe('A1140-1234');
    expect(() => decodeAsciiItem(new Uint8Array(8), 16, 'scheme ID (795)')).toThrow(ElsterDataError);
  });
});

describe('507/508 registers', () => {
  it('8-byte little-endian BCD in milli-units', () => {
    const regs = decodeEnergyRegisters(hexToBytes('1290785634120000' + '0000000000000000'), 2);
    expect(regs[0]!.milli).toBe(123456789012n);
    expect(regs[1]!.milli).toBe(0n);
  });
});

describe('616 / 614 ratios', () => {
  it('A1140 616: two 4-byte big-endian binaries in hundredths', () => {
    expect(decodeRatio(hexToBytes('00004E20000001F4'), 'binary-be-4-4')).toEqual({ primary: 200, secondary: 5 });
    expect([...encodeRatio({ primary: 200, secondary: 5 }, 'binary-be-4-4')]).toEqual([0, 0, 0x4e, 0x20, 0, 0, 0x01, 0xf4]);
  });
  it('A1700 616: 4-byte + 2-byte little-endian BCD in hundredths; 614: 4 + 3', () => {
    expect(decodeRatio(hexToBytes('000002000005'), 'bcd-le-4-2')).toEqual({ primary: 200, secondary: 5 });
    expect(decodeRatio(hexToBytes('00001001001001'), 'bcd-le-4-3')).toEqual({ primary: 11000, secondary: 110 });
    expect([...encodeRatio({ primary: 11000, secondary: 110 }, 'bcd-le-4-3')]).toEqual([0x00, 0x00, 0x10, 0x01, 0x00, 0x10, 0x01]);
  });
});

describe('551 load-profile size and selection', () => {
  it('reads two big-endian counts: 64-byte blocks, 256-byte blocks', () => {
    expect(decodeLoadProfileSize(hexToBytes('00130005'))).toEqual({ blocks64: 19, blocks256: 5 });
  });
  it('writes the number of days little-endian', () => {
    expect([...encodeLoadProfileDays(0xffff)]).toEqual([0xff, 0xff]);
    expect([...encodeLoadProfileDays(10)]).toEqual([0x0a, 0x00]);
  });
});

describe('510 maximum demand / 509 cumulative maximum demand', () => {
  const zone = { zone: 'Europe/Brussels' };
  it('510: 4-byte LE local time, source byte (FF empty), 7-byte LE BCD', () => {
    // 2011-05-06 22:04:28 local = 1304719468 (0x4DC4706C), source 0, 7 250 000 mW
    const rec = hexToBytes('6C70C44D' + '00' + '00002507000000');
    const [md] = decodeMaxDemandRegisters(rec, zone, 1);
    expect(md).toMatchObject({ source: 0, milli: 7250000n, at: { local: '2011-05-06T22:04:28', utc: '2011-05-06T20:04:28.000Z' } });
    expect(decodeMaxDemandRegisters(hexToBytes('00000000FF00000000000000'), zone)[0]).toEqual({ index: 0, source: null, milli: 0n, at: null });
    expect(encodeMaxDemandRegisters([{ source: 0, milli: 7250000n, atSeconds: 0x4dc4706c }])).toEqual(rec);
  });
  it('509: 8-byte LE BCD value + source byte', () => {
    expect(decodeCumulativeMaxDemand(hexToBytes('4523010000000000' + '01'))).toEqual([{ index: 0, milli: 12345n, source: 1 }]);
  });
});
