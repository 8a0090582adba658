import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseSchemeFile } from '../../schemes/scheme-file';
import { SIMULATION_INTERVALS, type SimulationInterval, type YearSimulation, simulateYear } from '../../schemes/simulate';
import type { TariffScheme } from '../../schemes/model';
import { isKnownTimeZone, unknownTimeZoneMessage } from '../../schemes/zone-clock';
import { problemLine } from './scheme';

/**
 * `pmu scheme simulate <file> --year <yyyy> [--tz <zone>] [--interval <min>] [--json]`: run a tariff scheme file
 * over one local calendar year (schemes/simulate.ts) and print the hours per rate (with % of the year), the DST
 * change days (date, forward/back, local time, day length) and the special days the year hits. `--tz` defaults
 * to the scheme's `dst.zone`. Problems are printed on stderr first. A scheme with errors is still simulated where the
 * simulation is defined (e.g. a switch time inside the spring-forward gap, which a meter takes at the end of the gap,
 * or a DST rule that differs from the zone's): the result is printed, then one `pmu:` line says it cannot be
 * programmed until fixed, and the exit code is 1 (issue 13.11: the engineer sees the effect before fixing it).
 * Exit 1 with only the `pmu:` line when the file cannot be read, the zone is unknown, or the errors leave nothing to
 * simulate (a missing profile, an incomplete scheme). `--json` prints the figures, the days (not the per-interval
 * rates) and the problems.
 */

/** Options of `pmu scheme simulate` as commander parses them. */
export interface SchemeSimulateOptions {
  year: number;
  tz?: string;
  interval: string;
  json?: boolean;
}

const parseYear = (text: string): number => {
  const y = Number(text);
  if (!/^\d{4}$/.test(text) || y < 1000) throw new InvalidArgumentError('write the year with four digits, e.g. 2027.');
  return y;
};

/** Adds the `simulate` subcommand to the `pmu scheme` command. Returns the subcommand. */
export function addSchemeSimulateCommand(scheme: Command): Command {
  return scheme
    .command('simulate')
    .description('Simulate a tariff scheme file over one calendar year: hours per rate, DST change days, special days.')
    .argument('<file>', 'tariff scheme file (.json)')
    .requiredOption('--year <yyyy>', 'calendar year to simulate (local time of the meter)', parseYear)
    .option('--tz <zone>', 'IANA time zone of the meter (default: the scheme\'s DST zone)')
    .addOption(new Option('--interval <min>', 'interval length in minutes').choices(SIMULATION_INTERVALS.map(String)).default('15'))
    .option('--json', 'print the result as JSON')
    .action(runSchemeSimulate);
}

/** `pmu scheme simulate`. Throws (plain message) on failure. */
export async function runSchemeSimulate(file: string, o: SchemeSimulateOptions): Promise<void> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new Error(`The scheme file "${file}" cannot be read: ${err.code === 'ENOENT' ? 'it does not exist' : err.code ?? err.message}.`);
  });
  const { scheme, problems } = parseSchemeFile(text, { years: [o.year] });
  const errors = problems.filter((p) => p.severity === 'error');
  for (const p of problems) process.stderr.write(`${problemLine(p)}\n`);
  const count = errors.length === 1 ? 'an error' : `${errors.length} errors`;
  const refuse = () => new Error(`The scheme in "${file}" has ${count} (listed above) that leave${errors.length === 1 ? 's' : ''} nothing to simulate; fix ${errors.length === 1 ? 'it' : 'them'} and simulate again.`);
  if (scheme === null || problems.some((p) => p.severity === 'error' && p.code.startsWith('shape-'))) throw refuse();
  const zone = o.tz ?? scheme.dst.zone;
  if (!isKnownTimeZone(zone)) throw new Error(unknownTimeZoneMessage(zone));
  let sim: YearSimulation;
  try {
    sim = simulateYear(scheme, o.year, zone, { intervalMinutes: Number(o.interval) as SimulationInterval });
  } catch (err) {
    if (errors.length > 0) throw refuse();
    throw err;
  }
  process.stdout.write(o.json ? `${JSON.stringify({ ...simulationJson(scheme, sim), problems }, null, 2)}\n` : formatSimulation(scheme, sim));
  if (errors.length > 0) {
    process.stderr.write(`pmu: Simulated although the scheme has ${count} (listed above): this is what a meter would do; fix ${errors.length === 1 ? 'it' : 'them'} before the scheme can be staged for a meter.\n`);
    process.exitCode = 1;
  }
}

/** Rows of hours per rate: every rate of the scheme, then any rate a profile uses without a name. */
export function rateRows(scheme: TariffScheme, sim: YearSimulation): Array<{ rate: number; name: string; hours: number; percent: number }> {
  const names = new Map(scheme.rates.map((r) => [r.number, r.name] as const));
  return Object.entries(sim.hoursPerRate)
    .map(([rate, hours]) => ({ rate: Number(rate), name: names.get(Number(rate)) ?? '(no name)', hours, percent: (100 * hours) / sim.totalHours }))
    .sort((a, b) => a.rate - b.rate);
}

const specialDaysHit = (sim: YearSimulation) => sim.days.filter((d) => d.specialDay !== null);
const group = (n: number, digits = 0) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }).replace(/,/g, ' ');

/** The text summary printed by `pmu scheme simulate`. */
export function formatSimulation(scheme: TariffScheme, sim: YearSimulation): string {
  const clock = !scheme.dst.enabled ? 'DST off: standard time all year' : `DST on; repeated hour: ${sim.repeatedHour === 'first-pass' ? 'first pass only' : 'both passes'}`;
  const lines = [
    `Scheme       ${scheme.id} "${scheme.name}" version ${scheme.version} (${scheme.meterModel})`,
    `Year         ${sim.year} in ${sim.timeZone} (${clock})`,
    `Intervals    ${group(sim.rates.length)} of ${sim.intervalMinutes} min from ${sim.startUtc} to ${sim.endUtc} = ${group(sim.totalHours, 2)} h`,
    '',
    'Hours per rate',
    `  ${'rate'.padEnd(5)} ${'name'.padEnd(20)} ${'hours'.padStart(10)} ${'% of year'.padStart(10)}`,
  ];
  for (const r of rateRows(scheme, sim)) {
    lines.push(`  ${`T${r.rate}`.padEnd(5)} ${r.name.padEnd(20)} ${group(r.hours, 2).padStart(10)} ${`${r.percent.toFixed(2)} %`.padStart(10)}`);
  }
  lines.push('', `DST change days (${sim.dstChanges.length})`);
  if (sim.dstChanges.length === 0) lines.push('  none: the meter clock does not change in this year');
  for (const c of sim.dstChanges) {
    lines.push(`  ${c.date}  ${c.kind.padEnd(7)}  at ${c.localTime} local  day of ${c.hours} h`);
  }
  const hit = specialDaysHit(sim);
  lines.push('', `Special days hit: ${hit.length} of ${sim.days.length} days`);
  for (const d of hit) lines.push(`  ${d.date}  ${d.specialDay}  (day profile ${d.dayProfile})`);
  return `${lines.join('\n')}\n`;
}

/** The `--json` output: the figures and the days, without the per-interval rates. */
export function simulationJson(scheme: TariffScheme, sim: YearSimulation): object {
  const { rates: _rates, hoursPerRate: _hours, ...rest } = sim;
  return {
    scheme: { id: scheme.id, name: scheme.name, version: scheme.version, meterModel: scheme.meterModel },
    ...rest,
    intervals: sim.rates.length,
    hoursPerRate: rateRows(scheme, sim),
    specialDaysHit: specialDaysHit(sim).length,
  };
}
