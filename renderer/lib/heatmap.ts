/**
 * Geometry of the simulation's year heat-map (pure, unit-tested): for each local day of a year simulation
 * (schemes/simulate.ts) the runs of rates along the local wall clock (x = day of year, y = minute of day). The
 * spring-forward gap has no runs (it stays empty on the map); in the repeated autumn range only the first pass
 * is drawn (the day strip shows both passes).
 */
import { dayStrip, type DayStripRun } from '../../schemes/day-strip';
import type { YearSimulation } from '../../schemes/simulate';

/** `hh:mm` (up to `24:00`) → minutes after local midnight. */
export function wallMinutes(text: string): number {
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

/** One run of the map: local minutes [from, to) of one day, and its rate. */
export interface HeatRun {
  readonly from: number;
  readonly to: number;
  readonly rate: number;
}

/** Per day of `sim` (same order as `sim.days`), the runs to draw. */
export function heatColumns(sim: YearSimulation): HeatRun[][] {
  return sim.days.map((d) =>
    dayStrip(sim, d.date)
      .filter((r) => r.pass !== 2)
      .map((r) => ({ from: wallMinutes(r.fromLocal), to: wallMinutes(r.toLocal), rate: r.rate })),
  );
}

/** A run of the day strip laid out in real time: its share of the day's real length (0…1) from `start`. */
export interface StripRun extends DayStripRun {
  readonly start: number;
  readonly width: number;
  readonly minutes: number;
}

/** The runs of `runs` placed one after the other by their real duration (a 25-hour day is 25 hours wide). */
export function stripLayout(runs: readonly DayStripRun[]): StripRun[] {
  const lengths = runs.map((r) => wallMinutes(r.toLocal) - wallMinutes(r.fromLocal));
  const total = lengths.reduce((a, b) => a + b, 0) || 1;
  let at = 0;
  return runs.map((r, i) => {
    const out = { ...r, start: at / total, width: lengths[i]! / total, minutes: lengths[i]! };
    at += lengths[i]!;
    return out;
  });
}
