import type { LpValueEncoding } from '../../../meter-definitions';
import { readUintLE, uintLE } from './bcd';
import { ElsterDataError } from './errors';
import {
  LP_A1700_DST_MASK_BIT, LP_CHANNELS_A1140, LP_CHANNELS_A1700, LP_DST_BIT, LP_INTERVAL_MINUTES, LP_MARKERS, type LpChannel,
  type LpMarkerName,
} from './profile';

/**
 * The byte records of the load profile (ID 550), as the public drivers read them (docs/elster-sources.md):
 * - markers E4…ED: the marker byte and a 4-byte LE local time; E4 (new day) and E8 (configuration change) then carry
 *   the channel mask (2 bytes, read big-endian) and one byte whose low nibble is the interval code
 *   (public:abba1140/ABBA1140ProfileEntry.java:60-78; public:abba1700/ABBA1700ProfileEntry.java:144-149);
 * - FF: end of data, nothing after it (public:abba1140/ABBA1140ProfileEntry.java:62-64);
 * - E2 (A1700 only): external data — a 2-byte LE length L, then (L − 4) / (3 × channels) intervals of values, closed by
 *   another E2 (public:abba1700/ABBA1700ProfileEntry.java:116-129);
 * - an entry: [extended status byte when the meter has one], status byte (< 0x80), then 3 bytes per channel → v, read
 *   as a 24-bit big-endian binary (A1140 driver, public:abba1140/ABBA1140ProfileEntry.java:91-92) or as 6 BCD digits
 *   (A1700 driver, public:abba1700/ABBA1700ProfileEntry.java:140-141); value = (v div 10) × 10^(v mod 10) in
 *   milli-units of power (mW, mvar, mVA).
 * Channel masks: A1140 bits 0…7 standard, 14/15 customer (as read big-endian, public:abba1140/LoadProfileConfigRegister.java:44-50);
 * A1700 channels = ((m & 0x7F00) >> 1) | (m & 0x7F) with DST = m & 0x0080 (public:abba1700/ABBA1700ProfileEntry.java:165-166,184-185).
 */

/** How this meter's load-profile bytes are laid out. */
export interface LpLayout {
  readonly mask: 'a1140' | 'a1700';
  readonly values: LpValueEncoding;
  /** An extended status byte precedes the status byte of each entry. */
  readonly extendedStatus: boolean;
}

/** Configuration carried by E4 and E8. */
export interface LpConfig {
  /** The 2-byte mask as read (big-endian). */
  readonly channelMask: number;
  /** Interval code 0…10 (LP_INTERVAL_MINUTES). */
  readonly intervalCode: number;
  /** DST (summer time) active: A1140 bit 7 of the period byte, A1700 bit 0x80 of the mask. */
  readonly dst: boolean;
}

/** One record of the load-profile byte stream, in order. */
export type LpRecord =
  | { readonly kind: 'marker'; readonly marker: Exclude<LpMarkerName, 'end' | 'externalData'>; readonly seconds: number; readonly config?: LpConfig }
  | { readonly kind: 'end' }
  /** A1700 E2 external data: intervals of values (milli-units). */
  | { readonly kind: 'external'; readonly values: readonly (readonly number[])[] }
  /** One interval: status byte (0…0x7F), extended status when present, one value per channel (milli-units). */
  | { readonly kind: 'entry'; readonly status: number; readonly extendedStatus?: number; readonly values: readonly number[] };

const WHAT = 'load profile (550)';

/** The channels of a mask, in value order. @throws ElsterDataError for a bit that names no channel. */
export function channelsOfMask(mask: number, layout: LpLayout['mask']): LpChannel[] {
  const table = layout === 'a1140' ? LP_CHANNELS_A1140 : LP_CHANNELS_A1700;
  const m = layout === 'a1140' ? mask : ((mask & 0x7f00) >> 1) | (mask & 0x7f);
  const out: LpChannel[] = [];
  for (let bit = 0; bit < 16; bit++) {
    if (!(m & (1 << bit))) continue;
    const c = table.get(bit);
    if (!c) throw new ElsterDataError(WHAT, `channel mask 0x${mask.toString(16).padStart(4, '0')} has bit ${bit}, which names no known channel`);
    out.push(c);
  }
  return out;
}

