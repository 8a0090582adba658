/**
 * Parts every report shares: the local day and hour of each interval (DST-correct, computed once per grid), gaps in
 * words, the day × hour heat map, and the SHA-256 of the figures that makes a re-run comparable.
 */
import { createHash } from 'node:crypto';
import type { GapView, HeatMapView, Report } from '../../contract/reports';
import { localDays, localIso, offsetMinutes, type LocalDay, type ReportPeriod } from '../../reporting/periods';
import { gapsOf, round, type IntervalGrid, type Series } from '../../reporting/series';

/** At most this many gaps are listed in a report (all are counted). */
export const MAX_LISTED_GAPS = 200;

/**
 * For each interval of `grid`: local day index (into `days`) × 24 + local hour, by the zone's offset at the start
 * of the interval's UTC hour (intervals of ≤ 60 minutes never straddle an offset change, which happens on the hour
 * or half hour). −1 for an interval outside the days.
 */
export function cellsOf(grid: IntervalGrid, days: readonly LocalDay[], zone: string): Int32Array {
  const out = new Int32Array(grid.count).fill(-1);
  const offsets = new Map<number, number>();
  let d = 0;
  for (let i = 0; i < grid.count; i++) {
    const t = grid.startMs + i * grid.periodMs;
    while (d < days.length && t >= days[d]!.toMs) d++;
    if (d >= days.length || t < days[d]!.fromMs) continue;
    const hourKey = Math.floor(t / 1_800_000);
    let off = offsets.get(hourKey);
    if (off === undefined) offsets.set(hourKey, (off = offsetMinutes(hourKey * 1_800_000, zone)));
    const wall = t + off * 60_000;
    const hour = Math.floor(((wall % 86_400_000) + 86_400_000) % 86_400_000 / 3_600_000);
    out[i] = d * 24 + hour;
  }
  return out;
}

/** Day × hour sums of several series; a cell with any missing interval is null (never a smaller number). */
export class HeatMap {
  private readonly sum: Float64Array;
  private readonly missing: Uint8Array;
  private readonly seen: Uint8Array;

  constructor(readonly days: readonly LocalDay[]) {
    this.sum = new Float64Array(days.length * 24);
    this.missing = new Uint8Array(days.length * 24);
    this.seen = new Uint8Array(days.length * 24);
  }

  /** Add intervals [i0, i1) of `s` (cells from {@link cellsOf} of the same grid). */
  add(s: Series, cells: Int32Array, i0 = 0, i1 = s.values.length): void {
    for (let i = i0; i < i1; i++) {
      const c = cells[i]!;
      if (c < 0) continue;
      const v = s.values[i]!;
      this.seen[c] = 1;
      if (v !== v) this.missing[c] = 1;
      else this.sum[c]! += v;
    }
  }

  view(): HeatMapView {
    return {
      days: this.days.map((d, k) => ({
        date: d.date,
        values: Array.from({ length: 24 }, (_, h) => {
          const c = k * 24 + h;
          return this.seen[c] === 0 || this.missing[c] === 1 ? null : round(this.sum[c]!, 3);
        }),
      })),
    };
  }
}

/** Gaps of intervals [i0, i1) of `s`, in words, for source `source`. */
export function gapViews(s: Series, source: string, zone: string, i0 = 0, i1 = s.values.length): GapView[] {
  const sub: Series = { grid: { ...s.grid, startMs: s.grid.startMs + i0 * s.grid.periodMs, count: i1 - i0 }, values: s.values.subarray(i0, i1) };
  return gapsOf(sub).map((g) => ({
    source, fromUtc: new Date(g.fromMs).toISOString(), toUtc: new Date(g.toMs).toISOString(), fromLocal: localIso(g.fromMs, zone), toLocal: localIso(g.toMs, zone), intervals: g.intervals,
  }));
}

/** Canonical JSON (sorted keys) of a value. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** SHA-256 (hex) of a report's figures: everything but runId, generatedUtc, generatedBy and figuresSha256. */
export function figuresHash(r: Omit<Report, 'figuresSha256'> | Report): string {
  const { runId: _r, generatedUtc: _g, generatedBy: _b, ...rest } = r as Report;
  const figures = { ...rest } as Record<string, unknown>;
  delete figures.figuresSha256;
  return createHash('sha256').update(canonicalJson(figures)).digest('hex');
}

/** The local days of a period (re-exported for the report builders). */
export { localDays, type ReportPeriod };

/** Local ISO time (with offset) of `ms` or null. */
export const localOrNull = (ms: number | null, zone: string): string | null => (ms === null ? null : localIso(ms, zone));
