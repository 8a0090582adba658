/**
 * The programming life cycle's state changes WITH their audit records (docs/security.md "Audit trail"), in one
 * place for the UI handlers (main/api/handlers/programming.ts), the CLI (`pmu program`) and the programming service
 * (./program.ts): each store change and its record commit together (main/audit/record-change.ts).
 * - staged (`program.staged`; staged and approved at once records `program.approved` too), approved, deleted;
 * - a programming job's end (`program.uploaded` when every write was acknowledged — verified or differences —,
 *   else `program.uploadFailed`), with the meter serial, the programming counter before/after and the trace link
 *   `certificate:<job id>`;
 * - jobs a stopped workstation left running, closed at start (`program.uploadFailed` by the workstation itself);
 * - a scheme file stored for `pmu program` (`scheme.imported`).
 * The acting user is `ctx.actor` (a per-call context: main/api/call-context.ts `acting`, or the CLI's `actAs`).
 */
import type { MeterData, ProgrammingCertificate, StagedProgram } from '../../programming/plan';
import type { TariffScheme } from '../../schemes/model';
import { systemActor } from '../auth/actor';
import { appendAudit, type AuditEntry } from '../audit/append';
import { recordChange } from '../audit/record-change';
import { closeAbandonedJobs, finishProgrammingJob, type AbandonedJob, type AbandonOptions, type ProgrammingOutcome } from '../store/programming-jobs';
import { findOrImportScheme, getSchemeVersion } from '../store/schemes';
import { approveStagedProgram, createStagedProgram, deleteStagedProgram, getStagedProgram } from '../store/staging';
import type { AppContext } from '../core/context';

/** The audit object of staged program `s`: `staged:12 E7A (scheme 3 v2)`. */
export function stagedObject(s: StagedProgram): string {
  return `staged:${s.id} ${s.schemeId} (scheme ${s.schemeStoreId} v${s.schemeVersion})`;
}

/** The meter data an audit record keeps of a staged program (no secret in there: the password level only). */
function meterSummary(m: MeterData): Record<string, unknown> {
  return { serial: m.serial, ctRatio: m.ctRatio, vtRatio: m.vtRatio, passwordLevel: m.passwordLevel, site: m.site, customer: m.customer, timeZone: m.timeZone };
}

/**
 * Stage version `schemeVersion` of scheme `schemeStoreId` for `meter` as `ctx.operator` (status `approved` stages
 * and approves at once, as `pmu program --scheme` does), recording `program.staged` (and `program.approved`).
 * @throws StoreError as main/store/staging.ts `createStagedProgram`.
 */
export function stageProgram(
  ctx: AppContext,
  input: { schemeStoreId: number; schemeVersion: number; meter: MeterData; status?: 'draft' | 'approved' },
): StagedProgram {
  const staged = (): StagedProgram =>
    recordChange(ctx, () => createStagedProgram(ctx.db, { ...input, by: ctx.operator }), (s) => ({
      action: 'program.staged',
      meterSerial: s.meter.serial,
      object: stagedObject(s),
      summary: { after: { scheme: `${s.schemeStoreId} v${s.schemeVersion}`, schemeId: s.schemeId, meterModel: s.meterModel, meter: meterSummary(s.meter), status: s.status } },
    }));
  // Staged and approved at once: the approval is its own record, so "who approved" reads the same either way.
  return recordChange(ctx, staged, (s) => (s.status === 'approved' ? approvalEntry(s) : null));
}

function approvalEntry(s: StagedProgram): AuditEntry {
  return {
    action: 'program.approved',
    meterSerial: s.meter.serial,
    object: stagedObject(s),
    summary: { before: { status: 'draft' }, after: { status: s.status, approvedBy: s.approvedBy, scheme: `${s.schemeStoreId} v${s.schemeVersion}` } },
  };
}

/**
 * Approve draft `id` as `ctx.operator`, recording `program.approved`. Whether the scheme may be approved is the
 * caller's check. @throws StoreError `NOT_FOUND`, `CONFLICT` (not a draft).
 */
export function approveProgram(ctx: AppContext, id: number): StagedProgram {
  return recordChange(ctx, () => approveStagedProgram(ctx.db, id, ctx.operator), approvalEntry);
}

/** Delete staged program `id` (never uploaded), recording `program.deleted`. @throws StoreError `NOT_FOUND`, `CONFLICT`. */
export function deleteProgram(ctx: AppContext, id: number): void {
  recordChange(
    ctx,
    () => {
      const s = getStagedProgram(ctx.db, id);
      deleteStagedProgram(ctx.db, id);
      return s;
    },
    (s) => ({ action: 'program.deleted', meterSerial: s.meter.serial, object: stagedObject(s), summary: { before: { status: s.status, meter: meterSummary(s.meter) } } }),
  );
}

/** True when every write reached the meter (its programming counter then counts the upload): verified or differences. */
export function uploadCompleted(status: ProgrammingOutcome): boolean {
  return status === 'verified' || status === 'differences';
}