/** The 3 value bytes → v → (v div 10) × 10^(v mod 10), milli-units. @throws ElsterDataError for non-BCD bytes in `bcd6`. */
export function decodeLpValue(b0: number, b1: number, b2: number, encoding: LpValueEncoding): number {
  let v: number;
  if (encoding === 'binary24') v = (b0 << 16) | (b1 << 8) | b2;
  else {
    const digits = [b0 >> 4, b0 & 15, b1 >> 4, b1 & 15, b2 >> 4, b2 & 15];
    if (digits.some((d) => d > 9)) throw new ElsterDataError(WHAT, `value bytes ${[b0, b1, b2].map((b) => b.toString(16).padStart(2, '0')).join(' ')} are not BCD`);
    v = digits.reduce((a, d) => a * 10 + d, 0);
  }
  return Math.floor(v / 10) * 10 ** (v % 10);
}

/**
 * A value in milli-units → 3 bytes with the smallest exponent that fits (most precision), rounded to the nearest
 * representable value. @throws RangeError for a negative, non-finite or too large value.
 */
export function encodeLpValue(milli: number, encoding: LpValueEncoding): Uint8Array {
  if (!Number.isFinite(milli) || milli < 0) throw new RangeError(`load-profile value ${milli} is not a non-negative number`);
  const maxMantissa = encoding === 'bcd6' ? 99999 : Math.floor(0xffffff / 10);
  for (let e = 0; e <= 9; e++) {
    const m = Math.round(milli / 10 ** e);
    if (m > maxMantissa) continue;
    const v = m * 10 + e;
    if (encoding === 'binary24') return Uint8Array.of(v >> 16, (v >> 8) & 0xff, v & 0xff);
    const d = String(v).padStart(6, '0');
    return Uint8Array.of(Number(d[0]) * 16 + Number(d[1]), Number(d[2]) * 16 + Number(d[3]), Number(d[4]) * 16 + Number(d[5]));
  }
  throw new RangeError(`load-profile value ${milli} is too large`);
}

const MARKER_BY_BYTE = new Map<number, LpMarkerName>(Object.entries(LP_MARKERS).map(([k, v]) => [v, k as LpMarkerName]));

/**
 * Split load-profile bytes into records, up to and including FF (bytes after FF are counted in `trailingBytes`).
 * @throws ElsterDataError for a byte that is neither a marker nor a status byte, an entry before the first E4/E8, a
 *   record cut short, an unknown interval code or channel bit, or a non-BCD value.
 */
