import { describe, it, expect } from 'vitest';
import { formatInstant, formatInstantShort, formatMeterLocal, isFlaggedStatus } from './format';

describe('display formats', () => {
  it('shows a UTC instant in the reading time zone, DST included', () => {
    expect(formatInstant('2026-01-10T09:00:00.000Z', 'Europe/London')).toBe('2026-01-10 09:00:00 (UTC+00:00)');
    expect(formatInstant('2026-07-10T09:00:00.000Z', 'Europe/London')).toBe('2026-07-10 10:00:00 (UTC+01:00)');
    expect(formatInstant('2026-07-10T09:00:00.000Z', 'America/New_York')).toBe('2026-07-10 05:00:00 (UTC-04:00)');
    expect(formatInstant('not a time', 'Europe/London')).toBe('not a time');
    expect(formatInstantShort('2026-07-10T09:00:00.000Z', 'Europe/London')).toBe('2026-07-10 10:00:00');
    expect(formatInstantShort('2026-10-25T01:30:00.000Z', 'Europe/London')).toBe('2026-10-25 01:30:00');
  });

  it('shows meter wall-clock time as sent, without shifting it', () => {
    expect(formatMeterLocal('2017-03-10T09:30:00')).toBe('2017-03-10 09:30');
    expect(formatMeterLocal('2017-03-10T09:30:15')).toBe('2017-03-10 09:30:15');
  });

  it('flags any non-zero status word', () => {
    expect(isFlaggedStatus('00')).toBe(false);
    expect(isFlaggedStatus('0000')).toBe(false);
    expect(isFlaggedStatus('08')).toBe(true);
    expect(isFlaggedStatus('80')).toBe(true);
  });
});
