import { describe, it, expect } from 'vitest';
import { newScheme } from '../../schemes/model';
import { simulateYear } from '../../schemes/simulate';
import { dayStrip } from '../../schemes/day-strip';
import { heatColumns, stripLayout, wallMinutes } from './heatmap';

describe('year heat-map geometry', () => {
  const sim = simulateYear(newScheme('DN1', 'Day/night', 'A1140', 'Europe/Berlin'), 2027, 'Europe/Berlin');
  const cols = heatColumns(sim);
  const on = (date: string) => cols[sim.days.findIndex((d) => d.date === date)]!;
  const covered = (runs: { from: number; to: number }[]) => runs.reduce((k, r) => k + r.to - r.from, 0);

  it('has one column per local day, each covering the whole wall-clock day on ordinary days', () => {
    expect(cols).toHaveLength(365);
    expect(covered(on('2027-01-05'))).toBe(1440);
    // A Tuesday: night until 07:00, day until 23:00, night after.
    expect(on('2027-01-05').map((r) => [r.from, r.to, r.rate])).toEqual([[0, 420, 2], [420, 1380, 1], [1380, 1440, 2]]);
  });
  it('leaves the spring gap empty and draws the repeated autumn hour once', () => {
    expect(covered(on('2027-03-28'))).toBe(1380);
    expect(covered(on('2027-10-31'))).toBe(1440);
  });
  it('lays a 25-hour day out in real time', () => {
    const strip = stripLayout(dayStrip(sim, '2027-10-31'));
    expect(strip.reduce((k, r) => k + r.minutes, 0)).toBe(25 * 60);
    expect(strip[strip.length - 1]!.start + strip[strip.length - 1]!.width).toBeCloseTo(1, 9);
    expect(wallMinutes('24:00')).toBe(1440);
  });
});
