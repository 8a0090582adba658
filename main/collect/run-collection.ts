/**
 * Running a collection (issue 14 item 3): the run's open tasks (one per meter) are worked through with
 * - one session at a time per shared medium (a bus, a modem line, a serial-server port, a serial port: the link
 *   provider's `mediumKey`), and at most `limits[kind]` sessions of one link kind at once (TCP: N, default 32);
 * - retries with exponential backoff for failures that may pass (no answer, link lost, busy line, garbled or
 *   damaged answer): wait `backoff × 2^(attempt−1)`; failures that will not pass by waiting (wrong meter, refused
 *   password, meter error, an unknown link) fail at once;
 * - a failure or a slow meter holding only its own medium, never the other meters.
 * Progress (counts, an estimate of the time left, the meter that changed) goes to `onProgress`. A run that was cut
 * off (killed collector) is continued by calling this again with its id: only its unfinished tasks run
 * (main/store/collection-runs.ts `claimAbandonedRuns`), and each meter continues from its last stored interval.
 */
import type { CollectionProgress, RunCounts } from '../../contract/collection';
import { finishRun, openTasks, runCounts, runSettings, runStopped, taskFailed, taskPending, taskStarted } from '../store/collection-runs';
import { getFleetMeter } from '../store/fleet-meters';
import { placeTimeZone } from '../store/places';
import { collectError, collectMeter, type CollectDeps } from './collect-meter';

/** Sessions of one link kind at once, by kind; kinds not named: {@link DEFAULT_KIND_LIMIT}. */
export type KindLimits = Readonly<Record<string, number>>;
/** Default concurrency per link kind: 32 TCP sessions; every other kind is limited by its media (one each). */
export const DEFAULT_LIMITS: KindLimits = { tcp: 32 };
export const DEFAULT_KIND_LIMIT = 64;

/** Abort reason of a process shutting down: the run stays `running` and is resumed by the next collector. */
export const SHUTDOWN = 'shutdown';

/** Error codes a retry cannot cure. */
const FINAL_CODES = new Set(['REFUSED', 'METER_ERROR', 'FORBIDDEN', 'INVALID_DATA', 'NO_LINK', 'CANCELLED']);

/**
 * Who is on the line: sessions in progress per medium and per link kind, shared by every run of a process (the
 * daemon runs schedules side by side), so two runs never talk on one bus or modem line at once.
 */
export class SessionGate {
  private readonly media = new Set<string>();
  private readonly kinds = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  constructor(readonly limits: KindLimits = DEFAULT_LIMITS) {}

  /** Take the medium and a place of the kind, or false when either is busy. */
  tryEnter(kind: string, medium: string): boolean {
    const limit = this.limits[kind] ?? DEFAULT_KIND_LIMIT;
    if (this.media.has(medium) || (this.kinds.get(kind) ?? 0) >= limit) return false;
    this.media.add(medium);
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
    return true;
  }

  /** Give them back and wake the runs waiting for a free line. */
  leave(kind: string, medium: string): void {
    this.media.delete(medium);
    this.kinds.set(kind, Math.max(0, (this.kinds.get(kind) ?? 1) - 1));
    for (const w of [...this.waiters]) w();
  }

  /** Call `wake` whenever a line frees up; returns the unsubscribe function. */
  onFree(wake: () => void): () => void {
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }
}

/** Options of {@link runCollection}. */
export interface RunOptions {
  /** Concurrency per link kind (default {@link DEFAULT_LIMITS}); ignored when `gate` is given (the gate's). */
  readonly limits?: KindLimits;
  /** The process's session gate (default: one for this run alone). */
  readonly gate?: SessionGate;
  readonly onProgress?: (p: CollectionProgress) => void;
  readonly signal?: AbortSignal;
  /** How often a run checks whether it was cancelled from elsewhere (UI, another process), ms; default 1000. */
  readonly pollMs?: number;
}

interface Task {
  readonly meterId: number;
  attempts: number;
  readyAt: number;
  kind: string;
  medium: string;
}

