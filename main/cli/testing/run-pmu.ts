import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Test helpers that run `pmu` as a technician does: a real child process — the CLI bundle the vitest global setup
 * built for this run (./global-setup.ts), else the TypeScript entry through tsx — with its own data folder
 * `<tmp>/data` and meter time zone Europe/Ljubljana.
 */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Meter time zone of every child (env PMU_TIME_ZONE). */
export const TEST_TZ = 'Europe/Ljubljana';

/** Exit code and output of one `pmu` run. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Start `pmu <args>` (with `env` added to the environment); `done` resolves when it exits. */
export function pmu(args: string[], tmp: string, env: Record<string, string | undefined> = {}): { child: ChildProcess; done: Promise<Run> } {
  const bundle = path.join(ROOT, 'dist/test/cli.cjs');
  const entry = existsSync(bundle) ? [bundle] : ['--import', 'tsx', path.join(ROOT, 'main/cli/index.ts')];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: ROOT,
    // An `undefined` in `env` removes that variable (e.g. PMU_PASSWORD of the shell running the tests).
    env: Object.fromEntries(
      Object.entries({ ...process.env, PMU_DATA_DIR: path.join(tmp, 'data'), PMU_TIME_ZONE: TEST_TZ, ...env }).filter(([, v]) => v !== undefined),
    ),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** Start `pmu simulate …`; resolves when it answers, with a getter for everything it wrote on stderr. */
export async function simulate(args: string[], tmp: string): Promise<{ child: ChildProcess; log: () => string }> {
  const { child } = pmu(['simulate', ...args], tmp);
  let err = '';
  child.stderr!.on('data', (c: string) => (err += c));
  await new Promise<void>((resolve, reject) => {
    const check = () => err.includes('answering on') && resolve();
    child.stderr!.on('data', check);
    child.once('close', (code) => reject(new Error(`pmu simulate exited (${code}): ${err}`)));
  });
  return { child, log: () => err };
}

/** The `pmu:` error lines of a run's stderr (progress lines left out). */
export const errorLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('pmu:'));
