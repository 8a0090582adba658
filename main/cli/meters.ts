/**
 * `pmu meters import|export|list`: the meter manager's meter list from the command line (docs/fleet.md
 * "Meter list CSV"). Parse → main/services/meter-manager.ts (permission check, store, audit record) → print.
 *   pmu meters import meters.csv [--dry-run]   good lines stored, one plain error per bad line (exit 1 if any)
 *   pmu meters export [--out meters.csv]            default: into the export folder of the settings
 *   pmu meters list [--json]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { createAppContext } from '../services/app-context';
import type { AppContext } from '../core/context';
import { exportMeterList, fleetTree, importMeterList } from '../services/meter-manager';
import { addEmulatedSubstation } from '../services/collection';
import { fileLocations } from '../settings/locations';
import { actAs, addUserOption, type ActingOptions, type CliCommand } from './acting-user';

interface Common extends ActingOptions {
  db?: string;
  tz?: string;
}

/** Run `body` on the store of `o.db`, acting as the command's user. */
export async function withActingStore<T>(o: Common, command: CliCommand, body: (ctx: AppContext) => Promise<T>): Promise<T> {
  const base = createAppContext({ ...(o.db !== undefined ? { dbPath: o.db } : {}), ...(o.tz !== undefined ? { timeZone: o.tz } : {}) });
  try {
    return await body(await actAs(base, o, command));
  } finally {
    base.db.close();
  }
}

/** `pmu meters import <file>`. Sets exit code 1 when a line was refused. */
export async function runMetersImport(file: string, o: Common & { dryRun?: boolean }): Promise<void> {
  const content = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new Error(`Cannot read ${file}: ${e.code === 'ENOENT' ? 'it does not exist' : e.message}`);
  });
  await withActingStore(o, 'meters import', async (ctx) => {
    const r = importMeterList(ctx, { fileName: path.basename(file), content, dryRun: o.dryRun === true });
    for (const e of r.errors) process.stderr.write(`${e.message}\n`);
    const c = r.created;
    process.stdout.write(
      `${r.dryRun ? 'Checked (nothing stored)' : 'Imported'}: ${r.lines} lines, ${r.imported} stored, ${r.unchanged} unchanged, ${r.errors.length} refused; ` +
        `new: ${c.meters} meters, ${c.places} places, ${c.customers} customers, ${c.installations} installations.\n`,
    );
    if (r.errors.length > 0) process.exitCode = 1;
  });
}

/** `pmu meters export [--out <file>]` (default: a new file in the export folder of the settings). */
export async function runMetersExport(o: Common & { out?: string }): Promise<void> {
  await withActingStore(o, 'meters export', async (ctx) => {
    const out = o.out !== undefined ? path.resolve(o.out) : path.join(fileLocations(ctx).exportDir, `meter-list_${new Date().toISOString().replace(/[-:.]/g, '')}.csv`);
    const r = await exportMeterList(ctx, out);
    process.stdout.write(`Wrote ${r.meters} meters to ${out}\n`);
  });
}

/** `pmu meters list`. */
export async function runMetersList(o: Common & { json?: boolean }): Promise<void> {
  await withActingStore(o, 'meters list', async (ctx) => {
    const { meters } = fleetTree(ctx);
    if (o.json) return void process.stdout.write(`${JSON.stringify(meters, null, 2)}\n`);
    for (const m of meters) {
      const at = m.installation ? `${m.installation.placePath}` : '(not installed)';
      process.stdout.write(`${m.serial.padEnd(16)} ${m.enabled ? '' : '[disabled] '}${m.link.padEnd(40)} ${at}\n`);
    }
    process.stdout.write(`${meters.length} meter${meters.length === 1 ? '' : 's'}.\n`);
  });
}

/** `pmu meters demo`: add the emulated substation (20 meters) and its 15-minute schedule. */
export async function runMetersDemo(o: Common): Promise<void> {
  await withActingStore(o, 'meters demo', async (ctx) => {
    const r = addEmulatedSubstation(ctx);
    process.stdout.write(`The emulated substation is in the meter list (${r.meters} meters: 8 on a bus, 8 over TCP, 4 behind a modem), collected every 15 minutes by "pmu collector" or the app.\nTry now: pmu collect "Emulated substation"\n`);
  });
}

/** Add `pmu meters …` to `program`. */
export function registerMetersCommands(program: Command): void {
  const meters = program.command('meters').description('The meter manager\'s meter list: import or export it as CSV, or list it.');
  const common = (c: Command) =>
    addUserOption(c.option('--db <file>', 'SQLite store (default: the app data directory)').option('--tz <zone>', 'time zone of bare dates in the "installed" column (default: this computer\'s)'));
  common(meters.command('import <file>').description('Import a meter list CSV (columns: serial, link, region, substation, feeder, place, customer_number, installed, ct_ratio, …).'))
    .option('--dry-run', 'check every line and count what would change, store nothing')
    .action(runMetersImport);
  common(meters.command('export').description('Write the meter list as CSV (re-importable).')).option('--out <file>', 'CSV file to write (replaced; default: a new file in the export folder of the settings)').action(runMetersExport);
  common(meters.command('demo').description('Add the built-in emulated substation (20 meters behind a bus, TCP and a modem) and a 15-minute collection schedule.')).action(runMetersDemo);
  common(meters.command('list').description('List the fleet meters with their links and places.')).option('--json', 'print JSON').action(runMetersList);
}
