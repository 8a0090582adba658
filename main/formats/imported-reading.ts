/**
 * The ReadingResult built from an imported load-profile CSV (PMU export or mapped foreign CSV): what a CSV
 * carries (meter serial/manufacturer, time zone, channels, intervals) and fixed, documented values for what
 * it does not (docs/export-formats.md, "Reading it back").
 */
import type { LoadProfileChannel, LoadProfileInterval, ReadingResult } from '../../protocol/reading';

/** Session details the importer knows and a pure parser does not. */
export interface ImportSessionOptions {
  /** Who imports (the readings' `session.operator`; default `unknown`). */
  readonly operator?: string;
  /** Importing application, e.g. `pmu-workstation 0.1.0` (`session.software`; default `unknown`). */
  readonly software?: string;
}

/** An interval with its UTC times in milliseconds, as the CSV readers collect them. */
export interface TimedInterval {
  readonly startMs: number;
  readonly endMs: number;
  readonly interval: LoadProfileInterval;
}

/** The capture period used by most intervals, minutes (the smallest on a tie; 0 without intervals). */
export function commonPeriodMinutes(intervals: readonly TimedInterval[]): number {
  const count = new Map<number, number>();
  for (const t of intervals) {
    const p = (t.endMs - t.startMs) / 60_000;
    count.set(p, (count.get(p) ?? 0) + 1);
  }
  let best = 0;
  let bestN = 0;
  for (const [p, n] of count) if (n > bestN || (n === bestN && p < best)) [best, bestN] = [p, n];
  return best;
}

/**
 * A reading holding one imported load profile (profile 1). `intervals` must be in UTC order.
 * Meter: `identification` and `address` '' (a CSV has none), `serial` null when ''.
 * Session: port `csv-import`, mode '' and baud 0 (no probe was involved), `startedUtc` = `finishedUtc` =
 * the end of the last interval (when the data was complete), operator/software from `opts`.
 * No registers, no notes, empty raw readout and no raw load-profile bytes.
 */
export function importedReading(
  meter: { serial: string; manufacturer: string; model: string },
  timeZone: string,
  channels: readonly LoadProfileChannel[],
  intervals: readonly TimedInterval[],
  opts: ImportSessionOptions,
): ReadingResult {
  const lastEnd = intervals.reduce((m, t) => Math.max(m, t.endMs), -Infinity);
  const at = new Date(Number.isFinite(lastEnd) ? lastEnd : 0).toISOString();
  return {
    version: 1,
    meter: { identification: '', manufacturer: meter.manufacturer, model: meter.model, serial: meter.serial === '' ? null : meter.serial, address: '' },
    session: {
      port: 'csv-import',
      operator: opts.operator ?? 'unknown',
      startedUtc: at,
      finishedUtc: at,
      mode: '',
      baud: 0,
      timeZone,
      software: opts.software ?? 'unknown',
    },
    registers: [],
    loadProfile: { profile: 1, periodMinutes: commonPeriodMinutes(intervals), channels: [...channels], intervals: intervals.map((t) => t.interval) },
    notes: [],
    raw: { readout: new Uint8Array(0), loadProfile: null },
  };
}
