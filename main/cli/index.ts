import { Command, Option } from 'commander';
import { storeFailureOf } from '../core/errors';
import { appVersion } from '../services/app-context';
import { addUserOption } from './acting-user';
import { registerAuditCommands } from './audit';
import { registerImportCommands } from './import';
import { registerProgramCommand } from './program';
import { registerSchemeCommands } from './scheme';
import { addSchemeSimulateCommand } from './scheme-simulate';
import { addSchemeFileCommands } from './scheme-files';
import { runExport } from './export';
import { addMeterOptions } from './meter-options';
import { registerMetersCommands } from './meters';
import { registerCollectCommands } from './collect';
import { registerScheduleCommands } from './schedule';
import { registerReportCommands } from './report';
import { CliUsageError } from './usage';
import { runPorts, runRead } from './read';
import { runTime } from './time';
import { registerUserCommands } from './user';
import { registerSettingsCommands } from './settings';
import { registerProbeCommands } from './probe';

/**
 * The action of a command whose module is loaded only when the command runs: `pmu simulate` and `pmu serve` load
 * the meter emulator and the whole HTTP API, which `pmu read` never needs (main/links/links.test.ts walks the
 * import graph of a serial-port reading).
 */
function lazy<A extends unknown[]>(load: () => Promise<Record<string, unknown>>, name: string): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const run = (await load())[name] as (...a: A) => Promise<void>;
    await run(...args);
  };
}

/**
 * `pmu` — the workstation's command line (ports, read, time, simulate, serve, import, watch, export, user, audit). Every
 * command that touches the store takes `--db <file>` (default: the app data directory shared with the UI) and, once
 * workstation users exist, `--user <name>` (password from PMU_PASSWORD or a prompt; permissions as in the UI:
 * ./acting-user.ts). Progress goes
 * to stderr, results to stdout; on failure one plain-language line on stderr and a non-zero exit code
 * (1 = the job failed, 2 = bad usage).
 */
