import { type LpConfig, type LpLayout, type LpRecord, channelsOfMask, decodeLpRecords, encodeLpRecords } from './lp-codec';
import { type MeterZone, meterLocalIso, meterSecondsToUtcMs, utcMsToMeterSeconds } from './meter-time';
import { LP_INTERVAL_MINUTES, LP_STATUS_BITS, type LpChannel, type LpMarkerName, type LpStatusFlag } from './profile';

export { type LpConfig, type LpLayout, type LpRecord, channelsOfMask, decodeLpValue, encodeLpValue } from './lp-codec';

/**
 * Load profile data, ID 550: the records of lp-codec.ts laid on a timeline, as the public drivers do
 * (public:abba1140/ABBA1140Profile.java, public:abba1700/ABBA1700Profile.java; docs/elster-sources.md):
 * - E4 (new day) and E8 (configuration change) set the channels, the capture period and the DST flag, and restart
 *   the intervals at their time rounded down to the period; E5 (power up), E9, EA (time change) and EB (profile
 *   cleared) restart them too (E5 never backwards over intervals already written); E6 (power down) is an event;
 *   ED (DST change) toggles the DST flag; FF ends the data.
 * - each entry is one interval from the cursor on; entries that fall into an interval already filled (after a time
 *   set) are summed into it, as the A1140 driver does (public:abba1140/ABBA1140Profile.java, `Interval.getIntervalData`).
 * - times: the meter counts LOCAL seconds (meter-time.ts); the cursor runs in real time (UTC), so the intervals
 *   across a DST change follow the clock, and the repeated autumn hour is told apart by the records' DST flag.
 */

/** One interval of the decoded profile. */
export interface ElsterInterval {
  /** Interval start and end, UTC (ISO with ms and Z). */
  readonly startUtc: string;
  readonly endUtc: string;
  /** Start in the meter's wall clock (no offset). */
  readonly startLocal: string;
  readonly periodMinutes: number;
  /** The meter's DST flag for the interval. */
  readonly dst: boolean;
  /** Status byte as sent (several entries summed: OR of their status), and its set bits by name. */
  readonly status: number;
  readonly extendedStatus: number | null;
  readonly statusFlags: readonly LpStatusFlag[];
  /** Channels in value order. */
  readonly channels: readonly LpChannel[];
  /** Average demand per channel over the interval, milli-units (mW, mvar, mVA). */
  readonly values: readonly number[];
  /** Entries summed into this interval (more than 1 after a time set). */
  readonly entries: number;
}

/** A marker as an event with its time. */
export interface LpEvent {
  readonly marker: LpMarkerName;
  /** Meter wall clock and UTC, or null (FF, E2). */
  readonly local: string | null;
  readonly utc: string | null;
}

/** The decoded load profile. */
export interface ElsterLoadProfile {
  readonly records: readonly LpRecord[];
  readonly intervals: readonly ElsterInterval[];
  readonly events: readonly LpEvent[];
  /** True when the FF end marker was found. */
  readonly ended: boolean;
  /** Bytes after the end marker (ignored). */
  readonly trailingBytes: number;
  /** The layout the bytes were decoded with (value encoding: binary24 or bcd6). */
  readonly layout: LpLayout;
}

/** Status byte → names of its set bits (LP_STATUS_BITS). */
export function statusFlags(status: number): LpStatusFlag[] {
  return LP_STATUS_BITS.filter((s) => (status & s.bit) !== 0).map((s) => s.flag);
}

/**
 * Decode load-profile bytes (the joined R1 packets or RD blocks of ID 550).
 * @throws ElsterDataError (see decodeLpRecords); RangeError for a zone that is not an IANA name.
 */
export function decodeLoadProfile(bytes: Uint8Array, layout: LpLayout, zone: MeterZone): ElsterLoadProfile {
  const { records, ended, trailingBytes } = decodeLpRecords(bytes, layout);
  const byStart = new Map<number, { iv: Omit<ElsterInterval, 'statusFlags'>; values: number[] }>();
  const events: LpEvent[] = [];
  let config: LpConfig | null = null;
  let channels: LpChannel[] = [];
  let periodMs = 0;
  let cursor: number | null = null;
  let dst = false;
  const toUtc = (seconds: number) => meterSecondsToUtcMs(seconds, zone, dst);
  const aligned = (seconds: number) => toUtc(seconds - (periodMs > 0 ? seconds % (periodMs / 1000) : 0));
  const add = (status: number, ext: number | null, values: readonly number[]) => {
    if (cursor === null || config === null) return;
    const hit = byStart.get(cursor);
    if (hit) {
      hit.values.forEach((_, i) => (hit.values[i]! += values[i] ?? 0));
      hit.iv = { ...hit.iv, status: hit.iv.status | status, entries: hit.iv.entries + 1 };
    } else {
      const iv = {
        startUtc: new Date(cursor).toISOString(), endUtc: new Date(cursor + periodMs).toISOString(),
        startLocal: meterLocalIso(utcMsToMeterSeconds(cursor, zone)), periodMinutes: periodMs / 60_000, dst, status, extendedStatus: ext, channels, values: [], entries: 1,
      };
      byStart.set(cursor, { iv, values: [...values] });
    }
    cursor += periodMs;
  };
  for (const r of records) {
    if (r.kind === 'entry') add(r.status, r.extendedStatus ?? null, r.values);
    else if (r.kind === 'external') for (const v of r.values) add(0, null, v);
    else if (r.kind === 'end') events.push({ marker: 'end', local: null, utc: null });
    else {
      if (r.config) {
        config = r.config;
        dst = r.config.dst;
        channels = channelsOfMask(r.config.channelMask, layout.mask);
        periodMs = LP_INTERVAL_MINUTES[r.config.intervalCode]! * 60_000;
      }
      if (r.marker === 'dstChange') dst = !dst;
      else if (r.marker === 'powerUp') cursor = cursor === null ? aligned(r.seconds) : Math.max(cursor, aligned(r.seconds));
      else if (r.marker !== 'powerDown') cursor = aligned(r.seconds);
      events.push({ marker: r.marker, local: meterLocalIso(r.seconds), utc: new Date(toUtc(r.seconds)).toISOString() });
    }
  }
  const intervals = [...byStart.values()]
    .map(({ iv, values }) => ({ ...iv, values, statusFlags: statusFlags(iv.status) }))
    .sort((a, b) => (a.startUtc < b.startUtc ? -1 : a.startUtc > b.startUtc ? 1 : 0));
  return { records, intervals, events, ended, trailingBytes, layout };
}

/** Records → load-profile bytes (for the emulator). @throws RangeError (see encodeLpRecords). */
export function encodeLoadProfile(records: readonly LpRecord[], layout: LpLayout): Uint8Array {
  return encodeLpRecords(records, layout);
}
