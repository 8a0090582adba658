/**
 * `pmu report …`: reports from the command line (issue 15; docs/reports.md). Parse → main/services/reports.ts and
 * report-admin.ts (permission, meter scope, audit record) → print a summary and write the file.
 *   pmu report billing  --meter <serial> | --place <id|code|path> | --customer <number> | --virtual <name>
 *                       --from <YYYY-MM-DD> --to <YYYY-MM-DD> | --month <YYYY-MM>   [--tz <zone>]
 *                       [--format pdf|xlsx|csv --out <file>] [--json]
 *   pmu report balance  --place <id|code|path> [--quantity active-import|active-export] (period, output as above)
 *   pmu report virtual  <name> (period, output as above)
 *   pmu report rerun    <run-id> [--format … --out …]      same parameters again; says whether the figures agree
 *   pmu report runs     [--limit n]
 *   pmu report virtual-meter <name> --formula "<formula>" [--from <UTC time>] [--scheme <id>:<version>] [--tz <zone>]
 *   pmu report tariff   --meter <serial> --scheme <id>:<version> --from <UTC time> [--primary] [--note …]
 * Exit codes: 0 done, 1 the report could not be made (one plain line on stderr), 2 usage.
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Report, ReportTarget } from '../../contract/reports';
import type { AppContext } from '../core/context';
import { monthPeriod } from '../../reporting/periods';
import { fleetMeterBySerial } from '../store/fleet-meters';
import { assignTariffAs, saveVirtualMeterAs } from '../services/report-admin';
import { exportReportRun, rerunReport, reportRuns, runBalanceReport, runBillingReport, runVirtualReport } from '../services/reports';
import { virtualMeterByName } from '../store/virtual-meters';
import { addUserOption, type ActingOptions } from './acting-user';
import { withActingStore } from './meters';
import { printReport } from './report-print';
import { CliUsageError } from './usage';

interface Common extends ActingOptions { db?: string; tz?: string }
interface PeriodOpts extends Common { from?: string; to?: string; month?: string; format?: 'pdf' | 'xlsx' | 'csv'; out?: string; json?: boolean }

/** The period options as dates (a month = its first to last day). @throws CliUsageError. */
function period(o: PeriodOpts): { fromDate: string; toDate: string } {
  if (o.month !== undefined) {
    if (o.from !== undefined || o.to !== undefined) throw new CliUsageError('give either --month or --from and --to');
    const p = monthPeriod(o.month, 'UTC');
    return { fromDate: p.fromDate, toDate: p.toDate };
  }
  if (o.from === undefined || o.to === undefined) throw new CliUsageError('give the period: --from YYYY-MM-DD --to YYYY-MM-DD (both days included) or --month YYYY-MM');
  return { fromDate: o.from, toDate: o.to };
}

/** A place by store id, code or path ("North/Riverside/F3"). @throws Error (plain) when there is none or several. */
function placeId(ctx: AppContext, text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const byCode = ctx.db.prepare('SELECT id FROM places WHERE code = ? COLLATE NOCASE').pluck().get(text) as number | undefined;
  if (byCode !== undefined) return byCode;
  const parts = text.split('/').map((s) => s.trim()).filter(Boolean);
  let parent: number | null = null;
  for (const name of parts) {
    const id = ctx.db.prepare('SELECT id FROM places WHERE ifnull(parent_id, 0) = ? AND name = ? COLLATE NOCASE').pluck().get(parent ?? 0, name) as number | undefined;
    if (id === undefined) throw new Error(`There is no place "${text}" (give its id, its code, or its path such as North/Riverside/F3).`);
    parent = id;
  }
  if (parent === null) throw new Error(`There is no place "${text}".`);
  return parent;
}

/** Write the run's file when asked, print the summary (or the JSON). */
async function output(ctx: AppContext, r: Report, o: PeriodOpts): Promise<void> {
  if ((o.format === undefined) !== (o.out === undefined)) throw new CliUsageError('give --format and --out together');
  if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  else printReport(r, (line) => process.stdout.write(`${line}\n`));
  if (o.format !== undefined && o.out !== undefined) {
    const bytes = await exportReportRun(ctx, r.runId, o.format, path.resolve(o.out));
    process.stderr.write(`Wrote ${o.out} (${o.format.toUpperCase()}, ${bytes} bytes, run ${r.runId}).\n`);
  }
}