/** Run (or continue) run `runId` to its end; returns the final counts. @throws Error when the run does not exist. */
export async function runCollection(base: CollectDeps, runId: number, o: RunOptions = {}): Promise<RunCounts> {
  const settings = runSettings(base.db, runId);
  if (!settings) throw new Error(`Collection run ${runId} does not exist.`);
  // The workstation clock is checked against the trusted reference once, before the first meter of the run.
  const clocks = settings.what.clockCheck || settings.what.clockSync !== 'off';
  const deps: CollectDeps = clocks && base.measureClock && !base.clock ? { ...base, clock: await base.measureClock() } : base;
  const now = deps.now ?? Date.now;
  const gate = o.gate ?? new SessionGate({ ...DEFAULT_LIMITS, ...o.limits });
  const waiting: Task[] = [];
  const durations: number[] = [];
  let running = 0;
  const progress = (meter: CollectionProgress['meter'], finished = false) => {
    const counts = runCounts(deps.db, runId);
    const mean = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : null;
    const left = counts.pending + counts.retry + counts.running;
    const lanes = Math.max(1, Math.min(left, running || 1));
    o.onProgress?.({ runId, counts, etaSeconds: mean === null || durations.length < 2 ? null : Math.round((mean * left) / lanes), meter, finished });
  };
  const fail = (t: Task, serial: string, e: { code: string; message: string }, seconds: number) => {
    if (o.signal?.aborted && o.signal.reason === SHUTDOWN) return taskPending(deps.db, runId, t.meterId);
    const final = FINAL_CODES.has(e.code) || t.attempts > settings.retries;
    const retryAt = final ? null : new Date(now() + settings.backoffSeconds * 1000 * 2 ** (t.attempts - 1));
    taskFailed(deps.db, runId, t.meterId, { ...e, seconds }, retryAt, new Date(now()));
    if (retryAt) waiting.push({ ...t, readyAt: retryAt.getTime() });
    progress({ serial, status: retryAt ? 'retry' : 'failed', message: `${serial}: ${e.message}${retryAt ? ` (retry ${t.attempts} of ${settings.retries} at ${retryAt.toISOString()})` : ''}` });
  };

  for (const t of openTasks(deps.db, runId)) {
    const m = getFleetMeter(deps.db, t.meterId);
    if (!m) continue;
    const task: Task = { meterId: t.meterId, attempts: t.attempts, readyAt: t.nextAttemptUtc ? Date.parse(t.nextAttemptUtc) : 0, kind: '', medium: '' };
    try {
      const provider = deps.links.resolve(m.link);
      task.kind = provider.kind;
      task.medium = deps.links.mediumKey(m.link);
      waiting.push(task);
    } catch (e) {
      task.attempts++;
      fail(task, m.serial, { code: 'NO_LINK', message: collectError(e, m.link).message }, 0);
    }
  }
  progress(null);

  let wake: (() => void) | null = null;
  const poke = () => wake?.();
  const tick = setInterval(poke, o.pollMs ?? 1000);
  const unsubscribe = gate.onFree(poke);
  const inFlight = new Set<Promise<void>>();
  try {
    for (;;) {
      if (o.signal?.aborted || runStopped(deps.db, runId)) break;
      const t0 = now();
      for (let i = 0; i < waiting.length; i++) {
        const t = waiting[i]!;
        if (t.readyAt > t0 || !gate.tryEnter(t.kind, t.medium)) continue;
        waiting.splice(i--, 1);
        const m = getFleetMeter(deps.db, t.meterId);
        if (!m) {
          gate.leave(t.kind, t.medium);
          continue;
        }
        running++;
        t.attempts++;
        taskStarted(deps.db, runId, t.meterId, new Date(t0));
        const zone = m.timeZone ?? (m.installation ? placeTimeZone(deps.db, m.installation.placeId) : null) ?? deps.timeZone;
        const job = collectMeter(deps, runId, settings.what, { meter: m, timeZone: zone }, o.signal)
          .then(
            (r) => {
              durations.push(r.seconds);
              progress({ serial: m.serial, status: 'ok', message: `${m.serial}: ${r.registers} registers, ${r.intervals} intervals stored${r.backfilled ? ` (${r.backfilled} filled a gap)` : ''}${r.clockAction && r.clockAction !== 'none' ? `; clock ${r.clockAction}` : ''}` });
            },
            (e: unknown) => fail(t, m.serial, collectError(e, m.link), (now() - t0) / 1000),
          )
          .finally(() => {
            running--;
            gate.leave(t.kind, t.medium);
            inFlight.delete(job);
            poke();
          });
        inFlight.add(job);
      }
      if (waiting.length === 0 && inFlight.size === 0) break;
      const nextReady = waiting.filter((t) => t.readyAt > now()).reduce((a, t) => Math.min(a, t.readyAt), Infinity);
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (Number.isFinite(nextReady)) setTimeout(resolve, Math.max(0, nextReady - now())).unref?.();
      });
      wake = null;
    }
    await Promise.allSettled([...inFlight]);
  } finally {
    clearInterval(tick);
    unsubscribe();
  }
  const shutdown = o.signal?.aborted && o.signal.reason === SHUTDOWN;
  const cancelled = o.signal?.aborted || runStopped(deps.db, runId);
  if (!shutdown && !runStopped(deps.db, runId)) finishRun(deps.db, runId, cancelled ? 'cancelled' : 'finished', new Date(now()));
  progress(null, true);
  return runCounts(deps.db, runId);
}
