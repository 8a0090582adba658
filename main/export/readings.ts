/**
 * `exportReadings`: stored readings → a CSV, JSON or XLSX file, chosen by meter serial number and UTC time
 * range, written meter by meter (one meter's readings in memory at a time) and atomically.
 * Formats: docs/export-formats.md; selection: main/store/selection.ts.
 */
import { basename, extname } from 'node:path';
import { appendAudit } from '../audit/append';
import { BOM } from '../formats/csv-text';
import { profileCsvHeader, profileCsvMeterRows } from '../formats/profile-csv';
import { compareChannels, rangeMillis, type TimeRange } from '../formats/profile-table';
import { readingJson, readingsJsonHead, READINGS_JSON_TAIL } from '../formats/readings-json';
import { registersCsvHeader, registersCsvRows } from '../formats/registers-csv';
import type { ReadingResult } from '../../protocol/reading';
import type { AppContext } from '../core/context';
import { getReading } from '../store/readings';
import { channelsOfReadings, selectReadings, type SelectedReading } from '../store/selection';
import { AtomicFile } from '../core/atomic-file';
import { ExportError } from './errors';

/** What to export. */
export interface ExportReadingsOptions {
  readonly format: 'csv' | 'json' | 'xlsx';
  /** Only this meter (serial number, exact). */
  readonly meterSerial?: string;
  /** Half-open UTC range [fromUtc, toUtc) of ISO 8601 instants (with `Z` or an offset). */
  readonly fromUtc?: string;
  readonly toUtc?: string;
  /** Default `all`. */
  readonly content?: 'load-profile' | 'registers' | 'all';
}

/** What was written. */
export interface ExportReadingsResult {
  /** The main file: the load-profile CSV (registers CSV for content `registers`), the JSON or XLSX file. */
  readonly path: string;
  /** Every file written (CSV with content `all`: the load-profile CSV and its `-registers.csv` sibling). */
  readonly files: string[];
  /** Readings exported (selected by the filter and content). */
  readonly readings: number;
  /** Register rows written (JSON: registers in the exported readings). */
  readonly registers: number;
  /** Load-profile interval rows written, after merging overlapping readings (JSON: intervals in the readings). */
  readonly intervals: number;
}

/** `x.csv` → `x-registers.csv` (the registers file beside a load-profile CSV). */
export function registersSiblingPath(outPath: string): string {
  const ext = extname(outPath);
  return `${outPath.slice(0, outPath.length - ext.length)}-registers${ext === '' ? '.csv' : ext}`;
}

/** The selected readings grouped by meter (they arrive ordered by meter). */
function byMeter(selected: readonly SelectedReading[]): SelectedReading[][] {
  const groups: SelectedReading[][] = [];
  for (const s of selected) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[0]?.meterId === s.meterId) last.push(s);
    else groups.push([s]);
  }
  return groups;
}

function describeFilter(o: ExportReadingsOptions): string {
  const parts = [o.meterSerial === undefined ? 'any meter' : `meter ${o.meterSerial}`];
  if (o.fromUtc !== undefined || o.toUtc !== undefined) parts.push(`between ${o.fromUtc ?? 'the beginning'} and ${o.toUtc ?? 'now'} (UTC)`);
  const what = o.content === 'load-profile' ? 'load-profile intervals' : o.content === 'registers' ? 'readings with registers' : 'readings';
  return `No stored ${what} match (${parts.join(', ')}). Check the serial number and the dates; nothing was written.`;
}

/** Runs `body` with open files, committing all of them on success and removing every temp file on failure. */
async function withFiles<T>(paths: readonly string[], body: (files: AtomicFile[]) => Promise<T>): Promise<T> {
  const files: AtomicFile[] = [];
  try {
    for (const p of paths) files.push(await AtomicFile.create(p));
    const out = await body(files);
    for (const f of files) await f.commit();
    return out;
  } catch (err) {
    for (const f of files) await f.abort();
    throw err;
  }
}

/** Wraps a format's RangeError (data the format cannot hold, too many rows) as ExportError `cannot-format`. */
function formatError(err: unknown): unknown {
  return err instanceof RangeError ? new ExportError('cannot-format', `${err.message} Nothing was written.`, { cause: err }) : err;
}

/**
 * Writes the selected stored readings to `outPath` atomically (temp file + rename; an existing file is replaced).
 * Selection: `meterSerial` and the range; content `load-profile` takes readings with an interval overlapping
 * the range, `registers` readings started in the range, `all` either.
 * - csv: the load-profile CSV (intervals in the range, overlapping readings merged, newest wins) and/or the
 *   registers CSV; with `all` the registers go to `<name>-registers.csv` beside it.
 * - json: the whole selected readings, lossless (never cut to the range, so a re-import finds duplicates).
 * - xlsx: sheets "Readings", plus "Registers" and/or "Load profile" by content.
 * @throws ExportError `nothing-selected` when nothing matches (nothing is written), `bad-range` for a bound
 *   that is not an ISO instant or a range ending before it starts, `cannot-format` for data the format cannot
 *   hold (e.g. more rows than an Excel sheet); StoreError for database and file-system failures.
 * A written export is recorded in the audit trail (`readings.exported`).
 */
