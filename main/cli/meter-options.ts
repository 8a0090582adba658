import { Option, type Command } from 'commander';
import { ExportError, parseTimeBound } from '../export';
import type { ElsterSecurityLevel } from '../../protocol/meters/elster/password';
import type { MeterChoice } from '../../protocol/meters/read-any';
import type { LineFormat } from '../links/types';
import type { MeterAccess } from '../services/types';

/**
 * The options every `pmu` command that talks to a meter shares (read, time): dialect, password, security level,
 * line format, sign-on address, time zone — declared once here and turned into the services' MeterAccess.
 */

/** The shared options as commander parses them. */
export interface MeterCliOptions {
  port: string;
  address?: string;
  meter?: MeterChoice;
  /** `--meter-password` (and its deprecated old name `--password`: read them through {@link meterPasswordOf}). */
  meterPassword?: string;
  password?: string;
  passwordLevel?: string;
  line?: LineFormat;
  tz?: string;
  meterSerial?: string;
}

/**
 * Add `--meter-password <password>` to `cmd`, with `--password` kept as its hidden, deprecated old name so scripts
 * do not break (issue 13.10: "password" alone was read as the workstation user's). Read it with {@link meterPasswordOf}.
 */
export function addMeterPasswordOption(cmd: Command, description: string): Command {
  return cmd
    .option('--meter-password <password>', description)
    .addOption(new Option('--password <password>', 'deprecated: the old name of --meter-password').hideHelp());
}

/**
 * The meter password given: `--meter-password`, else the deprecated `--password` (with a note on stderr naming the new
 * option). @throws Error (plain) when both are given with different values.
 */
export function meterPasswordOf(o: { meterPassword?: string; password?: string }, warn: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): string | undefined {
  if (o.password === undefined) return o.meterPassword;
  if (o.meterPassword !== undefined && o.meterPassword !== o.password) throw new Error('Give the meter password once, with --meter-password (--password is its old name).');
  warn('pmu: --password is the old name of --meter-password (the meter\'s password); it still works, but please use --meter-password. Your workstation password comes from PMU_PASSWORD or the prompt.');
  return o.password;
}

/** Add the shared meter options to `cmd`. */
export function addMeterOptions(cmd: Command): Command {
  return addMeterPasswordOption(cmd, 'the meter\'s password: Elster meters need it (8 characters); generic meters get it with P1; without it the stored one is used')
    .requiredOption('--port <path>', 'serial port (COM3, /dev/ttyUSB0), or a built-in emulated meter: "emulator" (generic), "emulator:a1140", "emulator:a1700" (Elster, password 00000000)')
    .option('--address <address>', 'device address for the sign-on (default: any meter on the probe)', '')
    .addOption(new Option('--meter <kind>', 'meter dialect; default: decided from the identification').choices(['auto', 'generic', 'a1140', 'a1700']))
    .addOption(new Option('--password-level <level>', 'Elster security level the meter password opens (default 2; 1 for --adjust)').choices(['1', '2', '3']))
    .addOption(
      new Option('--line <format>', 'serial line format: 7E1 (IEC 62056-21), or 8N1 for the Elster data stream (RD); default 8N1 with --meter a1140/a1700, else 7E1').choices(['7E1', '8N1']),
    )
    .option('--tz <zone>', 'IANA time zone of the meter clock (default: this computer\'s)')
    .option('--meter-serial <serial>', 'serial number of the meter on the probe: without --meter-password its stored password is used; names it in the audit trail');
}

/**
 * The services' MeterAccess from the parsed options.
 * @throws Error (plain message) for a password that is not 8 characters with an Elster dialect forced.
 */
export function meterAccess(o: MeterCliOptions): MeterAccess {
  const password = meterPasswordOf(o);
  if (password !== undefined && (o.meter === 'a1140' || o.meter === 'a1700') && password.length !== 8) {
    throw new Error(`An Elster meter password has exactly 8 characters; the one given has ${password.length}.`);
  }
  return {
    port: o.port,
    address: o.address,
    meter: o.meter,
    password,
    passwordLevel: o.passwordLevel === undefined ? undefined : (Number(o.passwordLevel) as ElsterSecurityLevel),
    line: o.line,
  };
}

/**
 * `--profile-from` / `--profile-to` text → UTC ISO instant: `YYYY-MM-DD` (midnight in `timeZone`; for `to` the
 * end of that day) or an ISO 8601 time (see main/export/time-range.ts parseTimeBound).
 * @throws Error naming the option when the text is not a date.
 */
export function profileBound(text: string, timeZone: string, edge: 'from' | 'to'): string {
  try {
    return parseTimeBound(text, timeZone, edge);
  } catch (e) {
    if (e instanceof ExportError) throw new Error(e.message.replace(`--${edge} `, `--profile-${edge} `));
    throw e;
  }
}

/**
 * The MeterAccess a `pmu read | time` command asks for: the shared options, `--meter-serial` and `level3Password`
 * (pmu time --set). The service applies the access rules to it, as for the UI (main/services/meter-access.ts: the
 * role's highest meter password level, the stored password when `--password` is absent, the meter scope check).
 * @throws Error (plain) for a malformed password (see {@link meterAccess}).
 */
export function requestedMeterAccess(o: MeterCliOptions, level3Password?: string): MeterAccess & { level3Password?: string } {
  return {
    ...meterAccess(o),
    ...(level3Password !== undefined ? { level3Password } : {}),
    ...(o.meterSerial !== undefined ? { meterSerial: o.meterSerial } : {}),
  };
}
