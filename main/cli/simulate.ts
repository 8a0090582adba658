import { readFile } from 'node:fs/promises';
import {
  type Fault, FaultLog, type MeterPersonality, createEmulatedMeter, createReplayMeter, pacedTransport, parseFaultSpec, runMeterOnTransport,
} from '../emulator';
import { openSerialTransport } from '../links/serial/transport';
import { withProbeEcho } from '../emulator/probe/echo';
import { serveBrowserMode } from '../api/http/serve';
import { runSimulateTcp, type FleetSimulateOptions } from './simulate-fleet';
import { runSimulateLine, type LineSimulateOptions } from './simulate-lines';

/** Options of `pmu simulate` as commander parses them. */
export interface SimulateCliOptions extends Omit<LineSimulateOptions, 'tz' | 'reactionMs' | 'faults'> {
  port?: string;
  /** The emulated probe echoes what the client sends. */
  probeEcho?: boolean;
  meter: 'generic' | 'a1140' | 'a1700' | 'replay' | 'a1100' | 'push';
  intervalMs?: string;
  heardAt?: string;
  readout?: string;
  identification?: string;
  serial?: string;
  address?: string;
  tz: string;
  reactionMs: string;
  password?: string;
  password1?: string;
  password2?: string;
  password3?: string;
  faults?: string;
  line?: '7E1' | '8N1';
  clockOffset?: string;
  creep?: string;
  consumption?: 'household' | 'commercial' | 'constant';
  constantKw?: string;
  /** False with --no-outage. */
  outage?: boolean;
}

