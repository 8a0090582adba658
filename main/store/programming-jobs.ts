/**
 * Programming jobs and their certificates (table `programming_jobs`, migration 3): each upload attempt of a
 * staged program, running → verified / differences / partially-programmed / failed, with the programming
 * certificate (schemes/program.ts) as JSON. The latest finished job of a meter serial is that meter's
 * programming state. Functions of a better-sqlite3 `db`; writes in one transaction; plain StoreErrors.
 */
import type { Database } from 'better-sqlite3';
import { programmingCertificateSchema, type ProgrammingCertificate } from '../../schemes/program';
import { StoreError } from './errors';
import { write } from './scheme-folders';
import { getStagedProgram, type StagedStatus } from './staging';

/** How a finished job ended (the certificate's `status`). */
export type ProgrammingOutcome = ProgrammingCertificate['status'];

/** A finished job with a certificate, for lists. Times UTC ISO. */
export interface CertificateSummary {
  /** The programming job's id (= the certificate's `jobId`). */
  readonly jobId: number;
  readonly stagedId: number;
  readonly meterSerial: string;
  readonly port: string;
  readonly status: ProgrammingOutcome;
  readonly operator: string;
  readonly startedUtc: string;
  readonly finishedUtc: string;
  readonly schemeStoreId: number;
  readonly schemeVersion: number;
  /** Scheme ID written to the meter and the scheme's name (from the certificate). */
  readonly schemeId: string;
  readonly schemeName: string;
  /** Plain-language error when the job did not complete, else null. */
  readonly error: string | null;
}

/** A meter's programming state: the outcome of its latest finished job (`never-programmed` when none). */
export interface MeterProgrammingState {
  readonly status: 'never-programmed' | ProgrammingOutcome;
  readonly jobId: number | null;
  readonly finishedUtc: string | null;
}

/** Staged-program status after a job with this outcome. */
const STAGED_AFTER: Readonly<Record<ProgrammingOutcome, StagedStatus>> = {
  verified: 'programmed',
  'partially-programmed': 'partially-programmed',
  differences: 'failed',
  failed: 'failed',
};

/**
 * Records the start of a programming job of staged program `stagedId` (status `running`); returns its id.
 * @throws StoreError `NOT_FOUND` (staged program).
 */
export function startProgrammingJob(
  db: Database,
  input: { stagedId: number; meterSerial: string; port: string; operator: string; startedUtc: string },
): number {
  return write(db, 'record the programming job', () => {
    getStagedProgram(db, input.stagedId);
    return Number(
      db
        .prepare("INSERT INTO programming_jobs (staged_id, meter_serial, port, status, started_utc, operator) VALUES (?, ?, ?, 'running', ?, ?)")
        .run(input.stagedId, input.meterSerial, input.port, input.startedUtc, input.operator).lastInsertRowid,
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

/**
 * Marks jobs still `running` (the app stopped during an upload) as failed with a plain error, without a
 * certificate; their staged programs become `partially-programmed` (what reached the meter is unknown).
 * Returns how many were closed. Meant for app start, before any job can run.
 */
export function closeAbandonedJobs(db: Database, nowUtc?: string): number {
  return write(db, 'close unfinished programming jobs', () => {
    const rows = db.prepare("SELECT id, staged_id FROM programming_jobs WHERE status = 'running'").all() as { id: number; staged_id: number }[];
    for (const r of rows) {
      db.prepare("UPDATE programming_jobs SET status = 'failed', finished_utc = ?, error = ? WHERE id = ?").run(
        nowUtc ?? new Date().toISOString(),
        'The app stopped while this meter was being programmed; what reached the meter is unknown. Read the meter, then program it again.',
        r.id,
      );
      db.prepare("UPDATE staged_programs SET status = 'partially-programmed' WHERE id = ?").run(r.staged_id);
    }
    return rows.length;
  });
}
