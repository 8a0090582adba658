import { describe, expect, it } from 'vitest';
import { CRC16_VARIANTS, crc16, matchingCrcVariants } from './crc16';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('CRC-16 catalogue', () => {
  for (const [key, spec] of Object.entries(CRC16_VARIANTS)) {
    it(`${spec.name} gives its catalogue check value for "123456789"`, () => {
      expect(crc16(spec, ascii('123456789'))).toBe(spec.check);
      expect(key.length).toBeGreaterThan(0);
    });
  }

  it('CRC of nothing is init XOR xorout (reflected where the spec says)', () => {
    expect(crc16(CRC16_VARIANTS.ARC, new Uint8Array(0))).toBe(0);
    expect(crc16(CRC16_VARIANTS.MODBUS, new Uint8Array(0))).toBe(0xffff);
    expect(crc16(CRC16_VARIANTS.X25, new Uint8Array(0))).toBe(0);
  });

  it('honours the from/to range', () => {
    const b = ascii('xx123456789yy');
    expect(crc16(CRC16_VARIANTS.ARC, b, 2, 11)).toBe(0xbb3d);
  });

  it('identifies the variant and byte order of a captured checksum', () => {
    const data = ascii('123456789');
    expect(matchingCrcVariants(data, [0x3d, 0xbb])).toEqual([{ variant: 'ARC', byteOrder: 'le' }]);
    expect(matchingCrcVariants(data, [0x29, 0xb1])).toEqual([{ variant: 'CCITT_FALSE', byteOrder: 'be' }]);
    expect(matchingCrcVariants(data, [0x00, 0x00])).toEqual([]);
  });
});