export async function exportReadings(ctx: AppContext, opts: ExportReadingsOptions, outPath: string): Promise<ExportReadingsResult> {
  const out = await writeReadingsExport(ctx, opts, outPath);
  // Recorded once the files are in place (by ctx.actor): what was selected and how much was written.
  appendAudit(ctx, {
    action: 'readings.exported',
    meterSerial: opts.meterSerial ?? null,
    object: `file:${basename(outPath)}`,
    summary: { after: { format: opts.format, content: opts.content ?? 'all', fromUtc: opts.fromUtc ?? null, toUtc: opts.toUtc ?? null, readings: out.readings, registers: out.registers, intervals: out.intervals } },
  });
  return out;
}

/** The writing part of {@link exportReadings} (same contract, not recorded). */
async function writeReadingsExport(ctx: AppContext, opts: ExportReadingsOptions, outPath: string): Promise<ExportReadingsResult> {
  const content = opts.content ?? 'all';
  if (!['csv', 'json', 'xlsx'].includes(opts.format)) throw new ExportError('cannot-format', `Readings can be exported as csv, json or xlsx, not "${String(opts.format)}".`);
  const range: TimeRange = { fromUtc: opts.fromUtc, toUtc: opts.toUtc };
  let ms: { from: number; to: number };
  try {
    ms = rangeMillis(range);
  } catch (err) {
    throw new ExportError('bad-range', `${(err as Error).message}.`, { cause: err });
  }
  if (ms.from >= ms.to) throw new ExportError('bad-range', `The range ends (${opts.toUtc}) before or when it starts (${opts.fromUtc}).`);
  const selected = selectReadings(ctx.db, { meterSerial: opts.meterSerial, fromUtc: opts.fromUtc, toUtc: opts.toUtc });
  const wantProfile = content !== 'registers';
  const wantRegisters = content !== 'load-profile';
  const wanted = selected.filter((s) => (wantProfile && s.profileInRange) || (wantRegisters && s.startedInRange));
  if (wanted.length === 0) throw new ExportError('nothing-selected', describeFilter({ ...opts, content }));
  const groups = byMeter(wanted);
  const load = (g: readonly SelectedReading[]) => {
    const readings: ReadingResult[] = [];
    const withRegisters = new Set<ReadingResult>();
    for (const s of g) {
      const r = getReading(ctx.db, s.id); // null only when deleted meanwhile (e.g. overwritten by an import)
      if (r === null) continue;
      readings.push(r);
      if (wantRegisters && s.startedInRange) withRegisters.add(r);
    }
    return { readings, withRegisters };
  };
  const channels = channelsOfReadings(ctx.db, wanted.filter((s) => s.profileInRange).map((s) => s.id)).sort(compareChannels);
  const counts = { registers: 0, intervals: 0 };

  try {
    if (opts.format === 'json') {
      await withFiles([outPath], async ([f]) => {
        await f!.write(readingsJsonHead(new Date().toISOString()));
        let first = true;
        for (const g of groups) {
          for (const r of load(g).readings) {
            await f!.write(`${first ? '' : ',\n'}${readingJson(r)}`);
            first = false;
            counts.registers += r.registers.length;
            counts.intervals += r.loadProfile?.intervals.length ?? 0;
          }
        }
        await f!.write(`${first ? '' : '\n'}${READINGS_JSON_TAIL}`);
      });
      return { path: outPath, files: [outPath], readings: wanted.length, ...counts };
    }

    if (opts.format === 'xlsx') {
      // exceljs (with jszip, archiver, unzipper…) is loaded only when an XLSX is asked for, not at start-up (issue 13.12).
      const { XlsxBuilder } = await import('../formats/xlsx');
      const b = new XlsxBuilder(channels, content, range);
      for (const g of groups) {
        const { readings, withRegisters } = load(g);
        const n = b.addMeter(readings, { withRegisters: (r) => withRegisters.has(r) });
        counts.registers += n.registers;
        counts.intervals += n.intervals;
      }
      const bytes = await b.toBuffer();
      await withFiles([outPath], async ([f]) => f!.write(bytes));
      return { path: outPath, files: [outPath], readings: wanted.length, ...counts };
    }

    const paths = content === 'all' ? [outPath, registersSiblingPath(outPath)] : [outPath];
    await withFiles(paths, async ([first, second]) => {
      const profileFile = wantProfile ? first! : null;
      const registersFile = content === 'all' ? second! : content === 'registers' ? first! : null;
      await profileFile?.write(BOM + profileCsvHeader(channels));
      await registersFile?.write(BOM + registersCsvHeader());
      for (const g of groups) {
        const { readings, withRegisters } = load(g);
        if (profileFile !== null) {
          const lp = profileCsvMeterRows(readings, channels, range);
          await profileFile.write(lp.text);
          counts.intervals += lp.rows;
        }
        if (registersFile !== null) {
          const regs = registersCsvRows(readings.filter((r) => withRegisters.has(r)));
          await registersFile.write(regs.text);
          counts.registers += regs.rows;
        }
      }
    });
    return { path: outPath, files: paths, readings: wanted.length, ...counts };
  } catch (err) {
    throw formatError(err);
  }
}
