import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A pair of connected pseudo-terminals made by socat (`socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B`):
 * bytes written to one end come out of the other, and serialport opens each end like a COM port. Used by the
 * serial-link integration tests and the benchmarks (Linux/macOS only; needs socat on PATH).
 */
export interface PtyPair {
  /** Path of the end the client (pmu read) opens. */
  readonly a: string;
  /** Path of the end the emulator opens. */
  readonly b: string;
  close(): Promise<void>;
}

/** True when socat is installed. */
export function hasSocat(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

/**
 * Start socat and wait until both pty links exist.
 * @throws Error when socat is missing or the links do not appear within 5 s.
 */
export async function openPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pmu-pty-'));
  const a = path.join(dir, 'A');
  const b = path.join(dir, 'B');
  const child: ChildProcess = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  let exited = false;
  child.on('exit', () => (exited = true));
  const deadline = Date.now() + 5000;
  while (!(existsSync(a) && existsSync(b))) {
    if (exited) throw new Error('socat exited before creating the pty pair (is socat installed?)');
    if (Date.now() > deadline) {
      child.kill();
      throw new Error('socat did not create the pty pair within 5 s');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    a,
    b,
    async close() {
      if (!exited) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