export function decodeLpRecords(bytes: Uint8Array, layout: LpLayout): { records: LpRecord[]; ended: boolean; trailingBytes: number } {
  const records: LpRecord[] = [];
  let channels: number | null = null;
  let pos = 0;
  const need = (n: number, what: string) => {
    if (pos + n > bytes.length) throw new ElsterDataError(WHAT, `${what} at byte ${pos} is cut short`);
  };
  const values = (at: number, n: number) => Array.from({ length: n }, (_, i) => decodeLpValue(bytes[at + 3 * i]!, bytes[at + 3 * i + 1]!, bytes[at + 3 * i + 2]!, layout.values));
  while (pos < bytes.length) {
    const b = bytes[pos]!;
    if (b < 0x80) {
      if (channels === null) throw new ElsterDataError(WHAT, `interval data at byte ${pos} comes before any new-day or configuration record`);
      const head = layout.extendedStatus ? 2 : 1;
      need(head + 3 * channels, 'an interval entry');
      const status = bytes[pos + head - 1]!;
      records.push(layout.extendedStatus ? { kind: 'entry', extendedStatus: b, status, values: values(pos + head, channels) } : { kind: 'entry', status, values: values(pos + 1, channels) });
      pos += head + 3 * channels;
      continue;
    }
    const marker = MARKER_BY_BYTE.get(b);
    if (marker === undefined) throw new ElsterDataError(WHAT, `byte 0x${b.toString(16)} at ${pos} is not a known marker`);
    if (marker === 'end') {
      records.push({ kind: 'end' });
      return { records, ended: true, trailingBytes: bytes.length - pos - 1 };
    }
    if (marker === 'externalData') {
      if (channels === null || channels === 0) throw new ElsterDataError(WHAT, `external data at byte ${pos} comes before any channel configuration`);
      need(3, 'the external data record');
      const n = Math.floor((readUintLE(bytes, pos + 1, 2) - 4) / (3 * channels));
      need(3 + 3 * channels * n + 1, 'the external data record');
      records.push({ kind: 'external', values: Array.from({ length: n }, (_, k) => values(pos + 3 + 3 * channels! * k, channels!)) });
      pos += 3 + 3 * channels * n + 1;
      continue;
    }
    const withConfig = marker === 'newDay' || marker === 'configChange';
    need(withConfig ? 8 : 5, `the ${marker} record`);
    const seconds = readUintLE(bytes, pos + 1, 4);
    if (!withConfig) {
      records.push({ kind: 'marker', marker, seconds });
      pos += 5;
      continue;
    }
    const channelMask = (bytes[pos + 5]! << 8) | bytes[pos + 6]!;
    const cfg = bytes[pos + 7]!;
    const intervalCode = cfg & 0x0f;
    if (LP_INTERVAL_MINUTES[intervalCode] === undefined) throw new ElsterDataError(WHAT, `interval code ${intervalCode} at byte ${pos + 7} is not 0…A`);
    const dst = layout.mask === 'a1700' ? (channelMask & LP_A1700_DST_MASK_BIT) !== 0 : (cfg & LP_DST_BIT) !== 0;
    channels = channelsOfMask(channelMask, layout.mask).length;
    records.push({ kind: 'marker', marker, seconds, config: { channelMask, intervalCode, dst } });
    pos += 8;
  }
  return { records, ended: false, trailingBytes: 0 };
}

/**
 * Records → load-profile bytes (for the emulator and round-trip tests). Values are encoded with encodeLpValue.
 * External-data records are not encoded (the emulator has no external inputs).
 * @throws RangeError for an entry before any configuration, a value count that differs from the configured
 *   channels, a status ≥ 0x80, an unknown interval code or channel bit, or a time outside 32 bits.
 */
export function encodeLpRecords(records: readonly LpRecord[], layout: LpLayout): Uint8Array {
  const parts: number[] = [];
  let channelCount: number | null = null;
  for (const r of records) {
    if (r.kind === 'entry') {
      if (channelCount === null) throw new RangeError('an interval entry needs a new-day or configuration record before it');
      if (r.values.length !== channelCount) throw new RangeError(`an interval entry has ${r.values.length} values for ${channelCount} channels`);
      if (!Number.isInteger(r.status) || r.status < 0 || r.status > 0x7f) throw new RangeError(`status ${r.status} is not 0…0x7F`);
      if (layout.extendedStatus) parts.push((r.extendedStatus ?? 0) & 0x7f);
      parts.push(r.status);
      for (const v of r.values) parts.push(...encodeLpValue(v, layout.values));
    } else if (r.kind === 'end') {
      parts.push(LP_MARKERS.end);
    } else if (r.kind === 'external') {
      throw new RangeError('external data records are not encoded');
    } else {
      parts.push(LP_MARKERS[r.marker], ...uintLE(r.seconds, 4));
      const withConfig = r.marker === 'newDay' || r.marker === 'configChange';
      if (withConfig !== (r.config !== undefined)) throw new RangeError(`the ${r.marker} record ${withConfig ? 'needs' : 'cannot carry'} a configuration`);
      if (r.config) {
        const { intervalCode, dst } = r.config;
        if (!Number.isInteger(intervalCode) || LP_INTERVAL_MINUTES[intervalCode] === undefined) throw new RangeError(`interval code ${intervalCode} is not 0…10`);
        const mask = layout.mask === 'a1700' ? (r.config.channelMask & ~LP_A1700_DST_MASK_BIT) | (dst ? LP_A1700_DST_MASK_BIT : 0) : r.config.channelMask;
        channelCount = channelsOfMask(mask, layout.mask).length;
        parts.push(mask >> 8, mask & 0xff, intervalCode | (layout.mask === 'a1140' && dst ? LP_DST_BIT : 0));
      }
    }
  }
  return Uint8Array.from(parts);
}
