import { localIso } from '../../iec62056-21/datasets';
import { bcdByte, bytesToHex, decodeBcdLE, encodeBcdByte, encodeBcdLE, readUintLE, uintLE } from './bcd';
import { ElsterDataError } from './errors';
import { ELSTER_LAYOUT } from './profile';
import { readUnixSlot, unixBytes } from './unix-time';

/**
 * Decoders (meter bytes → values) and encoders (values → bytes, for W1 writes and the emulator) of the
 * register data IDs. Layouts: reference table "A1140 data IDs" (../shared/reference/elster-dialect.md) and
 * ELSTER_LAYOUT (profile.ts), where every assumed layout is marked.
 * Decoders throw ElsterDataError (code GARBLED); encoders throw RangeError for values that do not fit.
 */

function needLength(bytes: Uint8Array, what: string, unit: number, count?: number | readonly number[]): number {
  if (bytes.length % unit !== 0) throw new ElsterDataError(what, `${bytes.length} bytes is not a whole number of ${unit}-byte records`);
  const n = bytes.length / unit;
  const allowed = count === undefined ? null : typeof count === 'number' ? [count] : count;
  if (allowed && !allowed.includes(n)) throw new ElsterDataError(what, `${n} records received, ${allowed.join(' or ')} expected for this meter`);
  return n;
}
function needExact(bytes: Uint8Array, what: string, size: number): void {
  if (bytes.length !== size) throw new ElsterDataError(what, `${bytes.length} bytes received, ${size} expected`);
}

/** Padding bytes stripped from the end of ASCII fields: space, NUL, 0xFF (erased memory). */
const PAD = [0x20, 0x00, 0xff];