export function buildCli(): Command {
  const program = new Command('pmu')
    .description('Read and program electricity meters over an IEC 62056-21 optical probe.')
    .version(appVersion())
    .showHelpAfterError('(run "pmu --help" for usage)')
    .configureOutput({ outputError: (str, write) => write(str) })
    // Throw instead of exiting so main() sets the exit code (2 = usage); set before subcommands inherit it.
    .exitOverride();

  program
    .command('ports')
    .description('List the serial ports (optical probes) and the built-in emulated meter.')
    .action(runPorts);

  addMeterOptions(
    program
      .command('read')
      .description('Read a meter: registers (data readout, or the Elster dialect) and load profile, stored locally and saved as a .RES file.'),
  )
    .option('--out <file-or-folder>', '.RES file or folder to write (default: the .RES output folder of the settings)')
    .option('--no-res', 'do not write a .RES file')
    .option('--db <file>', 'SQLite store (default: the app data directory)')
    .addOption(new Option('--max-baud <baud>', 'highest baud rate to negotiate').choices(['300', '600', '1200', '2400', '4800', '9600', '19200']))
    .option('--no-profile', 'read registers only, not the load profile')
    .option('--profile-from <date-or-time>', 'load profile from: YYYY-MM-DD (midnight in --tz) or an ISO 8601 time (default: 48 h before --profile-to)')
    .option('--profile-to <date-or-time>', 'load profile up to (exclusive; a date YYYY-MM-DD includes that day; default: now)')
    .option('--profile-all', 'read the whole load profile the meter holds')
    .option('--events', 'also read the events (Elster 544); shown in the summary')
    .option('--json', 'print the reading as JSON instead of the text summary')
    .option('--listen', 'push meter (IEC 62056-21 mode D, Elster A1100, eHZ): only listen for its telegrams, send nothing (implied for emulator:a1100 / emulator:push)')
    .addOption(new Option('--baud <baud>', 'with --listen: the meter\'s line speed (default 2400)').choices(['2400', '4800', '9600']))
    .option('--telegrams <n>', 'with --listen: telegrams to collect (1…100, default 1); several also give a short load profile of their power values')
    .option('--listen-timeout <seconds>', 'with --listen: longest wait for each telegram (default 30)');
  addUserOption(program.commands.at(-1)!).action(runRead);

  addMeterOptions(
    program
      .command('time')
      .description('Meter clock: show its drift from this computer (default), --set it at once (Elster level 3) or --adjust it (Elster level 1 creep, at most ±7.5 min).'),
  )
    .option('--set', 'set the meter clock to this computer\'s time (Elster: security level 3)')
    .option('--adjust', 'adjust (creep) the meter clock towards this computer\'s time (Elster: level 1 by default)')
    .option('--level3-password <password>', 'with --set: the meter\'s security level 3 password, when --meter-password opens another level')
    .option('--json', 'print the result as JSON')
    .option('--db <file>', 'SQLite store where a set/adjust is recorded (default: the app data directory)');
  addUserOption(program.commands.at(-1)!).action(runTime);

  program
    .command('simulate')
    .description('Run the meter emulator on a serial port (e.g. one end of a socat pty pair) until stopped.')
    .option('--port <path>', 'serial port or pty the emulator answers on')
    .option('--probe-echo', 'the emulated optical probe echoes everything the client sends (a half-duplex transceiver)')
    .option('--tcp <port>', 'fleet: emulated meters behind TCP servers on this port and the next ones (0 = free ports); one line per meter on stdout')
    .option('--bus <pty>', 'fleet: an RS-485 bus of --meters addressed meters (default 8) on this serial port / pty')
    .option('--modem <pty>', 'fleet: a Hayes modem on this serial port / pty calling --meters meters (default 4) at 0101, 0102, …')
    .option('--gps <pty>', 'an emulated GPS receiver sending NMEA 0183 (RMC, ZDA) every second on this serial port / pty')
    .option('--line-name <path>', 'fleet: the port name the meter list gives for --bus / --modem (the other end of a pty pair)')
    .option('--meters <n>', 'fleet: how many emulated meters (--tcp, --bus, --modem); default 1')
    .option('--baud <baud>', 'fleet: the fixed line speed of the TCP servers / bus / modem connection, default 9600; push meters: their speed (a1100 2400, push 9600; 2400, 4800 or 9600)')
    .option('--prefix <text>', 'fleet: serial number prefix of the emulated meters (meter i = <prefix>0001…)')
    .option('--list <file>', 'fleet: also write the meters as a meter-list CSV for "pmu meters import"')
    .option('--place <region/substation>', 'fleet: where --list installs the meters (default Emulated/<kind> meters)')
    .addOption(new Option('--meter <kind>', 'meter to emulate: generic IEC 62056-21, Elster A1140 / A1700, a replayed capture, or a push meter (Elster A1100 one-way stream, eHZ-style telegram: listen with pmu read --listen)').choices(['generic', 'a1140', 'a1700', 'replay', 'a1100', 'push']).default('generic'))
    .option('--interval-ms <ms>', 'push meters: time between telegrams (default a1100 10000, push 2000)')
    .option('--heard-at <baud>', 'push meters on a pty (which has no line speed): send what a listener set to this speed would hear, to try a wrong speed')
    .option('--readout <file>', 'replay: captured data readout to serve (e.g. an Iskra MT174 capture)')
    .option('--identification <line>', 'replay: identification line the meter sends, e.g. "/ISk5MT174-0001"')
    .option('--serial <number>', 'meter serial number (default: generic 12345678, Elster EMU-A1140-0001 / EMU-A1700-0001)')
    .option('--address <address>', 'device address the meter answers to (default: any sign-on)')
    .option('--password <password>', 'generic: the P1 password (default none); Elster: the password of every security level (default 00000000)')
    .option('--password1 <password>', 'Elster: the security level 1 password (8 characters)')
    .option('--password2 <password>', 'Elster: the security level 2 password')
    .option('--password3 <password>', 'Elster: the security level 3 password')
    .option('--clock-offset <seconds>', 'meter clock drift at start, seconds (positive = meter fast)')
    .option('--creep <seconds|all>', 'Elster: clock adjust per integration period, seconds (default 5); "all" = at once')
    .option('--faults <spec>', 'scripted faults, e.g. "corrupt-byte:on=R1;stall:on=RD,ms=3000" (kinds: drop-byte, corrupt-byte, bad-check, nak-storm, stall, unplug, err5-lock, slow); each injected fault is printed on stderr')
    .addOption(new Option('--line <format>', 'line format of the port (default: 8N1 for a1140/a1700, whose data stream is binary; else 7E1)').choices(['7E1', '8N1']))
    .option('--tz <zone>', 'time zone of the meter clock', 'Europe/London')
    .addOption(new Option('--consumption <profile>', 'what the emulated site draws: household, commercial, or constant (--constant-kw all the time, for checking readers)').choices(['household', 'commercial', 'constant']))
    .option('--constant-kw <kW>', 'power of --consumption constant, kW (default 1: 0.5 kWh per 30 min)')
    .option('--no-outage', 'Elster: no simulated power failure in the load profile (default: one 10 days ago)')
    .option('--reaction-ms <ms>', 'reaction time before each answer (standard: 200)', '200')
    .action(lazy(() => import('./simulate'), 'runSimulate'));

  program
    .command('serve')
    .description('Browser mode: serve the workstation UI and API on http://127.0.0.1 (used when Electron is not available).')
    .option('--port <port>', 'TCP port (0 = any free port)', '0')
    .option('--db <file>', 'SQLite store (default: the app data directory)')
    .option('--open', 'open the URL in the default browser')
    .action(lazy(() => import('./simulate'), 'runServe'));

  registerImportCommands(program);
  registerProgramCommand(program);
  const scheme = registerSchemeCommands(program);
  addSchemeSimulateCommand(scheme);
  addSchemeFileCommands(scheme);

  program
    .command('export')
    .description('Export stored readings (load profile, registers) as CSV, JSON or XLSX, or with --meters the meters\' parameters.')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'json', 'xlsx']).makeOptionMandatory())
    .option('--out <file>', 'file to write (replaced if it exists; written atomically; default: a new file in the export folder of the settings)')
    .option('--meter <serial>', 'only this meter (serial number)')
    .option('--from <date-or-time>', 'start: YYYY-MM-DD (midnight in --tz) or an ISO 8601 time, e.g. 2025-10-26T00:00Z')
    .option('--to <date-or-time>', 'end (exclusive); a date YYYY-MM-DD includes that whole day')
    .addOption(new Option('--content <what>', 'what to export; csv "all" also writes <out>-registers.csv').choices(['load-profile', 'registers', 'all']).default('all'))
    .option('--meters', 'export the stored meters (parameters) instead of readings; csv or json')
    .option('--db <file>', 'SQLite store (default: the app data directory)')
    .option('--tz <zone>', 'IANA time zone of dates without offset (default: this computer\'s)');
  addUserOption(program.commands.at(-1)!).action(runExport);
  registerUserCommands(program);
  registerAuditCommands(program);
  registerMetersCommands(program);
  registerCollectCommands(program);
  registerScheduleCommands(program);
  registerSettingsCommands(program);
  registerProbeCommands(program);
  registerReportCommands(program);

  return program;
}

/** Entry point of `bin/pmu.cjs`. */
export async function main(argv: string[]): Promise<void> {
  const program = buildCli();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (e instanceof CliUsageError) {
      process.stderr.write(`pmu: ${e.message} (run "pmu --help" for usage)\n`);
      process.exitCode = 2;
      return;
    }
    if (typeof err.code === 'string' && err.code.startsWith('commander.')) {
      process.exitCode = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
      return;
    }
    // SQLite's own wording (disk full, read-only store) becomes the plain sentence of main/core/errors.ts.
    process.stderr.write(`pmu: ${storeFailureOf(e)?.message ?? err.message ?? String(e)}\n`);
    if (process.env.PMU_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n${(e as { detail?: string }).detail ?? ''}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && /(?:cli\.cjs|cli[\\/]index\.ts)$/.test(process.argv[1])) {
  void main(process.argv);
}