function number(text: string, option: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${option} must be a number from ${min} to ${max}, got "${text}".`);
  return n;
}

/** The meter `o` describes. @throws Error (plain message) for a bad option. */
async function meterOf(o: SimulateCliOptions & { meter: 'generic' | 'a1140' | 'a1700' | 'replay' }): Promise<MeterPersonality> {
  if (o.meter === 'replay') {
    if (!o.readout || !o.identification) {
      throw new Error('A replay meter needs --readout <capture file> and --identification <line>, e.g. --identification /ISk5MT174-0001');
    }
    const bytes = await readFile(o.readout).catch((e: NodeJS.ErrnoException) => {
      throw new Error(`Cannot read the capture file ${o.readout}: ${e.code === 'ENOENT' ? 'it does not exist' : e.message}`);
    });
    return createReplayMeter({ identification: o.identification, readout: new Uint8Array(bytes) });
  }
  const clockOffsetMs = o.clockOffset === undefined ? 0 : number(o.clockOffset, '--clock-offset', -86_400 * 366, 86_400 * 366) * 1000;
  if (o.constantKw !== undefined && o.consumption !== 'constant') throw new Error('--constant-kw goes with --consumption constant.');
  const site = {
    ...(o.consumption === undefined ? {} : { profile: o.consumption }),
    ...(o.constantKw === undefined ? {} : { constantKw: number(o.constantKw, '--constant-kw', 0, 10_000) }),
  };
  try {
    if (o.meter === 'generic') {
      if (o.password1 ?? o.password2 ?? o.password3) throw new Error('--password1/2/3 are for the Elster meters; the generic meter takes one --password (P1).');
      return createEmulatedMeter({ serial: o.serial ?? '12345678', deviceAddress: o.address ?? '', timeZone: o.tz, password: o.password ?? null, clockOffsetMs, ...site });
    }
    const level = (l: string | undefined) => l ?? o.password ?? '00000000';
    const creep = o.creep === undefined ? undefined : o.creep === 'all' ? Infinity : number(o.creep, '--creep', 1, 450);
    return createEmulatedMeter({
      model: o.meter,
      ...(o.serial === undefined ? {} : { serial: o.serial }),
      deviceAddress: o.address ?? '',
      timeZone: o.tz,
      passwords: { 1: level(o.password1), 2: level(o.password2), 3: level(o.password3) },
      clockOffsetMs,
      ...(creep === undefined ? {} : { clockCreepSecondsPerPeriod: creep }),
      ...(o.outage === false ? { powerFailure: null } : {}),
      ...site,
    });
  } catch (e) {
    if (e instanceof RangeError) throw new Error(e.message);
    throw e;
  }
}

/**
 * `pmu simulate`: answer as a meter on a serial port / pty until SIGINT/SIGTERM. Each protocol event is logged
 * on stderr, and so is every injected fault (`--faults`, main/emulator/faults/faults.ts parseFaultSpec syntax) as
 * `[fault] …`. The emulator always paces itself at the negotiated baud rate (10 bits per character), so that wire
 * time is realistic on a pty (which passes bytes instantly) as on a real serial port. The Elster models send the
 * binary data stream (RD), so their port is opened 8N1 unless `--line 7E1` (the client must use the same).
 */
export async function runSimulate(o: SimulateCliOptions): Promise<void> {
  if (o.tcp !== undefined) return runSimulateTcp(o);
  if (o.bus !== undefined || o.modem !== undefined || o.gps !== undefined) return runSimulateLine(o);
  if (o.meter === 'a1100' || o.meter === 'push') return (await import('./simulate-push')).runSimulatePush({ ...o, meter: o.meter });
  if (o.port === undefined) throw new Error('Say where the emulator answers: --port <serial port or pty>, or --tcp <port> for meters behind TCP.');
  const port = o.port;
  const meter = await meterOf({ ...o, meter: o.meter });
  const reaction = Number(o.reactionMs);
  if (!Number.isFinite(reaction) || reaction < 0 || reaction > 1500) throw new Error('--reaction-ms must be 0…1500 (the standard allows 20…1500 ms)');
  let faults: Fault[] = [];
  if (o.faults !== undefined) {
    try {
      faults = parseFaultSpec(o.faults);
    } catch (e) {
      throw new Error(`--faults: ${(e as Error).message}`);
    }
  }
  const faultLog = new FaultLog((e) => process.stderr.write(`[fault] ${e.detail}\n`));
  const line = o.line ?? (o.meter === 'a1140' || o.meter === 'a1700' ? '8N1' : '7E1');
  const serial = await openSerialTransport(port, { format: line });
  const transport = pacedTransport(o.probeEcho ? withProbeEcho(serial) : serial);
  const running = runMeterOnTransport(meter, transport, {
    reactionTimeMs: reaction,
    faults,
    faultLog,
    log: (text) => process.stderr.write(`[meter] ${text}\n`),
  });
  process.stderr.write(`Emulated meter ${meter.identification} answering on ${port} (${line}${o.probeEcho ? ', the probe echoes' : ''}${faults.length ? `, ${faults.length} scripted fault${faults.length > 1 ? 's' : ''}` : ''}; Ctrl+C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    serial.onClose((reason) => {
      process.stderr.write(`Port closed: ${reason}\n`);
      resolve();
    });
  });
  await running.stop();
  await serial.close();
  if (faults.length) process.stderr.write(`Faults injected: ${faultLog.count()}\n`);
}

/** `pmu serve`: browser mode on 127.0.0.1 until SIGINT/SIGTERM. Prints the URL on stdout. */
export async function runServe(o: { port: string; db?: string; open?: boolean }): Promise<void> {
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a TCP port number 0…65535');
  const server = await serveBrowserMode({ dbPath: o.db, port });
  // The launch URL carries this launch's token: only whoever can read it (this terminal) can use the workstation.
  process.stdout.write(`PMU Workstation (browser mode) is running at ${server.launchUrl}\n`);
  if (o.open) openInBrowser(server.launchUrl);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.close();
}

function openInBrowser(url: string): void {
  void import('node:child_process').then(({ spawn }) => {
    const cmd = process.platform === 'win32' ? 'cmd' : process.platform === 'darwin' ? 'open' : 'xdg-open';
    const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
    spawn(cmd, args, { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  });
}