function asciiField(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && PAD.includes(bytes[end - 1]!)) end--;
  let s = '';
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '?';
  }
  return s;
}
function encodeAscii(text: string, size: number, what: string): Uint8Array {
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

/** Serial number, ID 798: 16 ASCII bytes. @throws ElsterDataError for another length. */
export function decodeSerialNumber(bytes: Uint8Array): AsciiField {
  needExact(bytes, 'serial number (798)', ELSTER_LAYOUT.serialBytes);
  return { text: asciiField(bytes), hex: bytesToHex(bytes) };
}
/** Serial number → 16 bytes, space-padded (ASSUMPTION). @throws RangeError for > 16 or non-printable characters. */
export function encodeSerialNumber(text: string): Uint8Array {
  return encodeAscii(text, ELSTER_LAYOUT.serialBytes, 'a serial number');
}

/** Scheme ID, ID 795: 8 bytes, taken as ASCII (ASSUMPTION; `hex` keeps the raw bytes). @throws ElsterDataError. */
export function decodeSchemeId(bytes: Uint8Array): AsciiField {
  needExact(bytes, 'scheme ID (795)', ELSTER_LAYOUT.schemeIdBytes);
  return { text: asciiField(bytes), hex: bytesToHex(bytes) };
}
/** Scheme ID → 8 bytes, space-padded. @throws RangeError for > 8 or non-printable characters. */
export function encodeSchemeId(text: string): Uint8Array {
  return encodeAscii(text, ELSTER_LAYOUT.schemeIdBytes, 'a scheme ID');
}

/** The meter clock, ID 861. */
export interface MeterClock {
  /** Meter wall-clock time (local, as the meter keeps it), ISO without offset: `2025-03-30T02:15:00`. */
  readonly local: string;
  /** Byte 5 as read (written as 00; meaning on read not published, perhaps the weekday). */
  readonly byte5: number;
}

/**
 * Time/date, ID 861: 7 BCD bytes ss mm hh DD MM xx YY, year 20YY (ASSUMPTION).
 * @throws ElsterDataError for another length, a non-BCD byte or an impossible date/time.
 */
export function decodeTimeDate(bytes: Uint8Array): MeterClock {
  const what = 'time/date (861)';
  needExact(bytes, what, ELSTER_LAYOUT.timeDateBytes);
  const d = (i: number) => bcdByte(bytes[i]!, what);
  const [ss, mi, hh, dd, mo, yy] = [d(0), d(1), d(2), d(3), d(4), d(6)];
  const local = localIso(2000 + yy, mo, dd, hh, mi, ss);
  if (local === null) throw new ElsterDataError(what, `${bytesToHex(bytes)} is not a valid date and time`);
  return { local, byte5: bytes[5]! };
}

/**
 * Meter wall-clock time `YYYY-MM-DDThh:mm[:ss]` (2000…2099) → the 7 bytes to write to ID 861, byte 5 = 00.
 * @throws RangeError for another format or an impossible date/time.
 */
export function encodeTimeDate(local: string): Uint8Array {
  const m = /^20(\d{2})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  const n = m ? m.slice(1).map((g) => Number(g ?? '0')) : [];
  const [yy, mo, dd, hh, mi, ss] = n as [number, number, number, number, number, number];
  if (!m || localIso(2000 + yy, mo, dd, hh, mi, ss) === null) throw new RangeError(`${JSON.stringify(local)} is not a time YYYY-MM-DDThh:mm[:ss] in 2000…2099`);
  return Uint8Array.from([ss, mi, hh, dd, mo, 0, yy].map(encodeBcdByte));
}

/** One cumulative or time-of-use energy register (IDs 507, 508). */
export interface EnergyRegister {
  /** Position in the data ID, from 0. */
  readonly index: number;
  /** Exact value in milliwatt-hours as the meter holds it. */
  readonly mWh: bigint;
  /** The value in watt-hours (mWh / 1000). */
  readonly Wh: number;
  /** The value in kilowatt-hours (mWh / 1 000 000). */
  readonly kWh: number;
}

/**
 * Energy registers, IDs 507 (cumulative, 16 on the A1140) and 508 (TOU, 8 / 16 / 32): 8-byte LE BCD each, mWh.
 * @param count the number of registers this meter model has (ELSTER_MODELS), or omitted to accept any.
 * @throws ElsterDataError for a length that is not 8 × count, or a non-BCD byte.
 */
export function decodeEnergyRegisters(bytes: Uint8Array, count?: number | readonly number[], what = 'energy registers'): EnergyRegister[] {
  const n = needLength(bytes, what, ELSTER_LAYOUT.registerBytes, count);
  return Array.from({ length: n }, (_, index) => {
    const mWh = decodeBcdLE(bytes.subarray(8 * index, 8 * index + 8), what);
    return { index, mWh, Wh: Number(mWh) / 1e3, kWh: Number(mWh) / 1e6 };
  });
}
/** Values in mWh → 8-byte LE BCD each. @throws RangeError for a negative or > 16-digit value. */
export function encodeEnergyRegisters(mWh: readonly (bigint | number)[]): Uint8Array {
  const out = new Uint8Array(8 * mWh.length);
  mWh.forEach((v, i) => out.set(encodeBcdLE(v, 8), 8 * i));
  return out;
}

/** One cumulative maximum demand register (ID 509). Unit mW is an ASSUMPTION (analogy with mWh). */
export interface DemandRegister {
  readonly index: number;
  readonly mW: bigint;
  /** Watts (mW / 1000). */
  readonly W: number;
  /** Kilowatts (mW / 1 000 000). */
  readonly kW: number;
}

/** Cumulative maximum demand, ID 509: 8-byte LE BCD each (8 on the A1700). @throws ElsterDataError. */
export function decodeCumulativeMaxDemand(bytes: Uint8Array, count?: number): DemandRegister[] {
  return decodeEnergyRegisters(bytes, count, 'cumulative maximum demand (509)').map((r) => ({ index: r.index, mW: r.mWh, W: r.Wh, kW: r.kWh }));
}

/** One maximum demand register (ID 510). */
export interface MaxDemandRegister extends DemandRegister {
  /** Time of the maximum as 4-byte Unix seconds, and as an ISO UTC instant (null for an empty slot). */
  readonly atUnix: number;
  readonly atUtc: string | null;
}

/**
 * Maximum demand registers, ID 510: 12 bytes each (12 on the A1140, 24 on the A1700). ASSUMED layout
 * (ELSTER_LAYOUT.maxDemandBytes): 8-byte LE BCD value in mW, then the 4-byte LE Unix time of the maximum.
 * @throws ElsterDataError for a length that is not 12 × count, or a non-BCD byte.
 */
export function decodeMaxDemandRegisters(bytes: Uint8Array, count?: number): MaxDemandRegister[] {
  const what = 'maximum demand registers (510)';
  const size = ELSTER_LAYOUT.maxDemandBytes;
  const n = needLength(bytes, what, size, count);
  return Array.from({ length: n }, (_, index) => {
    const o = size * index;
    const mW = decodeBcdLE(bytes.subarray(o, o + 8), what);
    const at = readUnixSlot(bytes, o + 8);
    return { index, mW, W: Number(mW) / 1e3, kW: Number(mW) / 1e6, atUnix: at.unix, atUtc: at.utc };
  });
}
/** Maximum demand registers → 12 bytes each. @throws RangeError for a value or time that does not fit. */
export function encodeMaxDemandRegisters(list: readonly { mW: bigint | number; at: string | number | null }[]): Uint8Array {
  const size = ELSTER_LAYOUT.maxDemandBytes;
  const out = new Uint8Array(size * list.length);
  list.forEach((r, i) => {
    out.set(encodeBcdLE(r.mW, 8), size * i);
    out.set(unixBytes(r.at), size * i + 8);
  });
  return out;
}

/** The programming counter, ID 680 (A1700): how often the meter was reprogrammed, and when last. */
export interface ProgrammingCounter {
  readonly count: number;
  /** The last three programming times, newest first, ISO UTC; null for an empty slot. */
  readonly lastUtc: readonly (string | null)[];
}

/** ID 680: 2-byte LE count + 3 × 4-byte LE Unix times, newest first (reference). @throws ElsterDataError for another length. */
export function decodeProgrammingCounter(bytes: Uint8Array): ProgrammingCounter {
  needExact(bytes, 'programming counter (680)', ELSTER_LAYOUT.programmingCounterBytes);
  return { count: readUintLE(bytes, 0, 2), lastUtc: [2, 6, 10].map((o) => readUnixSlot(bytes, o).utc) };
}
/** Programming counter → 14 bytes. @throws RangeError for a count outside 0…65535, more than 3 times, or a bad time. */
export function encodeProgrammingCounter(p: { count: number; last: readonly (string | number | null)[] }): Uint8Array {
  if (p.last.length > 3) throw new RangeError('the programming counter holds at most 3 times');
  const out = new Uint8Array(ELSTER_LAYOUT.programmingCounterBytes);
  out.set(uintLE(p.count, 2), 0);
  p.last.forEach((t, i) => out.set(unixBytes(t), 2 + 4 * i));
  return out;
}

/** One event record of ID 544 (ASSUMED layout: 2-byte LE count + 4-byte LE Unix time of the last occurrence). */
export interface EventRecord {
  /** Position in the data ID, from 0 (which event each position counts is not published). */
  readonly index: number;
  readonly count: number;
  readonly lastUtc: string | null;
}

/** Events, ID 544, per the assumed layout (ELSTER_LAYOUT.eventRecordBytes). @throws ElsterDataError for a ragged length. */
export function decodeEvents(bytes: Uint8Array): EventRecord[] {
  const size = ELSTER_LAYOUT.eventRecordBytes;
  const n = needLength(bytes, 'events (544)', size);
  return Array.from({ length: n }, (_, index) => ({
    index,
    count: readUintLE(bytes, size * index, 2),
    lastUtc: readUnixSlot(bytes, size * index + 2).utc,
  }));
}
/** Event records → bytes (ID 544 assumed layout). @throws RangeError for a count or time that does not fit. */
export function encodeEvents(list: readonly { count: number; last: string | number | null }[]): Uint8Array {
  const size = ELSTER_LAYOUT.eventRecordBytes;
  const out = new Uint8Array(size * list.length);
  list.forEach((e, i) => {
    out.set(uintLE(e.count, 2), size * i);
    out.set(unixBytes(e.last), size * i + 2);
  });
  return out;
}
