import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { capabilitiesOf } from '../../schemes/capabilities';
import { METER_MODELS, type MeterModel } from '../../schemes/model';
import { type SchemeProblem, hasErrors } from '../../schemes/problems';
import { parseSchemeFile } from '../../schemes/scheme-file';
import { defaultYears } from '../../schemes/validate';

/**
 * `pmu scheme …`: tariff scheme files (schemes/). This module creates the `scheme` command group and its
 * `validate` subcommand; other subcommands are added to the same group with {@link schemeCommand}.
 *
 * `pmu scheme validate <file> [--model generic|A1140|A1700] [--year <yyyy>]… [--json]` prints every problem on
 * its own line on stdout (`error: <path>: <message>` / `warning: <path>: <message>`, `(file)` as the path of the
 * whole file), then one summary line. Exit codes: 0 = no errors (warnings alone exit 0: they do not stop
 * programming), 1 = at least one error, 2 = usage error (bad option or year, or the file cannot be read; one
 * `pmu:` line on stderr). Nothing is stored.
 */

/** Options of `pmu scheme validate` as commander parses them. */
export interface SchemeValidateOptions {
  model?: MeterModel;
  year?: number[];
  json?: boolean;
}

/** The `scheme` command group of `program`, created (with its description) on first use. */
export function schemeCommand(program: Command): Command {
  const existing = program.commands.find((c) => c.name() === 'scheme');
  if (existing) return existing;
  return program.command('scheme').description('Tariff scheme files: check them against a meter model and the time-zone database (validate), run them over a year (simulate); export and import them anywhere (export, import).');
}

/** commander parser of a repeatable `--year <yyyy>`: collects the years in order. */
export function collectYear(text: string, previous: number[] = []): number[] {
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || year < 1970 || year > 2199) throw new InvalidArgumentError('write the year with four digits, 1970 to 2199, e.g. 2027.');
  return previous.includes(year) ? previous : [...previous, year];
}

/** Adds `validate` to the `scheme` group. Returns the subcommand. */
export function addSchemeValidateCommand(scheme: Command): Command {
  return scheme
    .command('validate')
    .description('Check a tariff scheme file: shape, references, switch times, the meter model\'s limits and DST. Exit 1 when it has errors; warnings alone exit 0.')
    .argument('<file>', 'tariff scheme file (.json)')
    .addOption(new Option('--model <model>', 'meter model whose limits apply (default: the scheme\'s meterModel)').choices([...METER_MODELS]))
    .option('--year <yyyy>', 'calendar year whose DST changes are checked; repeat for several (default: this year and next)', collectYear)
    .option('--json', 'print the result as JSON')
    .action(runSchemeValidate);
}

/** Creates `pmu scheme` with its `validate` subcommand on `program`; returns the `scheme` group. */
export function registerSchemeCommands(program: Command): Command {
  const scheme = schemeCommand(program);
  addSchemeValidateCommand(scheme);
  return scheme;
}

/** One problem as printed: `error: dayProfiles.0.switches: Day profile 'Weekday': 17 switch times, …` (`(file)` for the whole file). */
export function problemLine(p: SchemeProblem): string {
  return `${p.severity}: ${p.path === '' ? '(file)' : p.path}: ${p.message}`;
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const listYears = (years: readonly number[]) => (years.length <= 1 ? years.join('') : `${years.slice(0, -1).join(', ')} and ${years[years.length - 1]}`);

/**
 * The summary line: `bad.json: 2 errors, 1 warning (A1140 limits, DST 2026 and 2027): fix the errors before
 * programming.` `model` null = the file could not be read as a scheme.
 */
export function validationSummary(file: string, problems: readonly SchemeProblem[], model: MeterModel | null, years: readonly number[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const checked = model === null ? '' : ` (${capabilitiesOf(model).label} limits, DST ${listYears(years)})`;
  const verdict = errors > 0 ? 'fix the errors before programming' : warnings > 0 ? 'it can be programmed; read the warnings' : 'it can be programmed';
  return `${path.basename(file)}: ${count(errors, 'error')}, ${count(warnings, 'warning')}${checked}: ${verdict}.`;
}

/** `pmu scheme validate`. Sets process.exitCode (see the module doc); never throws for a bad scheme. */
export async function runSchemeValidate(file: string, o: SchemeValidateOptions): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (code ?? (e as Error).message);
    process.stderr.write(`pmu: The scheme file "${file}" cannot be read: ${why}.\n`);
    process.exitCode = 2;
    return;
  }
  const years = o.year && o.year.length > 0 ? o.year : defaultYears();
  const { scheme, problems } = parseSchemeFile(text, { model: o.model, years });
  const model = o.model ?? scheme?.meterModel ?? null;
  const valid = !hasErrors(problems);
  if (o.json) {
    const errors = problems.filter((p) => p.severity === 'error').length;
    process.stdout.write(`${JSON.stringify({ file, model, years, valid, errors, warnings: problems.length - errors, problems }, null, 2)}\n`);
  } else {
    const lines = problems.map(problemLine);
    lines.push(validationSummary(file, problems, model, years));
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  process.exitCode = valid ? 0 : 1;
}
