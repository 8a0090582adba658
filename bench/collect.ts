import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_WHAT } from '../contract/collection';
import { setupActor } from '../main/auth/actor';
import { runCollection } from '../main/collect/run-collection';
import { nextStart } from '../main/collect/due';
import { withActor } from '../main/core/context';
import { createLinkRegistry } from '../main/links/registry';
import { tcpLinkProvider } from '../main/links/tcp/provider';
import type { LinkProvider } from '../main/links/types';
import { createAppContext } from '../main/services/app-context';
import { importMeterList } from '../main/services/meter-manager';
import { createRun, runDetail } from '../main/store/collection-runs';
import { dueSchedules, saveSchedule } from '../main/store/collection-schedules';
import { openDatabase } from '../main/store/db';
import { saveFleetMeter } from '../main/store/fleet-meters';
import { countingTransport } from './wire-counter';

/**
 * `npm run bench -- collect` (issue 14's bar): N emulated meters behind TCP (default 1 000; `pmu simulate --tcp 0
 * --meters N` in its own process, serial side 9600 baud, reaction time 200 ms = the standard's tr min), collected
 * with registers + one day of 15-min load profile each at a concurrency of 32 TCP sessions.
 * Reference (the ideal): the sum over the meters of each session's wire time — characters × 10 bits ÷ 9600 bit/s, both
 * directions, counted on the collector's transports — plus 200 ms for every turn of the conversation, ÷ 32.
 * Printed: wall time, ideal / wall (target ≥ 0.8), peak RSS of the collecting process, store size per meter-year
 * (the store's growth for one day of every meter, times 365), and the time "what is due now" takes over 10 000
 * schedules (target < 50 ms). Options: `--meters <n>`, `--concurrency <n>`.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist/main/cli.cjs');
const REACTION_MS = 200;
const LINE_BAUD = 9600;

export interface CollectBenchResult {
  readonly meters: number;
  readonly concurrency: number;
  readonly ok: number;
  readonly failed: number;
  readonly intervals: number;
  readonly wallSeconds: number;
  readonly idealSeconds: number;
  readonly ratio: number;
  readonly peakRssMb: number;
  readonly storeBytesPerMeterYear: number;
  readonly dueQueryMs: number;
  readonly dueSchedules: number;
  /** Mean seconds per meter: the collector's task time and the wire reference of its sessions. */
  readonly meanTaskSeconds: number;
  readonly meanWireSeconds: number;
  /** The first few failures, plain messages. */
  readonly failures: readonly string[];
  /** Load average of the machine (1 min) at the end: the ratio needs the cores to itself. */
  readonly loadAverage: number;
}

function startEmulators(n: number, list: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'simulate', '--tcp', '0', '--meters', String(n), '--baud', String(LINE_BAUD), '--reaction-ms', String(REACTION_MS), '--list', list, '--place', 'Bench/TCP'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (c: string) => {
      err += c;
      if (err.includes('answering over TCP') && existsSync(list)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`pmu simulate exited ${code}: ${err}`)));
  });
}

/** A TCP provider whose links count their wire characters (at the line's fixed speed) and turns into `wire`. */
function countingTcp(wire: { seconds: number; sessions: number }): LinkProvider {
  const tcp = tcpLinkProvider();
  return {
    ...tcp,
    async open(req) {
      const link = await tcp.open(req);
      const c = countingTransport(link.transport);
      await c.transport.setBaudRate(link.lineBaud ?? LINE_BAUD); // the line keeps one speed: count every character at it
      const transport = { ...c.transport, setBaudRate: async () => undefined };
      return {
        ...link,
        transport,
        async close() {
          const s = c.snapshot();
          wire.seconds += s.seconds + (s.turns * REACTION_MS) / 1000;
          wire.sessions++;
          await link.close();
        },
      };
    },
  };
}

/** "What is due now" over `n` schedules with assorted cron expressions, zones and windows: median query time. */
function dueBench(n: number): { ms: number; due: number } {
  const db = openDatabase(':memory:');
  const meter = saveFleetMeter(db, { serial: 'DUE-0001', link: 'tcp://127.0.0.1:1' });
  const crons = ['*/15 * * * *', '0 * * * *', '5 2 * * *', '*/5 * * * *', '30 6 * * 1-5', '0 0 1 * *'];
  const zones = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC'];
  const now = new Date();
  const insert = db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const timing = { cron: crons[i % crons.length]!, timeZone: zones[i % zones.length]!, windowStart: i % 7 === 0 ? '22:00' : null, windowEnd: i % 7 === 0 ? '06:00' : null };
      // Spread the next starts over the past and the next hour, as a live installation has them.
      const next = nextStart(timing, new Date(now.getTime() - 3600_000 + (i % 120) * 60_000));
      saveSchedule(db, { name: `S${i}`, targetKind: 'meter', targetId: meter.id, what: DEFAULT_WHAT, ...timing, retries: 2, backoffSeconds: 60, enabled: true }, next, now);
    }
  });
  insert();
  const times: number[] = [];
  let due = 0;
  for (let r = 0; r < 21; r++) {
    const t0 = performance.now();
    due = dueSchedules(db, now).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  db.close();
  return { ms: times[10]!, due };
}

