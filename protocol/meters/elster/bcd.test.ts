import { describe, expect, it } from 'vitest';
import { bcdByte, bcdDigits, bytesToHex, decodeBcdLE, encodeBcdByte, encodeBcdLE, hexToBytes, readUintLE, uintLE } from './bcd';
import { ElsterDataError } from './errors';

const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));

describe('BCD bytes', () => {
  it('decodes every valid pair and rejects every pair with a nibble A–F', () => {
    let valid = 0;
    for (let b = 0; b < 256; b++) {
      const hi = b >> 4;
      const lo = b & 15;
      if (hi <= 9 && lo <= 9) {
        expect(bcdByte(b)).toBe(hi * 10 + lo);
        expect(encodeBcdByte(hi * 10 + lo)).toBe(b);
        valid++;
      } else {
        expect(() => bcdByte(b, 'test value')).toThrow(ElsterDataError);
      }
    }
    expect(valid).toBe(100);
  });

  it('names the bad byte in a plain message with code GARBLED', () => {
    try {
      bcdByte(0x9a, 'time/date (861)');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ElsterDataError);
      expect((e as ElsterDataError).code).toBe('GARBLED');
      expect((e as ElsterDataError).message).toMatch(/time\/date \(861\).*0x9a is not a BCD digit pair/);
    }
  });

  it('refuses to encode values outside 0…99', () => {
    for (const n of [-1, 100, 1.5, NaN]) expect(() => encodeBcdByte(n)).toThrow(RangeError);
  });

  it('reads digits in transmission order', () => {
    expect(bcdDigits(hex('123400'))).toBe('123400');
    expect(() => bcdDigits(hex('12F4'))).toThrow(ElsterDataError);
  });
});

describe('little-endian BCD registers', () => {
  const table: [string, bigint][] = [
    ['0000000000000000', 0n],
    ['0100000000000000', 1n],
    ['3412000000000000', 1234n],
    ['7856341200000000', 12345678n],
    ['9999999999999999', 9999999999999999n], // 16 digits: beyond 2^53, kept exact as bigint
    ['0000000000000010', 1000000000000000n],
  ];
  for (const [h, v] of table) {
    it(`${h} ↔ ${v}`, () => {
      expect(decodeBcdLE(hex(h))).toBe(v);
      expect(bytesToHex(encodeBcdLE(v, 8))).toBe(h);
    });
  }

  it('rejects an invalid nibble in any position', () => {
    for (let i = 0; i < 16; i++) {
      const digits = '0'.repeat(16).split('');
      digits[i] = 'A';
      expect(() => decodeBcdLE(hex(digits.join('')))).toThrow(ElsterDataError);
    }
  });

  it('refuses negative, fractional and too-wide values', () => {
    expect(() => encodeBcdLE(-1n, 8)).toThrow(RangeError);
    expect(() => encodeBcdLE(1.5, 8)).toThrow(RangeError);
    expect(() => encodeBcdLE(10n ** 16n, 8)).toThrow(/more than 16 digits/);
    expect(bytesToHex(encodeBcdLE(99, 1))).toBe('99');
    expect(() => encodeBcdLE(100, 1)).toThrow(RangeError);
  });
});

describe('little-endian integers and hex text', () => {
  it('round-trips integers of 1…4 bytes', () => {
    expect(bytesToHex(uintLE(0x12345678, 4))).toBe('78563412');
    expect(readUintLE(hex('78563412'), 0, 4)).toBe(0x12345678);
    expect(readUintLE(hex('FFFFFFFF'), 0, 4)).toBe(0xffffffff);
    expect(bytesToHex(uintLE(0xffff, 2))).toBe('FFFF');
    expect(() => uintLE(0x10000, 2)).toThrow(RangeError);
    expect(() => uintLE(-1, 2)).toThrow(RangeError);
  });

  it('converts hex both ways, any case, and rejects bad text with a typed error', () => {
    expect(bytesToHex(hexToBytes('0a1BfF'))).toBe('0A1BFF');
    expect(hexToBytes('')).toEqual(new Uint8Array(0));
    expect(() => hexToBytes('ABC')).toThrow(/odd number/);
    expect(() => hexToBytes('0G')).toThrow(ElsterDataError);
  });
});
