import { readFile } from 'node:fs/promises';
import { createEmulatedMeter, createReplayMeter, pacedTransport, runMeterOnTransport, type MeterPersonality } from '../emulator';
import { openSerialTransport } from '../serial/serial-transport';
import { serveBrowserMode } from '../api/serve';

/** Options of `pmu simulate` as commander parses them. */
export interface SimulateCliOptions {
  port: string;
  meter: 'generic' | 'replay';
  readout?: string;
  identification?: string;
  serial: string;
  address: string;
  tz: string;
  reactionMs: string;
}

/**
 * `pmu simulate`: answer as a meter on a serial port / pty until SIGINT/SIGTERM. Each protocol event is logged
 * on stderr. The emulator always paces itself at the negotiated baud rate (10 bits per character on 7E1): a pty
 * passes bytes instantly, and serialport's baud change flushes the port (tcflush), so an unpaced meter going
 * back to 300 baud right after a readout would cut its own tail; pacing also makes wire time realistic.
 */
export async function runSimulate(o: SimulateCliOptions): Promise<void> {
  let meter: MeterPersonality;
  if (o.meter === 'replay') {
    if (!o.readout || !o.identification) {
      throw new Error('A replay meter needs --readout <capture file> and --identification <line>, e.g. --identification /ISk5MT174-0001');
    }
    const bytes = await readFile(o.readout).catch((e: NodeJS.ErrnoException) => {
      throw new Error(`Cannot read the capture file ${o.readout}: ${e.code === 'ENOENT' ? 'it does not exist' : e.message}`);
    });
    meter = createReplayMeter({ identification: o.identification, readout: new Uint8Array(bytes) });
  } else {
    meter = createEmulatedMeter({ serial: o.serial, deviceAddress: o.address, timeZone: o.tz });
  }
  const reaction = Number(o.reactionMs);
  if (!Number.isFinite(reaction) || reaction < 0 || reaction > 1500) throw new Error('--reaction-ms must be 0…1500 (the standard allows 20…1500 ms)');
  const serial = await openSerialTransport(o.port);
  const transport = pacedTransport(serial);
  const running = runMeterOnTransport(meter, transport, {
    reactionTimeMs: reaction,
    log: (line) => process.stderr.write(`[meter] ${line}\n`),
  });
  process.stderr.write(`Emulated meter ${meter.identification} answering on ${o.port} (Ctrl+C to stop)\n`);
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
}

/** `pmu serve`: browser mode on 127.0.0.1 until SIGINT/SIGTERM. Prints the URL on stdout. */
export async function runServe(o: { port: string; db?: string; open?: boolean }): Promise<void> {
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a TCP port number 0…65535');
  const server = await serveBrowserMode({ dbPath: o.db, port });
  process.stdout.write(`PMU Workstation (browser mode) is running at ${server.url}\n`);
  if (o.open) openInBrowser(server.url);
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
