/**
 * Programming jobs and their certificates (table `programming_jobs`, migration 3): each upload attempt of a
 * staged program, running → verified / differences / partially-programmed / failed, with the programming
 * certificate (programming/plan.ts) as JSON. The latest finished job of a meter serial is that meter's
 * programming state. Each job records the process that runs it (host name, process id: migration 5), so a job left
 * `running` by a workstation that stopped mid-upload is closed at the next start (`closeAbandonedJobs`).
 * Functions of a better-sqlite3 `db`; writes in one transaction; plain StoreErrors.
 */
import os from 'node:os';
import type { Database } from 'better-sqlite3';
import { programmingCertificateSchema, type ProgrammingCertificate } from '../../programming/plan';
import { StoreError } from '../core/errors';
import { write } from './scheme-folders';
import { getStagedProgram, type StagedStatus } from './staging';
import type { CertificateSummaryView, ProgrammingStateView } from '../../contract';

/** How a finished job ended (the certificate's `status`). */
export type ProgrammingOutcome = ProgrammingCertificate['status'];

/** A finished job with a certificate, for lists. Times UTC ISO. */
export type CertificateSummary = CertificateSummaryView;

/** A meter's programming state: the outcome of its latest finished job (`never-programmed` when none). */
export type MeterProgrammingState = ProgrammingStateView;

/** Staged-program status after a job with this outcome. */
const STAGED_AFTER: Readonly<Record<ProgrammingOutcome, StagedStatus>> = {
  verified: 'programmed',
  'partially-programmed': 'partially-programmed',
  differences: 'failed',
  failed: 'failed',
};

/** The process that runs a job: this computer's host name and the operating-system process id. */
export interface JobOwner {
  readonly host: string;
  readonly pid: number;
}

/** This process as a job owner. */
export function thisProcess(): JobOwner {
  return { host: os.hostname(), pid: process.pid };
}

/**
 * Records the start of a programming job of staged program `stagedId` (status `running`) run by `owner` (default
 * this process); returns its id.
 * @throws StoreError `NOT_FOUND` (staged program).
 */
export function startProgrammingJob(
  db: Database,
  input: { stagedId: number; meterSerial: string; port: string; operator: string; startedUtc: string; owner?: JobOwner },
): number {
  const owner = input.owner ?? thisProcess();
  return write(db, 'record the programming job', () => {
    getStagedProgram(db, input.stagedId);
    return Number(
      db
        .prepare("INSERT INTO programming_jobs (staged_id, meter_serial, port, status, started_utc, operator, owner_host, owner_pid) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)")
        .run(input.stagedId, input.meterSerial, input.port, input.startedUtc, input.operator, owner.host, owner.pid).lastInsertRowid,
    );
  });
}

/**
 * Records how job `jobId` ended with its certificate (checked with `programmingCertificateSchema`; its `jobId`
 * must be this job's) and sets the staged program's status: verified → programmed, partially-programmed →
 * partially-programmed, differences / failed → failed.
 * @throws StoreError `NOT_FOUND` (job), `CONFLICT` (already finished), `INVALID_DATA` (certificate).
 */
export function finishProgrammingJob(
  db: Database,
  jobId: number,
  result: { status: ProgrammingOutcome; error: string | null; certificate: ProgrammingCertificate; finishedUtc: string },
): void {
  const cert = programmingCertificateSchema.safeParse(result.certificate);
  if (!cert.success || cert.data.jobId !== jobId) {
    const why = cert.success ? `it belongs to job ${cert.data.jobId}` : cert.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new StoreError('INVALID_DATA', `The programming certificate of job ${jobId} cannot be stored: ${why}. This is a fault in the app; please report it.`);
  }
  write(db, 'store the programming certificate', () => {
    const job = db.prepare('SELECT staged_id, status FROM programming_jobs WHERE id = ?').get(jobId) as { staged_id: number; status: string } | undefined;
    if (job === undefined) throw new StoreError('NOT_FOUND', `There is no programming job number ${jobId}.`);
    if (job.status !== 'running') throw new StoreError('CONFLICT', `Programming job ${jobId} has already finished (${job.status}).`);
    db.prepare('UPDATE programming_jobs SET status = ?, finished_utc = ?, error = ?, certificate_json = ? WHERE id = ?').run(
      result.status, result.finishedUtc, result.error, JSON.stringify(cert.data), jobId,
    );
    db.prepare('UPDATE staged_programs SET status = ? WHERE id = ?').run(STAGED_AFTER[result.status], job.staged_id);
  });
}

