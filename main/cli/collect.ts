/**
 * `pmu collect <target>` (once) and `pmu collector` (the daemon that follows the schedules): docs/fleet.md
 * "Collecting" and "Running the collector as a service". Parse → main/services/collection.ts → print.
 *   pmu collect "Emulated substation"        a group, place (name or Region/Substation path) or meter serial
 *   pmu collect place:North/Riverside --first-days 7 --concurrency 16
 *   pmu collector --poll 15                   follows every enabled schedule until stopped (SIGINT / SIGTERM)
 * Progress lines go to stderr, the summary to stdout; `pmu collect` exits 1 when a meter failed. A run cut off
 * (killed, power cut) is continued by the next `pmu collect` or `pmu collector` on the same store.
 */
import type { Command } from 'commander';
import { DEFAULT_WHAT, type CollectionProgress, type CollectWhat } from '../../contract/collection';
import { createAppCollector, startCollectionAs } from '../services/collection';
import { createAppContext } from '../services/app-context';
import type { AppContext } from '../core/context';
import { findTarget } from '../store/collection-schedules';
import { runDetail } from '../store/collection-runs';
import { actAs, addUserOption, type ActingOptions } from './acting-user';

interface CollectOptions extends ActingOptions {
  db?: string;
  tz?: string;
  what?: string;
  firstDays?: string;
  retries?: string;
  backoff?: string;
  concurrency?: string;
  json?: boolean;
  quiet?: boolean;
}

