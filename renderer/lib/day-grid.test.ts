import { describe, it, expect } from 'vitest';
import { dayOfYear, daySegments, durationText, seasonSegments } from './day-grid';

describe('day bar', () => {
  it('splits the day at each switch and carries the last rate over midnight', () => {
    const segs = daySegments({ switches: [{ time: '07:00', rate: 1 }, { time: '23:00', rate: 2 }] });
    expect(segs).toEqual([
      { from: 0, to: 420, rate: 2, carried: true },
      { from: 420, to: 1380, rate: 1, carried: false },
      { from: 1380, to: 1440, rate: 2, carried: false },
    ]);
  });
  it('sorts switch times, skips half-typed ones, and lets the later entry at one minute win', () => {
    const segs = daySegments({ switches: [{ time: '12:00', rate: 3 }, { time: '00:00', rate: 1 }, { time: '1', rate: 9 }, { time: '12:00', rate: 4 }] });
    expect(segs).toEqual([
      { from: 0, to: 720, rate: 1, carried: false },
      { from: 720, to: 1440, rate: 4, carried: false },
    ]);
    expect(daySegments({ switches: [{ time: '', rate: 1 }] })).toEqual([]);
  });
  it('says durations in hours and minutes', () => {
    expect(durationText(420)).toBe('7 h');
    expect(durationText(90)).toBe('1 h 30 min');
    expect(durationText(45)).toBe('45 min');
  });
});

describe('season timeline', () => {
  it('places a winter season that starts in October across the new year', () => {
    const segs = seasonSegments([
      { name: 'Summer', start: { month: 4, day: 1 }, weekProfile: 'summer' },
      { name: 'Winter', start: { month: 10, day: 1 }, weekProfile: 'winter' },
    ]);
    expect(segs.map((s) => [s.name, s.from, s.to, s.carried])).toEqual([
      ['Winter', 0, dayOfYear(4, 1), true],
      ['Summer', dayOfYear(4, 1), dayOfYear(10, 1), false],
      ['Winter', dayOfYear(10, 1), 366, false],
    ]);
  });
  it('counts days of a leap year so 29 February has a place', () => {
    expect(dayOfYear(1, 1)).toBe(0);
    expect(dayOfYear(2, 29)).toBe(59);
    expect(dayOfYear(3, 1)).toBe(60);
    expect(dayOfYear(12, 31)).toBe(365);
  });
});
