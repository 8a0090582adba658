/**
 * One local day of a year simulation as runs of rates along the wall clock, for the UI's per-day strip.
 * On the spring-forward day the runs jump over the gap (e.g. …–02:00 then 03:00–…); on the fall-back day the
 * repeated range appears twice, its runs marked `pass: 1` and `pass: 2` (in time order, so pass 2 follows pass 1
 * even though its wall-clock times are earlier). Pure function of a {@link YearSimulation}.
 */
import { DAY_MS, MINUTE_MS } from './zone-clock';
import { wallTime } from './rate-timeline';
import type { YearSimulation } from './simulate';

/** A run of one rate on the local wall clock of one day. `toLocal` may be "24:00". */
export interface DayStripRun {
  readonly fromLocal: string;
  readonly toLocal: string;
  readonly rate: number;
  /** Only inside a repeated (clocks-back) range: the first or the second pass. */
  readonly pass?: 1 | 2;
}

/**
 * The runs of local date `date` (`YYYY-MM-DD`) of `sim`, at the simulation's interval resolution.
 * @throws RangeError when `date` is not a day of the simulated year.
 */
export function dayStrip(sim: YearSimulation, date: string): DayStripRun[] {
  const day = sim.days.find((d) => d.date === date);
  if (day === undefined) throw new RangeError(`${date} is not a day of the simulated year ${sim.year}.`);
  const offsets = sim.offsets.map((o) => ({ from: Date.parse(o.fromUtc), offsetMs: o.offsetMinutes * MINUTE_MS }));
  // Repeated ranges: [change − d, change) is pass 1 and [change, change + d) pass 2 for a change back by d.
  const repeats: Array<{ at: number; ms: number }> = [];
  for (let i = 1; i < offsets.length; i++) {
    const d = offsets[i - 1]!.offsetMs - offsets[i]!.offsetMs;
    if (d > 0) repeats.push({ at: offsets[i]!.from, ms: d });
  }
  const stepMs = sim.intervalMinutes * MINUTE_MS;
  const startMs = Date.parse(sim.startUtc);
  const endMs = Date.parse(sim.endUtc);
  const midnight = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const runs: Array<{ from: number; to: number; rate: number; pass: 1 | 2 | undefined }> = [];
  for (let k = day.firstInterval; k < day.firstInterval + day.intervals; k++) {
    const t = startMs + k * stepMs;
    let offsetMs = offsets[0]!.offsetMs;
    for (const o of offsets) if (o.from <= t) offsetMs = o.offsetMs;
    const from = (t + offsetMs - midnight) / MINUTE_MS;
    const to = Math.min(from + sim.intervalMinutes, from + (endMs - t) / MINUTE_MS, DAY_MS / MINUTE_MS);
    let pass: 1 | 2 | undefined;
    for (const r of repeats) {
      if (t >= r.at - r.ms && t < r.at) pass = 1;
      else if (t >= r.at && t < r.at + r.ms) pass = 2;
    }
    const rate = sim.rates[k]!;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.rate === rate && last.pass === pass && last.to === from) last.to = to;
    else runs.push({ from, to, rate, pass });
  }
  return runs.map((r) => ({ fromLocal: wallTime(r.from), toLocal: wallTime(r.to), rate: r.rate, ...(r.pass === undefined ? {} : { pass: r.pass }) }));
}
