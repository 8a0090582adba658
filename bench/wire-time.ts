import { countingTransport } from './wire-counter';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMeter } from '../protocol/iec62056-21/read-meter';
import { pacedTransport } from '../main/emulator';
import { openPtyPair } from '../main/links/serial/pty-pair';
import { openSerialTransport } from '../main/links/serial/transport';

/**
 * Benchmark: wire-time ratio of a whole reading (data readout + 48 h of 15-min load profile through programming
 * mode) against the emulated meter paced at 9600 baud on a real pty pair (`pmu simulate`, meter reaction time
 * 200 ms = tr min of IEC 62056-21). Reference = the time the bytes need on the wire (characters × 10 bits / baud
 * at the speed each was sent) + 200 ms for every turn of the conversation (the standard's minimum reaction
 * time). Ratio = elapsed / reference; 1.00 would be a perfect client. Both ends are paced like UARTs (the meter by
 * `pmu simulate`, the client here by `pacedTransport`). Also times `pmu read` as a whole process (its own writes
 * unpaced, as the pty gives them).
 */
export interface WireBenchResult {
  readonly elapsedSeconds: number;
  readonly wireSeconds: number;
  readonly turnarounds: number;
  readonly referenceSeconds: number;
  readonly ratio: number;
  readonly charsAt300: number;
  readonly charsAt9600: number;
  readonly registers: number;
  readonly intervals: number;
  readonly cliElapsedSeconds: number;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist/main/cli.cjs');
const REACTION_MS = 200;

function startSimulator(port: string): Promise<ReturnType<typeof spawn>> {
  const child = spawn(process.execPath, [CLI, 'simulate', '--port', port, '--reaction-ms', String(REACTION_MS)], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (c: string) => {
      err += c;
      if (err.includes('answering on')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`pmu simulate exited ${code}: ${err}`)));
  });
}

/** Run the wire-time benchmark (needs socat and a built CLI: `npm run build`). */
export async function runWireBench(): Promise<WireBenchResult> {
  const pair = await openPtyPair();
  const sim = await startSimulator(pair.b);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pmu-bench-'));
  try {
    const serial = await openSerialTransport(pair.a);
    // A pty passes bytes instantly; pace the client's writes too, as a real UART would, so that both directions
    // spend their wire time and the reference (which counts both) is fair.
    const c = countingTransport(pacedTransport(serial));
    const now = Date.now();
    const t0 = performance.now();
    const reading = await readMeter(c.transport, {
      timeZone: 'Europe/London',
      loadProfile: { fromUtc: new Date(now - 48 * 3600_000).toISOString(), toUtc: new Date(now).toISOString() },
    });
    const elapsedSeconds = (performance.now() - t0) / 1000;
    await serial.close();
    const count = c.snapshot();
    const wireSeconds = count.seconds;
    const referenceSeconds = wireSeconds + (count.turns * REACTION_MS) / 1000;
    // The same job as a technician runs it: a whole `pmu read` process (start-up, store, .RES file included).
    const t1 = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'read', '--port', pair.a, '--db', path.join(tmp, 'b.sqlite')], { stdio: 'ignore' });
      child.on('exit', resolve);
    });
    if (code !== 0) throw new Error(`pmu read exited ${code}`);
    return {
      elapsedSeconds,
      wireSeconds,
      turnarounds: count.turns,
      referenceSeconds,
      ratio: elapsedSeconds / referenceSeconds,
      charsAt300: count.charsByBaud.get(300) ?? 0,
      charsAt9600: count.charsByBaud.get(9600) ?? 0,
      registers: reading.registers.length,
      intervals: reading.loadProfile?.intervals.length ?? 0,
      cliElapsedSeconds: (performance.now() - t1) / 1000,
    };
  } finally {
    sim.kill('SIGTERM');
    await pair.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
