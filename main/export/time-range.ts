/**
 * Date and time bounds typed by a person (CLI `--from/--to`) → UTC instants for `exportReadings`.
 */
import { DateTime } from 'luxon';
import { ExportError } from './errors';

/**
 * `text` as a UTC ISO instant (`YYYY-MM-DDThh:mm:ss.sssZ`):
 * - `YYYY-MM-DD`: midnight at the start of that day in `timeZone` for `from`; for `to` the midnight that
 *   ENDS that day (the next day's), so `--from 2025-10-26 --to 2025-10-26` is the whole (25-hour) day;
 * - an ISO 8601 time with `Z` or an offset: that instant;
 * - an ISO 8601 time without offset: that wall-clock time in `timeZone`.
 * @throws ExportError `bad-range` naming the option (`--from`/`--to`) when the text is none of these.
 */
export function parseTimeBound(text: string, timeZone: string, edge: 'from' | 'to'): string {
  const t = text.trim();
  let dt: DateTime;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    dt = DateTime.fromISO(t, { zone: timeZone }).startOf('day');
    if (edge === 'to') dt = dt.plus({ days: 1 }).startOf('day');
  } else {
    dt = DateTime.fromISO(t, { zone: timeZone, setZone: /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(t) && t.includes('T') });
  }
  if (!dt.isValid) {
    throw new ExportError(
      'bad-range',
      `--${edge} "${text}" is not a date (YYYY-MM-DD) or an ISO 8601 time (e.g. 2025-10-26T02:00 or 2025-10-26T00:00Z)${dt.invalidReason === 'unsupported zone' ? `, or the time zone "${timeZone}" is unknown` : ''}.`,
    );
  }
  return new Date(dt.toMillis()).toISOString();
}