interface JobRow {
  id: number;
  staged_id: number;
  meter_serial: string;
  port: string;
  status: ProgrammingOutcome;
  started_utc: string;
  finished_utc: string;
  operator: string;
  error: string | null;
  certificate_json: string;
}

/** Finished jobs with a certificate, newest first; `serial` (exact) filters by meter. */
export function listCertificates(db: Database, filter: { serial?: string } = {}): CertificateSummary[] {
  const bySerial = filter.serial !== undefined;
  const rows = db
    .prepare(`SELECT * FROM programming_jobs WHERE certificate_json IS NOT NULL${bySerial ? ' AND meter_serial = ?' : ''} ORDER BY id DESC`)
    .all(...(bySerial ? [filter.serial!.trim()] : [])) as JobRow[];
  return rows.map((r) => {
    const c = programmingCertificateSchema.parse(JSON.parse(r.certificate_json));
    return {
      jobId: r.id, stagedId: r.staged_id, meterSerial: r.meter_serial, port: r.port, status: r.status, operator: r.operator,
      startedUtc: r.started_utc, finishedUtc: r.finished_utc, schemeStoreId: c.scheme.storeId, schemeVersion: c.scheme.version,
      schemeId: c.scheme.id, schemeName: c.scheme.name, error: r.error,
    };
  });
}

/** The certificate of job `jobId`. @throws StoreError `NOT_FOUND` (no such job, or still running). */
export function getCertificate(db: Database, jobId: number): ProgrammingCertificate {
  const row = db.prepare('SELECT certificate_json FROM programming_jobs WHERE id = ?').get(jobId) as { certificate_json: string | null } | undefined;
  if (row === undefined || row.certificate_json === null) {
    throw new StoreError('NOT_FOUND', `There is no programming certificate for job ${jobId}${row ? ' yet (the job is still running)' : ''}.`);
  }
  return programmingCertificateSchema.parse(JSON.parse(row.certificate_json));
}

/** The programming state of meter `serial` (exact serial): its latest finished job. */
export function meterProgrammingState(db: Database, serial: string): MeterProgrammingState {
  const row = db
    .prepare("SELECT id, status, finished_utc FROM programming_jobs WHERE meter_serial = ? AND status <> 'running' ORDER BY id DESC LIMIT 1")
    .get(serial.trim()) as { id: number; status: ProgrammingOutcome; finished_utc: string } | undefined;
  return row === undefined ? { status: 'never-programmed', jobId: null, finishedUtc: null } : { status: row.status, jobId: row.id, finishedUtc: row.finished_utc };
}

/** The error recorded on a job the workstation left unfinished (shown with the meter's programming state). */
export const ABANDONED_JOB_ERROR =
  'The workstation stopped during this upload; the meter may be partially programmed: read it back or program it again.';

/**
 * A job whose owner is unknown (recorded before schema version 5, or by another computer) counts as abandoned once
 * it has been running this long. ASSUMPTION: a whole upload with read back takes a few minutes at most (an Elster
 * tariff image is a few kB at 9600 baud), so 10 minutes leaves a wide margin.
 */
export const UNKNOWN_OWNER_STALE_MS = 10 * 60_000;

/**
 * A job whose owner process still seems to run counts as abandoned after this long anyway: the operating system
 * may have given the dead owner's process id to another program (12 hours is far longer than any upload).
 */
