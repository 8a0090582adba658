import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { MeterModel, TariffScheme } from '../../schemes/model';
import { parseSchemeFile } from '../../schemes/scheme-file';
import { hasErrors } from '../../schemes/validate';
import { createAppContext } from '../services/app-context';
import { certificateText } from '../services/certificate-text';
import type { LineFormat } from '../links/types';
import { type ProgramProgress, programStagedMeter } from '../services/program';
import { programAccess, requireSchemeFileScope, uploadAccess } from '../services/program-access';
import { closeAbandonedAtStart, importSchemeForProgram, stageProgram } from '../services/program-records';
import { getStagedProgram } from '../store/staging';
import { actAs, addUserOption, type ActingOptions } from './acting-user';
import { addMeterPasswordOption, meterPasswordOf } from './meter-options';
import { selfApprovalRefusal } from '../services/program-readiness';

/**
 * `pmu program`: program a meter with a tariff scheme, as at the workstation, in one of two ways:
 * - `--scheme <file> --serial <n>` (an engineer: stage + approve + upload): read and validate the scheme file
 *   (schemes/scheme-file.ts; errors are printed and nothing is done), store the scheme (the same content is reused),
 *   stage it for the meter `--serial` with `--ct` / `--vt` / `--site` / `--customer` / `--tz`, approved by the acting
 *   user, then upload it. Needs `programs.approve` (engineers, administrators).
 * - `--staged <id>` (a technician too): upload a staged program an engineer has approved. Needs `programs.upload`.
 * Both act as `--user` (or PMU_USER; password from PMU_PASSWORD or asked; not needed in setup mode) with the UI's
 * rules (main/cli/acting-user.ts, main/services/meter-access.ts): the staged password level must not exceed the role's
 * highest, the meter must be in the user's meter groups (and a scheme in the user's scheme folders), and without
 * `--password` the stored password of the meter (its group, or the default) is used. The upload itself
 * (main/services/program.ts: serial check, counter before/after, read back) and every record in the audit trail
 * (`scheme.imported`, `program.staged`, `program.approved`, `program.uploaded` / `program.uploadFailed`:
 * main/services/program-records.ts) are the same as from the UI. Jobs a stopped workstation left running are closed
 * first. Progress on stderr; the programming certificate on stdout as text (or `--json`). Exit code 0 = verified,
 * 1 = anything else (differences, partially programmed, failed, or refused before the upload). Ports `emulator`,
 * `emulator:a1140`, `emulator:a1700` work as for `pmu read` (the emulated Elster meters' password is 00000000).
 */

/** Options of `pmu program` as commander parses them. */
export interface ProgramCliOptions extends ActingOptions {
  port: string;
  scheme?: string;
  staged?: string;
  serial?: string;
  ct?: string;
  vt?: string;
  /** `--meter-password`; `password` is its deprecated old name (meterPasswordOf). */
  meterPassword?: string;
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
  const cmd = program
    .command('program')
    .description('Program a meter: a tariff scheme file (stage, approve, upload) or an approved staged program (--staged); prints the programming certificate.')
    .requiredOption('--port <path>', 'serial port (COM3, /dev/ttyUSB0), or a built-in emulated meter: "emulator" (generic), "emulator:a1140", "emulator:a1700" (Elster, password 00000000)')
    .option('--scheme <file>', 'tariff scheme file (JSON, format pmu-tariff-scheme) to stage, approve and upload (engineers)')
    .option('--staged <id>', 'number of an approved staged program to upload (technicians too)')
    .option('--serial <number>', 'serial number of the meter to program (with --scheme; a different meter is refused)')
    .option('--ct <ratio>', 'CT ratio primary/secondary, e.g. 200/5 (default: direct connected)')
    .option('--vt <ratio>', 'VT ratio primary/secondary, e.g. 11000/110 (default: direct connected)')
    .addOption(new Option('--level <level>', 'password level to sign on at (default 3 for Elster meters, 1 for generic)').choices(['1', '2', '3']))
    .option('--tz <zone>', "IANA time zone of the meter clock (default: the scheme's DST zone)")
    .option('--site <text>', 'site name recorded with the program')
    .option('--customer <text>', 'customer recorded with the program')
    .addOption(new Option('--meter <kind>', "the meter's model; must match the scheme's (default: the scheme's)").choices(['a1140', 'a1700', 'generic']))
    .addOption(new Option('--line <format>', 'serial line format (default: 8N1 for Elster meters, 7E1 for generic)').choices(['7E1', '8N1']))
    .option('--address <address>', 'device address for the sign-on (default: any meter on the probe)')
    .option('--db <file>', 'SQLite store (default: the app data directory)')
    .option('--json', 'print the certificate as JSON');
  addMeterPasswordOption(cmd, "the meter's password of the level: Elster meters need the security level 3 password (8 characters); without it the stored one is used");
  addUserOption(cmd).action(runProgram);
}

