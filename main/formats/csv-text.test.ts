import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLines, csvRecords, plainNumber, readPlainNumber } from './csv-text';

describe('plainNumber', () => {
  it('writes decimals without exponent and reads back the same number', () => {
    expect([1e-7, 1.5e21, -2.5e-10, 123.456, -0, 0, 1e21].map(plainNumber)).toEqual([
      '0.0000001', '1500000000000000000000', '-0.00000000025', '123.456', '-0', '0', '1000000000000000000000',
    ]);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const t = plainNumber(n);
        expect(t).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Object.is(readPlainNumber(t), n)).toBe(true);
      }),
      { numRuns: 2000, seed: 42 },
    );
    expect(() => plainNumber(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(readPlainNumber('1e5')).toBeUndefined();
    expect(readPlainNumber('')).toBeNull();
  });
});

describe('csvRecords', () => {
  it('gives the start line of each record, skipping blank lines, with quoted line breaks', () => {
    const text = `\ufeff${csvLines([['a', 'b'], ['x\ny', '2'], ['3', ' pad ']])}\r\n,\r\n5,6\r\n`;
    expect(csvRecords(text, ',').map((r) => [r.line, ...r.fields])).toEqual([
      [1, 'a', 'b'],
      [2, 'x\ny', '2'],
      [4, '3', ' pad '],
      [7, '5', '6'],
    ]);
  });
});
