/**
 * Staged programs and certificates as use cases (contract/schemes-programming.ts, `pmu program`): each checks the
 * acting user's permission (./authorize.ts) and object scope (./object-scope.ts: a user limited to some meter groups
 * sees and works on only those meters' staged programs, jobs and certificates; scheme folders likewise), and records
 * its change (./program-records.ts, same transaction). Approval is refused while the scheme has errors for the meter
 * model or does not compile (the plan and its error come from {@link stagedDetailAs}).
 */
import path from 'node:path';
import type { SchemeProblemView } from '../../contract';
import type { ProgramPlan, ProgrammingCertificate, StagedProgram } from '../../programming/plan';
import { appendAudit } from '../audit/append';
import type { AppContext } from '../core/context';
import { getCertificate, listCertificates, meterProgrammingState } from '../store/programming-jobs';
import { getSchemeVersion } from '../store/schemes';
import { getStagedProgram, listStagedPrograms } from '../store/staging';
import { authorize } from './authorize';
import { certificateCsv, certificateJson, certificateText } from './certificate-text';
import { ServiceError } from './errors';
import { writeExportText, type WrittenText } from './export-files';
import { objectScope } from './object-scope';
import { approveProgram, deleteProgram, stageProgram } from './program-records';
import { compilePlan, meterUserIdOf, schemeProblems } from './program-plan';
import { programReadiness, selfApprovalRefusal, type ProgramReadiness } from './program-readiness';
import { dataDirOf, loadMeterDefinitions } from './meter-definitions';

/** A staged program with its scheme problems for its model and its plan (or why there is none). */
export interface StagedDetail {
  readonly staged: StagedProgram;
  readonly problems: SchemeProblemView[];
  readonly meterUserId: string;
  readonly plan: ProgramPlan | null;
  readonly planError: string | null;
  /** For the acting user: can they program it, with which password (./program-readiness.ts); null without the permission. */
  readonly readiness: ProgramReadiness | null;
  /** Why the acting user may not approve it (separation of duties), or null. */
  readonly approvalRefusal: string | null;
}

const scopeOf = (ctx: AppContext) => objectScope(ctx.db, ctx.actor ? { actor: ctx.actor } : undefined);

/** Staged program `id`. @throws StoreError NOT_FOUND; AuthError FORBIDDEN (meter outside the user's groups). */
export function stagedAs(ctx: AppContext, id: number): StagedProgram {
  authorize(ctx, 'schemes.view');
  const staged = getStagedProgram(ctx.db, id);
  scopeOf(ctx).requireMeter(staged.meter.serial);
  return staged;
}

/** The staged programs the user may see (filters: meter serial, status). */
export function listStagedAs(ctx: AppContext, f: { serial?: string; status?: StagedProgram['status'] }): StagedProgram[] {
  authorize(ctx, 'schemes.view');
  const scope = scopeOf(ctx);
  return listStagedPrograms(ctx.db, f).filter((p) => scope.meterAllowed(p.meter.serial));
}

/** Stage a scheme version for a meter (`programs.stage`; the scheme's folder and the meter in the user's scope). */
export function stageAs(ctx: AppContext, input: Parameters<typeof stageProgram>[1]): StagedProgram {
  authorize(ctx, 'programs.stage');
  const scope = scopeOf(ctx);
  scope.requireScheme(input.schemeStoreId);
  scope.requireMeter(input.meter.serial);
  return stageProgram(ctx, input);
}