/** A line of progress on stderr: `[write]  42% Written: Day profiles …`. */
function printProgress(p: ProgramProgress): void {
  const pct = p.percent === null ? '' : ` ${String(p.percent).padStart(3)}%`;
  process.stderr.write(`[${p.step}]${pct} ${p.message}\n`);
}

/** Refuse option mixes that make no sense (plain message). */
function checkOptions(o: ProgramCliOptions): void {
  if ((o.scheme === undefined) === (o.staged === undefined)) {
    throw new Error('Give either --scheme <file> (stage, approve and upload a scheme file) or --staged <id> (upload an approved staged program).');
  }
  if (o.scheme !== undefined && o.serial === undefined) throw new Error('Give --serial <number>: the serial number of the meter to program with the scheme.');
  if (o.staged !== undefined) {
    if (!/^[1-9]\d{0,9}$/.test(o.staged)) throw new Error(`--staged takes the number of a staged program (e.g. 12), not "${o.staged}".`);
    const meterData = (['ct', 'vt', 'level', 'site', 'customer', 'meter'] as const).filter((k) => o[k] !== undefined);
    if (meterData.length > 0) {
      throw new Error(`${meterData.map((k) => `--${k}`).join(', ')} only go with --scheme: a staged program already has its meter data.`);
    }
  }
}

/** Read and validate the scheme file (problems on stderr). @throws Error (plain) when it cannot be used. */
async function readScheme(o: ProgramCliOptions & { scheme: string }): Promise<TariffScheme> {
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
  return scheme;
}


/** `pmu program`. Throws (plain message) when refused before the upload; sets exit code 1 unless verified. */
export async function runProgram(o: ProgramCliOptions): Promise<void> {
  checkOptions(o);
  const meterPassword = meterPasswordOf(o);
  const scheme = o.scheme !== undefined ? await readScheme({ ...o, scheme: o.scheme }) : null;
  const base = createAppContext({ dbPath: o.db, timeZone: o.tz });
  try {
    const ctx = await actAs(base, o, scheme !== null ? 'program' : 'program --staged');
    // Jobs a stopped workstation left running, closed by the workstation itself (the OS user), not the acting user.
    closeAbandonedAtStart(base, (line) => process.stderr.write(`${line}\n`));
    let stagedId: number;
    let access;
    if (scheme !== null) {
      const level = o.level === undefined ? (scheme.meterModel === 'generic' ? 1 : 3) : Number(o.level);
      // Every refusal before anything is stored: the level, the meter, the scheme folder.
      uploadAccess(ctx, { model: scheme.meterModel, level, serial: o.serial!, approved: true }, meterPassword);
      // --scheme stages AND approves as one user: only where the separation-of-duties policy allows it (issue 13.3).
      const selfApproval = selfApprovalRefusal(ctx, { createdBy: ctx.actor?.username ?? ctx.operator });
      if (selfApproval) throw new Error(`${selfApproval} With --scheme you would stage and approve it yourself: stage it (in the app), let another user approve it, then run pmu program --staged <id>.`);
      requireSchemeFileScope(ctx, scheme);
      const stored = importSchemeForProgram(ctx, scheme);
      const staged = stageProgram(ctx, {
        schemeStoreId: stored.schemeStoreId,
        schemeVersion: stored.version,
        meter: { serial: o.serial!, ctRatio: o.ct ?? null, vtRatio: o.vt ?? null, passwordLevel: level, site: o.site ?? '', customer: o.customer ?? '', timeZone: o.tz ?? scheme.dst.zone },
        status: 'approved',
      });
      stagedId = staged.id;
      access = programAccess(ctx, stagedId, meterPassword);
      process.stderr.write(`Staged program ${staged.id}: scheme ${scheme.id} (saved version ${stored.version} of library scheme #${stored.schemeStoreId}) for meter ${o.serial}, approved by ${ctx.operator}.\n`);
    } else {
      const staged = getStagedProgram(ctx.db, Number(o.staged));
      if (o.serial !== undefined && o.serial.trim() !== staged.meter.serial) {
        throw new Error(`Staged program ${staged.id} is for meter ${staged.meter.serial}, not ${o.serial}. Nothing was done.`);
      }
      access = programAccess(ctx, staged.id, meterPassword);
      stagedId = staged.id;
      process.stderr.write(`Staged program ${staged.id}: scheme ${staged.schemeId} (saved version ${staged.schemeVersion} of library scheme #${staged.schemeStoreId}) for meter ${staged.meter.serial}, approved by ${staged.approvedBy ?? '?'}.\n`);
    }
    const cert = await programStagedMeter(
      ctx,
      { stagedId, port: o.port, password: access.password, access, line: o.line, address: o.address, ...(ctx.actor?.meterUserId ? { meterUserId: ctx.actor.meterUserId } : {}) },
      printProgress,
    );
    process.stdout.write(o.json ? `${JSON.stringify(cert, null, 2)}\n` : certificateText(cert));
    if (cert.status !== 'verified') process.exitCode = 1;
  } finally {
    base.db.close();
  }
}
