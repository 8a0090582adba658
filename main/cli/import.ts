import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { csvMappingSchema } from '../../contract/files';
import type { CsvMapping } from '../formats/profile-csv';
import { importFile, importFolder } from '../import';
import type { ImportFileOutcome, ImportSummary } from '../import';
import { summarise } from '../import/folder';
import { FolderWatcher } from '../import/watcher';
import { createAppContext } from '../services/app-context';
import { fileLocations } from '../settings/locations';
import { actAs, addUserOption, type ActingOptions } from './acting-user';
import { MIN_SCAN_INTERVAL_SECONDS } from '../store/watched-folders';

/**
 * `pmu import` and `pmu watch`: import reading files (.RES, raw readout captures, load-profile CSV, JSON
 * exports) into the store, once or by watching a folder. Results on stdout, progress on stderr.
 */

/** Options of `pmu import` as commander parses them. */
export interface ImportCliOptions extends ActingOptions {
  overwrite?: boolean;
  append?: boolean;
  recursive?: boolean;
  move?: boolean;
  leave?: boolean;
  db?: string;
  csvMap?: string;
  tz?: string;
}

/** Options of `pmu watch` as commander parses them. */
export interface WatchCliOptions extends Omit<ImportCliOptions, 'csvMap'> {
  interval?: number;
}

/** Import mode and after-import move: the options given, else the defaults of the settings (main/settings/locations.ts). */
function importDefaults(ctx: Parameters<typeof fileLocations>[0], o: ImportCliOptions): { mode: 'append' | 'overwrite'; after: 'leave' | 'move' } {
  const loc = fileLocations(ctx);
  return {
    mode: o.overwrite ? 'overwrite' : o.append ? 'append' : loc.importMode,
    after: o.move ? 'move' : o.leave ? 'leave' : loc.afterImport,
  };
}

/** Reads and checks a column mapping file (JSON, shape of main/formats CsvMapping). Throws a plain Error. */
export async function readCsvMap(file: string): Promise<CsvMapping> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`The column mapping "${file}" cannot be read: ${code === 'ENOENT' ? 'it does not exist' : code ?? 'it is not valid JSON'}.`);
  }
  const parsed = csvMappingSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new Error(`The column mapping "${file}" is not usable: ${issues}.`);
  }
  return parsed.data;
}

/** One line per file: result, name, what was stored or why it was refused. */
export function outcomeLine(o: ImportFileOutcome): string {
  if (o.result === 'quarantined') return `quarantined  ${o.file}${o.line === null ? '' : ` (line ${o.line})`}: ${o.reason ?? ''}`;
  const what = `${o.kind ?? ''}, reading${o.readingIds.length === 1 ? '' : 's'} ${o.readingIds.join(', ')}, ${o.registers} registers, ${o.intervals} intervals`;
  const moved = o.movedTo ? ` → ${o.movedTo}` : o.moveError ? ` (${o.moveError})` : '';
  return `${o.result.padEnd(11)}  ${o.file} (${what})${moved}`;
}

/** The summary printed by `pmu import`. */
export function formatImportSummary(s: ImportSummary): string {
  const lines = [
    `Files        ${s.files}`,
    `Imported     ${s.imported}`,
    `Duplicates   ${s.duplicates}`,
    `Replaced     ${s.replaced}`,
    `Quarantined  ${s.quarantined.length}`,
    `Intervals    ${s.intervals} stored in ${(s.durationMs / 1000).toFixed(1)} s`,
  ];
  for (const q of s.quarantined) lines.push(`  ${q.file}${q.line === null ? '' : ` (line ${q.line})`}: ${q.reason ?? ''}`);
  for (const o of s.outcomes) if (o.moveError) lines.push(`  ${o.file}: ${o.moveError}`);
  return `${lines.join('\n')}\n`;
}