export const LIVE_OWNER_STALE_MS = 12 * 3_600_000;

/** True when process `pid` exists on this computer (`kill(pid, 0)`: ESRCH = gone; EPERM = exists, not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A job closed by {@link closeAbandonedJobs}. */
export interface AbandonedJob {
  readonly jobId: number;
  readonly stagedId: number;
  readonly meterSerial: string;
  readonly port: string;
  readonly operator: string;
  readonly startedUtc: string;
  /** Why it counts as abandoned: its process is gone, or it ran too long (unknown owner / reused process id). */
  readonly reason: 'process-gone' | 'too-old';
}

/** Options of {@link closeAbandonedJobs}; the defaults are the real computer and clock (tests inject). */
export interface AbandonOptions {
  /** Now, UTC ISO. */
  readonly nowUtc?: string;
  /** This process (jobs of this process are never closed: they are running here). */
  readonly self?: JobOwner;
  /** Does process `pid` exist on this computer? */
  readonly isAlive?: (pid: number) => boolean;
}

/**
 * Closes programming jobs left `running` by a workstation that stopped during an upload: each becomes `failed` with
 * {@link ABANDONED_JOB_ERROR} and no certificate, and its staged program `partially-programmed` (writes may have
 * reached the meter). A running job is abandoned when
 * - it was started on this computer by a process that no longer exists (at once: that process cannot finish it), or
 * - its owner cannot be checked (started before schema version 5, or on another computer) and it started more than
 *   {@link UNKNOWN_OWNER_STALE_MS} ago, or
 * - its owner seems alive but it started more than {@link LIVE_OWNER_STALE_MS} ago (the process id was reused).
 * Jobs of this very process, and jobs another live process on this computer is running (a `pmu program` beside the
 * app), are left alone. One transaction; returns the jobs closed. Called at app and `pmu program` start
 * (main/services/program-records.ts `closeAbandonedProgrammingJobs`, which also records them in the audit trail).
 */
export function closeAbandonedJobs(db: Database, opts: AbandonOptions = {}): AbandonedJob[] {
  const now = opts.nowUtc ?? new Date().toISOString();
  const self = opts.self ?? thisProcess();
  const isAlive = opts.isAlive ?? processAlive;
  return write(db, 'close unfinished programming jobs', () => {
    const rows = db
      .prepare("SELECT id, staged_id, meter_serial, port, operator, started_utc, owner_host, owner_pid FROM programming_jobs WHERE status = 'running' ORDER BY id")
      .all() as { id: number; staged_id: number; meter_serial: string; port: string; operator: string; started_utc: string; owner_host: string | null; owner_pid: number | null }[];
    const age = (r: { started_utc: string }) => Date.parse(now) - Date.parse(r.started_utc);
    const closed: AbandonedJob[] = [];
    for (const r of rows) {
      let reason: AbandonedJob['reason'] | null;
      if (r.owner_host === self.host && r.owner_pid !== null) {
        if (r.owner_pid === self.pid) reason = null;
        else if (!isAlive(r.owner_pid)) reason = 'process-gone';
        else reason = age(r) > LIVE_OWNER_STALE_MS ? 'too-old' : null;
      } else {
        reason = age(r) > UNKNOWN_OWNER_STALE_MS ? 'too-old' : null;
      }
      if (reason === null) continue;
      db.prepare("UPDATE programming_jobs SET status = 'failed', finished_utc = ?, error = ? WHERE id = ?").run(now, ABANDONED_JOB_ERROR, r.id);
      db.prepare("UPDATE staged_programs SET status = 'partially-programmed' WHERE id = ?").run(r.staged_id);
      closed.push({ jobId: r.id, stagedId: r.staged_id, meterSerial: r.meter_serial, port: r.port, operator: r.operator, startedUtc: r.started_utc, reason });
    }
    return closed;
  });
}
