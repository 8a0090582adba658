/**
 * Balances over the place hierarchy (reference billing-and-balances.md "Balances and losses"): per interval and per
 * period, input meter(s) − Σ downstream meters = losses, as energy and % of the input. A missing interval of any
 * meter makes that side of the interval unknown (never a zero): the interval's balance is left out and counted, and
 * every figure carries its coverage.
 *
 * The accumulators are flat typed arrays so a 1 000-meter feeder over a year (35 M intervals) is summed in one pass
 * without allocating per interval (bench/report.ts). Pure.
 */
import { round } from './series';

/** Sums and missing counts per interval of one side (input or downstream) of a balance. */
export interface SideAccumulator {
  readonly sum: Float64Array;
  /** Number of meters of this side whose interval is missing. */
  readonly missing: Int32Array;
  /** Meters on this side. */
  meters: number;
  /** Meter-intervals present on this side (for its coverage). */
  present: number;
}

/** A new side of `count` intervals. */
export function newSide(count: number): SideAccumulator {
  return { sum: new Float64Array(count), missing: new Int32Array(count), meters: 0, present: 0 };
}

/**
 * Add `values[from, to)` × `factor` into `side` at interval `offset` (the first value lands at `side.sum[offset]`).
 * NaN values count as missing. Call once per meter per block of values; then count the meter with {@link addMeter}.
 * Returns how many values were present.
 */
export function accumulate(side: SideAccumulator, offset: number, values: ArrayLike<number>, from: number, to: number, factor: number): number {
  const { sum, missing } = side;
  let present = 0;
  for (let i = from, j = offset; i < to; i++, j++) {
    const v = values[i]!;
    if (v !== v) missing[j]!++;
    else {
      sum[j]! += v * factor;
      present++;
    }
  }
  side.present += present;
  return present;
}

/** Mark `count` intervals [offset, offset+count) missing for one meter (no data stored there at all). */
export function markMissing(side: SideAccumulator, offset: number, count: number): void {
  for (let j = offset; j < offset + count; j++) side.missing[j]!++;
}

/** Count one more meter on `side`. */
export function addMeter(side: SideAccumulator): void {
  side.meters++;
}

/** Balance of one interval: values or null when unknown (a meter's interval is missing). */
export interface BalanceInterval {
  readonly input: number | null;
  readonly downstream: number | null;
  readonly difference: number | null;
  /** Difference as % of the input (null when unknown or the input is 0). */
  readonly percent: number | null;
  /** Meters missing on each side. */
  readonly inputMissing: number;
  readonly downstreamMissing: number;
}

/** Interval `i` of a balance. */
export function balanceAt(input: SideAccumulator, down: SideAccumulator, i: number): BalanceInterval {
  const inOk = input.meters > 0 && input.missing[i] === 0;
  const downOk = down.missing[i] === 0;
  const a = inOk ? input.sum[i]! : null;
  const b = downOk ? down.sum[i]! : null;
  const d = a !== null && b !== null ? a - b : null;
  return {
    input: a, downstream: b, difference: d, percent: d !== null && a !== null && a !== 0 ? (100 * d) / a : null,
    inputMissing: input.missing[i]!, downstreamMissing: down.missing[i]!,
  };
}

/** A balance over a run of intervals (a day, the whole period). Energies in kWh, rounded to Wh. */
export interface BalanceTotals {
  /** Intervals in the run, and those where every meter on both sides is present (the balance counts only these). */
  readonly intervals: number;
  readonly completeIntervals: number;
  /** Σ over complete intervals. Null when there is none. */
  readonly input: number | null;
  readonly downstream: number | null;
  readonly difference: number | null;
  readonly percent: number | null;
  /** Σ of every present value on each side (complete or not), with the share of meter-intervals present. */
  readonly inputAll: number;
  readonly inputCoverage: number;
  readonly downstreamAll: number;
  readonly downstreamCoverage: number;
}

/** Totals over intervals [from, to). */
export function balanceTotals(input: SideAccumulator, down: SideAccumulator, from: number, to: number): BalanceTotals {
  let a = 0;
  let b = 0;
  let complete = 0;
  let aAll = 0;
  let bAll = 0;
  let aMiss = 0;
  let bMiss = 0;
  for (let i = from; i < to; i++) {
    const ia = input.missing[i]!;
    const ib = down.missing[i]!;
    aAll += input.sum[i]!;
    bAll += down.sum[i]!;
    aMiss += ia;
    bMiss += ib;
    if (ia === 0 && ib === 0 && input.meters > 0) {
      a += input.sum[i]!;
      b += down.sum[i]!;
      complete++;
    }
  }
  const n = to - from;
  const share = (meters: number, missing: number) => (meters === 0 || n === 0 ? 0 : (meters * n - missing) / (meters * n));
  const d = a - b;
  return {
    intervals: n,
    completeIntervals: complete,
    input: complete === 0 ? null : round(a, 3),
    downstream: complete === 0 ? null : round(b, 3),
    difference: complete === 0 ? null : round(d, 3),
    percent: complete === 0 || a === 0 ? null : round((100 * d) / a, 3),
    inputAll: round(aAll, 3),
    inputCoverage: round(share(input.meters, aMiss), 6),
    downstreamAll: round(bAll, 3),
    downstreamCoverage: round(share(down.meters, bMiss), 6),
  };
}
