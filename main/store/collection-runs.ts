/**
 * Collection runs and their per-meter tasks (tables `collection_runs`, `collection_tasks`, migration-collection.ts).
 * A run is owned by the process that runs it (host + pid, as programming jobs: ./programming-jobs.ts); a run left
 * `running` by a process that is gone is taken over by the next collector (`claimAbandonedRuns`), whose unfinished
 * tasks then run again. A task becomes `ok` in the transaction that stores its reading (the caller's), so a crash
 * never leaves a stored reading behind a task that would fetch it again.
 */
import type { Database } from 'better-sqlite3';
import { collectWhatSchema, type CollectWhat, type RunCounts, type RunDetailView, type RunSummaryView, type TaskView } from '../../contract/collection';
import { processAlive, thisProcess, type JobOwner } from './programming-jobs';

interface RunRow {
  id: number;
  schedule_id: number | null;
  label: string;
  trigger: 'schedule' | 'manual';
  what_json: string;
  retries: number;
  backoff_s: number;
  status: RunSummaryView['status'];
  started_by: string;
  started_utc: string;
  finished_utc: string | null;
  resumed: number;
}

/** What a run needs to know about itself. */
export interface RunSettings {
  readonly id: number;
  readonly label: string;
  readonly what: CollectWhat;
  readonly retries: number;
  readonly backoffSeconds: number;
  readonly scheduleId: number | null;
}

/** A new run of `meterIds` (tasks pending), owned by `owner` (default this process); returns its id. */
export function createRun(
  db: Database,
  r: { scheduleId: number | null; label: string; trigger: 'schedule' | 'manual'; what: CollectWhat; retries: number; backoffSeconds: number; startedBy: string; meterIds: readonly number[] },
  now: Date = new Date(),
  owner: JobOwner = thisProcess(),
): number {
  return db.transaction(() => {
    const id = Number(
      db.prepare(
        `INSERT INTO collection_runs (schedule_id, label, trigger, what_json, retries, backoff_s, status, started_by, started_utc, owner_host, owner_pid)
         VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`,
      ).run(r.scheduleId, r.label, r.trigger, JSON.stringify(r.what), r.retries, r.backoffSeconds, r.startedBy, now.toISOString(), owner.host, owner.pid).lastInsertRowid,
    );
    const add = db.prepare("INSERT INTO collection_tasks (run_id, meter_id, status) VALUES (?, ?, 'pending')");
    for (const m of new Set(r.meterIds)) add.run(id, m);
    return id;
  })();
}

/** A run's settings, or null. */
export function runSettings(db: Database, id: number): RunSettings | null {
  const r = db.prepare('SELECT * FROM collection_runs WHERE id = ?').get(id) as RunRow | undefined;
  return r ? { id: r.id, label: r.label, what: collectWhatSchema.parse(JSON.parse(r.what_json)), retries: r.retries, backoffSeconds: r.backoff_s, scheduleId: r.schedule_id } : null;
}

/**
 * Take over runs left `running` by a process that no longer exists on this computer (killed collector, power cut):
 * each is marked resumed and owned by `self`, its `running` tasks go back to `pending` (their reading was not
 * committed, or they would be `ok`). Returns their ids, oldest first.
 */
export function claimAbandonedRuns(db: Database, self: JobOwner = thisProcess(), isAlive: (pid: number) => boolean = processAlive): number[] {
  return db.transaction(() => {
    const rows = db.prepare("SELECT id, owner_host AS host, owner_pid AS pid FROM collection_runs WHERE status = 'running' ORDER BY id").all() as { id: number; host: string | null; pid: number | null }[];
    const claimed: number[] = [];
    for (const r of rows) {
      const gone = r.host === self.host && r.pid !== null && r.pid !== self.pid && !isAlive(r.pid);
      if (!gone) continue;
      db.prepare('UPDATE collection_runs SET owner_pid = ?, resumed = 1 WHERE id = ?').run(self.pid, r.id);
      db.prepare("UPDATE collection_tasks SET status = 'pending' WHERE run_id = ? AND status = 'running'").run(r.id);
      claimed.push(r.id);
    }
    return claimed;
  }).immediate();
}

/** The tasks of a run still to do (pending, or waiting for a retry), with their attempts and retry time. */
export function openTasks(db: Database, runId: number): { meterId: number; attempts: number; nextAttemptUtc: string | null }[] {
  return db
    .prepare("SELECT meter_id AS meterId, attempts, next_attempt_utc AS nextAttemptUtc FROM collection_tasks WHERE run_id = ? AND status IN ('pending', 'retry', 'running') ORDER BY meter_id")
    .all(runId) as { meterId: number; attempts: number; nextAttemptUtc: string | null }[];
}

/** Mark a task running (one more attempt). */
export function taskStarted(db: Database, runId: number, meterId: number, now: Date): void {
  db.prepare("UPDATE collection_tasks SET status = 'running', attempts = attempts + 1, started_utc = ?, next_attempt_utc = NULL WHERE run_id = ? AND meter_id = ?").run(now.toISOString(), runId, meterId);
}

