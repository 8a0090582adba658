import { DateTime } from 'luxon';
import { localIso } from './datasets';

/**
 * Meter time stamps with a season digit (`zYYMMDDhhmm[ss]`) and their placement in UTC.
 * Source: reference note "Load profile and logbook" (../shared/reference/iec62056-21.md): z = 0 normal
 * (standard) time, 1 summer time, 2 UTC.
 */

/** A meter wall-clock time with the season the meter declared for it. */
export interface LocalStamp {
  /** Meter local wall-clock time, ISO 8601 without offset: `2025-03-30T02:15` or `2025-03-30T02:15:00`. */
  readonly local: string;
  /** Season digit: 0 normal (standard) time, 1 summer time (DST), 2 UTC. */
  readonly season: 0 | 1 | 2;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

function partsOf(stamp: LocalStamp): Parts {
  const m = LOCAL.exec(stamp.local);
  const p = m ? m.slice(1).map((g) => Number(g ?? '0')) : [];
  const [y, mo, d, h, mi, s] = p as [number, number, number, number, number, number];
  if (!m || localIso(y, mo, d, h, mi, s) === null || y < 2000 || y > 2099) {
    throw new RangeError(`${JSON.stringify(stamp.local)} is not a local time YYYY-MM-DDThh:mm[:ss] in 2000–2099`);
  }
  if (stamp.season !== 0 && stamp.season !== 1 && stamp.season !== 2) {
    throw new RangeError(`season ${String(stamp.season)} is not 0 (normal), 1 (summer) or 2 (UTC)`);
  }
  return { y, mo, d, h, mi, s };
}

/**
 * Stamp → `zYYMMDDhhmm` (withSeconds false, seconds dropped) or `zYYMMDDhhmmss`.
 * @throws RangeError when `local` is not a valid time in 2000–2099 or `season` is not 0/1/2.
 */
export function formatStamp(stamp: LocalStamp, withSeconds: boolean): string {
  const { y, mo, d, h, mi, s } = partsOf(stamp);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${stamp.season}${p(y - 2000)}${p(mo)}${p(d)}${p(h)}${p(mi)}${withSeconds ? p(s) : ''}`;
}

/** `zYYMMDDhhmm` or `zYYMMDDhhmmss` → LocalStamp with seconds (`2025-03-30T02:15:00`), or null when invalid. */
export function parseStamp(text: string): LocalStamp | null {
  const m = /^([012])(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(text);
  if (!m) return null;
  const n = m.slice(2).map((g) => Number(g ?? '0')) as [number, number, number, number, number, number];
  const local = localIso(2000 + n[0], n[1], n[2], n[3], n[4], n[5]);
  return local === null ? null : { local, season: Number(m[1]) as 0 | 1 | 2 };
}

/** Checked luxon DateTime of an instant in a zone; RangeError for an unknown zone. */
function inZone(ms: number, timeZone: string): DateTime {
  const dt = DateTime.fromMillis(ms, { zone: timeZone });
  if (!dt.isValid) throw new RangeError(`${JSON.stringify(timeZone)} is not a valid IANA time zone (e.g. Europe/Berlin)`);
  return dt;
}

/** Standard offset and DST delta of `timeZone` in `year`, minutes (delta 60 when the zone has no DST that year). */
function seasonOffsets(year: number, timeZone: string): { standard: number; delta: number } {
  const jan = inZone(Date.UTC(year, 0, 1, 12), timeZone).offset;
  const jul = inZone(Date.UTC(year, 6, 1, 12), timeZone).offset;
  const standard = Math.min(jan, jul);
  const delta = Math.max(jan, jul) - standard;
  return { standard, delta: delta === 0 ? 60 : delta };
}

/**
 * Place a meter stamp in UTC, exactly by its season digit: 0 → the zone's standard offset that year,
 * 1 → standard offset + the zone's DST delta (60 min assumed when the zone has no DST), 2 → UTC.
 * Unambiguous also in the repeated autumn hour. Returns epoch milliseconds.
 * @throws RangeError for an invalid stamp or time zone.
 */
export function stampToUtcMillis(stamp: LocalStamp, timeZone: string): number {
  const { y, mo, d, h, mi, s } = partsOf(stamp);
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (stamp.season === 2) return wall;
  const { standard, delta } = seasonOffsets(y, timeZone);
  return wall - (standard + (stamp.season === 1 ? delta : 0)) * 60_000;
}

/** As `stampToUtcMillis`, as an ISO UTC instant `YYYY-MM-DDThh:mm:ss.sssZ`. */
export function localStampToUtc(stamp: LocalStamp, timeZone: string): string {
  return utcIso(stampToUtcMillis(stamp, timeZone));
}

/**
 * The meter stamp of a UTC instant in `timeZone`: local wall-clock time with seconds, season 1 when the zone
 * is in DST at that instant, else 0 (what a meter following the zone's rules sends).
 * @throws RangeError for an unparsable instant or an invalid time zone.
 */
export function localStampFromUtc(utc: string, timeZone: string): LocalStamp {
  const ms = Date.parse(utc);
  if (Number.isNaN(ms)) throw new RangeError(`${JSON.stringify(utc)} is not an ISO 8601 instant`);
  const { local, dst } = wallClock(ms, timeZone);
  return { local, season: dst ? 1 : 0 };
}

/** Wall-clock `YYYY-MM-DDThh:mm:ss` and DST flag of an instant in `timeZone`. RangeError for an invalid zone. */
export function wallClock(ms: number, timeZone: string): { local: string; dst: boolean } {
  const dt = inZone(ms, timeZone);
  return { local: dt.toFormat("yyyy-MM-dd'T'HH:mm:ss"), dst: dt.isInDST };
}

/** Epoch milliseconds → `YYYY-MM-DDThh:mm:ss.sssZ`. */
export function utcIso(ms: number): string {
  return new Date(ms).toISOString();
}
