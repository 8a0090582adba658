/**
 * The meter clock in plain words for the "Meter clock" panel: the drift ("Meter is 3 min 12 s slow."), whether
 * a level 1 adjust may correct it, and what an adjust plan will do and when it completes. The rules are the
 * Elster PMU's (protocol/meters/elster/clock-plan.ts: creep at most ±7.5 min in total, about 5 s per
 * integration period; reference ../shared/reference/elster-dialect.md "Session" step 5). Times: drift in ms,
 * positive = meter fast; instants are UTC and shown in the meter's IANA time zone with luxon.
 */
import { DateTime } from 'luxon';
import type { ClockAdjustView } from '../../contract';
import { describeDrift } from '../../protocol/meters/elster/clock-plan';
import { ELSTER_CLOCK_ADJUST_TOTAL_S } from '../../protocol/meters/elster/profile';

/** Largest drift a clock adjust may correct, ms (7.5 min). */
export const ADJUST_LIMIT_MS = ELSTER_CLOCK_ADJUST_TOTAL_S * 1000;

/** `-192000` → `Meter is 3 min 12 s slow.`; `0` → `Meter is right (less than half a second off).` */
export function driftSentence(driftMs: number): string {
  return `Meter is ${describeDrift(driftMs)}.`;
}

/** True when a level 1 adjust may correct `driftMs` (|drift| ≤ 7.5 min after rounding to whole seconds). */
export function canAdjust(driftMs: number): boolean {
  return Number.isFinite(driftMs) && Math.abs(Math.round(driftMs / 1000)) * 1000 <= ADJUST_LIMIT_MS;
}

/** Why "Adjust clock" is not offered for `driftMs`, or null when it is. */
export function adjustBlockedReason(driftMs: number): string | null {
  if (canAdjust(driftMs)) return null;
  return `The meter is more than ${describeDrift(ADJUST_LIMIT_MS, false)} off, more than an adjust may correct: use "Set clock" (security level 3).`;
}

/** Minutes as `45 min`, `19 h 30 min`, `2 h`. */
export function formatMinutes(min: number): string {
  const total = Math.round(min);
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/**
 * What an adjust plan will do, in words, e.g. "The meter moves its clock 3 min 12 s forward in 39 steps of at
 * most 5 s, one per 30-min integration period. It completes after 19 h 30 min, around 2026-01-11 04:30
 * (Europe/London)." `startUtc` = when the adjust was written (the plan counts from there).
 */
export function planSentence(plan: ClockAdjustView['plan'], startUtc: string, zone: string): string {
  const n = plan.stepsMs.length;
  if (n === 0 || plan.correctionMs === 0) return 'The meter clock is already right; nothing needed adjusting.';
  const largest = Math.max(...plan.stepsMs.map((s) => Math.abs(s)));
  const way = plan.correctionMs > 0 ? 'forward' : 'back';
  const amount = describeDrift(plan.correctionMs, false);
  const end = DateTime.fromISO(startUtc, { zone: 'utc' }).plus({ minutes: plan.completesAfterMin }).setZone(zone);
  const around = end.isValid ? `, around ${end.toFormat('yyyy-LL-dd HH:mm')} (${zone})` : '';
  const period = `${plan.integrationPeriodMin}-min integration period`;
  const steps = n === 1 ? `in one step, within one ${period}` : `in ${n} steps of at most ${describeDrift(largest, false)}, one per ${period}`;
  return (
    `The meter moves its clock ${amount} ${way} ${steps}. ` +
    `It completes after ${formatMinutes(plan.completesAfterMin)}${around}.`
  );
}