async function billing(o: PeriodOpts & { meter?: string; place?: string; customer?: string; virtual?: string }): Promise<void> {
  const given = [o.meter, o.place, o.customer, o.virtual].filter((x) => x !== undefined).length;
  if (given !== 1) throw new CliUsageError('give exactly one of --meter, --place, --customer, --virtual');
  await withActingStore(o, 'report billing', async (ctx) => {
    const target: ReportTarget = o.meter !== undefined ? { kind: 'meter', serial: o.meter }
      : o.place !== undefined ? { kind: 'place', placeId: placeId(ctx, o.place) }
      : o.customer !== undefined ? { kind: 'customer', customerNumber: o.customer } : { kind: 'virtual', name: o.virtual! };
    await output(ctx, runBillingReport(ctx, { target, ...period(o), ...(o.tz ? { timeZone: o.tz } : {}) }), o);
  });
}

async function balance(o: PeriodOpts & { place: string; quantity?: 'active-import' | 'active-export' }): Promise<void> {
  await withActingStore(o, 'report balance', async (ctx) => {
    const args = { placeId: placeId(ctx, o.place), ...period(o), ...(o.tz ? { timeZone: o.tz } : {}), ...(o.quantity ? { quantity: o.quantity } : {}) };
    await output(ctx, runBalanceReport(ctx, args), o);
  });
}

async function virtual(name: string, o: PeriodOpts): Promise<void> {
  await withActingStore(o, 'report virtual', async (ctx) => output(ctx, runVirtualReport(ctx, { name, ...period(o), ...(o.tz ? { timeZone: o.tz } : {}) }), o));
}

async function rerun(id: string, o: PeriodOpts): Promise<void> {
  if (!/^\d+$/.test(id)) throw new CliUsageError(`"${id}" is not a run number`);
  await withActingStore(o, 'report rerun', async (ctx) => {
    const r = rerunReport(ctx, Number(id));
    await output(ctx, r.report, o);
    process.stdout.write(r.same ? `Same figures as run ${id} (SHA-256 ${r.report.figuresSha256.slice(0, 16)}…).\n` : `The figures differ from run ${id}:\n${r.differences.map((d) => `  ${d}`).join('\n')}\n`);
    if (!r.same) process.exitCode = 1;
  });
}

async function runs(o: Common & { limit?: string }): Promise<void> {
  await withActingStore(o, 'report runs', async (ctx) => {
    for (const r of reportRuns(ctx, o.limit ? Number(o.limit) : 50)) {
      process.stdout.write(`${String(r.id).padStart(5)}  ${r.createdUtc.slice(0, 16)}Z  ${r.createdBy.padEnd(12)} ${r.title}${r.rerunOf ? `  (re-run of ${r.rerunOf})` : ''}\n`);
    }
  });
}

const schemeRef = (text: string) => {
  const m = /^(\d+):(\d+)$/.exec(text);
  if (!m) throw new CliUsageError(`--scheme must be <scheme id>:<version>, e.g. 3:2 (got "${text}")`);
  return { schemeId: Number(m[1]), version: Number(m[2]) };
};

async function virtualMeter(name: string, o: Common & { formula: string; from?: string; scheme?: string; note?: string }): Promise<void> {
  await withActingStore(o, 'report virtual-meter', async (ctx) => {
    const existing = virtualMeterByName(ctx.db, name);
    const v = saveVirtualMeterAs(ctx, {
      ...(existing ? { id: existing.id } : {}), name, formula: o.formula, ...(o.from ? { fromUtc: o.from } : {}), ...(o.tz ? { timeZone: o.tz } : {}),
      ...(o.scheme ? { scheme: schemeRef(o.scheme) } : {}), ...(o.note ? { note: o.note } : {}),
    });
    const last = v.versions.at(-1)!;
    process.stdout.write(`Saved virtual meter "${v.name}" version ${last.version} (${last.unit}): ${last.formula}\n`);
  });
}