function int(text: string | undefined, option: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${option} must be a whole number from ${min} to ${max}, got "${text}".`);
  return n;
}

/** `--what registers,lp,events,clock,adjust,set` → the run's content. */
export function parseWhat(text: string | undefined, firstDays: number | undefined): CollectWhat {
  const base = { ...DEFAULT_WHAT, ...(firstDays ? { firstDays } : {}) };
  if (text === undefined) return base;
  const items = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const known = ['registers', 'lp', 'load-profile', 'events', 'clock', 'adjust', 'set'];
  const bad = items.find((i) => !known.includes(i));
  if (bad) throw new Error(`--what: "${bad}" is not one of ${known.join(', ')}.`);
  const has = (...k: string[]) => items.some((i) => k.includes(i));
  return {
    ...base, registers: has('registers'), loadProfile: has('lp', 'load-profile'), events: has('events'), clockCheck: has('clock', 'adjust', 'set'),
    clockSync: has('set') ? 'adjust-or-set' : has('adjust') ? 'adjust' : 'off',
  };
}

function printer(quiet: boolean | undefined): (p: CollectionProgress) => void {
  return (p) => {
    if (quiet || !p.meter) return;
    const c = p.counts;
    const eta = p.etaSeconds !== null ? `, about ${p.etaSeconds < 90 ? `${p.etaSeconds} s` : `${Math.round(p.etaSeconds / 60)} min`} left` : '';
    process.stderr.write(`[${c.ok + c.failed}/${c.total}${eta}] ${p.meter.message}\n`);
  };
}

async function withStore<T>(o: CollectOptions, body: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = createAppContext({ ...(o.db !== undefined ? { dbPath: o.db } : {}), ...(o.tz !== undefined ? { timeZone: o.tz } : {}) });
  try {
    return await body(ctx);
  } finally {
    ctx.db.close();
  }
}

/** `pmu collect <target>`. */
export async function runCollect(targetText: string, o: CollectOptions): Promise<void> {
  const what = parseWhat(o.what, int(o.firstDays, '--first-days', 1, 400));
  const concurrency = int(o.concurrency, '--concurrency', 1, 512);
  await withStore(o, async (base) => {
    const ctx = await actAs(base, o, 'collect');
    const collector = createAppCollector(ctx, { onProgress: printer(o.quiet) }, undefined, concurrency ? { tcp: concurrency } : {});
    // Runs a killed `pmu collect` / collector left behind are finished first.
    for (const id of collector.resumeAbandoned()) process.stderr.write(`Continuing run ${id}, cut off before it ended.\n`);
    const target = findTarget(ctx.db, targetText);
    const retries = int(o.retries, '--retries', 0, 10);
    const backoff = int(o.backoff, '--backoff', 1, 86_400);
    const started = startCollectionAs(ctx, collector, { targetKind: target.kind, targetId: target.id }, { what, ...(retries !== undefined ? { retries } : {}), ...(backoff !== undefined ? { backoffSeconds: backoff } : {}) });
    process.stderr.write(`Run ${started.runId}: collecting ${started.meters} meter${started.meters === 1 ? '' : 's'}…\n`);
    const stopOnSignal = () => void collector.stop();
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
    const counts = await started.done;
    await Promise.allSettled(collector.active.map((id) => collector.start(id)));
    const detail = runDetail(ctx.db, started.runId)!;
    if (o.json) process.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
    else {
      for (const t of detail.tasks.filter((x) => x.status === 'failed')) process.stdout.write(`FAILED ${t.serial}: ${t.error}\n`);
      process.stdout.write(`Run ${detail.id} ${detail.status}: ${counts.ok} of ${counts.total} meters collected, ${counts.failed} failed; ${detail.intervals} intervals stored.\n`);
    }
    if (counts.failed > 0 || detail.status !== 'finished') process.exitCode = 1;
  });
}

/** `pmu collector`: follow the schedules until SIGINT / SIGTERM. */
export async function runCollector(o: CollectOptions & { poll?: string }): Promise<void> {
  const pollMs = (int(o.poll, '--poll', 1, 3600) ?? 15) * 1000;
  const concurrency = int(o.concurrency, '--concurrency', 1, 512);
  await withStore(o, async (ctx) => {
    const collector = createAppCollector(
      ctx,
      {
        onProgress: printer(o.quiet),
        onScheduleStarted: (_s, _r, note) => process.stderr.write(`${new Date().toISOString()} ${note}\n`),
        onRunEnd: (id, c) => process.stderr.write(`${new Date().toISOString()} run ${id} ended: ${c.ok} ok, ${c.failed} failed of ${c.total}\n`),
        onError: (id, m) => process.stderr.write(`${new Date().toISOString()} ${id ? `run ${id}: ` : ''}${m}\n`),
      },
      undefined,
      concurrency ? { tcp: concurrency } : {},
    );
    const unfollow = collector.follow(pollMs, 'collector');
    process.stderr.write(`Collector running on ${ctx.dbPath} (checks the schedules every ${pollMs / 1000} s; Ctrl+C to stop)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    unfollow();
    await collector.stop();
    process.stderr.write('Collector stopped; runs in progress will be continued by the next start.\n');
  });
}

/** Add `pmu collect` and `pmu collector` to `program`. */
export function registerCollectCommands(program: Command): void {
  const common = (c: Command) =>
    c
      .option('--db <file>', 'SQLite store (default: the app data directory)')
      .option('--tz <zone>', 'time zone of meters and places that name none (default: this computer\'s)')
      .option('--concurrency <n>', 'TCP sessions at once (default 32; buses and modem lines: one session each)')
      .option('--quiet', 'no progress lines');
  addUserOption(
    common(program.command('collect <target>').description('Collect a meter group, place (name or Region/Substation path) or meter once: registers, load profile since the last stored interval, clock check.'))
      .option('--what <items>', 'what to collect: registers,lp,events,clock,adjust,set (default registers,lp,clock)')
      .option('--first-days <n>', 'meters with nothing stored yet: days of load profile to read back (default 1)')
      .option('--retries <n>', 'further attempts per meter after a failure (default 2)')
      .option('--backoff <s>', 'first wait before a retry, seconds; doubled each time (default 60)')
      .option('--json', 'print the run with every meter\'s outcome as JSON'),
  ).action(runCollect);
  common(program.command('collector').description('Follow the collection schedules until stopped (run it as a service: docs/fleet.md).'))
    .option('--poll <s>', 'how often to look for due schedules, seconds (default 15)')
    .action(runCollector);
}
