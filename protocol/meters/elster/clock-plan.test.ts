import { describe, expect, it } from 'vitest';
import { ClockAdjustTooLargeError, describeDrift, planClockAdjust } from './clock-plan';

/** PMU clock-adjust rules (reference "Session" step 5): ≤ 7.5 min in total, ≤ 5 s per integration period. */
describe('planClockAdjust', () => {
  it('splits the correction into steps of at most 5 s, one per integration period', () => {
    const p = planClockAdjust(12_000, 30); // meter 12 s fast
    expect(p).toEqual({ driftMs: 12_000, correctionMs: -12_000, stepsMs: [-5000, -5000, -2000], integrationPeriodMin: 30, completesAfterMin: 90 });
    const slow = planClockAdjust(-5_000, 15);
    expect(slow.stepsMs).toEqual([5000]);
    expect(slow.completesAfterMin).toBe(15);
  });

  it('rounds to whole seconds; nothing to do under half a second', () => {
    expect(planClockAdjust(400, 30)).toMatchObject({ driftMs: 0, correctionMs: 0, stepsMs: [], completesAfterMin: 0 });
    expect(planClockAdjust(-1_600, 30).stepsMs).toEqual([2000]);
  });

  it('accepts exactly 7.5 min (90 steps) and refuses more with a plain message', () => {
    const p = planClockAdjust(450_000, 30);
    expect(p.stepsMs).toHaveLength(90);
    expect(p.stepsMs.reduce((a, b) => a + b, 0)).toBe(-450_000);
    expect(p.completesAfterMin).toBe(2700);
    let e: unknown;
    try {
      planClockAdjust(-451_000, 30);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(ClockAdjustTooLargeError);
    expect((e as ClockAdjustTooLargeError).code).toBe('REFUSED');
    expect((e as Error).message).toBe(
      'The meter clock is 7 min 31 s slow; a clock adjust may correct at most 7 min 30 s in total. Set the clock instead (this needs the security level 3 password).',
    );
  });

  it('rejects nonsense input', () => {
    expect(() => planClockAdjust(Number.NaN, 30)).toThrow(RangeError);
    expect(() => planClockAdjust(1000, 0)).toThrow(RangeError);
  });

  it('describes drifts in words', () => {
    expect(describeDrift(754_000)).toBe('12 min 34 s fast');
    expect(describeDrift(-3_600_000)).toBe('1 h slow');
    expect(describeDrift(200)).toBe('right (less than half a second off)');
  });
});