/** `pmu import <file|folder>`: exit code 1 when any file was quarantined. */
export async function runImport(target: string, o: ImportCliOptions): Promise<void> {
  const csvMapping = o.csvMap ? await readCsvMap(o.csvMap) : undefined;
  const info = await stat(target).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`"${target}" cannot be imported: ${err.code === 'ENOENT' ? 'there is no such file or folder' : err.code ?? err.message}.`);
  });
  const base = createAppContext({ dbPath: o.db, timeZone: o.tz });
  try {
    // Imports are recorded in the audit trail under the acting user.
    const ctx = await actAs(base, o, 'import');
    const defaults = importDefaults(ctx, o);
    const opts = { mode: defaults.mode, origin: 'command line', ...(csvMapping ? { csvMapping } : {}) };
    let summary: ImportSummary;
    if (info.isDirectory()) {
      const tty = process.stderr.isTTY;
      summary = await importFolder(ctx, path.resolve(target), {
        ...opts,
        recursive: o.recursive ?? false,
        after: defaults.after,
        onProgress: (p) => {
          if (p.outcome) process.stdout.write(`${outcomeLine(p.outcome)}\n`);
          if (tty) process.stderr.write(`\r[import] ${p.done}/${p.total} files${p.done === p.total ? '\n' : ''}`);
        },
      });
    } else {
      const t0 = performance.now();
      const outcome = await importFile(ctx, path.resolve(target), opts);
      process.stdout.write(`${outcomeLine(outcome)}\n`);
      summary = summarise([outcome], performance.now() - t0);
    }
    process.stdout.write(`\n${formatImportSummary(summary)}`);
    if (summary.quarantined.length > 0) process.exitCode = 1;
  } finally {
    base.db.close();
  }
}

/** `pmu watch <folder>`: scans until SIGINT/SIGTERM, one line per file handled. */
export async function runWatch(folder: string, o: WatchCliOptions): Promise<void> {
  const dir = path.resolve(folder);
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`"${folder}" is not a folder (or does not exist). Give the folder to watch.`);
  const base = createAppContext({ dbPath: o.db, timeZone: o.tz });
  let ctx: typeof base;
  try {
    ctx = await actAs(base, o, 'watch');
  } catch (err) {
    base.db.close();
    throw err;
  }
  const defaults = importDefaults(ctx, o);
  const interval = o.interval ?? fileLocations(ctx).scanIntervalSeconds;
  const watcher = new FolderWatcher(ctx, {
    folders: [{ path: dir, intervalSeconds: interval, mode: defaults.mode, recursive: o.recursive ?? false, after: defaults.after }],
    onEvent: (e) => {
      if (e.type === 'file') process.stdout.write(`${outcomeLine(e.outcome)}\n`);
      else if (e.type === 'error') process.stderr.write(`pmu: ${e.message}\n`);
    },
  });
  process.stderr.write(`Watching ${dir} every ${interval} s (Ctrl+C to stop)\n`);
  watcher.start();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await watcher.stop();
  ctx.db.close();
  process.stderr.write('Stopped watching.\n');
}

/** commander parser of `--interval`: a whole number of seconds ≥ 10. */
function intervalSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < MIN_SCAN_INTERVAL_SECONDS) {
    throw new InvalidArgumentError(`the scan interval must be a whole number of at least ${MIN_SCAN_INTERVAL_SECONDS} seconds.`);
  }
  return n;
}

/** Adds `import` and `watch` to the `pmu` program. */
export function registerImportCommands(program: Command): void {
  const importCmd = program
    .command('import')
    .description('Import reading files (.RES, raw readout captures, load-profile CSV, JSON exports) from a file or a folder; exit 1 if any file was quarantined.')
    .argument('<file-or-folder>', 'file, or folder whose files are imported')
    .option('--overwrite', 'a reading of the same meter and start time replaces the stored one (default: the import mode of the settings)')
    .option('--append', 'keep every distinct reading (when the settings default to overwrite)')
    .option('--recursive', 'folder: include subfolders (never "imported/")')
    .option('--move', 'folder: move imported files to <folder>/imported/ (or the imported files folder of the settings)')
    .option('--leave', 'folder: leave imported files where they are (when the settings default to moving them)')
    .option('--db <file>', 'SQLite store (default: the app data directory)')
    .option('--csv-map <mapping.json>', 'column mapping for CSV files that are not PMU exports')
    .option('--tz <zone>', "IANA time zone of meter clocks in readout captures (default: this computer's)");
  addUserOption(importCmd).action(runImport);

  const watchCmd = program
    .command('watch')
    .description('Watch a folder: import new reading files every --interval seconds until Ctrl+C.')
    .argument('<folder>', 'folder to watch')
    .option('--interval <seconds>', `seconds between scans (at least ${MIN_SCAN_INTERVAL_SECONDS}; default: the scan interval of the settings)`, intervalSeconds)
    .option('--overwrite', 'a reading of the same meter and start time replaces the stored one (default: the import mode of the settings)')
    .option('--append', 'keep every distinct reading (when the settings default to overwrite)')
    .option('--recursive', 'include subfolders (never "imported/")')
    .option('--move', 'move imported files to <folder>/imported/ (or the imported files folder of the settings)')
    .option('--leave', 'leave imported files where they are (when the settings default to moving them)')
    .option('--db <file>', 'SQLite store (default: the app data directory)')
    .option('--tz <zone>', "IANA time zone of meter clocks in readout captures (default: this computer's)");
  addUserOption(watchCmd).action(runWatch);
}
