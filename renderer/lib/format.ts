/**
 * Display formats. Times: UTC instants are shown in the reading's IANA time zone (the meter's local time) with
 * the zone's short name; meter wall-clock values (`...Local`, no offset) are shown as sent. Luxon does the
 * zone arithmetic (IANA tz database, DST included).
 */
import { DateTime } from 'luxon';

/**
 * A UTC instant as wall-clock time of `zone` with its UTC offset, e.g. `2026-07-10T09:00:00.000Z` in
 * `Europe/London` → `2026-07-10 10:00:00 (UTC+01:00)`. (Offsets, not zone abbreviations: those depend on the
 * browser's locale data.) Raw text when unparsable.
 */
export function formatInstant(utcIso: string, zone: string): string {
  const t = DateTime.fromISO(utcIso, { zone: 'utc' }).setZone(zone);
  return t.isValid ? t.toFormat("yyyy-LL-dd HH:mm:ss '(UTC'ZZ')'") : utcIso;
}

/** A UTC instant as wall-clock time of `zone` without the offset, `2026-07-10 10:00:00` (tables whose header names the zone). */
export function formatInstantShort(utcIso: string, zone: string): string {
  const t = DateTime.fromISO(utcIso, { zone: 'utc' }).setZone(zone);
  return t.isValid ? t.toFormat('yyyy-LL-dd HH:mm:ss') : utcIso;
}

/** Meter local wall-clock time `2017-03-10T09:30:00` → `2017-03-10 09:30`. Raw text when unparsable. */
export function formatMeterLocal(localIso: string): string {
  const t = DateTime.fromISO(localIso, { setZone: true });
  return t.isValid ? t.toFormat(t.second ? 'yyyy-LL-dd HH:mm:ss' : 'yyyy-LL-dd HH:mm') : localIso;
}


/** True when a load-profile status word flags the interval (anything other than zeros). */
export function isFlaggedStatus(status: string): boolean {
  return /[^0\s]/.test(status);
}

/** Bytes for people: `9 511 B`, `12.4 kB`. */
export function formatBytes(n: number): string {
  return n < 10_000 ? `${n.toLocaleString('en-GB').replace(/,/g, ' ')} B` : `${(n / 1000).toFixed(1)} kB`;
}
