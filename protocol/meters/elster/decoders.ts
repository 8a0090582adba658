import { localIso } from '../../iec62056-21/datasets';
import { bcdByte, bytesToHex, decodeBcdLE, encodeBcdByte, encodeBcdLE, readUintLE, uintLE } from './bcd';
import { ElsterDataError } from './errors';

/**
 * Decoders (meter bytes → values) and encoders (values → bytes, for W1 writes and the emulator) of the register
 * data IDs whose layout the public drivers show (docs/elster-sources.md; sizes come from the meter definition, passed
 * in by the caller). Maximum demand: demand.ts; programming log and events: events.ts.
 * Decoders throw ElsterDataError (code GARBLED); encoders throw RangeError for values that do not fit.
 */

/** Check a whole number of `unit`-byte records (and, when given, one of the allowed counts); returns the count. */
export function needRecords(bytes: Uint8Array, what: string, unit: number, count?: number | readonly number[]): number {
  if (bytes.length % unit !== 0) throw new ElsterDataError(what, `${bytes.length} bytes is not a whole number of ${unit}-byte records`);
  const n = bytes.length / unit;
  const allowed = count === undefined ? null : typeof count === 'number' ? [count] : count;
  if (allowed && !allowed.includes(n)) throw new ElsterDataError(what, `${n} records received, ${allowed.join(' or ')} expected for this meter`);
  return n;
}
/** Check an exact size. */
export function needExact(bytes: Uint8Array, what: string, size: number): void {
  if (bytes.length !== size) throw new ElsterDataError(what, `${bytes.length} bytes received, ${size} expected`);
}

/** Padding bytes stripped from the end of ASCII fields: space, NUL, 0xFF (erased memory). */
const PAD = [0x20, 0x00, 0xff];

/** ASCII bytes → text: trailing padding removed, non-printable bytes shown as `?`. */
export function asciiText(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && PAD.includes(bytes[end - 1]!)) end--;
  let s = '';
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '?';
  }
  return s;
}

