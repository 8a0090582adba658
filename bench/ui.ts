/**
 * `npm run bench -- ui` (issue 13.9/13.12): the workstation's UI as a user meets it, measured in Debian's Chromium
 * driven by Playwright, each figure printed against its target:
 * 1. Load-profile chart first paint for one year × 15 min × 8 channels (35 040 intervals, 280 320 values; a gap and
 *    flagged intervals; Europe/London so both DST changes fall inside): from the start of preparing the series to
 *    the end of the chart's first render (User Timing `pmu-chart-first-paint`, renderer/components/chart/
 *    lp-overlay.ts), the median of 5 page loads. Target < 500 ms.
 * 2. Pan frame: the profile zoomed to a week, a month and a quarter (decimated), dragged with the mouse across the
 *    chart; each frame is one synchronous Chart.js update + render (`pmu-chart-render`). Median and 95th percentile
 *    per view. Target: 95th percentile < 16 ms (one frame at 60 Hz).
 * 3. Start to usable UI on a built tree: `npm start -- --port 0` (the incremental build check, then browser mode) to
 *    the page showing its port list, with the browser already open; a first start on a fresh data folder, then the
 *    median of 3 further starts on the same folder. Target < 3 s.
 * The reading is written straight into a fresh store (main/store saveReading) and served by `pmu serve`. Results go
 * to bench/results/ui.json. Needs a build (npm run bench builds first) and /usr/bin/chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import type { ReadingResult } from '../protocol/reading';
import { openDatabase } from '../main/store/db';
import { saveReading } from '../main/store/readings';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGETS = { firstPaintMs: 500, panFrameMs: 16, startMs: 3000 } as const;
const ZONE = 'Europe/London';

/** One year of 15-minute intervals × 8 channels from 2025-01-01 local midnight, with a 6 h gap and flagged intervals. */
export function yearReading(): ReadingResult {
  const start = Date.parse('2025-01-01T00:00:00Z');
  const n = 365 * 96;
  const channels = ['1.29.0', '2.29.0', '3.29.0', '4.29.0', '5.29.0', '6.29.0', '7.29.0', '8.29.0'].map((obis, i) => ({ obis, unit: i < 4 ? 'kWh' : 'kvarh' }));
  const intervals = [];
  for (let i = 0; i < n; i++) {
    if (i >= 96 * 40 && i < 96 * 40 + 24) continue; // a 6-hour gap on day 41 (power failure)
    const t = start + i * 900_000;
    const hour = (i % 96) / 4;
    const base = 0.2 + 0.3 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI));
    intervals.push({
      startUtc: new Date(t).toISOString(),
      endUtc: new Date(t + 900_000).toISOString(),
      startLocal: new Date(t).toISOString().slice(0, 19),
      dst: false,
      status: i === 96 * 40 + 24 || i % 5000 === 77 ? '01' : '00',
      values: channels.map((_, c) => Math.round((base * (1 + c * 0.1) + ((i * 7919 + c * 104729) % 97) / 1000) * 1000) / 1000),
    });
  }
  return {
    version: 1,
    meter: { identification: '/ISK5MT174-0001', manufacturer: 'ISK', model: 'MT174-0001', serial: 'BENCH-UI-0001', address: '' },
    session: { port: 'bench', operator: 'bench', startedUtc: '2026-01-01T00:00:00.000Z', finishedUtc: '2026-01-01T00:01:00.000Z', mode: 'C', baud: 9600, timeZone: ZONE, software: 'bench' },
    registers: [],
    loadProfile: { profile: 1, periodMinutes: 15, channels, intervals },
    notes: [],
    raw: { readout: new Uint8Array(), loadProfile: null },
  };
}

/** Spawn `cmd args` in its own process group; resolve with the launch URL it prints. */
function startServer(cmd: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?launch=[A-Za-z0-9_-]+/.exec(out);
      if (m) resolve(m[0]);
    });
    child.once('exit', (code) => reject(new Error(`${cmd} ${args.join(' ')} exited (${code}) before printing its URL.\n${out}\n${err}`)));
  });
  return { child, url };
}