/** The staged program with its scheme problems and plan (see {@link StagedDetail}). */
export function stagedDetailAs(ctx: AppContext, id: number): StagedDetail {
  const staged = stagedAs(ctx, id);
  const content = getSchemeVersion(ctx.db, staged.schemeStoreId, staged.schemeVersion).content;
  const problems = schemeProblems(content, staged.meterModel);
  const meterUserId = meterUserIdOf(ctx);
  const errors = problems.filter((p) => p.severity === 'error');
  const who = { readiness: programReadiness(ctx, staged), approvalRefusal: staged.status === 'draft' ? selfApprovalRefusal(ctx, staged) : null };
  if (errors.length > 0) {
    const n = errors.length;
    const planError = `The scheme has ${n} error${n === 1 ? '' : 's'} for the ${staged.meterModel} (first: ${errors[0]!.message}). Fix the scheme, save it and stage the new version.`;
    return { staged, problems, meterUserId, plan: null, planError, ...who };
  }
  try {
    // the data directory's definition files set each write's provenance, as programming will (programming/safety.ts)
    const definitions = loadMeterDefinitions(dataDirOf(ctx)).files;
    return { staged, problems, meterUserId, plan: compilePlan(content, staged, meterUserId, definitions), planError: null, ...who };
  } catch (e) {
    if (e instanceof ServiceError) return { staged, problems, meterUserId, plan: null, planError: e.message, ...who };
    throw e;
  }
}

/** Approve draft `id` (`programs.approve`). @throws ServiceError NOT_PROGRAMMABLE when it has no plan. */
export function approveAs(ctx: AppContext, id: number): StagedProgram {
  authorize(ctx, 'programs.approve');
  const d = stagedDetailAs(ctx, id);
  if (d.staged.status === 'draft' && d.plan === null) throw new ServiceError('NOT_PROGRAMMABLE', `This program cannot be approved. ${d.planError ?? ''}`.trim());
  // Approver ≠ author unless the policy was relaxed (issue 13.3; the policy change itself is audited by the settings service).
  if (d.approvalRefusal) throw new ServiceError('SEPARATION_OF_DUTIES', d.approvalRefusal);
  return approveProgram(ctx, id);
}

/** Delete staged program `id` (never uploaded; `programs.stage`). */
export function deleteStagedAs(ctx: AppContext, id: number): void {
  authorize(ctx, 'programs.stage');
  stagedAs(ctx, id);
  deleteProgram(ctx, id);
}

/** The certificates the user may see (filter: meter serial). */
export function listCertificatesAs(ctx: AppContext, f: { serial?: string }): ReturnType<typeof listCertificates> {
  authorize(ctx, 'schemes.view');
  const scope = scopeOf(ctx);
  return listCertificates(ctx.db, f).filter((c) => scope.meterAllowed(c.meterSerial));
}

/** The certificate of programming job `jobId`. @throws StoreError NOT_FOUND; AuthError FORBIDDEN. */
export function certificateAs(ctx: AppContext, jobId: number): ProgrammingCertificate {
  authorize(ctx, 'schemes.view');
  const cert = getCertificate(ctx.db, jobId);
  scopeOf(ctx).requireMeter(cert.meter.serial);
  return cert;
}

/** Write certificate `jobId` as `json` / `txt` / `csv` into the exports folder; recorded `certificate.exported` after. */
export async function exportCertificateAs(ctx: AppContext, jobId: number, format: 'json' | 'txt' | 'csv'): Promise<WrittenText> {
  const cert = certificateAs(ctx, jobId);
  const text = format === 'json' ? certificateJson(cert) : format === 'txt' ? certificateText(cert) : certificateCsv(cert);
  const serial = cert.meter.serial.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 32) || 'meter';
  const written = await writeExportText(ctx, `certificate_${serial}_job${jobId}.${format}`, text);
  appendAudit(ctx, {
    action: 'certificate.exported',
    meterSerial: cert.meter.serial,
    object: `certificate:${jobId}`,
    traceRef: `certificate:${jobId}`,
    summary: { after: { format, file: path.basename(written.path), status: cert.status } },
  });
  return written;
}

/** A meter's programming state (counter, last job) for meter `serial` in the user's scope. */
export function programmingStateAs(ctx: AppContext, serial: string): ReturnType<typeof meterProgrammingState> {
  authorize(ctx, 'readings.view');
  scopeOf(ctx).requireMeter(serial);
  return meterProgrammingState(ctx.db, serial);
}
