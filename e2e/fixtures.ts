/**
 * Playwright fixture: every test gets its own running workstation in browser mode — a child process
 * `node dist/main/cli.cjs serve --port 0 --db <tmp>/pmu.sqlite` with `PMU_DATA_DIR=<tmp>` (fresh store and
 * .RES folder) — and a page object opened on it. The fixture waits for the line in which the server announces
 * its launch URL with the session token (an event, not a sleep) and stops the child (SIGTERM, by its pid) after the test.
 * Pattern: Insomnia's smoke-test fixture (fresh data directory per test).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';
import { WorkstationPage } from './pages/workstation';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'main', 'cli.cjs');

/** A running browser-mode workstation. */
export interface Workstation {
  /** The launch URL `http://127.0.0.1:PORT/?launch=<token>` (relative links resolve against its base). */
  readonly url: string;
  /** Fresh data folder of this test (store + RES). */
  readonly dataDir: string;
  /** Everything the server printed on stderr so far (for failure messages). */
  stderr(): string;
}

function waitForUrl(child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(`no URL within ${timeoutMs} ms`), timeoutMs);
    function fail(why: string): void {
      clearTimeout(timer);
      reject(new Error(`pmu serve did not start (${why}).\nstdout: ${out}\nstderr: ${stderr()}`));
    }
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      out += chunk;
      // The launch URL carries the per-launch token the page exchanges for its session (main/api/browser-sessions.ts).
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?launch=[A-Za-z0-9_-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.once('exit', (code) => fail(`exited with code ${code}`));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export const test = base.extend<{ workstation: Workstation; app: WorkstationPage; seedStore: { seed(dbPath: string): Promise<void> } | undefined }>({
  /** Fills the fresh store before the server starts (e.g. e2e/reports.e2e.ts stores an emulated feeder); none by default. */
  seedStore: [undefined, { option: true }],
  workstation: async ({ seedStore }, use) => {
    if (!existsSync(CLI) || !existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) {
      throw new Error('The app is not built. Run "npm run build" before "npm run test:e2e".');
    }
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pmu-e2e-'));
    if (seedStore) await seedStore.seed(path.join(dataDir, 'pmu.sqlite'));
    let err = '';
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', path.join(dataDir, 'pmu.sqlite')], {
      cwd: ROOT,
      env: { ...process.env, PMU_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (c: string) => (err += c));
    try {
      const url = await waitForUrl(child, () => err, 30_000);
      await use({ url, dataDir, stderr: () => err });
    } finally {
      await stop(child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
  app: async ({ page, workstation }, use) => {
    const app = new WorkstationPage(page);
    await app.open(workstation.url);
    await use(app);
  },
});

export { expect } from '@playwright/test';
