/**
 * Interval series: values on a regular grid of UTC intervals, a missing interval as NaN (a gap, never a zero;
 * reference billing-and-balances.md "Coverage"). Aligning, scaling, adding, coverage and gaps. Pure.
 */
import { PeriodError } from './periods';

/** A regular grid: `count` intervals of `periodMs` from `startMs` (UTC ms). Interval i = [start + i·p, start + (i+1)·p). */
export interface IntervalGrid {
  readonly startMs: number;
  readonly periodMs: number;
  readonly count: number;
}

/** Values on a grid; NaN = missing. Units are the caller's (reports use kWh per interval). */
export interface Series {
  readonly grid: IntervalGrid;
  readonly values: Float64Array;
}

/** The grid of [fromMs, toMs) in steps of `periodMinutes` (toMs − fromMs must be a multiple). @throws PeriodError. */
export function gridOf(fromMs: number, toMs: number, periodMinutes: number): IntervalGrid {
  const periodMs = periodMinutes * 60_000;
  if (!(periodMinutes > 0) || (toMs - fromMs) % periodMs !== 0) {
    throw new PeriodError(`The period (${(toMs - fromMs) / 60_000} minutes) is not a whole number of ${periodMinutes}-minute intervals.`);
  }
  return { startMs: fromMs, periodMs, count: (toMs - fromMs) / periodMs };
}

/** A series on `grid` with every interval missing. */
export function emptySeries(grid: IntervalGrid): Series {
  return { grid, values: new Float64Array(grid.count).fill(NaN) };
}

/** End of the grid, UTC ms. */
export const gridEnd = (g: IntervalGrid): number => g.startMs + g.count * g.periodMs;

/**
 * `target += k × source` interval by interval, where both are on the same grid. A missing interval on either side
 * makes the target's interval missing (a sum with a gap is unknown, never a smaller number).
 */
export function addScaledInto(target: Float64Array, source: Float64Array, k: number): void {
  for (let i = 0; i < target.length; i++) target[i] = target[i]! + k * source[i]!;
}

/**
 * `s` on a coarser grid of `periodMinutes` (a multiple of the series' period): each coarse interval is the sum of
 * its fine intervals, missing when any of them is missing. @throws PeriodError when the periods do not nest.
 */
export function coarsen(s: Series, periodMinutes: number): Series {
  const periodMs = periodMinutes * 60_000;
  const f = s.grid.periodMs;
  if (periodMs === f) return s;
  if (periodMs % f !== 0) throw new PeriodError(`${f / 60_000}-minute intervals cannot be summed into ${periodMinutes}-minute intervals.`);
  const n = periodMs / f;
  const grid = gridOf(s.grid.startMs, gridEnd(s.grid), periodMinutes);
  const values = new Float64Array(grid.count);
  for (let i = 0; i < grid.count; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += s.values[i * n + j]!;
    values[i] = sum;
  }
  return { grid, values };
}

/** The smallest period (minutes) every one of `periods` divides, capped at 60; null when none ≤ 60 exists. */
export function commonPeriod(periods: readonly number[]): number | null {
  const max = Math.max(...periods);
  for (let p = max; p <= 60; p++) if (60 % p === 0 && periods.every((x) => p % x === 0)) return p;
  return null;
}

/** Present and expected interval counts and the share present (0…1; 1 for an empty grid). */
export interface Coverage {
  readonly present: number;
  readonly expected: number;
  readonly share: number;
}

/** Coverage of `values` (indices [from, to) when given). */
export function coverageOf(values: Float64Array, from = 0, to = values.length): Coverage {
  let present = 0;
  for (let i = from; i < to; i++) if (!Number.isNaN(values[i]!)) present++;
  const expected = to - from;
  return { present, expected, share: expected === 0 ? 1 : present / expected };
}

/** A run of missing intervals [fromMs, toMs). */
export interface Gap {
  readonly fromMs: number;
  readonly toMs: number;
  readonly intervals: number;
}

/** Runs of missing intervals of `s`, in time order. */
export function gapsOf(s: Series): Gap[] {
  const out: Gap[] = [];
  const { startMs, periodMs } = s.grid;
  let open = -1;
  for (let i = 0; i <= s.values.length; i++) {
    const missing = i < s.values.length && Number.isNaN(s.values[i]!);
    if (missing && open < 0) open = i;
    if (!missing && open >= 0) {
      out.push({ fromMs: startMs + open * periodMs, toMs: startMs + i * periodMs, intervals: i - open });
      open = -1;
    }
  }
  return out;
}

/** Σ of the present values of `values` in [from, to) (gaps skipped: pair it with coverageOf). */
export function sumPresent(values: Float64Array, from = 0, to = values.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) sum += v;
  }
  return sum;
}

/** Index range [from, to) of the grid intervals whose START lies in [fromMs, toMs). */
export function indexRange(g: IntervalGrid, fromMs: number, toMs: number): [number, number] {
  const clamp = (i: number) => Math.min(g.count, Math.max(0, i));
  return [clamp(Math.ceil((fromMs - g.startMs) / g.periodMs)), clamp(Math.ceil((toMs - g.startMs) / g.periodMs))];
}

/** Round half away from zero to `decimals` (figures in reports are rounded once, at the end). */
export function round(v: number, decimals = 3): number {
  if (!Number.isFinite(v)) return v;
  const k = 10 ** decimals;
  const r = Math.round(Math.abs(v) * k) / k;
  return v < 0 && r !== 0 ? -r : r;
}
