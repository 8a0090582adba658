/**
 * Adding special days to a scheme without duplicates (after a holiday-pack or iCal import, or in the editor).
 * Pure and free of the holiday data, so the renderer can use it without bundling date-holidays.
 * Source of the rule: a special days table holds one entry per date (IEC 62056-62 class 11, reference note
 * tariff-model.md "Concepts").
 */
import type { SpecialDay } from './model';

/** `2027-12-25` for a fixed date, `*-12-25` for a day recurring every year (the entry's date key). */
export function specialDayKey(d: SpecialDay): string {
  if (d.kind === 'fixed') return d.date;
  return `*-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Result of {@link mergeSpecialDays}. */
export interface SpecialDayMerge {
  /** `existing` followed by the added days. */
  readonly merged: SpecialDay[];
  /** Incoming days that were new. */
  readonly added: SpecialDay[];
  /** Incoming days left out because a day for the same date (or the same recurring month/day) was already there. */
  readonly duplicates: SpecialDay[];
}

/**
 * Add `incoming` special days to `existing` without duplicates; existing entries always win.
 * Duplicate = a fixed day on a date that already has a fixed day, or whose month/day already has a recurring
 * day; a recurring day whose month/day already has a recurring day. (A recurring day is NOT a duplicate of a
 * fixed day on one of its dates: it also covers the other years.) Duplicates inside `incoming` count too.
 */
export function mergeSpecialDays(existing: readonly SpecialDay[], incoming: readonly SpecialDay[]): SpecialDayMerge {
  const fixedDates = new Set<string>();
  const recurringKeys = new Set<string>();
  const note = (d: SpecialDay) => (d.kind === 'fixed' ? fixedDates.add(d.date) : recurringKeys.add(monthDayKey(d.month, d.day)));
  existing.forEach(note);
  const added: SpecialDay[] = [];
  const duplicates: SpecialDay[] = [];
  for (const d of incoming) {
    const dup = d.kind === 'fixed' ? fixedDates.has(d.date) || recurringKeys.has(d.date.slice(5)) : recurringKeys.has(monthDayKey(d.month, d.day));
    if (dup) duplicates.push(d);
    else {
      added.push(d);
      note(d);
    }
  }
  return { merged: [...existing, ...added], added, duplicates };
}

const monthDayKey = (month: number, day: number) => `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