/** What a successful task stored. */
export interface TaskResult {
  readonly readingId: number | null;
  readonly registers: number;
  readonly intervals: number;
  readonly backfilled: number;
  readonly seconds: number;
  readonly clockDriftSeconds: number | null;
  readonly clockAction: string | null;
}

/** Mark a task ok (call inside the transaction that stored its reading). */
export function taskOk(db: Database, runId: number, meterId: number, r: TaskResult, now: Date): void {
  db.prepare(
    `UPDATE collection_tasks SET status = 'ok', finished_utc = ?, reading_id = ?, registers = ?, intervals = ?, backfilled = ?, seconds = ?, clock_drift_s = ?, clock_action = ?
     WHERE run_id = ? AND meter_id = ?`,
  ).run(now.toISOString(), r.readingId, r.registers, r.intervals, r.backfilled, r.seconds, r.clockDriftSeconds, r.clockAction, runId, meterId);
}

/** Mark a task failed (retryAt null) or waiting for a retry at `retryAt`, with its plain error. */
export function taskFailed(db: Database, runId: number, meterId: number, e: { code: string; message: string; seconds: number }, retryAt: Date | null, now: Date): void {
  db.prepare(
    `UPDATE collection_tasks SET status = ?, finished_utc = ?, next_attempt_utc = ?, error_code = ?, error = ?, seconds = ? WHERE run_id = ? AND meter_id = ?`,
  ).run(retryAt ? 'retry' : 'failed', now.toISOString(), retryAt?.toISOString() ?? null, e.code, e.message, e.seconds, runId, meterId);
}

/** Put a task back to pending (its session was stopped by a shutdown, not by the meter): a later resume redoes it. */
export function taskPending(db: Database, runId: number, meterId: number): void {
  db.prepare("UPDATE collection_tasks SET status = 'pending', attempts = max(0, attempts - 1) WHERE run_id = ? AND meter_id = ?").run(runId, meterId);
}

/** End a run. */
export function finishRun(db: Database, runId: number, status: 'finished' | 'cancelled' | 'interrupted', now: Date): void {
  db.prepare('UPDATE collection_runs SET status = ?, finished_utc = ? WHERE id = ?').run(status, now.toISOString(), runId);
}

/** Task counts of a run. */
export function runCounts(db: Database, runId: number): RunCounts {
  const rows = db.prepare('SELECT status, count(*) AS n FROM collection_tasks WHERE run_id = ? GROUP BY status').all(runId) as { status: keyof RunCounts; n: number }[];
  const c: RunCounts = { total: 0, ok: 0, failed: 0, pending: 0, running: 0, retry: 0 };
  for (const r of rows) {
    c[r.status] = r.n;
    c.total += r.n;
  }
  return c;
}

const summary = (db: Database, r: RunRow): RunSummaryView => ({
  id: r.id, scheduleId: r.schedule_id, label: r.label, trigger: r.trigger, status: r.status, startedBy: r.started_by, startedUtc: r.started_utc,
  finishedUtc: r.finished_utc, resumed: r.resumed === 1, counts: runCounts(db, r.id),
  intervals: (db.prepare('SELECT coalesce(sum(intervals), 0) AS n FROM collection_tasks WHERE run_id = ?').get(r.id) as { n: number }).n,
});

/** Runs, newest first. */
export function listRuns(db: Database, limit = 100): RunSummaryView[] {
  return (db.prepare('SELECT * FROM collection_runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]).map((r) => summary(db, r));
}

/** One run with its tasks, or null. */
export function runDetail(db: Database, id: number): RunDetailView | null {
  const r = db.prepare('SELECT * FROM collection_runs WHERE id = ?').get(id) as RunRow | undefined;
  if (!r) return null;
  const tasks = db
    .prepare(
      `SELECT t.meter_id AS meterId, m.serial, m.link, t.status, t.attempts, t.next_attempt_utc AS nextAttemptUtc, t.started_utc AS startedUtc, t.finished_utc AS finishedUtc,
              t.error, t.error_code AS errorCode, t.reading_id AS readingId, t.registers, t.intervals, t.backfilled, t.seconds, t.clock_drift_s AS clockDriftSeconds,
              t.clock_action AS clockAction
       FROM collection_tasks t JOIN fleet_meters m ON m.id = t.meter_id WHERE t.run_id = ? ORDER BY m.serial`,
    )
    .all(id) as TaskView[];
  return { ...summary(db, r), what: collectWhatSchema.parse(JSON.parse(r.what_json)), tasks };
}

/** True when the run was asked to stop (status no longer running). */
export function runStopped(db: Database, id: number): boolean {
  const r = db.prepare('SELECT status FROM collection_runs WHERE id = ?').get(id) as { status: string } | undefined;
  return !r || r.status !== 'running';
}
