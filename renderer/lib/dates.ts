/**
 * Date filters of the readings browser and the export dialog: a calendar day typed in an `<input type="date">`
 * (`yyyy-MM-dd`) means that day in the workstation's time zone. A range "from day A to day B" covers A 00:00
 * up to (not including) the day after B 00:00, both as UTC instants — so a 23 h or 25 h DST day is covered
 * whole. Luxon does the zone arithmetic (IANA tz database).
 */
import { DateTime } from 'luxon';

/** UTC instant (ISO, `Z`) of 00:00 on `day` (`yyyy-MM-dd`) in `zone`, or null when `day` is empty/invalid. */
export function dayStartUtc(day: string, zone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const t = DateTime.fromISO(day, { zone }).startOf('day');
  return t.isValid ? t.toUTC().toISO({ suppressMilliseconds: false }) : null;
}

/** UTC instant of 00:00 on the day after `day` in `zone` (exclusive end of a range ending on `day`), or null. */
export function dayEndUtc(day: string, zone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const t = DateTime.fromISO(day, { zone }).startOf('day').plus({ days: 1 });
  return t.isValid ? t.toUTC().toISO({ suppressMilliseconds: false }) : null;
}

/** A range of `from`/`to` days as contract fields (absent when empty); `error` when the end is before the start. */
export function dayRange(from: string, to: string, zone: string): { fromUtc?: string; toUtc?: string; error: string | null } {
  const fromUtc = dayStartUtc(from, zone) ?? undefined;
  const toUtc = dayEndUtc(to, zone) ?? undefined;
  const error = fromUtc && toUtc && fromUtc >= toUtc ? 'The "to" day is before the "from" day.' : null;
  return { ...(fromUtc ? { fromUtc } : {}), ...(toUtc ? { toUtc } : {}), error };
}
