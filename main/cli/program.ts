import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { MeterModel } from '../../schemes/model';
import { parseSchemeFile } from '../../schemes/scheme-file';
import { hasErrors } from '../../schemes/validate';
import { createAppContext } from '../services/app-context';
import { certificateText } from '../services/certificate-text';
import type { LineFormat } from '../services/link';
import { type ProgramProgress, programStagedMeter } from '../services/program';
import { findOrImportScheme } from '../store/schemes';
import { createStagedProgram } from '../store/staging';

/**
 * `pmu program`: program a meter with a tariff scheme file in one step, as an engineer at the workstation would
 * (stage + approve + upload): read and validate the scheme file (schemes/scheme-file.ts; errors are printed and
 * nothing is done), store the scheme (findOrImportScheme: the same content is reused), stage it for the meter
 * `--serial` with `--ct` / `--vt` / `--site` / `--customer` / `--tz`, approved by the operator, then upload it
 * (main/services/program.ts: serial check, counter before/after, read back). Progress on stderr; the programming
 * certificate on stdout as text (or `--json`). Exit code 0 = verified, 1 = anything else (differences, partially
 * programmed, failed, or refused before the upload). Ports `emulator`, `emulator:a1140`, `emulator:a1700` work as
 * for `pmu read` (the emulated Elster meters' password is 00000000).
 */

/** Options of `pmu program` as commander parses them. */
export interface ProgramCliOptions {
  port: string;
  scheme: string;
  serial: string;
  ct?: string;
  vt?: string;
  password?: string;
  level?: string;
  tz?: string;
  site?: string;
  customer?: string;
  meter?: 'a1140' | 'a1700' | 'generic';
  line?: LineFormat;
  address?: string;
  db?: string;
  json?: boolean;
}

const MODEL_OF: Record<NonNullable<ProgramCliOptions['meter']>, MeterModel> = { a1140: 'A1140', a1700: 'A1700', generic: 'generic' };

/** Register `pmu program` on `program`. */
export function registerProgramCommand(program: Command): void {
  program
    .command('program')
    .description('Program a meter with a tariff scheme file: validate, stage (approved), upload, read back; prints the programming certificate.')
    .requiredOption('--port <path>', 'serial port (COM3, /dev/ttyUSB0), or a built-in emulated meter: "emulator" (generic), "emulator:a1140", "emulator:a1700" (Elster, password 00000000)')
    .requiredOption('--scheme <file>', 'tariff scheme file (JSON, format pmu-tariff-scheme)')
    .requiredOption('--serial <number>', 'serial number of the meter to program (a different meter is refused)')
    .option('--ct <ratio>', 'CT ratio primary/secondary, e.g. 200/5 (default: direct connected)')
    .option('--vt <ratio>', 'VT ratio primary/secondary, e.g. 11000/110 (default: direct connected)')
    .option('--password <password>', 'meter password of the level: Elster meters need the security level 3 password (8 characters); generic meters get it with P1')
    .addOption(new Option('--level <level>', 'password level to sign on at (default 3 for Elster meters, 1 for generic)').choices(['1', '2', '3']))
    .option('--tz <zone>', "IANA time zone of the meter clock (default: this computer's)")
    .option('--site <text>', 'site name recorded with the program', '')
    .option('--customer <text>', 'customer recorded with the program', '')
    .addOption(new Option('--meter <kind>', "the meter's model; must match the scheme's (default: the scheme's)").choices(['a1140', 'a1700', 'generic']))
    .addOption(new Option('--line <format>', 'serial line format (default: 8N1 for Elster meters, 7E1 for generic)').choices(['7E1', '8N1']))
    .option('--address <address>', 'device address for the sign-on (default: any meter on the probe)')
    .option('--db <file>', 'SQLite store (default: the app data directory)')
    .option('--json', 'print the certificate as JSON')
    .action(runProgram);
}

/** A line of progress on stderr: `[write]  42% Written: Day profiles …`. */
function printProgress(p: ProgramProgress): void {
  const pct = p.percent === null ? '' : ` ${String(p.percent).padStart(3)}%`;
  process.stderr.write(`[${p.step}]${pct} ${p.message}\n`);
}

/** `pmu program`. Throws (plain message) when refused before the upload; sets exit code 1 unless verified. */
export async function runProgram(o: ProgramCliOptions): Promise<void> {
  let text: string;
  try {
    text = await readFile(o.scheme, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new Error(`Cannot read the scheme file ${o.scheme}: ${err.code === 'ENOENT' ? 'it does not exist' : err.message}`);
  }
  const model = o.meter === undefined ? undefined : MODEL_OF[o.meter];
  const { scheme, problems } = parseSchemeFile(text, model ? { model } : {});
  for (const p of problems.filter((x) => x.severity === 'warning')) process.stderr.write(`warning: ${p.path ? `${p.path}: ` : ''}${p.message}\n`);
  if (scheme === null || hasErrors(problems)) {
    const errors = problems.filter((x) => x.severity === 'error');
    for (const p of errors) process.stderr.write(`error: ${p.path ? `${p.path}: ` : ''}${p.message}\n`);
    throw new Error(`The scheme file ${o.scheme} has ${errors.length} error${errors.length === 1 ? '' : 's'} (listed above); nothing was programmed.`);
  }
  if (model !== undefined && model !== scheme.meterModel) {
    throw new Error(`The scheme ${scheme.id} is written for the ${scheme.meterModel}, but --meter ${o.meter} was given. Choose a scheme for this meter.`);
  }
  const ctx = createAppContext({ dbPath: o.db, timeZone: o.tz });
  try {
    const by = ctx.operator;
    const stored = findOrImportScheme(ctx.db, scheme, { by });
    const level = o.level === undefined ? (scheme.meterModel === 'generic' ? 1 : 3) : Number(o.level);
    const staged = createStagedProgram(ctx.db, {
      schemeStoreId: stored.schemeStoreId,
      schemeVersion: stored.version,
      meter: { serial: o.serial, ctRatio: o.ct ?? null, vtRatio: o.vt ?? null, passwordLevel: level, site: o.site ?? '', customer: o.customer ?? '', timeZone: ctx.timeZone },
      by,
      status: 'approved',
    });
    process.stderr.write(`Staged program ${staged.id}: scheme ${scheme.id} (stored version ${stored.schemeStoreId}.${stored.version}) for meter ${o.serial}, approved by ${by}.\n`);
    const cert = await programStagedMeter(ctx, { stagedId: staged.id, port: o.port, password: o.password ?? null, line: o.line, address: o.address }, printProgress);
    process.stdout.write(o.json ? `${JSON.stringify(cert, null, 2)}\n` : certificateText(cert));
    if (cert.status !== 'verified') process.exitCode = 1;
  } finally {
    ctx.db.close();
  }
}