/** Stop a server started by startServer: its whole process group (npm → start.mjs → pmu serve), by id. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? NaN;

/** Open the stored reading and return the chart's first-paint time, ms. */
async function firstPaint(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.getByRole('navigation', { name: 'Readings' }).getByRole('listitem').getByRole('button').first().click();
  await page.locator('canvas[data-drawn="true"]').waitFor({ timeout: 60_000 });
  return page.evaluate(() => performance.getEntriesByName('pmu-chart-first-paint').at(-1)?.duration ?? NaN);
}

/** Zoom with a preset button, then drag the chart by `steps` mouse moves; the render time of every frame, ms. */
async function panFrames(page: Page, preset: string | null, steps = 120): Promise<number[]> {
  const region = page.getByRole('region', { name: 'Load profile' });
  if (preset) await region.getByRole('button', { name: preset, exact: true }).click();
  await region.locator('canvas').scrollIntoViewIfNeeded();
  const box = await region.locator('canvas').boundingBox();
  if (!box) throw new Error('the chart is not on screen');
  await page.evaluate(() => performance.clearMeasures('pmu-chart-render'));
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.2, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, y, { steps });
  await page.mouse.up();
  return page.evaluate(() => performance.getEntriesByName('pmu-chart-render').map((e) => e.duration));
}

/** `npm start` on the built tree to the page showing its port list, ms (browser already open). */
async function startToUsable(page: Page, dataDir: string): Promise<number> {
  const t0 = performance.now();
  const { child, url } = startServer('npm', ['start', '--silent', '--', '--port', '0'], { PMU_DATA_DIR: dataDir, npm_config_update_notifier: 'false' });
  try {
    const u = await url;
    process.stderr.write(`    (URL after ${(performance.now() - t0).toFixed(0)} ms)\n`);
    await page.goto(u);
    await page.getByRole('form', { name: 'Read a meter' }).getByRole('combobox', { name: 'Port', exact: true }).locator('option', { hasText: 'Emulated meter (built-in)' }).waitFor({ state: 'attached', timeout: 60_000 });
    return performance.now() - t0;
  } finally {
    await stopServer(child);
  }
}

/**
 * The reference, measured in the same run: the floor of any Node server + page, i.e. `node -e` serving one tiny page
 * with the same port list on 127.0.0.1, from spawn to that page showing it (ms). start ÷ reference says what the
 * workstation adds on this machine at this moment (a loaded machine slows both).
 */
async function referenceStart(page: Page): Promise<number> {
  const html = '<!doctype html><form aria-label="Read a meter"><label>Port <select><option>Emulated meter (built-in)</option></select></label></form>';
  const script = `require('node:http').createServer((q, r) => r.end(${JSON.stringify(html)})).listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port + '/?launch=ref'); });`;
  const t0 = performance.now();
  const { child, url } = startServer(process.execPath, ['-e', script], {});
  try {
    await page.goto(await url);
    await page.getByRole('form', { name: 'Read a meter' }).getByRole('combobox', { name: 'Port', exact: true }).locator('option', { hasText: 'Emulated meter (built-in)' }).waitFor({ state: 'attached', timeout: 60_000 });
    return performance.now() - t0;
  } finally {
    await stopServer(child);
  }
}

export interface UiBenchResult {
  readonly intervals: number;
  readonly values: number;
  readonly firstPaintMs: number[];
  readonly firstPaintMedianMs: number;
  readonly pan: Record<string, { frames: number; medianMs: number; p95Ms: number; maxMs: number }>;
  readonly startFirstMs: number;
  readonly startAgainMs: number[];
  readonly startMedianMs: number;
  /** The reference start (see referenceStart), ms. */
  readonly referenceStartMs: number[];
  readonly targets: typeof TARGETS;
}

