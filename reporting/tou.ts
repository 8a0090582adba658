/**
 * The load-profile method of a billing report: energy per rate and maximum demand per rate from an interval series
 * and the tariff schemes in force over the period (one "piece" per scheme version; a scheme change mid-period gives
 * two pieces, each computed with its own version).
 *
 * - Each interval is attributed to the rate in force at the interval's START (reference billing-and-balances.md
 *   "Registers vs load profile"), from schemes/rate-timeline.ts `RateTimeline` in the meter's zone — the same code
 *   the year simulator and the meter emulator use, so DST gaps and the repeated hour follow the scheme's policy.
 * - Maximum demand (reference "Maximum demand"): the highest average power over one integration period — block
 *   windows, or sliding windows advancing by period ÷ sub-intervals — built from whole load-profile intervals,
 *   per rate (the rate in force at the window's start), stamped with the window's END. A window with a missing
 *   interval is not evaluated (counted in `windowsSkipped`): a gap never yields a demand.
 * Pure.
 */
import type { TariffScheme } from '../schemes/model';
import { RateTimeline } from '../schemes/rate-timeline';
import { indexRange, type IntervalGrid, type Series } from './series';

/** A scheme version in force from `fromMs` (UTC ms) until the next assignment. */
export interface SchemeAssignment {
  readonly fromMs: number;
  readonly scheme: TariffScheme;
  /** Plain label, e.g. `HT/NT (DE-HTNT) store version 3`. */
  readonly label: string;
}

/** Part of the period under one scheme version (or under none: `scheme` null). */
export interface TariffPiece {
  readonly fromMs: number;
  readonly toMs: number;
  readonly scheme: TariffScheme | null;
  readonly label: string;
  readonly timeline: RateTimeline | null;
}

/**
 * The pieces of [fromMs, toMs): each assignment is in force from its `fromMs` until the next one's; before the
 * first assignment there is no scheme (a piece with `scheme` null). Assignments need not be sorted.
 * @throws RangeError from RateTimeline for an unknown zone.
 */
export function tariffPieces(assignments: readonly SchemeAssignment[], fromMs: number, toMs: number, zone: string): TariffPiece[] {
  const sorted = [...assignments].sort((a, b) => a.fromMs - b.fromMs);
  const out: TariffPiece[] = [];
  const firstFrom = sorted[0]?.fromMs ?? Infinity;
  if (firstFrom > fromMs) out.push({ fromMs, toMs: Math.min(toMs, firstFrom), scheme: null, label: 'no tariff scheme recorded', timeline: null });
  sorted.forEach((a, i) => {
    const a0 = Math.max(fromMs, a.fromMs);
    const a1 = Math.min(toMs, sorted[i + 1]?.fromMs ?? Infinity);
    if (a1 > a0) out.push({ fromMs: a0, toMs: a1, scheme: a.scheme, label: a.label, timeline: new RateTimeline(a.scheme, zone) });
  });
  return out;
}

/**
 * The rate in force at the START of every interval of `grid` that falls in one of `pieces` (0 in a piece without a
 * scheme, -1 outside every piece). Built from the timelines' runs, so it costs per rate change, not per interval.
 */
export function ratesOnGrid(grid: IntervalGrid, pieces: readonly TariffPiece[]): Int32Array {
  const out = new Int32Array(grid.count).fill(-1);
  for (const p of pieces) {
    const [i0, i1] = indexRange(grid, p.fromMs, p.toMs);
    if (p.timeline === null) {
      out.fill(0, i0, i1);
      continue;
    }
    for (const [from, to, rate] of p.timeline.segments(p.fromMs, p.toMs)) {
      const [a, b] = indexRange(grid, from, to);
      out.fill(rate, Math.max(a, i0), Math.min(b, i1));
    }
  }
  return out;
}

/** Figures of one rate within one piece. Energies kWh (or the family's kilo-unit), demand kW. */
export interface RateFigures {
  readonly rate: number;
  readonly name: string;
  readonly energy: number;
  /** Intervals present / missing that fall in this rate. */
  readonly intervals: number;
  readonly missing: number;
  /** Highest window demand, or null when no complete window fell in this rate. */
  readonly maxDemand: number | null;
  /** End of that window, UTC ms. */
  readonly maxDemandAtMs: number | null;
}

/** How maximum demand windows are formed. */
export interface DemandWindows {
  readonly periodMinutes: number;
  /** 1 = block demand; n > 1 = sliding windows advancing by period ÷ n. */
  readonly subIntervals: number;
}

