/**
 * The collector of one process (the desktop app, browser mode, `pmu collect`, `pmu collector`): runs collection
 * runs side by side through ONE session gate (no two sessions on a bus or modem line at once, TCP sessions capped),
 * starts the schedules that are due, and — at start — takes over the runs a killed collector left behind and
 * finishes them. Knows nothing of users: the services (main/services/collection.ts) check permissions and write
 * the audit records; `hooks` tell them when a run ends.
 */
import type { CollectionProgress, RunCounts } from '../../contract/collection';
import { claimAbandonedRuns, createRun, runStopped } from '../store/collection-runs';
import { dueSchedules, getSchedule, markStarted, targetLabel, targetMeters } from '../store/collection-schedules';
import type { CollectDeps } from './collect-meter';
import { nextStart } from './due';
import { DEFAULT_LIMITS, SHUTDOWN, SessionGate, runCollection, type KindLimits } from './run-collection';

/** What the collector tells its owner. */
export interface CollectorHooks {
  readonly onProgress?: (p: CollectionProgress) => void;
  /** A run ended (finished, cancelled, or its meters all done); `scheduleId` null for manual runs. */
  readonly onRunEnd?: (runId: number, counts: RunCounts) => void;
  /** A schedule was due and a run was created for it (or skipped, with why). */
  readonly onScheduleStarted?: (scheduleId: number, runId: number | null, note: string) => void;
  /** A run failed as a whole (a programming error or the store): the message. */
  readonly onError?: (runId: number, message: string) => void;
}

/** One process's collector (see the file comment). */
export class Collector {
  readonly gate: SessionGate;
  private readonly running = new Map<number, { abort: AbortController; done: Promise<RunCounts> }>();

  constructor(
    private readonly deps: CollectDeps,
    private readonly hooks: CollectorHooks = {},
    limits: KindLimits = DEFAULT_LIMITS,
  ) {
    this.gate = new SessionGate({ ...DEFAULT_LIMITS, ...limits });
  }

  /** Ids of the runs in progress in this process. */
  get active(): number[] {
    return [...this.running.keys()];
  }

  /** Start (or continue) run `runId` in the background; resolves with its final counts. */
  start(runId: number): Promise<RunCounts> {
    const had = this.running.get(runId);
    if (had) return had.done;
    const abort = new AbortController();
    const done = runCollection(this.deps, runId, { gate: this.gate, signal: abort.signal, ...(this.hooks.onProgress ? { onProgress: this.hooks.onProgress } : {}) })
      .then((counts) => {
        this.hooks.onRunEnd?.(runId, counts);
        return counts;
      })
      .catch((e: unknown) => {
        this.hooks.onError?.(runId, (e as Error).message);
        throw e;
      })
      .finally(() => this.running.delete(runId));
    this.running.set(runId, { abort, done });
    return done;
  }

  /** Stop run `runId` if it runs here (sessions in progress are aborted). */
  cancel(runId: number): boolean {
    const r = this.running.get(runId);
    r?.abort.abort();
    return r !== undefined;
  }

  /** Take over and continue the runs a process that is gone left `running` (returns their ids). */
  resumeAbandoned(): number[] {
    const ids = claimAbandonedRuns(this.deps.db);
    for (const id of ids) void this.start(id).catch(() => undefined);
    return ids;
  }

  /**
   * Start every schedule due at `now` (its next start computed at once, so it fires once): a run of the meters its
   * target names now. A schedule whose previous run is still going is skipped this time (said through the hook).
   */
  startDue(now: Date, startedBy: string): number[] {
    const started: number[] = [];
    for (const id of dueSchedules(this.deps.db, now)) {
      const s = getSchedule(this.deps.db, id);
      if (!s) continue;
      let next: Date | null = null;
      try {
        next = nextStart(s, now);
      } catch {
        next = null;
      }
      if (s.lastRunId !== null && !runStopped(this.deps.db, s.lastRunId)) {
        markStarted(this.deps.db, id, null, next);
        this.hooks.onScheduleStarted?.(id, null, `"${s.name}" is due, but its previous run ${s.lastRunId} is still going: skipped this time.`);
        continue;
      }
      const meterIds = targetMeters(this.deps.db, s.targetKind, s.targetId);
      const runId = createRun(this.deps.db, {
        scheduleId: id, label: `${s.name} (${targetLabel(this.deps.db, s.targetKind, s.targetId)})`, trigger: 'schedule', what: s.what, retries: s.retries,
        backoffSeconds: s.backoffSeconds, startedBy, meterIds,
      });
      markStarted(this.deps.db, id, runId, next);
      this.hooks.onScheduleStarted?.(id, runId, `"${s.name}" started: ${meterIds.length} meter${meterIds.length === 1 ? '' : 's'}.`);
      void this.start(runId).catch(() => undefined);
      started.push(runId);
    }
    return started;
  }

  /**
   * Follow the schedules: resume abandoned runs, then every `pollMs` start what is due (runs are recorded as started
   * by `startedBy`). Returns the function that stops following (runs in progress go on; `stop()` ends them).
   */
  follow(pollMs: number, startedBy: string): () => void {
    this.resumeAbandoned();
    const tick = () => {
      try {
        this.startDue(new Date(), startedBy);
      } catch (e) {
        this.hooks.onError?.(0, (e as Error).message);
      }
    };
    tick();
    const timer = setInterval(tick, pollMs);
    return () => clearInterval(timer);
  }

  /** Abort every run of this process and wait for them to end; they stay `running` for the next collector to resume. */
  async stop(): Promise<void> {
    const all = [...this.running.values()];
    for (const r of all) r.abort.abort(SHUTDOWN);
    await Promise.allSettled(all.map((r) => r.done));
  }
}
