import path from 'node:path';
import { ExportError, parseTimeBound } from '../export';
import { exportMetersAs, exportReadingsAs } from '../services/files';
import { createAppContext } from '../services/app-context';
import { fileLocations } from '../settings/locations';
import { actAs, type ActingOptions } from './acting-user';

/** Options of `pmu export` as commander parses them. */
export interface ExportCliOptions extends ActingOptions {
  format: 'csv' | 'json' | 'xlsx';
  meter?: string;
  from?: string;
  to?: string;
  content: 'load-profile' | 'registers' | 'all';
  out?: string;
  meters?: boolean;
  db?: string;
  tz?: string;
}

const n = (x: number) => x.toLocaleString('en');

/**
 * `pmu export`: stored readings (or, with `--meters`, the meters' parameters) to a file. Prints one summary
 * line on stdout: `Exported 3 readings (192 load-profile intervals, 60 registers) to a.csv, a-registers.csv`.
 * `--from/--to` take `YYYY-MM-DD` (days in `--tz`, `--to` day included) or ISO 8601 times (see parseTimeBound).
 * Throws (plain message → exit 1) when nothing matches, a bound is unreadable, or the file cannot be written.
 */
export async function runExport(o: ExportCliOptions): Promise<void> {
  if (o.meters && (o.meter !== undefined || o.from !== undefined || o.to !== undefined)) {
    throw new ExportError('cannot-format', '--meters exports every stored meter; leave out --meter, --from and --to.');
  }
  if (o.meters && o.format === 'xlsx') throw new ExportError('cannot-format', 'Meters can be exported as csv or json (use --format csv or --format json).');
  const base = createAppContext({ dbPath: o.db, timeZone: o.tz });
  try {
    const ctx = await actAs(base, o, 'export');
    // Default: a new file in the export folder of the settings (main/settings/locations.ts).
    const stamp = new Date().toISOString().replace(/[-:.]/g, '');
    const out = o.out !== undefined ? path.resolve(o.out) : path.join(fileLocations(ctx).exportDir, `${o.meters ? 'meters' : `readings_${o.meter ?? 'all-meters'}`.replace(/[^A-Za-z0-9._-]+/g, '_')}_${stamp}.${o.format}`);
    if (o.meters) {
      const r = await exportMetersAs(ctx, o.format as 'csv' | 'json', out);
      process.stdout.write(`Exported ${n(r.meters)} meter${r.meters === 1 ? '' : 's'} to ${r.path}\n`);
      return;
    }
    const r = await exportReadingsAs(
      ctx,
      {
        format: o.format,
        meterSerial: o.meter,
        fromUtc: o.from === undefined ? undefined : parseTimeBound(o.from, ctx.timeZone, 'from'),
        toUtc: o.to === undefined ? undefined : parseTimeBound(o.to, ctx.timeZone, 'to'),
        content: o.content,
      },
      out,
    );
    const parts: string[] = [];
    if (o.content !== 'registers') parts.push(`${n(r.intervals)} load-profile intervals`);
    if (o.content !== 'load-profile') parts.push(`${n(r.registers)} registers`);
    process.stdout.write(`Exported ${n(r.readings)} reading${r.readings === 1 ? '' : 's'} (${parts.join(', ')}) to ${r.files.join(', ')}\n`);
  } finally {
    base.db.close();
  }
}
