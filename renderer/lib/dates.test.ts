import { describe, it, expect } from 'vitest';
import { dayEndUtc, dayRange, dayStartUtc } from './dates';

describe('day ranges in the workstation time zone', () => {
  it('turns a calendar day into UTC instants of its local midnight', () => {
    expect(dayStartUtc('2026-07-10', 'Europe/Berlin')).toBe('2026-07-09T22:00:00.000Z');
    expect(dayEndUtc('2026-07-10', 'Europe/Berlin')).toBe('2026-07-10T22:00:00.000Z');
    expect(dayStartUtc('', 'UTC')).toBeNull();
    expect(dayStartUtc('2026-02-30', 'UTC')).toBeNull();
  });

  it('covers a 23 h and a 25 h DST day whole', () => {
    const spring = dayRange('2026-03-29', '2026-03-29', 'Europe/London');
    expect(spring).toEqual({ fromUtc: '2026-03-29T00:00:00.000Z', toUtc: '2026-03-29T23:00:00.000Z', error: null });
    const autumn = dayRange('2026-10-25', '2026-10-25', 'Europe/London');
    expect(Date.parse(autumn.toUtc ?? '') - Date.parse(autumn.fromUtc ?? '')).toBe(25 * 3600_000);
  });

  it('leaves open bounds out and reports an inverted range', () => {
    expect(dayRange('', '', 'UTC')).toEqual({ error: null });
    expect(dayRange('2026-03-02', '2026-03-01', 'UTC').error).toMatch(/before/);
  });
});