/** Text → `size` ASCII bytes, space-padded. @throws RangeError for more than `size` or non-printable characters. */
export function encodeAscii(text: string, size: number, what: string): Uint8Array {
  if (text.length > size || !/^[\x20-\x7e]*$/.test(text)) throw new RangeError(`${what} must be up to ${size} printable ASCII characters`);
  const out = new Uint8Array(size).fill(0x20);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** An ASCII field as decoded: trailing padding removed, non-printable bytes shown as `?`; `hex` = raw bytes. */
export interface AsciiField {
  readonly text: string;
  readonly hex: string;
}

/**
 * An ASCII item of `size` bytes: serial number 798 (16), scheme ID 795 (A1140 8, A1700 16), firmware 998 (12)
 * (public:abba1140/ABBA1140DataIdentityFactory.java:106-107,169; public:abba1700/ABBA1700DataIdentityFactory.java:47-48).
 * @throws ElsterDataError for another length.
 */
export function decodeAsciiItem(bytes: Uint8Array, size: number, what: string): AsciiField {
  needExact(bytes, what, size);
  return { text: asciiText(bytes), hex: bytesToHex(bytes) };
}

/** The meter clock, ID 861. */
export interface MeterClock {
  /** Meter wall-clock time (local, as the meter keeps it), ISO without offset: `2025-03-30T02:15:00`. */
  readonly local: string;
  /** Byte 5 as read (the weekday on the A1700, `wd`; written as 00). */
  readonly byte5: number;
}

/**
 * Time/date, ID 861: 7 BCD bytes ss mm hh DD MM wd YY. The day byte is masked with 0x3F and the month byte with 0x1F
 * before decoding (flag bits), byte 5 is not used, year 99 → 1999 else 2000 + YY
 * (public:abba1140/ABBA1140RegisterData.java:377-386; the A1700 the same, `parseDate`).
 * @throws ElsterDataError for another length, a non-BCD byte or an impossible date/time.
 */
export function decodeTimeDate(bytes: Uint8Array): MeterClock {
  const what = 'time/date (861)';
  needExact(bytes, what, 7);
  const d = (i: number, mask = 0xff) => bcdByte(bytes[i]! & mask, what);
  const [ss, mi, hh, dd, mo, yy] = [d(0), d(1), d(2), d(3, 0x3f), d(4, 0x1f), d(6)];
  const local = localIso(yy === 99 ? 1999 : 2000 + yy, mo, dd, hh, mi, ss);
  if (local === null) throw new ElsterDataError(what, `${bytesToHex(bytes)} is not a valid date and time`);
  return { local, byte5: bytes[5]! };
}

/**
 * Meter wall-clock time `YYYY-MM-DDThh:mm[:ss]` (2000…2098) → the 7 bytes to write to ID 861, byte 5 = 00
 * (public:abba1140/ABBA1140RegisterData.java:130-145). @throws RangeError for another format or an impossible time.
 */
export function encodeTimeDate(local: string): Uint8Array {
  const m = /^20(\d{2})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  const n = m ? m.slice(1).map((g) => Number(g ?? '0')) : [];
  const [yy, mo, dd, hh, mi, ss] = n as [number, number, number, number, number, number];
  if (!m || yy === 99 || localIso(2000 + yy, mo, dd, hh, mi, ss) === null) throw new RangeError(`${JSON.stringify(local)} is not a time YYYY-MM-DDThh:mm[:ss] in 2000…2098`);
  return Uint8Array.from([ss, mi, hh, dd, mo, 0, yy].map(encodeBcdByte));
}

/** One energy register of 507 / 508: 8-byte little-endian BCD in milli-units (mWh, mvarh, mVAh). */
export interface EnergyRegister {
  /** Position in the data ID, from 0. */
  readonly index: number;
  /** Exact value in milli-units as the meter holds it. */
  readonly milli: bigint;
}

/**
 * Energy registers, IDs 507 and 508: 8-byte LE BCD each (public:abba1140/ABBA1140RegisterData.java:329-337).
 * @param count the number of registers this meter has (ElsterModel), or omitted to accept any.
 * @throws ElsterDataError for a length that is not 8 × count, or a non-BCD byte.
 */
export function decodeEnergyRegisters(bytes: Uint8Array, count?: number | readonly number[], what = 'energy registers'): EnergyRegister[] {
  const n = needRecords(bytes, what, 8, count);
  return Array.from({ length: n }, (_, index) => ({ index, milli: decodeBcdLE(bytes.subarray(8 * index, 8 * index + 8), what) }));
}
/** Values in milli-units → 8-byte LE BCD each. @throws RangeError for a negative or > 16-digit value. */
export function encodeEnergyRegisters(milli: readonly (bigint | number)[]): Uint8Array {
  const out = new Uint8Array(8 * milli.length);
  milli.forEach((v, i) => out.set(encodeBcdLE(v, 8), 8 * i));
  return out;
}

/** A transformer ratio as the meter holds it: primary and secondary, each × 100. */
export interface MeterRatio {
  readonly primary: number;
  readonly secondary: number;
}

/**
 * CT ratio 616 / VT ratio 614: A1140 616 = two 4-byte big-endian binaries (public:abba1140/ABBA1140RegisterFactory.java:483-484);
 * A1700 616 = 4-byte + 2-byte LE BCD, 614 = 4-byte + 3-byte LE BCD (public:abba1700/ABBA1700RegisterFactory.java:123-128);
 * all in hundredths (× 0.01).
 * @throws ElsterDataError for another size or a non-BCD byte.
 */
export function decodeRatio(bytes: Uint8Array, layout: 'binary-be-4-4' | 'bcd-le-4-2' | 'bcd-le-4-3', what = 'ratio'): MeterRatio {
  const second = layout === 'binary-be-4-4' ? 4 : layout === 'bcd-le-4-2' ? 2 : 3;
  needExact(bytes, what, 4 + second);
  if (layout === 'binary-be-4-4') {
    const be = (o: number) => ((bytes[o]! << 24) >>> 0) + (bytes[o + 1]! << 16) + (bytes[o + 2]! << 8) + bytes[o + 3]!;
    return { primary: be(0) / 100, secondary: be(4) / 100 };
  }
  return { primary: Number(decodeBcdLE(bytes.subarray(0, 4), what)) / 100, secondary: Number(decodeBcdLE(bytes.subarray(4), what)) / 100 };
}

/** A ratio → its bytes (see {@link decodeRatio}). @throws RangeError for a value that does not fit the layout. */
export function encodeRatio(r: MeterRatio, layout: 'binary-be-4-4' | 'bcd-le-4-2' | 'bcd-le-4-3'): Uint8Array {
  const hundredths = (v: number) => {
    const h = Math.round(v * 100);
    if (!Number.isSafeInteger(h) || h < 0) throw new RangeError(`ratio value ${v} is not a non-negative number with at most 2 decimals`);
    return h;
  };
  if (layout === 'binary-be-4-4') {
    const out = new Uint8Array(8);
    [hundredths(r.primary), hundredths(r.secondary)].forEach((v, i) => {
      if (v > 0xffffffff) throw new RangeError(`ratio value ${v / 100} does not fit 4 bytes`);
      out.set([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff], 4 * i);
    });
    return out;
  }
  const second = layout === 'bcd-le-4-2' ? 2 : 3;
  const out = new Uint8Array(4 + second);
  out.set(encodeBcdLE(hundredths(r.primary), 4));
  out.set(encodeBcdLE(hundredths(r.secondary), second), 4);
  return out;
}

/** The load-profile size of 551 as read: 64-byte block count, 256-byte block count (2 bytes BE each). */
export interface LoadProfileSize {
  readonly blocks64: number;
  readonly blocks256: number;
}

/** ID 551 as read: 4 bytes, two big-endian counts (public:abba1140/ABBA1140RegisterFactory.java:466-471). @throws ElsterDataError. */
export function decodeLoadProfileSize(bytes: Uint8Array): LoadProfileSize {
  needExact(bytes, 'load profile size (551)', 4);
  return { blocks64: (bytes[0]! << 8) | bytes[1]!, blocks256: (bytes[2]! << 8) | bytes[3]! };
}
/** 551 as the meter answers it. @throws RangeError for counts above 0xFFFF. */
export function encodeLoadProfileSize(s: LoadProfileSize): Uint8Array {
  if (s.blocks64 > 0xffff || s.blocks256 > 0xffff) throw new RangeError('a 551 block count is at most FFFF');
  return Uint8Array.of(s.blocks64 >> 8, s.blocks64 & 0xff, s.blocks256 >> 8, s.blocks256 & 0xff);
}
/** W1 551: number of days (2 bytes little-endian), FFFF = everything (public:abba1140/ABBA1140RegisterData.java:121-128). */
export function encodeLoadProfileDays(days: number): Uint8Array {
  return uintLE(days, 2);
}
/** ID 724: 4-byte status + 4-byte error (A1140; the A1700 answers the status only). @throws ElsterDataError. */
export function decodeSystemStatus(bytes: Uint8Array): { status: number; error: number | null } {
  if (bytes.length !== 4 && bytes.length !== 8) throw new ElsterDataError('system status (724)', `${bytes.length} bytes received, 4 or 8 expected`);
  return { status: readUintLE(bytes, 0, 4), error: bytes.length === 8 ? readUintLE(bytes, 4, 4) : null };
}
