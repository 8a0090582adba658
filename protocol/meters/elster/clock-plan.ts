import { ProtocolError } from '../../iec62056-21/errors';
import { ELSTER_CLOCK_ADJUST_PER_PERIOD_S, ELSTER_CLOCK_ADJUST_TOTAL_S } from './profile';

/**
 * The PMU's clock-adjust ("creep") rules for Elster meters, as a pure plan.
 * Source: reference "Session" step 5 (../shared/reference/elster-dialect.md; A1140 manual M181 001, A1700 PMU
 * chapter M120 001): security level 1 may only ADJUST the clock — at most ±7.5 min in total
 * (ELSTER_CLOCK_ADJUST_TOTAL_S) and about 5 s per integration period (ELSTER_CLOCK_ADJUST_PER_PERIOD_S), so that
 * no integration period (and its demand / load-profile interval) is distorted by more than a few seconds.
 * Level 3 may SET it at once. Neither a set nor an adjust counts as a reprogramming (the programming counter
 * 680 does not change).
 */

/** A clock-adjust plan: how the meter will creep towards the right time. */
export interface ClockAdjustPlan {
  /** The drift it corrects: meter time − true time, ms (positive = meter fast), rounded to whole seconds. */
  readonly driftMs: number;
  /** The correction applied in total: −driftMs, ms. */
  readonly correctionMs: number;
  /** Correction per integration period in order, ms (each |step| ≤ 5 000; signs all equal to the correction's). */
  readonly stepsMs: readonly number[];
  /** Integration period, minutes. */
  readonly integrationPeriodMin: number;
  /** Time until the whole correction has been applied: steps × integration period, minutes. */
  readonly completesAfterMin: number;
}

/** The drift is beyond what a level 1 adjust may correct (code REFUSED). */
export class ClockAdjustTooLargeError extends ProtocolError {
  constructor(readonly driftMs: number) {
    super(
      'REFUSED',
      `The meter clock is ${describeDrift(driftMs)}; a clock adjust may correct at most ${describeDrift(ELSTER_CLOCK_ADJUST_TOTAL_S * 1000, false)} in total. ` +
        'Set the clock instead (this needs the security level 3 password).',
      `drift ${driftMs} ms, adjust limit ±${ELSTER_CLOCK_ADJUST_TOTAL_S} s`,
    );
  }
}

/** 754 000 → "12 min 34 s fast"; −5 000 → "5 s slow"; with `direction` false only the amount. */
export function describeDrift(driftMs: number, direction = true): string {
  const s = Math.round(Math.abs(driftMs) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [h ? `${h} h` : '', m ? `${m} min` : '', s % 60 || (!h && !m) ? `${s % 60} s` : ''].filter(Boolean).join(' ');
  if (!direction) return parts;
  return s === 0 ? 'right (less than half a second off)' : `${parts} ${driftMs > 0 ? 'fast' : 'slow'}`;
}

/**
 * Plan a level 1 clock adjust.
 * @param driftMs meter time − true time, ms (positive = meter fast); rounded to whole seconds.
 * @param integrationPeriodMin the meter's integration (demand / load-profile) period, minutes, > 0.
 * @returns the plan; `stepsMs` is empty when the drift rounds to 0 s.
 * @throws ClockAdjustTooLargeError (REFUSED, plain message: set the clock at level 3 instead) when
 *   |drift| > 7.5 min; RangeError for a non-finite drift or a period that is not a positive number.
 */
export function planClockAdjust(driftMs: number, integrationPeriodMin: number): ClockAdjustPlan {
  if (!Number.isFinite(driftMs)) throw new RangeError(`clock drift ${driftMs} ms is not a number`);
  if (!(integrationPeriodMin > 0) || !Number.isFinite(integrationPeriodMin)) throw new RangeError(`integration period ${integrationPeriodMin} min is not a positive number of minutes`);
  const drift = Math.round(driftMs / 1000) * 1000 || 0;
  if (Math.abs(drift) > ELSTER_CLOCK_ADJUST_TOTAL_S * 1000) throw new ClockAdjustTooLargeError(drift);
  const correction = -drift || 0;
  const perStep = ELSTER_CLOCK_ADJUST_PER_PERIOD_S * 1000;
  const steps: number[] = [];
  for (let left = Math.abs(correction); left > 0; left -= perStep) steps.push(Math.sign(correction) * Math.min(perStep, left));
  return { driftMs: drift, correctionMs: correction, stepsMs: steps, integrationPeriodMin, completesAfterMin: steps.length * integrationPeriodMin };
}
