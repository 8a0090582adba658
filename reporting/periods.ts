/**
 * Report periods and local calendar days: local calendar dates in an IANA zone → UTC instants, DST-correct
 * (luxon; no hand-written DST maths). Reference billing-and-balances.md "Periods and time": billing periods are
 * local calendar periods (the 1st 00:00 local to the next 1st 00:00); a month with the spring-forward day has one
 * hour less, an autumn one an hour more; interval counts follow real elapsed time. Compute in UTC, present in the
 * zone. Pure.
 */
import { DateTime } from 'luxon';

/** A plain-language error about a period or a zone (shown to the user as is). */
export class PeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PeriodError';
  }
}

/** A report period: local dates [fromDate, toDate] INCLUSIVE in `zone`, and its UTC bounds [fromMs, toMs). */
export interface ReportPeriod {
  /** `YYYY-MM-DD`, first local day. */
  readonly fromDate: string;
  /** `YYYY-MM-DD`, last local day (inclusive). */
  readonly toDate: string;
  /** IANA zone of the dates. */
  readonly zone: string;
  /** UTC ms of `fromDate` 00:00 local. */
  readonly fromMs: number;
  /** UTC ms of the day after `toDate`, 00:00 local (exclusive end). */
  readonly toMs: number;
}

/** Longest period a report accepts, days (a little over two years: year-on-year comparisons). */
export const MAX_PERIOD_DAYS = 800;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** UTC ms of local midnight starting `date` (`YYYY-MM-DD`) in `zone`. @throws PeriodError for a bad date or zone. */
export function localMidnight(date: string, zone: string): number {
  const m = DATE.exec(date);
  if (!m) throw new PeriodError(`"${date}" is not a date: write it as YYYY-MM-DD, e.g. 2025-03-01.`);
  const probe = DateTime.now().setZone(zone);
  if (!probe.isValid) throw new PeriodError(`"${zone}" is not a time zone: use an IANA name such as Europe/London.`);
  const dt = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { zone });
  if (!dt.isValid) throw new PeriodError(`${date} is not a calendar date.`);
  // In a zone whose clocks go forward at midnight the day starts at the end of the gap (luxon moves it there).
  return dt.startOf('day').toMillis();
}

/** The next calendar date after `date` (`YYYY-MM-DD`). */
export function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The period of local dates [fromDate, toDate] (inclusive) in `zone`.
 * @throws PeriodError: a bad date or zone, `toDate` before `fromDate`, or longer than {@link MAX_PERIOD_DAYS}.
 */
export function reportPeriod(fromDate: string, toDate: string, zone: string): ReportPeriod {
  const fromMs = localMidnight(fromDate, zone);
  const toMs = localMidnight(nextDate(toDate), zone);
  if (toMs <= fromMs) throw new PeriodError(`The period ends (${toDate}) before it starts (${fromDate}).`);
  if (toMs - fromMs > MAX_PERIOD_DAYS * 86_400_000) throw new PeriodError(`The period is longer than ${MAX_PERIOD_DAYS} days: split it.`);
  return { fromDate, toDate, zone, fromMs, toMs };
}

/** The calendar month `YYYY-MM` as a period (1st to last day). @throws PeriodError. */
export function monthPeriod(month: string, zone: string): ReportPeriod {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new PeriodError(`"${month}" is not a month: write it as YYYY-MM, e.g. 2025-03.`);
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return reportPeriod(`${month}-01`, `${month}-${String(last).padStart(2, '0')}`, zone);
}

/** One local calendar day of a period: its date, UTC bounds and length in hours (23, 24 or 25 on DST days). */
export interface LocalDay {
  readonly date: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly hours: number;
}

/** Every local day of `p`, in order. */
export function localDays(p: ReportPeriod): LocalDay[] {
  const out: LocalDay[] = [];
  for (let date = p.fromDate, from = p.fromMs; from < p.toMs; ) {
    const next = nextDate(date);
    const to = localMidnight(next, p.zone);
    out.push({ date, fromMs: from, toMs: to, hours: (to - from) / 3_600_000 });
    date = next;
    from = to;
  }
  return out;
}

/** Offset of `zone` at `ms`, minutes east of UTC. */
export function offsetMinutes(ms: number, zone: string): number {
  return DateTime.fromMillis(ms, { zone }).offset;
}

/** `YYYY-MM-DD HH:mm` local wall time of `ms` in `zone` (no offset: for tables that also show the offset). */
export function localText(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

/** ISO 8601 local time with offset, e.g. `2025-10-26T02:15+02:00`: unambiguous in the repeated hour. */
export function localIso(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mmZZ");
}

/** Local hour of day 0…23 of `ms` in `zone` (the repeated hour's two passes both give the same hour). */
export function localHour(ms: number, zone: string): number {
  return DateTime.fromMillis(ms, { zone }).hour;
}

/** ISO UTC text of `ms` (`…Z`, milliseconds kept, as the store writes instants). */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Parse a local meter time `YYMMDDhhmm[ss]` (a readout's time-stamp value group) or `YYYY-MM-DDThh:mm[:ss]`
 * in `zone` → UTC ms; null when it is not such a time. In the repeated autumn hour the earlier pass is taken.
 */
export function parseLocalStamp(text: string, zone: string): number | null {
  let m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(text.trim());
  let parts: number[] | null = null;
  if (m) parts = [2000 + Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (m) parts = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (parts === null) return null;
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  const dt = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone });
  return dt.isValid ? dt.toMillis() : null;
}
