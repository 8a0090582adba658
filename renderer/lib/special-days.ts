/**
 * Special days in the editor (pure, unit-tested): turning an entry between a fixed date and every year, sorting
 * and showing entries. The date key and the duplicate-free merge are schemes/special-days.ts.
 * Source of the rule: a special days table holds one entry per date (IEC 62056-62 class 11, reference note
 * tariff-model.md "Special days"); a fixed date and a recurring day on the same month/day are different keys
 * (validation warns that the fixed one wins).
 */
import type { SpecialDay } from '../../schemes/model';
import { specialDayKey } from '../../schemes/special-days';

export { mergeSpecialDays, specialDayKey } from '../../schemes/special-days';

/**
 * The same entry as a fixed date (in `year`) or every year. A fixed date whose text is not a date yet becomes
 * 1 January; names, day profile and source are kept.
 */
export function withKind(d: SpecialDay, kind: SpecialDay['kind'], year: number): SpecialDay {
  if (d.kind === kind) return d;
  const { name, dayProfile, source } = d;
  const keep = { name, dayProfile, ...(source === undefined ? {} : { source }) };
  if (d.kind === 'fixed') {
    const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(d.date);
    return { kind: 'recurring', month: m ? Number(m[1]) : 1, day: m ? Number(m[2]) : 1, ...keep };
  }
  const mm = String(d.month).padStart(2, '0');
  const dd = String(d.day).padStart(2, '0');
  return { kind: 'fixed', date: `${year}-${mm}-${dd}`, ...keep };
}

/** Readable date of an entry: `2027-12-25` or `25 December, every year`. */
export function specialDayDate(d: SpecialDay, monthNames: readonly string[]): string {
  if (d.kind === 'fixed') return d.date;
  return `${d.day} ${monthNames[d.month - 1] ?? `month ${d.month}`}, every year`;
}

/** Sort key so the list reads in calendar order (every-year days by month/day, fixed dates by date). */
export function compareSpecialDays(a: SpecialDay, b: SpecialDay): number {
  const md = (d: SpecialDay) => (d.kind === 'fixed' ? d.date.slice(5) : specialDayKey(d).slice(2));
  const year = (d: SpecialDay) => (d.kind === 'fixed' ? d.date.slice(0, 4) : '0000');
  return year(a).localeCompare(year(b)) || md(a).localeCompare(md(b));
}
