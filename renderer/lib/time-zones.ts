/**
 * IANA time-zone names for pickers: the browser's own list (Intl.supportedValuesOf, the same database luxon
 * uses), or a short list of common zones when the browser has no such function.
 */
const COMMON = ['UTC', 'Europe/London', 'Europe/Dublin', 'Europe/Lisbon', 'Europe/Paris', 'Europe/Berlin', 'Europe/Madrid', 'Europe/Rome', 'Europe/Athens', 'Europe/Helsinki', 'Africa/Johannesburg', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Singapore', 'Australia/Sydney', 'Pacific/Auckland'];

let cached: readonly string[] | null = null;

/** Every time zone name the browser knows (sorted), UTC included. */
export function timeZoneNames(): readonly string[] {
  if (cached) return cached;
  const intl = Intl as unknown as { supportedValuesOf?: (key: 'timeZone') => string[] };
  const list = typeof intl.supportedValuesOf === 'function' ? intl.supportedValuesOf('timeZone') : COMMON;
  cached = [...new Set(['UTC', ...list])].sort();
  return cached;
}
