import { readUintLE, uintLE } from './bcd';
import { ElsterDataError } from './errors';
import {
  LP_CHANNELS, LP_DST_BIT, LP_INTERVAL_MINUTES, LP_KNOWN_MASK_BITS, LP_MARKERS, LP_STATUS_BITS, type LpChannel,
  type LpMarkerName, type LpStatusFlag,
} from './profile';
import { unixToIso } from './unix-time';

/**
 * Load profile data, ID 550 (reference "Load profile encoding", ../shared/reference/elster-dialect.md):
 * marker bytes E4…FF each followed by a 4-byte LE Unix time (E4 new day and E8 configuration change also
 * carry a 2-byte channel mask and a byte: low nibble interval code, bit 7 DST); data entries of 1 status byte
 * (< 0x80) + 3 BCD bytes per enabled channel, value = (first five digits / 10) × 10^(last digit).
 * ASSUMPTIONS (also in ELSTER_ASSUMPTIONS): Unix times are UTC; the mask is little-endian; values follow the
 * mask bits in ascending order; BCD digits high nibble first; values are W / var / VA.
 * Timeline (ASSUMPTION, the reference gives none): each entry is one interval; E4, E8, EA (time change) and EB
 * (profile cleared) restart the intervals at their time rounded down to the interval length; E5 (power up)
 * does the same but never moves backwards over intervals already written; ED (DST change) toggles the DST flag;
 * E6 (power down) and E9 (forced end of demand) are events only; FF ends the data (bytes after it are ignored).
 */

/** Configuration carried by E4 and E8. */
export interface LpConfig {
  /** Channel mask (low byte: import W, export W, Q1…Q4, VA import, VA export; high byte 0x40/0x80 customer 1/2). */
  readonly channelMask: number;
  /** Interval code 0…10 (LP_INTERVAL_MINUTES). */
  readonly intervalCode: number;
  /** DST (summer time) active, bit 7 of the config byte. */
  readonly dst: boolean;
}

/** One record of the load-profile byte stream, in order. */
export type LpRecord =
  | { readonly kind: 'marker'; readonly marker: Exclude<LpMarkerName, 'end'>; readonly unix: number; readonly config?: LpConfig }
  /** FF end of data; `unix` null when the bytes after FF are missing or FFFFFFFF. */
  | { readonly kind: 'end'; readonly unix: number | null }
  /** One interval: status byte (0…0x7F) and one value per enabled channel (W / var / VA). */
  | { readonly kind: 'entry'; readonly status: number; readonly values: readonly number[] };

/** One interval of the decoded profile. */
export interface ElsterInterval {
  /** Interval start and end, UTC (ISO with ms and Z), and start as Unix seconds. */
  readonly startUtc: string;
  readonly endUtc: string;
  readonly startUnix: number;
  readonly periodMinutes: number;
  /** The meter's DST flag for the interval (config bit 7, toggled by ED). */
  readonly dst: boolean;
  /** Status byte as sent, and its set bits by name. */
  readonly status: number;
  readonly statusFlags: readonly LpStatusFlag[];
  /** Channel keys (LP_CHANNELS) in value order. */
  readonly channels: readonly LpChannel['key'][];
  /** Average demand per channel over the interval, W / var / VA. */
  readonly values: readonly number[];
}

/** A marker as an event with its time. */
export interface LpEvent {
  readonly marker: LpMarkerName;
  readonly utc: string | null;
}

/** The decoded load profile. */
export interface ElsterLoadProfile {
  /** Every record in byte order (re-encodes with encodeLoadProfile). */
  readonly records: readonly LpRecord[];
  readonly intervals: readonly ElsterInterval[];
  readonly events: readonly LpEvent[];
  /** True when the FF end marker was found. */
  readonly ended: boolean;
  /** Bytes after the end marker (ignored). */
  readonly trailingBytes: number;
}

const WHAT = 'load profile (550)';
const MARKER_BY_BYTE = new Map<number, LpMarkerName>(Object.entries(LP_MARKERS).map(([k, v]) => [v, k as LpMarkerName]));

