import { Command, Option } from 'commander';
import { appVersion } from '../services/app-context';
import { runPorts, runRead } from './read';
import { runServe, runSimulate } from './simulate';

/**
 * `pmu` — the workstation's command line. Every command that touches the store takes `--db <file>`
 * (default: the app data directory shared with the UI). Progress goes to stderr, results to stdout; on
 * failure one plain-language line on stderr and a non-zero exit code (1 = the job failed, 2 = bad usage).
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

  program
    .command('read')
    .description('Read a meter: registers (data readout) and load profile, stored locally and saved as a .RES file.')
    .requiredOption('--port <path>', 'serial port (COM3, /dev/ttyUSB0) or "emulator" for the built-in emulated meter')
    .option('--out <file-or-folder>', '.RES file or folder to write (default: the RES folder beside the store)')
    .option('--no-res', 'do not write a .RES file')
    .option('--db <file>', 'SQLite store (default: the app data directory)')
    .option('--address <address>', 'device address for the sign-on (default: any meter on the probe)', '')
    .addOption(new Option('--max-baud <baud>', 'highest baud rate to negotiate').choices(['300', '600', '1200', '2400', '4800', '9600', '19200']))
    .option('--no-profile', 'read registers only, not the load profile')
    .option('--tz <zone>', 'IANA time zone of the meter clock (default: this computer\'s)')
    .option('--json', 'print the reading as JSON instead of the text summary')
    .action(runRead);

  program
    .command('simulate')
    .description('Run the meter emulator on a serial port (e.g. one end of a socat pty pair) until stopped.')
    .requiredOption('--port <path>', 'serial port or pty the emulator answers on')
    .addOption(new Option('--meter <kind>', 'meter to emulate').choices(['generic', 'replay']).default('generic'))
    .option('--readout <file>', 'replay: captured data readout to serve (e.g. an Iskra MT174 capture)')
    .option('--identification <line>', 'replay: identification line the meter sends, e.g. "/ISk5MT174-0001"')
    .option('--serial <number>', 'generic: meter serial number', '12345678')
    .option('--address <address>', 'generic: device address the meter answers to', '')
    .option('--tz <zone>', 'generic: time zone of the meter clock', 'Europe/London')
    .option('--reaction-ms <ms>', 'reaction time before each answer (standard: 200)', '200')
    .action(runSimulate);

  program
    .command('serve')
    .description('Browser mode: serve the workstation UI and API on http://127.0.0.1 (used when Electron is not available).')
    .option('--port <port>', 'TCP port (0 = any free port)', '0')
    .option('--db <file>', 'SQLite store (default: the app data directory)')
    .option('--open', 'open the URL in the default browser')
    .action(runServe);

  return program;
}

/** Entry point of `bin/pmu.cjs`. */
export async function main(argv: string[]): Promise<void> {
  const program = buildCli();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (typeof err.code === 'string' && err.code.startsWith('commander.')) {
      process.exitCode = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
      return;
    }
    process.stderr.write(`pmu: ${err.message ?? String(e)}\n`);
    if (process.env.PMU_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n${(e as { detail?: string }).detail ?? ''}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && /(?:cli\.cjs|cli[\\/]index\.ts)$/.test(process.argv[1])) {
  void main(process.argv);
}