/** Figures of one piece. `rates` in rate-number order; a piece without scheme has one pseudo-rate 0 "all". */
export interface PieceFigures {
  readonly piece: TariffPiece;
  readonly rates: readonly RateFigures[];
  readonly windowsSkipped: number;
  /** Why the demand windows differ from the scheme's (LP period does not divide them), or null. */
  readonly demandNote: string | null;
}

/** Demand windows of a piece: the scheme's MD settings when the LP period divides the step, else the LP period. */
export function demandWindows(scheme: TariffScheme | null, lpPeriodMinutes: number): { windows: DemandWindows; note: string | null } {
  const md = scheme?.maximumDemand;
  if (!md) return { windows: { periodMinutes: lpPeriodMinutes, subIntervals: 1 }, note: null };
  const sub = md.method === 'sliding' ? md.subIntervals : 1;
  const step = md.integrationPeriodMinutes / sub;
  if (Number.isInteger(step) && step % lpPeriodMinutes === 0) return { windows: { periodMinutes: md.integrationPeriodMinutes, subIntervals: sub }, note: null };
  return {
    windows: { periodMinutes: lpPeriodMinutes, subIntervals: 1 },
    note: `The scheme's ${md.method} demand over ${md.integrationPeriodMinutes} min cannot be built from ${lpPeriodMinutes}-minute load-profile intervals: maximum demand is shown per ${lpPeriodMinutes}-minute interval.`,
  };
}

/**
 * Energy and maximum demand per rate of `s` (energy per interval, NaN = missing) over each piece.
 * Demand = window energy ÷ window hours, in the energy's kilo-unit per hour (kWh → kW).
 */
export function figuresByRate(s: Series, pieces: readonly TariffPiece[], rates: Int32Array = ratesOnGrid(s.grid, pieces)): PieceFigures[] {
  const { startMs, periodMs } = s.grid;
  const lpMinutes = periodMs / 60_000;
  return pieces.map((piece) => {
    const [i0, i1] = indexRange(s.grid, piece.fromMs, piece.toMs);
    const acc = new Map<number, { energy: number; intervals: number; missing: number; md: number | null; at: number | null }>();
    const bucket = (rate: number) => {
      let b = acc.get(rate);
      if (!b) acc.set(rate, (b = { energy: 0, intervals: 0, missing: 0, md: null, at: null }));
      return b;
    };
    for (let i = i0; i < i1; i++) {
      const b = bucket(rates[i]!);
      const v = s.values[i]!;
      if (Number.isNaN(v)) b.missing++;
      else {
        b.energy += v;
        b.intervals++;
      }
    }
    const { windows, note } = demandWindows(piece.scheme, lpMinutes);
    const per = windows.periodMinutes / lpMinutes;
    const step = per / windows.subIntervals;
    const hours = windows.periodMinutes / 60;
    let skipped = 0;
    for (let w = i0; w + per <= i1; w += step) {
      let sum = 0;
      for (let j = w; j < w + per; j++) sum += s.values[j]!;
      if (Number.isNaN(sum)) {
        skipped++;
        continue;
      }
      const demand = sum / hours;
      const b = bucket(rates[w]!);
      if (b.md === null || demand > b.md) {
        b.md = demand;
        b.at = startMs + (w + per) * periodMs;
      }
    }
    const names = new Map((piece.scheme?.rates ?? []).map((r) => [r.number, r.name]));
    for (const r of piece.scheme?.rates ?? []) bucket(r.number);
    const list = [...acc.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([rate, b]) => ({
        rate, name: piece.timeline === null ? 'all' : names.get(rate) ?? `T${rate}`, energy: b.energy, intervals: b.intervals, missing: b.missing,
        maxDemand: b.md, maxDemandAtMs: b.at,
      }));
    return { piece, rates: list, windowsSkipped: skipped, demandNote: note };
  });
}

/** Maximum window demand of a whole series (no rates): the MD of an aggregate from its own interval series. */
export function maxDemandOf(s: Series, windows: DemandWindows): { value: number | null; atMs: number | null } {
  const lpMinutes = s.grid.periodMs / 60_000;
  const per = Math.max(1, Math.round(windows.periodMinutes / lpMinutes));
  const step = Math.max(1, Math.round(per / windows.subIntervals));
  let best: { value: number | null; atMs: number | null } = { value: null, atMs: null };
  for (let w = 0; w + per <= s.values.length; w += step) {
    let sum = 0;
    for (let j = w; j < w + per; j++) sum += s.values[j]!;
    if (Number.isNaN(sum)) continue;
    const d = sum / ((per * lpMinutes) / 60);
    if (best.value === null || d > best.value) best = { value: d, atMs: s.grid.startMs + (w + per) * s.grid.periodMs };
  }
  return best;
}
