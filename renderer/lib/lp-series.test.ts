import { describe, expect, it } from 'vitest';
import type { LoadProfileView } from '../../contract';
import { buildSeries, flaggedInView, presetRange, yRangeInView } from './lp-series';

function profile(starts: string[], status: (i: number) => string = () => '00'): LoadProfileView {
  return {
    profile: 1,
    periodMinutes: 15,
    channels: [
      { obis: '1.29.0', unit: 'kWh', description: null },
      { obis: '2.29.0', unit: 'kWh', description: 'export' },
    ],
    intervals: starts.map((s, i) => {
      const start = Date.parse(s);
      return {
        startUtc: new Date(start).toISOString(),
        endUtc: new Date(start + 900_000).toISOString(),
        startLocal: s.slice(0, 19),
        dst: false,
        status: status(i),
        values: [i, i === 1 ? null : 0.5],
      };
    }),
  };
}

describe('load-profile series', () => {
  it('keeps values and zeros, breaks the line at a gap and counts the missing intervals', () => {
    const s = buildSeries(profile(['2026-01-01T00:00:00Z', '2026-01-01T00:15:00Z', '2026-01-01T01:00:00Z']), 'UTC', 'ISK');
    expect(s.channels[0]!.points).toEqual([
      { x: Date.parse('2026-01-01T00:00:00Z'), y: 0 },
      { x: Date.parse('2026-01-01T00:15:00Z'), y: 1 },
      { x: Date.parse('2026-01-01T00:30:00Z'), y: null },
      { x: Date.parse('2026-01-01T01:00:00Z'), y: 2 },
    ]);
    expect(s.channels[1]!.points[1]).toEqual({ x: Date.parse('2026-01-01T00:15:00Z'), y: null });
    expect(s.channels[1]!.label).toBe('2.29.0 — export (kWh)');
    expect(s.units).toEqual(['kWh']);
    expect(s.missing).toBe(2);
    expect(s.fromMs).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(s.toMs).toBe(Date.parse('2026-01-01T01:15:00Z'));
    expect(yRangeInView(s, 'kWh', s.fromMs, s.toMs)).toEqual({ min: 0, max: 2.1 });
    expect(yRangeInView(s, 'kWh', Date.parse('2026-01-01T00:20:00Z'), Date.parse('2026-01-01T00:40:00Z'))).toEqual({ min: 0, max: 1.05 });
    expect(yRangeInView(s, 'kvarh', s.fromMs, s.toMs)).toBeNull();
  });

  it('lists flagged intervals in words and finds those in view', () => {
    const starts = Array.from({ length: 96 * 3 }, (_, i) => new Date(Date.parse('2026-03-28T00:00:00Z') + i * 900_000).toISOString());
    const s = buildSeries(profile(starts, (i) => (i % 96 === 5 ? '40' : '00')), 'Europe/London', 'GEC');
    expect(s.flagged.map((f) => f.words)).toEqual(['phase failure (status 40)', 'phase failure (status 40)', 'phase failure (status 40)']);
    expect(s.days).toHaveLength(3);
    expect(s.dst.map((d) => d.words)).toEqual(['Clocks forward 1 h (01:00 → 02:00)']);
    expect(flaggedInView(s.flagged, Date.parse('2026-03-29T00:00:00Z'), Date.parse('2026-03-29T23:00:00Z')).map((f) => f.index)).toEqual([101]);
    expect(presetRange(s, 'day')).toEqual({ min: s.toMs - 86_400_000, max: s.toMs });
    expect(presetRange(s, 'all')).toEqual({ min: s.fromMs, max: s.toMs });
  });

  it('prepares a year of 15-minute intervals × 8 channels', () => {
    const n = 365 * 96;
    const t0 = Date.parse('2025-01-01T00:00:00Z');
    const big: LoadProfileView = {
      profile: 1,
      periodMinutes: 15,
      channels: Array.from({ length: 8 }, (_, c) => ({ obis: `1.29.${c}`, unit: 'kWh', description: null })),
      intervals: Array.from({ length: n }, (_, i) => ({
        startUtc: new Date(t0 + i * 900_000).toISOString(),
        endUtc: new Date(t0 + (i + 1) * 900_000).toISOString(),
        startLocal: '',
        dst: false,
        status: '00',
        values: Array.from({ length: 8 }, () => 1),
      })),
    };
    const s = buildSeries(big, 'Europe/London', 'ISK');
    expect(s.channels).toHaveLength(8);
    expect(s.channels.every((c) => c.points.length === n)).toBe(true);
    expect(s.dst).toHaveLength(2);
    expect(s.days).toHaveLength(365);
  });
});