/** Channels of a mask, ascending bit order. @throws ElsterDataError for a bit that names no channel. */
export function channelsOfMask(mask: number): LpChannel[] {
  if ((mask & ~LP_KNOWN_MASK_BITS) !== 0) throw new ElsterDataError(WHAT, `channel mask 0x${mask.toString(16).padStart(4, '0')} has bits that name no known channel`);
  return LP_CHANNELS.filter((c) => (mask & (1 << c.bit)) !== 0);
}

/** Status byte → names of its set bits (LP_STATUS_BITS). */
export function statusFlags(status: number): LpStatusFlag[] {
  return LP_STATUS_BITS.filter((s) => (status & s.bit) !== 0).map((s) => s.flag);
}

/** 3 BCD bytes d1d2 d3d4 d5e → (d1…d5 / 10) × 10^e. @throws ElsterDataError for a non-BCD nibble. */
export function decodeLpValue(b0: number, b1: number, b2: number): number {
  const digits = [b0 >> 4, b0 & 15, b1 >> 4, b1 & 15, b2 >> 4, b2 & 15];
  if (digits.some((d) => d > 9)) throw new ElsterDataError(WHAT, `value bytes ${[b0, b1, b2].map((b) => b.toString(16).padStart(2, '0')).join(' ')} are not BCD`);
  const m = digits[0]! * 10000 + digits[1]! * 1000 + digits[2]! * 100 + digits[3]! * 10 + digits[4]!;
  const e = digits[5]!;
  return e === 0 ? m / 10 : m * 10 ** (e - 1);
}

/**
 * Value → 3 BCD bytes with the smallest exponent that fits (most precision); rounded to the nearest
 * representable value. @throws RangeError for a negative, non-finite or > 9 999 900 000 000 value.
 */
export function encodeLpValue(value: number): Uint8Array {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`load-profile value ${value} is not a non-negative number`);
  for (let e = 0; e <= 9; e++) {
    const m = Math.round(e === 0 ? value * 10 : value / 10 ** (e - 1));
    if (m <= 99999) {
      const d = String(m).padStart(5, '0');
      return Uint8Array.of(Number(d[0]) * 16 + Number(d[1]), Number(d[2]) * 16 + Number(d[3]), Number(d[4]) * 16 + e);
    }
  }
  throw new RangeError(`load-profile value ${value} is too large (at most 99999 × 10^8)`);
}

function alignDown(unix: number, minutes: number): number {
  return unix - (unix % (minutes * 60));
}

/**
 * Decode load-profile bytes (the joined R1 packets or RD blocks of ID 550).
 * @throws ElsterDataError for a byte that is neither a marker nor a status byte, an entry before the first
 *   E4/E8, a record cut short (without an end marker), an unknown interval code or channel bit, or a non-BCD value.
 */
