import { describe, it, expect } from 'vitest';
import { adjustBlockedReason, canAdjust, driftSentence, formatMinutes, planSentence } from './clock-words';

describe('meter clock in words', () => {
  it('says how far the meter is off and which way', () => {
    expect(driftSentence(-192_000)).toBe('Meter is 3 min 12 s slow.');
    expect(driftSentence(5_400)).toBe('Meter is 5 s fast.');
    expect(driftSentence(3_723_000)).toBe('Meter is 1 h 2 min 3 s fast.');
    expect(driftSentence(300)).toBe('Meter is right (less than half a second off).');
  });

  it('offers an adjust only within ±7.5 min', () => {
    expect(canAdjust(450_000)).toBe(true);
    expect(canAdjust(-450_400)).toBe(true); // rounds to 7 min 30 s
    expect(canAdjust(-450_600)).toBe(false);
    expect(canAdjust(Number.NaN)).toBe(false);
    expect(adjustBlockedReason(0)).toBeNull();
    expect(adjustBlockedReason(600_000)).toBe('The meter is more than 7 min 30 s off, more than an adjust may correct: use "Set clock" (security level 3).');
  });

  it('describes an adjust plan and when it completes in the meter time zone', () => {
    const plan = { driftMs: -12_000, correctionMs: 12_000, stepsMs: [5000, 5000, 2000], integrationPeriodMin: 30, completesAfterMin: 90 };
    expect(planSentence(plan, '2026-07-10T09:00:00Z', 'Europe/London')).toBe(
      'The meter moves its clock 12 s forward in 3 steps of at most 5 s, one per 30-min integration period. ' +
        'It completes after 1 h 30 min, around 2026-07-10 11:30 (Europe/London).',
    );
    const back = { driftMs: 4_000, correctionMs: -4_000, stepsMs: [-4000], integrationPeriodMin: 15, completesAfterMin: 15 };
    expect(planSentence(back, '2026-01-10T09:00:00Z', 'UTC')).toBe(
      'The meter moves its clock 4 s back in one step, within one 15-min integration period. It completes after 15 min, around 2026-01-10 09:15 (UTC).',
    );
    expect(planSentence({ ...back, correctionMs: 0, stepsMs: [] }, '2026-01-10T09:00:00Z', 'UTC')).toBe('The meter clock is already right; nothing needed adjusting.');
    expect(formatMinutes(2700)).toBe('45 h');
  });
});
