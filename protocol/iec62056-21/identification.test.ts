import { describe, expect, it } from 'vitest';
import { FrameError } from './errors';
import { MODE_B_BAUD, MODE_C_BAUD, encodeIdentification, modeCBaudChar, parseIdentification } from './identification';

// Mode and baud by the baud-rate character Z: IEC 62056-21:2002 clause 6.3.2 / 6.3.14 table 2.
const cases: [line: string, expected: Record<string, unknown>][] = [
  // Real identification of the Iskra MT174 in vectors/iskra-mt174-readout.bin (Apollon77/smartmeter-obis, MIT).
  ['/ISk5MT174-0001\r\n', { manufacturer: 'ISk', manufacturerId: 'ISK', shortReactionTime: true, baudChar: '5', mode: 'C', maxBaud: 9600, enhancedId: null, ident: 'MT174-0001' }],
  ['/Els6\\2EK280', { manufacturerId: 'ELS', shortReactionTime: true, mode: 'E', maxBaud: 19200, enhancedId: '2', ident: 'EK280' }],
  ['/EMH6\\2LZQJ\r\n', { shortReactionTime: false, mode: 'E', enhancedId: '2' }],
  ['/LGZ4ZMD3104100.B32\r\n', { mode: 'C', maxBaud: 4800, ident: 'ZMD3104100.B32' }],
  ['/ABC0X\r\n', { mode: 'C', maxBaud: 300 }],
  ['/LGZE100\r\n', { mode: 'B', maxBaud: 9600, baudChar: 'E', ident: '100' }],
  ['/LGZA1\r\n', { mode: 'B', maxBaud: 600 }],
  ['/XYZF\r\n', { mode: 'B', maxBaud: 19200, ident: '' }],
  ['/AEG:Old\r\n', { mode: 'A', maxBaud: 300, baudChar: ':', ident: 'Old' }],
  ['/ABC7reserved\r\n', { mode: 'A', maxBaud: 300 }],
  ['/ABCGnotB\r\n', { mode: 'A', maxBaud: 300 }],
  ['/ISk5MT174\n', { ident: 'MT174', raw: '/ISk5MT174' }],
  ['/ISk5MT174\r', { ident: 'MT174' }],
];

describe('parseIdentification', () => {
  for (const [line, expected] of cases) {
    it(JSON.stringify(line), () => {
      expect(parseIdentification(line)).toMatchObject(expected);
    });
  }

  it('keeps the raw line without CR LF', () => {
    expect(parseIdentification('/ISk5MT174-0001\r\n').raw).toBe('/ISk5MT174-0001');
  });

  const bad = ['', '/', '/IS5MT', 'ISK5MT174', '/I1k5MT', '/ISK5' + 'x'.repeat(65), '/ISK5MT\x01', '/ISK5MT\r\nX'];
  for (const line of bad) {
    it(`rejects ${JSON.stringify(line)} with FrameError`, () => {
      expect(() => parseIdentification(line)).toThrow(FrameError);
      try {
        parseIdentification(line);
      } catch (e) {
        expect((e as FrameError).code).toBe('GARBLED');
        expect((e as FrameError).message).toMatch(/identification/);
      }
    });
  }
});

describe('encodeIdentification', () => {
  it('round-trips through parseIdentification', () => {
    for (const id of [
      { manufacturer: 'ISk', baudChar: '5', ident: 'MT174-0001' },
      { manufacturer: 'EMH', baudChar: '6', enhancedId: '2', ident: 'LZQJ' },
      { manufacturer: 'LGZ', baudChar: 'C', enhancedId: null, ident: 'ZMF' },
    ]) {
      const line = encodeIdentification(id);
      expect(line.endsWith('\r\n')).toBe(true);
      expect(parseIdentification(line)).toMatchObject({ ...id, enhancedId: id.enhancedId ?? null });
    }
  });
});

describe('baud characters', () => {
  it('modeCBaudChar maps every mode C rate and rejects others', () => {
    for (const [ch, baud] of Object.entries(MODE_C_BAUD)) expect(modeCBaudChar(baud)).toBe(ch);
    expect(modeCBaudChar(9600)).toBe('5');
    expect(() => modeCBaudChar(115200)).toThrow(RangeError);
    expect(() => modeCBaudChar(0)).toThrow(RangeError);
  });

  it('mode B table is A…F = 600…19200', () => {
    expect(Object.values(MODE_B_BAUD)).toEqual([600, 1200, 2400, 4800, 9600, 19200]);
    expect(Object.keys(MODE_B_BAUD).join('')).toBe('ABCDEF');
  });
});