export function decodeLoadProfile(bytes: Uint8Array): ElsterLoadProfile {
  const records: LpRecord[] = [];
  const intervals: ElsterInterval[] = [];
  const events: LpEvent[] = [];
  let channels: LpChannel['key'][] | null = null;
  let period = 0;
  let cursor: number | null = null;
  let dst = false;
  let pos = 0;
  const need = (n: number, what: string) => {
    if (pos + n > bytes.length) throw new ElsterDataError(WHAT, `${what} at byte ${pos} is cut short`);
  };
  while (pos < bytes.length) {
    const b = bytes[pos]!;
    if (b < 0x80) {
      if (channels === null || cursor === null) throw new ElsterDataError(WHAT, `interval data at byte ${pos} comes before any new-day or configuration record`);
      need(1 + 3 * channels.length, 'an interval entry');
      const values: number[] = [];
      for (let i = 0; i < channels.length; i++) {
        const o = pos + 1 + 3 * i;
        values.push(decodeLpValue(bytes[o]!, bytes[o + 1]!, bytes[o + 2]!));
      }
      records.push({ kind: 'entry', status: b, values });
      intervals.push({
        startUtc: unixToIso(cursor), endUtc: unixToIso(cursor + period * 60), startUnix: cursor, periodMinutes: period, dst,
        status: b, statusFlags: statusFlags(b), channels, values,
      });
      cursor += period * 60;
      pos += 1 + 3 * channels.length;
      continue;
    }
    const marker = MARKER_BY_BYTE.get(b);
    if (marker === undefined) throw new ElsterDataError(WHAT, `byte 0x${b.toString(16)} at ${pos} is not a known marker`);
    if (marker === 'end') {
      const unix = pos + 5 <= bytes.length ? readUintLE(bytes, pos + 1, 4) : null;
      const time = unix === 0xffffffff ? null : unix;
      records.push({ kind: 'end', unix: time });
      events.push({ marker, utc: time === null ? null : unixToIso(time) });
      const after = Math.min(bytes.length, pos + 5);
      return { records, intervals, events, ended: true, trailingBytes: bytes.length - after };
    }
    const withConfig = marker === 'newDay' || marker === 'configChange';
    need(withConfig ? 8 : 5, `the ${marker} record`);
    const unix = readUintLE(bytes, pos + 1, 4);
    let config: LpConfig | undefined;
    if (withConfig) {
      const channelMask = readUintLE(bytes, pos + 5, 2);
      const cfg = bytes[pos + 7]!;
      const intervalCode = cfg & 0x0f;
      const minutes = LP_INTERVAL_MINUTES[intervalCode];
      if (minutes === undefined) throw new ElsterDataError(WHAT, `interval code ${intervalCode} at byte ${pos + 7} is not 0…A`);
      channels = channelsOfMask(channelMask).map((c) => c.key);
      config = { channelMask, intervalCode, dst: (cfg & LP_DST_BIT) !== 0 };
      period = minutes;
      dst = config.dst;
      cursor = alignDown(unix, period);
    } else if (marker === 'powerUp') {
      if (period > 0) cursor = Math.max(alignDown(unix, period), cursor ?? 0);
    } else if (marker === 'timeChange' || marker === 'profileCleared') {
      if (period > 0) cursor = alignDown(unix, period);
    } else if (marker === 'dstChange') {
      dst = !dst;
    }
    records.push(config ? { kind: 'marker', marker, unix, config } : { kind: 'marker', marker, unix });
    events.push({ marker, utc: unixToIso(unix) });
    pos += withConfig ? 8 : 5;
  }
  return { records, intervals, events, ended: false, trailingBytes: 0 };
}

/**
 * Records → load-profile bytes (for the emulator, and round-trip tests). Values are encoded with
 * encodeLpValue (rounded to 5 significant digits).
 * @throws RangeError for an entry before any configuration, an entry whose value count differs from the
 *   configured channels, a status ≥ 0x80, an unknown interval code or channel bit, or a time outside 32 bits.
 */
export function encodeLoadProfile(records: readonly LpRecord[]): Uint8Array {
  const parts: number[] = [];
  let channelCount: number | null = null;
  for (const r of records) {
    if (r.kind === 'entry') {
      if (channelCount === null) throw new RangeError('an interval entry needs a new-day or configuration record before it');
      if (r.values.length !== channelCount) throw new RangeError(`an interval entry has ${r.values.length} values for ${channelCount} channels`);
      if (!Number.isInteger(r.status) || r.status < 0 || r.status > 0x7f) throw new RangeError(`status ${r.status} is not 0…0x7F`);
      parts.push(r.status);
      for (const v of r.values) parts.push(...encodeLpValue(v));
    } else if (r.kind === 'end') {
      parts.push(LP_MARKERS.end, ...uintLE(r.unix ?? 0xffffffff, 4));
    } else {
      parts.push(LP_MARKERS[r.marker], ...uintLE(r.unix, 4));
      const withConfig = r.marker === 'newDay' || r.marker === 'configChange';
      if (withConfig !== (r.config !== undefined)) throw new RangeError(`the ${r.marker} record ${withConfig ? 'needs' : 'cannot carry'} a configuration`);
      if (r.config) {
        const { channelMask, intervalCode, dst } = r.config;
        if ((channelMask & ~LP_KNOWN_MASK_BITS) !== 0 || channelMask < 0 || channelMask > 0xffff) throw new RangeError(`channel mask ${channelMask} has unknown bits`);
        if (!Number.isInteger(intervalCode) || LP_INTERVAL_MINUTES[intervalCode] === undefined) throw new RangeError(`interval code ${intervalCode} is not 0…10`);
        parts.push(...uintLE(channelMask, 2), intervalCode | (dst ? LP_DST_BIT : 0));
        channelCount = LP_CHANNELS.filter((c) => (channelMask & (1 << c.bit)) !== 0).length;
      }
    }
  }
  return Uint8Array.from(parts);
}