export async function runCollectBench(o: { meters: number; concurrency: number; log: (s: string) => void }): Promise<CollectBenchResult> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pmu-bench-collect-'));
  const list = path.join(tmp, 'meters.csv');
  o.log(`starting ${o.meters} emulated TCP meters…`);
  const emulators = await startEmulators(o.meters, list);
  const wire = { seconds: 0, sessions: 0 };
  const dbPath = path.join(tmp, 'bench.sqlite');
  const ctx = withActor(createAppContext({ dbPath, timeZone: 'Europe/London', links: createLinkRegistry([countingTcp(wire)]) }), setupActor('bench'));
  try {
    const imported = importMeterList(ctx, { fileName: 'meters.csv', content: readFileSync(list, 'utf8') });
    if (imported.errors.length) throw new Error(imported.errors[0]!.message);
    ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    const emptyBytes = statSync(dbPath).size;
    const ids = (ctx.db.prepare('SELECT id FROM fleet_meters ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    const what = { ...DEFAULT_WHAT, clockCheck: false, firstDays: 1 };
    const runId = createRun(ctx.db, { scheduleId: null, label: 'bench', trigger: 'manual', what, retries: 0, backoffSeconds: 1, startedBy: 'bench', meterIds: ids });
    const deps = { db: ctx.db, links: ctx.links, timeZone: 'Europe/London', software: ctx.software, operator: 'bench' };
    o.log(`collecting with ${o.concurrency} TCP sessions at once…`);
    const t0 = performance.now();
    let shown = 0;
    const counts = await runCollection(deps, runId, {
      limits: { tcp: o.concurrency },
      onProgress: (p) => {
        const done = p.counts.ok + p.counts.failed;
        if (done - shown >= Math.max(1, Math.round(o.meters / 10))) (shown = done), o.log(`${done} / ${p.counts.total} meters`);
      },
    });
    const wallSeconds = (performance.now() - t0) / 1000;
    const detail = runDetail(ctx.db, runId)!;
    const intervals = detail.intervals;
    const done = detail.tasks.filter((t) => t.seconds !== null);
    ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    const grown = statSync(dbPath).size - emptyBytes;
    const idealSeconds = wire.seconds / o.concurrency;
    const due = dueBench(10_000);
    return {
      meters: o.meters, concurrency: o.concurrency, ok: counts.ok, failed: counts.failed, intervals, wallSeconds, idealSeconds, ratio: idealSeconds / wallSeconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024, storeBytesPerMeterYear: (grown / o.meters) * 365, dueQueryMs: due.ms, dueSchedules: due.due,
      meanTaskSeconds: done.reduce((a, t) => a + t.seconds!, 0) / Math.max(1, done.length), meanWireSeconds: wire.seconds / Math.max(1, wire.sessions),
      failures: detail.tasks.filter((t) => t.status === 'failed').slice(0, 3).map((t) => `${t.serial}: ${t.error}`), loadAverage: os.loadavg()[0]!,
    };
  } finally {
    ctx.db.close();
    emulators.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** `npm run bench -- collect [--meters n] [--concurrency n]`: run and print. */
export async function runCollectBenchCli(args: string[]): Promise<void> {
  const opt = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
  const r = await runCollectBench({ meters: opt('--meters', 1000), concurrency: opt('--concurrency', 32), log: (s) => process.stderr.write(`  ${s}\n`) });
  console.log('Collection of %s emulated meters over TCP (registers + one day of 15-min load profile, 9600 baud, tr 200 ms), %d sessions at once', r.meters.toLocaleString('en'), r.concurrency);
  console.log('  meters ok / failed     %d / %d, %s intervals stored', r.ok, r.failed, r.intervals.toLocaleString('en'));
  console.log('  wall time              %s s', r.wallSeconds.toFixed(1));
  console.log('  ideal                  %s s (sum of per-meter wire times incl. 200 ms per turn ÷ %d)', r.idealSeconds.toFixed(1), r.concurrency);
  console.log('  ratio ideal / wall     %s (target ≥ 0.8)', r.ratio.toFixed(3));
  console.log('  per meter              %s s collecting, %s s wire reference (load average %s on %d cores)', r.meanTaskSeconds.toFixed(2), r.meanWireSeconds.toFixed(2), r.loadAverage.toFixed(1), os.cpus().length);
  for (const f of r.failures) console.log('  failed                 %s', f);
  console.log('  peak RSS               %s MB (collecting process)', r.peakRssMb.toFixed(0));
  console.log('  store per meter-year   %s MB (one day of registers + load profile per meter × 365)', (r.storeBytesPerMeterYear / 1e6).toFixed(2));
  console.log('  what is due now        %s ms over 10 000 schedules (%d due; target < 50 ms)', r.dueQueryMs.toFixed(2), r.dueSchedules);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/collect.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, collect: r }, null, 2)}\n`);
}
