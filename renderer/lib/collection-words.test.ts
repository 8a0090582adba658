import { describe, expect, it } from 'vitest';
import { driftWords, etaWords, shortTime } from './collection-words';

describe('collection words', () => {
  it('says estimates, drifts and times plainly', () => {
    expect(etaWords(null)).toBe('estimating…');
    expect(etaWords(40)).toBe('about 40 s');
    expect(etaWords(600)).toBe('about 10 min');
    expect(etaWords(7500)).toBe('about 2 h 5 min');
    expect(driftWords(95.4)).toBe('+95 s (fast)');
    expect(driftWords(-12)).toBe('−12 s (slow)');
    expect(driftWords(null)).toBe('—');
    expect(shortTime('2026-03-29T01:30:00Z', 'Europe/London')).toBe('2026-03-29 02:30');
    expect(shortTime(null)).toBe('—');
  });
});
