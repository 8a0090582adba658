import { describe, expect, it } from 'vitest';
import { boundariesInView, dayBoundaries, dstChanges, rangeWords, tickLabel } from './lp-marks';
import { intervalStatusWords } from './lp-status';

const utc = (s: string) => Date.parse(s);

describe('load-profile time marks', () => {
  it('finds local midnights, 23 and 25 hours apart on DST days', () => {
    const days = dayBoundaries(utc('2026-03-28T12:00:00Z'), utc('2026-03-31T12:00:00Z'), 'Europe/London');
    expect(days.map((d) => new Date(d).toISOString())).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z', '2026-03-30T23:00:00.000Z']);
    expect(dayBoundaries(5, 5, 'UTC')).toEqual([]);
  });

  it('finds the DST changes of the zone to the minute, in words', () => {
    const year = dstChanges(utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z'), 'Europe/London');
    expect(year.map((c) => [new Date(c.atMs).toISOString(), c.words])).toEqual([
      ['2026-03-29T01:00:00.000Z', 'Clocks forward 1 h (01:00 → 02:00)'],
      ['2026-10-25T01:00:00.000Z', 'Clocks back 1 h (02:00 → 01:00)'],
    ]);
    expect(dstChanges(utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z'), 'Asia/Tokyo')).toEqual([]);
  });

  it('thins day lines to weeks and months in a long view', () => {
    const days = dayBoundaries(utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z'), 'UTC');
    expect(boundariesInView(days, utc('2026-06-01T00:00:00Z'), utc('2026-06-08T00:00:00Z'), 'UTC')).toMatchObject({ unit: 'day' });
    expect(boundariesInView(days, days[0]!, days.at(-1)!, 'UTC', 60)).toMatchObject({ unit: 'week' });
    expect(boundariesInView(days, days[0]!, days.at(-1)!, 'UTC', 20).at).toHaveLength(11);
    const q = boundariesInView(days, utc('2026-01-01T00:00:00Z'), utc('2026-04-01T00:00:00Z'), 'UTC', 60);
    expect(q.unit).toBe('week');
    expect(q.at.every((d) => new Date(d).getUTCDay() === 1)).toBe(true);
  });
});

describe('time axis words', () => {
  it('puts the date on a 48 h axis at midnight and on the first tick', () => {
    const day = 86_400_000;
    const h = 3_600_000;
    expect(tickLabel(utc('2026-07-01T23:00:00Z'), 2 * day, 'Europe/London', utc('2026-07-01T21:00:00Z'))).toEqual(['00:00', 'Thu 02 Jul']);
    // The first tick of a new day carries the date even when midnight itself is not a tick.
    expect(tickLabel(utc('2026-07-02T00:00:00Z'), 2 * day, 'Europe/London', utc('2026-07-01T22:00:00Z'))).toEqual(['01:00', 'Thu 02 Jul']);
    expect(tickLabel(utc('2026-07-01T05:00:00Z'), 2 * day, 'Europe/London', null)).toEqual(['06:00', 'Wed 01 Jul']);
    expect(tickLabel(utc('2026-07-01T05:00:00Z'), 2 * day, 'Europe/London', utc('2026-07-01T05:00:00Z') - 2 * h)).toBe('06:00');
    expect(tickLabel(utc('2026-07-01T05:00:00Z'), 7 * day, 'Europe/London', utc('2026-07-01T05:00:00Z') - 6 * h)).toBe('06:00');
    expect(tickLabel(utc('2026-07-01T05:00:00Z'), 30 * day, 'Europe/London', 0)).toBe('01 Jul');
    expect(tickLabel(utc('2026-07-01T05:00:00Z'), 365 * day, 'Europe/London', 0)).toBe('Jul 2026');
    expect(tickLabel(utc('2026-07-15T05:00:00Z'), 365 * day, 'Europe/London', 0)).toBe('15 Jul');
    expect(rangeWords(utc('2026-03-01T00:00:00Z'), utc('2026-03-08T00:00:00Z'), 'UTC')).toBe('2026-03-01 00:00 – 2026-03-08 00:00 (7 days)');
    expect(rangeWords(utc('2026-03-01T00:00:00Z'), utc('2026-03-02T12:00:00Z'), 'UTC')).toBe('2026-03-01 00:00 – 2026-03-02 12:00 (36 h)');
  });
});

describe('interval status words', () => {
  it('names Elster status bits and lists other makers’ bits by number', () => {
    expect(intervalStatusWords('00', 'GEC')).toBeNull();
    expect(intervalStatusWords('41', 'GEC')).toBe('transient reset, phase failure (status 41)');
    expect(intervalStatusWords('09', 'ISK')).toBe('status 09: bits 0, 3 set');
    expect(intervalStatusWords('xz', 'ISK')).toBe('status xz');
  });
});
