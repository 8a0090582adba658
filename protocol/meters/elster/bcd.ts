import { ElsterDataError } from './errors';

/**
 * Byte-level codecs of the Elster dialect: BCD (packed binary-coded decimal, two digits per byte, high nibble
 * first), little-endian integers, and the hex-ASCII text the R1/W1 commands carry.
 * Decoders take meter data and throw ElsterDataError (typed, code GARBLED); encoders take program values and
 * throw RangeError for values that cannot be encoded (a programming error, not a meter fault).
 * Source: reference "A1140 data IDs" and "Load profile encoding" (../shared/reference/elster-dialect.md).
 */

/** One packed BCD byte → 0…99. @throws ElsterDataError when a nibble is A–F. */
export function bcdByte(b: number, what = 'BCD value'): number {
  const hi = b >> 4;
  const lo = b & 0x0f;
  if (hi > 9 || lo > 9) {
    throw new ElsterDataError(what, `byte 0x${b.toString(16).padStart(2, '0')} is not a BCD digit pair`);
  }
  return hi * 10 + lo;
}

/** 0…99 → one packed BCD byte. @throws RangeError outside 0…99 or for a non-integer. */
export function encodeBcdByte(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 99) throw new RangeError(`${n} does not fit in one BCD byte (0…99)`);
  return ((n / 10) | 0) * 16 + (n % 10);
}

/** Digits of BCD bytes in transmission order, high nibble first (`12 34` → "1234"). @throws ElsterDataError. */
export function bcdDigits(bytes: Uint8Array, what = 'BCD value'): string {
  let s = '';
  for (const b of bytes) s += String(bcdByte(b, what)).padStart(2, '0');
  return s;
}

/**
 * Little-endian BCD (first byte = two least significant digits) → exact value as bigint.
 * `34 12 00` → 1234n. @throws ElsterDataError for a non-BCD nibble.
 */
export function decodeBcdLE(bytes: Uint8Array, what = 'BCD register'): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = v * 100n + BigInt(bcdByte(bytes[i]!, what));
  return v;
}

/**
 * Value → little-endian BCD of `length` bytes (2 × length digits). Accepts a non-negative bigint or safe integer.
 * @throws RangeError when negative, not an integer, or too large for the width.
 */
export function encodeBcdLE(value: bigint | number, length: number): Uint8Array {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`${value} is not a whole number`);
  let v = BigInt(value);
  if (v < 0n) throw new RangeError(`${value} is negative; BCD registers hold no sign`);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const pair = Number(v % 100n);
    out[i] = ((pair / 10) | 0) * 16 + (pair % 10);
    v /= 100n;
  }
  if (v !== 0n) throw new RangeError(`${value} has more than ${2 * length} digits`);
  return out;
}

/** Unsigned little-endian integer of 1…4 bytes at `offset`. The caller guarantees the bytes exist. */
export function readUintLE(bytes: Uint8Array, offset: number, length: number): number {
  let v = 0;
  for (let i = length - 1; i >= 0; i--) v = v * 256 + bytes[offset + i]!;
  return v;
}

/** Unsigned integer → `length` little-endian bytes. @throws RangeError when it does not fit. */
export function uintLE(value: number, length: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value >= 256 ** length) {
    throw new RangeError(`${value} does not fit in ${length} unsigned byte(s)`);
  }
  const out = new Uint8Array(length);
  let v = value;
  for (let i = 0; i < length; i++) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

const HEX = '0123456789ABCDEF';

/** Bytes → upper-case hex ASCII (`0A 1B` → "0A1B"), the form R1 answers and W1 values use. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX[b >> 4]! + HEX[b & 15]!;
  return s;
}

/**
 * Hex ASCII (either case) → bytes. @throws ElsterDataError for an odd length or a non-hex character.
 * @param what words for the error message, e.g. "answer to R1 798".
 */
export function hexToBytes(text: string, what = 'hex data'): Uint8Array {
  if (text.length % 2 !== 0) throw new ElsterDataError(what, `odd number of hex characters (${text.length})`);
  if (!/^[0-9A-Fa-f]*$/.test(text)) throw new ElsterDataError(what, 'contains characters that are not hex digits');
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}
