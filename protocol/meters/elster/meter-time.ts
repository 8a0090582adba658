import { DateTime } from 'luxon';
import { readUintLE, uintLE } from './bcd';

/**
 * The dialect's 4-byte little-endian times (load-profile markers, 510, 680, 544, event logs 691…701, W1 554):
 * seconds since 1970 counted in the meter's LOCAL wall-clock time, not UTC — the driver turns them into instants
 * with the meter's zone (public:iec1107/ProtocolUtils `getCalendar(TimeZone, long)`, docs/elster-sources.md
 * "Meter times"); its A1700 programming-counter test expects UTC = raw − 7200 s for Europe/Brussels in summer
 * (public:…/test/…/abba1700/counters/ProgrammingCounterTest.java:22-30). 0 = no entry
 * (public:abba1140/eventlogs/TimeStamp.java:13-14).
 * A meter set not to follow DST (A1140 778 bit 0 = 0, public:abba1140/ABBA1140Profile.java:71-75) counts standard
 * time all year: then the zone's standard offset is used.
 */

/** How to place a meter's local seconds in UTC. */
export interface MeterZone {
  /** IANA zone of the meter, e.g. `Europe/London`. */
  readonly zone: string;
  /** False when the meter keeps standard time all year (default true). */
  readonly followsDst?: boolean;
}

/** Local seconds → `YYYY-MM-DDThh:mm:ss` (the meter's wall clock, no offset). Never throws for 0…2^32−1. */
export function meterLocalIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19);
}

/** The zone's standard (winter) offset in minutes around `utcMs`: the smaller of the offsets in January and July. */
export function standardOffsetMinutes(zone: string, utcMs: number): number {
  const year = DateTime.fromMillis(utcMs, { zone: 'utc' }).year;
  const jan = DateTime.fromObject({ year, month: 1, day: 1 }, { zone }).offset;
  const jul = DateTime.fromObject({ year, month: 7, day: 1 }, { zone }).offset;
  return Math.min(jan, jul);
}

/**
 * Local seconds → UTC milliseconds. In the repeated autumn hour both offsets are valid: `dst` (the meter's own DST
 * flag, e.g. of a load-profile record) picks one; without it the summer offset is taken (as java.util.Calendar does).
 * A time inside the spring gap (which a DST-following meter never shows) is taken with the offset before the gap.
 * @throws RangeError when `zone.zone` is not an IANA zone.
 */
export function meterSecondsToUtcMs(seconds: number, zone: MeterZone, dst?: boolean): number {
  const localMs = seconds * 1000;
  if (!DateTime.now().setZone(zone.zone).isValid) throw new RangeError(`${JSON.stringify(zone.zone)} is not an IANA time zone name`);
  if (zone.followsDst === false) return localMs - standardOffsetMinutes(zone.zone, localMs) * 60_000;
  const z = (ms: number) => DateTime.fromMillis(ms, { zone: zone.zone }).offset;
  const candidates = [...new Set([z(localMs - 86_400_000), z(localMs), z(localMs + 86_400_000)])];
  const valid = candidates.filter((o) => z(localMs - o * 60_000) === o);
  if (valid.length === 0) return localMs - z(localMs - 86_400_000) * 60_000;
  const pick = valid.length === 1 ? valid[0]! : dst === false ? Math.min(...valid) : Math.max(...valid);
  return localMs - pick * 60_000;
}

/** Local seconds → ISO UTC (`…Z`), or null for 0 (no entry). See {@link meterSecondsToUtcMs}. */
export function meterSecondsToUtc(seconds: number, zone: MeterZone, dst?: boolean): string | null {
  return seconds === 0 ? null : new Date(meterSecondsToUtcMs(seconds, zone, dst)).toISOString();
}

/** UTC milliseconds → the meter's local seconds (whole seconds, rounded down). */
export function utcMsToMeterSeconds(utcMs: number, zone: MeterZone): number {
  const offset = zone.followsDst === false ? standardOffsetMinutes(zone.zone, utcMs) : DateTime.fromMillis(utcMs, { zone: zone.zone }).offset;
  return Math.floor(utcMs / 1000) + offset * 60;
}

/** A 4-byte time slot as read: local seconds, wall clock and UTC (null when the slot is 0 = empty). */
export interface MeterTime {
  readonly seconds: number;
  readonly local: string;
  readonly utc: string;
}

/** The 4-byte LE time at `offset`, or null when it is 0 (no entry). The caller guarantees the 4 bytes exist. */
export function readMeterTime(bytes: Uint8Array, offset: number, zone: MeterZone, dst?: boolean): MeterTime | null {
  const seconds = readUintLE(bytes, offset, 4);
  if (seconds === 0) return null;
  return { seconds, local: meterLocalIso(seconds), utc: meterSecondsToUtc(seconds, zone, dst)! };
}

/** Local seconds (or null = empty) → 4 little-endian bytes. @throws RangeError outside 0…2^32−1. */
export function meterTimeBytes(seconds: number | null): Uint8Array {
  return uintLE(seconds ?? 0, 4);
}
