/**
 * CRC-16 in the parameter model of the "Catalogue of parametrised CRC algorithms" (R. Williams' Rocksoft
 * model: width, poly, init, refin, refout, xorout; check = CRC of ASCII "123456789").
 * Used by the Elster data stream mode (stream.ts). Which variant the meter uses is NOT publicly documented;
 * the choice lives in `ELSTER_STREAM_FORMAT.crc` (profile.ts). This file only offers the common variants so
 * the choice can be changed, or identified from a real capture with `matchingCrcVariants`.
 */

/** A CRC-16 algorithm in the Rocksoft/Williams parameter model. */
export interface Crc16Spec {
  /** Catalogue name, e.g. `CRC-16/ARC`. */
  readonly name: string;
  /** Generator polynomial, normal (MSB-first) form without the x^16 term, e.g. 0x8005. */
  readonly poly: number;
  /** Initial register value. */
  readonly init: number;
  /** True when each input byte is processed LSB first (reflected input). */
  readonly refin: boolean;
  /** True when the final register is bit-reversed before xorout. */
  readonly refout: boolean;
  /** Value XORed into the final register. */
  readonly xorout: number;
  /** The CRC of the nine ASCII bytes "123456789" (catalogue check value), for self-tests. */
  readonly check: number;
}

/** The usual CRC-16 variants. Parameters and check values: CRC RevEng catalogue (reveng.sourceforge.io). */
export const CRC16_VARIANTS = {
  ARC: { name: 'CRC-16/ARC', poly: 0x8005, init: 0x0000, refin: true, refout: true, xorout: 0x0000, check: 0xbb3d },
  MODBUS: { name: 'CRC-16/MODBUS', poly: 0x8005, init: 0xffff, refin: true, refout: true, xorout: 0x0000, check: 0x4b37 },
  BUYPASS: { name: 'CRC-16/UMTS (BUYPASS)', poly: 0x8005, init: 0x0000, refin: false, refout: false, xorout: 0x0000, check: 0xfee8 },
  KERMIT: { name: 'CRC-16/KERMIT (CCITT-TRUE)', poly: 0x1021, init: 0x0000, refin: true, refout: true, xorout: 0x0000, check: 0x2189 },
  X25: { name: 'CRC-16/IBM-SDLC (X-25)', poly: 0x1021, init: 0xffff, refin: true, refout: true, xorout: 0xffff, check: 0x906e },
  CCITT_FALSE: { name: 'CRC-16/IBM-3740 (CCITT-FALSE)', poly: 0x1021, init: 0xffff, refin: false, refout: false, xorout: 0x0000, check: 0x29b1 },
  XMODEM: { name: 'CRC-16/XMODEM', poly: 0x1021, init: 0x0000, refin: false, refout: false, xorout: 0x0000, check: 0x31c3 },
} as const satisfies Record<string, Crc16Spec>;

function reflect(value: number, bits: number): number {
  let r = 0;
  for (let i = 0; i < bits; i++) if (value & (1 << i)) r |= 1 << (bits - 1 - i);
  return r;
}

const tables = new Map<string, Uint16Array>();

/** Byte table for a spec, built once. Reflected specs use the reflected (LSB-first) table. */
function tableOf(spec: Crc16Spec): Uint16Array {
  const key = `${spec.poly}:${spec.refin}`;
  let t = tables.get(key);
  if (t) return t;
  t = new Uint16Array(256);
  const rpoly = reflect(spec.poly, 16);
  for (let n = 0; n < 256; n++) {
    let c: number;
    if (spec.refin) {
      c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ rpoly : c >>> 1;
    } else {
      c = n << 8;
      for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ spec.poly) & 0xffff : (c << 1) & 0xffff;
    }
    t[n] = c;
  }
  tables.set(key, t);
  return t;
}

/**
 * CRC-16 of `bytes` (or of `bytes[from, to)`) with the given algorithm. Returns 0…0xFFFF. Never throws.
 */
export function crc16(spec: Crc16Spec, bytes: Uint8Array, from = 0, to = bytes.length): number {
  const t = tableOf(spec);
  // A reflected-input register runs reflected throughout: start from the reflected init.
  let crc = spec.refin ? reflect(spec.init, 16) : spec.init;
  if (spec.refin) {
    for (let i = from; i < to; i++) crc = (crc >>> 8) ^ t[(crc ^ bytes[i]!) & 0xff]!;
  } else {
    for (let i = from; i < to; i++) crc = ((crc << 8) & 0xffff) ^ t[((crc >>> 8) ^ bytes[i]!) & 0xff]!;
  }
  if (spec.refin !== spec.refout) crc = reflect(crc, 16);
  return (crc ^ spec.xorout) & 0xffff;
}

/**
 * Which catalogued variants and byte orders explain a received checksum: for calibrating the stream format
 * against a real capture. `covered` = the bytes the CRC is computed over, `crcBytes` = the two CRC bytes as
 * received. Returns e.g. `[{ variant: 'ARC', byteOrder: 'le' }]`; empty when none matches.
 */
export function matchingCrcVariants(
  covered: Uint8Array,
  crcBytes: readonly [number, number],
): { variant: keyof typeof CRC16_VARIANTS; byteOrder: 'le' | 'be' }[] {
  const out: { variant: keyof typeof CRC16_VARIANTS; byteOrder: 'le' | 'be' }[] = [];
  const le = crcBytes[0] | (crcBytes[1] << 8);
  const be = (crcBytes[0] << 8) | crcBytes[1];
  for (const key of Object.keys(CRC16_VARIANTS) as (keyof typeof CRC16_VARIANTS)[]) {
    const c = crc16(CRC16_VARIANTS[key], covered);
    if (c === le) out.push({ variant: key, byteOrder: 'le' });
    if (c === be) out.push({ variant: key, byteOrder: 'be' });
  }
  return out;
}
