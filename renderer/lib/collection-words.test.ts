import { describe, expect, it } from 'vitest';
import { driftWords, etaWords, importSummary, shortTime } from './collection-words';

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
    expect(importSummary({ lines: 2, imported: 1, unchanged: 0, refused: 1, created: { meters: 1, places: 4, customers: 1, installations: 1 } })).toBe(
      '2 lines: 1 stored, 0 unchanged, 1 refused · new: 1 meter, 4 places, 1 customer, 1 installation',
    );
    expect(importSummary({ lines: 1, imported: 0, unchanged: 1, refused: 0, created: { meters: 0, places: 0, customers: 0, installations: 0 } })).toBe('1 line: 0 stored, 1 unchanged, 0 refused');
  });
});