/** Run the benchmark and print each figure against its target. */
export async function runUiBench(): Promise<UiBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pmu-bench-ui-'));
  const browser = await chromium.launch({ executablePath: process.env.PMU_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  let server: ChildProcess | null = null;
  try {
    const reading = yearReading();
    const db = openDatabase(path.join(dir, 'pmu.sqlite'));
    saveReading(db, reading, { source: 'csv-import' });
    db.close();
    const intervals = reading.loadProfile!.intervals.length;
    console.log('UI benchmark: load-profile chart of %s intervals × 8 channels (%s values), Chromium %s, 1366 × 768', intervals.toLocaleString('en'), (intervals * 8).toLocaleString('en'), browser.version());

    const s = startServer(process.execPath, [path.join(ROOT, 'dist/main/cli.cjs'), 'serve', '--port', '0', '--db', path.join(dir, 'pmu.sqlite')], { PMU_DATA_DIR: dir });
    server = s.child;
    const url = await s.url;
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await firstPaint(page, url); // warm-up: caches, JIT
    const paints: number[] = [];
    for (let i = 0; i < 5; i++) paints.push(await firstPaint(page, url));
    const fp = median(paints);
    console.log('  chart first paint      median %s ms of %s  → ratio %s of the %d ms target', fp.toFixed(0), paints.map((p) => p.toFixed(0)).join(', '), (fp / TARGETS.firstPaintMs).toFixed(2), TARGETS.firstPaintMs);

    const pan: UiBenchResult['pan'] = {};
    const region = page.getByRole('region', { name: 'Load profile' });
    for (const [name, preset] of [['week', 'Last week'], ['month', 'Last month'], ['5 months', null]] as const) {
      if (preset === null) {
        // All, zoomed in twice (×2.25): about 162 days, 15 500 points per channel on screen, so decimation is at work.
        await region.getByRole('button', { name: 'All', exact: true }).click();
        for (let i = 0; i < 2; i++) await region.getByRole('button', { name: 'Zoom in' }).click();
      }
      const frames = await panFrames(page, preset);
      pan[name] = { frames: frames.length, medianMs: median(frames), p95Ms: p95(frames), maxMs: Math.max(...frames) };
      const r = pan[name]!;
      console.log('  pan frame, %s view %s frames: median %s ms, p95 %s ms, max %s ms  → ratio p95 %s of the %d ms target', name.padEnd(15), r.frames, r.medianMs.toFixed(1), r.p95Ms.toFixed(1), r.maxMs.toFixed(1), (r.p95Ms / TARGETS.panFrameMs).toFixed(2), TARGETS.panFrameMs);
    }
    mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'bench', 'results', 'ui-chart.png'), fullPage: true });
    await stopServer(server);
    server = null;

    const startDir = mkdtempSync(path.join(tmpdir(), 'pmu-bench-start-'));
    try {
      const startPage = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      const first = await startToUsable(startPage, startDir);
      const again: number[] = [];
      for (let i = 0; i < 3; i++) again.push(await startToUsable(startPage, startDir));
      const sm = median(again);
      console.log('  npm start → usable UI  first %s ms (fresh data folder), then median %s ms of %s  → ratio %s of the %d ms target', first.toFixed(0), sm.toFixed(0), again.map((a) => a.toFixed(0)).join(', '), (sm / TARGETS.startMs).toFixed(2), TARGETS.startMs);
      const refs: number[] = [];
      for (let i = 0; i < 3; i++) refs.push(await referenceStart(startPage));
      const ref = median(refs);
      console.log('  reference: bare node HTTP server + page, median %s ms of %s  → npm start is %s× the reference', ref.toFixed(0), refs.map((a) => a.toFixed(0)).join(', '), (sm / ref).toFixed(2));
      const result: UiBenchResult = { intervals, values: intervals * 8, firstPaintMs: paints, firstPaintMedianMs: fp, pan, startFirstMs: first, startAgainMs: again, startMedianMs: sm, referenceStartMs: refs, targets: TARGETS };
      mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
      writeFileSync(path.join(ROOT, 'bench', 'results', 'ui.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, chromium: browser.version(), ui: result }, null, 2)}\n`);
      return result;
    } finally {
      rmSync(startDir, { recursive: true, force: true });
    }
  } finally {
    if (server) await stopServer(server);
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