/**
 * Store how programming job `jobId` ended (main/store/programming-jobs.ts `finishProgrammingJob`: certificate,
 * staged program status) and record `program.uploaded` / `program.uploadFailed` (see the file comment) in the same
 * transaction. @throws StoreError as finishProgrammingJob.
 */
export function recordProgrammingOutcome(
  ctx: AppContext,
  jobId: number,
  result: { status: ProgrammingOutcome; error: string | null; certificate: ProgrammingCertificate; finishedUtc: string },
): void {
  const c = result.certificate;
  recordChange(
    ctx,
    () => {
      const staged = ctx.db.prepare('SELECT staged_id AS id FROM programming_jobs WHERE id = ?').get(jobId) as { id: number } | undefined;
      finishProgrammingJob(ctx.db, jobId, result);
      return staged?.id ?? null;
    },
    (stagedId) => ({
      action: uploadCompleted(result.status) ? 'program.uploaded' : 'program.uploadFailed',
      // Filed under the meter actually on the probe: a failure against the wrong meter concerns that meter (issue 13.6).
      meterSerial: c.seenSerial ?? c.meter.serial,
      object: `staged:${stagedId ?? '?'} ${c.scheme.id} (scheme ${c.scheme.storeId} v${c.scheme.version})`,
      traceRef: `certificate:${jobId}`,
      summary: {
        before: { programmingCounter: c.counterBefore?.count ?? null },
        after: {
          status: result.status,
          programmingCounter: c.counterAfter?.count ?? null,
          written: c.written.length,
          notWritten: c.notWritten.length,
          differences: c.differences.length,
          schemeSha256: c.scheme.contentSha256,
          port: c.port,
          meterUserId: c.meterUserId,
          ...(c.seenSerial !== null && c.seenSerial !== c.meter.serial ? { stagedFor: c.meter.serial, meterOnProbe: c.seenSerial } : {}),
          ...(result.error !== null ? { error: result.error } : {}),
        },
      },
    }),
  );
}

/**
 * Close the programming jobs a stopped workstation left running (main/store/programming-jobs.ts
 * `closeAbandonedJobs`: job failed, staged program partially-programmed) and record one `program.uploadFailed` per
 * job by the workstation itself, in the same transaction. Call at app start (browser mode, desktop) and before
 * `pmu program`. Returns the jobs closed.
 */
export function closeAbandonedProgrammingJobs(ctx: AppContext, opts: AbandonOptions = {}): AbandonedJob[] {
  // The workstation closes them, not whoever starts it: a system record under the OS user.
  const c: AppContext = { ...ctx, actor: systemActor(ctx.operator) };
  return recordChange(
    c,
    () => {
      const jobs = closeAbandonedJobs(ctx.db, opts);
      for (const j of jobs) appendAudit(c, abandonedEntry(j));
      return jobs;
    },
    () => null,
  );
}

function abandonedEntry(j: AbandonedJob): AuditEntry {
  return {
    action: 'program.uploadFailed',
    meterSerial: j.meterSerial,
    object: `staged:${j.stagedId}`,
    traceRef: `job:${j.jobId}`,
    summary: {
      before: { status: 'running', startedUtc: j.startedUtc, operator: j.operator, port: j.port },
      after: { status: 'failed', stagedStatus: 'partially-programmed', reason: j.reason },
    },
  };
}

/**
 * The stored version holding exactly `scheme` (or a new scheme in the `Imported schemes` folder) for `pmu program`,
 * recording `scheme.imported` when it was stored now. @throws StoreError as findOrImportScheme.
 */
export function importSchemeForProgram(ctx: AppContext, scheme: TariffScheme, opts: { folderId?: number | null } = {}): { schemeStoreId: number; version: number; created: boolean; name: string } {
  return recordChange(
    ctx,
    () => findOrImportScheme(ctx.db, scheme, { by: ctx.operator, ...(opts.folderId !== undefined ? { folderId: opts.folderId } : {}) }),
    (r) =>
      r.created
        ? {
            action: 'scheme.imported',
            object: `scheme:${r.schemeStoreId} v${r.version} ${r.name}`,
            summary: { after: { name: r.name, schemeId: scheme.id, version: r.version, sha256: getSchemeVersion(ctx.db, r.schemeStoreId, r.version).contentSha256, source: 'pmu program' } },
          }
        : null,
  );
}

/**
 * {@link closeAbandonedProgrammingJobs} at the start of the app (browser mode, desktop) or of `pmu program`: one line
 * per closed job to `log`; a failure is logged, not thrown (the workstation still starts; the next start tries again).
 */
export function closeAbandonedAtStart(ctx: AppContext, log: (line: string) => void = (l) => console.error(l)): AbandonedJob[] {
  try {
    const closed = closeAbandonedProgrammingJobs(ctx);
    for (const j of closed) {
      log(`pmu: programming job ${j.jobId} (meter ${j.meterSerial}, started ${j.startedUtc} by ${j.operator}) was left unfinished; recorded as failed, staged program ${j.stagedId} as partially programmed.`);
    }
    return closed;
  } catch (err) {
    log(`pmu: could not close unfinished programming jobs: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}
