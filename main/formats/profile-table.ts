/**
 * The load-profile table behind the CSV and XLSX exports: readings grouped by meter, intervals cut to a UTC
 * range, overlapping readings of one meter merged so every interval appears once (the newest reading wins),
 * and the channel columns in a fixed order. Pure functions of `protocol/reading.ts` data.
 * Rules: docs/export-formats.md ("Load-profile CSV").
 */
import type { LoadProfileChannel, LoadProfileInterval, ReadingResult } from '../../protocol/reading';

/** A half-open UTC range [fromUtc, toUtc) of ISO 8601 instants; a missing bound is open. */
export interface TimeRange {
  readonly fromUtc?: string;
  readonly toUtc?: string;
}

/** One interval of the table, with the reading it was taken from. */
export interface ProfileRow {
  readonly reading: ReadingResult;
  readonly interval: LoadProfileInterval;
  /** Interval start and end, epoch milliseconds (UTC). */
  readonly startMs: number;
  readonly endMs: number;
}

/** `YYYY-MM-DDThh:mm:ss[.sss]Z`: the UTC instants of the data model. */
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** Epoch milliseconds of a model UTC instant; RangeError naming `what` when it is not one. */
export function utcMillis(iso: string, what: string): number {
  const ms = UTC_ISO.test(iso) ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${what} "${iso}" is not a UTC time YYYY-MM-DDThh:mm:ss.sssZ`);
  return ms;
}

/** The range as epoch milliseconds (open bounds ±Infinity). RangeError for a bound that is not an ISO instant. */
export function rangeMillis(range: TimeRange = {}): { from: number; to: number } {
  const bound = (s: string | undefined, open: number, what: string) => {
    if (s === undefined) return open;
    const ms = Date.parse(s);
    if (Number.isNaN(ms) || !/T.*(?:Z|[+-]\d{2}:?\d{2})$/.test(s)) throw new RangeError(`${what} "${s}" is not an ISO 8601 instant with Z or an offset`);
    return ms;
  };
  return { from: bound(range.fromUtc, -Infinity, 'The start of the range'), to: bound(range.toUtc, Infinity, 'The end of the range') };
}

/** The key telling meters apart in the table: manufacturer and serial number (a missing serial counts as ''). */
export function meterKey(r: ReadingResult): string {
  return `${r.meter.manufacturer}\u0000${r.meter.serial ?? ''}`;
}

/** Readings grouped by {@link meterKey}, groups in order of first appearance, readings in input order. */
export function groupByMeter(readings: readonly ReadingResult[]): ReadingResult[][] {
  const groups = new Map<string, ReadingResult[]>();
  for (const r of readings) {
    const k = meterKey(r);
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [r]);
    else g.push(r);
  }
  return [...groups.values()];
}

/** Identity of a channel: OBIS code and unit. */
export function channelKey(c: LoadProfileChannel): string {
  return `${c.obis}\u0000${c.unit}`;
}

/** The column header of a channel: `<obis> [<unit>]`, e.g. `1-0:1.29.0 [kWh]`. */
export function channelHeader(c: LoadProfileChannel): string {
  return `${c.obis} [${c.unit}]`;
}

/** Sort key of an OBIS code: the numbers of C.D.E first, then A, B and F (`1-0:1.29.0*255` → [1,29,0,1,0,255]). */
function obisKey(obis: string): number[] {
  const m = /^(?:(\d+)-(\d+):)?([^*]*)(?:\*(\d+))?$/.exec(obis);
  const cde = (m?.[3] ?? obis).match(/\d+/g)?.map(Number) ?? [];
  return [...cde, ...[m?.[1], m?.[2], m?.[4]].map((x) => (x === undefined ? -1 : Number(x)))];
}

/**
 * Channel column order: OBIS codes by their C.D.E numbers (`1.5.0` < `1-0:1.29.0` < `2.5.0`), then A, B, F,
 * then as text, then by unit. Fixed whatever the order of readings, so an export read back and exported
 * again gives the same columns.
 */
export function compareChannels(a: LoadProfileChannel, b: LoadProfileChannel): number {
  const na = obisKey(a.obis);
  const nb = obisKey(b.obis);
  for (let i = 0; i < Math.min(na.length, nb.length); i++) {
    const d = (na[i] ?? 0) - (nb[i] ?? 0);
    if (d !== 0) return d;
  }
  if (na.length !== nb.length) return na.length - nb.length;
  if (a.obis !== b.obis) return a.obis < b.obis ? -1 : 1;
  return a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0;
}

/** True when the interval [startMs, endMs) overlaps the range. */
function inRange(startMs: number, endMs: number, r: { from: number; to: number }): boolean {
  return startMs < r.to && endMs > r.from;
}

/** Intervals of `r` overlapping the range, with their times in milliseconds. RangeError for a bad UTC time. */
function intervalsIn(r: ReadingResult, range: { from: number; to: number }): ProfileRow[] {
  const out: ProfileRow[] = [];
  for (const interval of r.loadProfile?.intervals ?? []) {
    const startMs = utcMillis(interval.startUtc, 'Interval start');
    const endMs = utcMillis(interval.endUtc, 'Interval end');
    if (inRange(startMs, endMs, range)) out.push({ reading: r, interval, startMs, endMs });
  }
  return out;
}

/**
 * The channel columns of a table: every channel of every reading with at least one interval in the range,
 * once, sorted by {@link compareChannels}. RangeError when a reading lists the same channel twice.
 */
export function profileChannels(readings: readonly ReadingResult[], range: TimeRange = {}): LoadProfileChannel[] {
  const ms = rangeMillis(range);
  const seen = new Map<string, LoadProfileChannel>();
  for (const r of readings) {
    const lp = r.loadProfile;
    if (lp === null || intervalsIn(r, ms).length === 0) continue;
    const own = new Set<string>();
    for (const c of lp.channels) {
      const k = channelKey(c);
      if (own.has(k)) throw new RangeError(`The load profile of meter ${r.meter.serial ?? r.meter.identification} lists channel ${channelHeader(c)} twice.`);
      own.add(k);
      if (!seen.has(k)) seen.set(k, { obis: c.obis, unit: c.unit });
    }
  }
  return [...seen.values()].sort(compareChannels);
}

/**
 * The intervals of ONE meter's readings that overlap the range, in UTC order, each time span once:
 * where readings overlap (daily reads with 48 h depth) the interval of the newest reading (latest
 * `session.startedUtc`; on a tie the later one in `readings`) is kept and the others are dropped. Intervals
 * of different capture periods that overlap in part are resolved the same way.
 * @throws RangeError for an interval time that is not a UTC instant.
 */
export function meterProfileRows(readings: readonly ReadingResult[], range: TimeRange = {}): ProfileRow[] {
  const ms = rangeMillis(range);
  const ranked = readings
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.session.startedUtc < b.r.session.startedUtc ? -1 : a.r.session.startedUtc > b.r.session.startedUtc ? 1 : a.i - b.i));
  const byStart = new Map<number, { row: ProfileRow; rank: number }>();
  ranked.forEach(({ r }, rank) => {
    for (const row of intervalsIn(r, ms)) byStart.set(row.startMs, { row, rank });
  });
  const sorted = [...byStart.values()].sort((a, b) => a.row.startMs - b.row.startMs);
  const kept: { row: ProfileRow; rank: number }[] = [];
  for (const c of sorted) {
    let dropped = false;
    for (let top = kept[kept.length - 1]; top !== undefined && top.row.endMs > c.row.startMs; top = kept[kept.length - 1]) {
      if (top.rank > c.rank) {
        dropped = true;
        break;
      }
      kept.pop();
    }
    if (!dropped) kept.push(c);
  }
  return kept.map((k) => k.row);
}