async function tariff(o: Common & { meter: string; scheme: string; from: string; primary?: boolean; note?: string }): Promise<void> {
  await withActingStore(o, 'report tariff', async (ctx) => {
    const m = fleetMeterBySerial(ctx.db, o.meter);
    if (!m) throw new Error(`There is no fleet meter with serial number "${o.meter}".`);
    const s = schemeRef(o.scheme);
    const e = assignTariffAs(ctx, { meterId: m.id, fromUtc: o.from, schemeId: s.schemeId, schemeVersion: s.version, valuesPrimary: o.primary === true, ...(o.note ? { note: o.note } : {}) });
    process.stdout.write(`Recorded: ${e.schemeName} v${e.schemeVersion} in force on ${m.serial} from ${e.fromUtc}${e.valuesPrimary ? ' (meter records primary values)' : ''}.\n`);
  });
}

/** Add `pmu report …` to `program`. */
export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('Billing, balance and virtual-meter reports (PDF, XLSX, CSV); virtual meters and tariff history.');
  const common = (c: Command) => addUserOption(c.option('--db <file>', 'SQLite store (default: the app data directory)').option('--tz <zone>', 'time zone of the period\'s dates (default: the meter\'s or place\'s)'));
  const withPeriod = (c: Command) =>
    common(c)
      .option('--from <date>', 'first day, YYYY-MM-DD (local)')
      .option('--to <date>', 'last day, YYYY-MM-DD (local, included)')
      .option('--month <month>', 'a calendar month, YYYY-MM (instead of --from/--to)')
      .addOption(new Option('--format <format>', 'file format').choices(['pdf', 'xlsx', 'csv']))
      .option('--out <file>', 'file to write (with --format)')
      .option('--json', 'print the report as JSON instead of the summary');
  withPeriod(report.command('billing').description('Energy and maximum demand per rate (load profile and registers side by side) for a meter, place, customer or virtual meter.'))
    .option('--meter <serial>').option('--place <place>', 'place id, code or path').option('--customer <number>').option('--virtual <name>', 'virtual meter')
    .action(billing);
  withPeriod(report.command('balance').description('Feeder/substation balance: its meter − Σ downstream meters, per interval and per period.'))
    .requiredOption('--place <place>', 'place id, code or path')
    .addOption(new Option('--quantity <quantity>', 'energy flow').choices(['active-import', 'active-export']))
    .action(balance);
  withPeriod(report.command('virtual <name>').description('A virtual meter over a period: intervals, days, coverage.')).action(virtual);
  common(report.command('rerun <run>').description('Run a stored report again with its parameters and compare the figures (exit 1 when they differ).'))
    .addOption(new Option('--format <format>', 'file format').choices(['pdf', 'xlsx', 'csv'])).option('--out <file>', 'file to write').option('--json', 'print JSON')
    .action(rerun);
  common(report.command('runs').description('List stored report runs, newest first.')).option('--limit <n>', 'how many (default 50)').action(runs);
  common(report.command('virtual-meter <name>').description('Create a virtual meter or save a new version of its formula.'))
    .requiredOption('--formula <formula>', 'e.g. "[F-0001:1.29.0] - [C-0002:1.29.0]"')
    .option('--from <time>', 'in force from this UTC time (a meter exchange); default: from the beginning')
    .option('--scheme <id:version>', 'tariff scheme for its billing reports').option('--note <text>')
    .action(virtualMeter);
  common(report.command('tariff').description('Record which tariff scheme version is in force on a meter from a time.'))
    .requiredOption('--meter <serial>').requiredOption('--scheme <id:version>').requiredOption('--from <time>', 'UTC time, e.g. 2025-01-01T00:00:00Z')
    .option('--primary', 'the meter is programmed with its CT/VT ratios (records primary values)').option('--note <text>')
    .action(tariff);
}
