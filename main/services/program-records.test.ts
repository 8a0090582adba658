/**
 * The programming life cycle's state changes with their audit records (program-records.ts): staged and approved at
 * once gives two records in that order; a change and its record commit together or not at all; jobs a stopped
 * workstation left running are closed at start and recorded by the workstation itself.
 */
import { describe, expect, it } from 'vitest';
import { newScheme } from '../../schemes/model';
import type { MeterData } from '../../programming/plan';
import { setupActor, type Actor } from '../auth/actor';
import { testContext } from '../auth/test-helpers';
import { selectAudit } from '../audit/store';
import { verifyStore } from '../audit/verify-store';
import { ABANDONED_JOB_ERROR, meterProgrammingState, startProgrammingJob, thisProcess } from '../store/programming-jobs';
import { getStagedProgram, listStagedPrograms } from '../store/staging';
import { withActor, type AppContext } from '../core/context';
import { approveProgram, closeAbandonedAtStart, closeAbandonedProgrammingJobs, importSchemeForProgram, stageProgram } from './program-records';

const engineer: Actor = { ...setupActor('x'), setupMode: false, role: 'engineer', username: 'erin', userId: 2, meterUserId: 'ERIN0001' };
const meter: MeterData = { serial: '12345678', ctRatio: '200/5', vtRatio: null, passwordLevel: 3, site: 'Mill', customer: 'ACME', timeZone: 'Europe/Berlin' };

function context(): AppContext {
  return withActor(testContext(), engineer);
}

const actions = (ctx: AppContext) => selectAudit(ctx.db, {}).map((r) => [r.action, r.username, r.role, r.meterSerial]);

describe('staging with audit records', () => {
  it('a scheme imported once, staged and approved at once: scheme.imported, program.staged, program.approved, by the acting user', () => {
    const ctx = context();
    const scheme = newScheme('DN', 'Day/night', 'A1140', 'Europe/Berlin');
    const stored = importSchemeForProgram(ctx, scheme);
    expect(importSchemeForProgram(ctx, scheme)).toMatchObject({ schemeStoreId: stored.schemeStoreId, created: false }); // already stored: no record
    const s = stageProgram(ctx, { schemeStoreId: stored.schemeStoreId, schemeVersion: stored.version, meter, status: 'approved' });
    expect(s).toMatchObject({ status: 'approved', createdBy: 'erin', approvedBy: 'erin' });
    expect(actions(ctx)).toEqual([
      ['scheme.imported', 'erin', 'engineer', null],
      ['program.staged', 'erin', 'engineer', '12345678'],
      ['program.approved', 'erin', 'engineer', '12345678'],
    ]);
    expect(selectAudit(ctx.db, {})[0]!.object).toBe(`scheme:${stored.schemeStoreId} v1 Day/night`);
    expect(verifyStore(ctx).intact).toBe(true);
  });

  it('a change whose record cannot be written is not stored (one transaction)', () => {
    const ctx = context();
    const stored = importSchemeForProgram(ctx, newScheme('DN', 'Day/night', 'A1140', 'Europe/Berlin'));
    const draft = stageProgram(ctx, { schemeStoreId: stored.schemeStoreId, schemeVersion: stored.version, meter });
    ctx.db.exec("CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(() => approveProgram(ctx, draft.id)).toThrow(/disk full/);
    expect(() => stageProgram(ctx, { schemeStoreId: stored.schemeStoreId, schemeVersion: stored.version, meter, status: 'approved' })).toThrow(/disk full/);
    ctx.db.exec('DROP TRIGGER no_audit');
    expect(getStagedProgram(ctx.db, draft.id).status).toBe('draft');
    expect(listStagedPrograms(ctx.db)).toHaveLength(1);
  });
});

describe('jobs left running by a stopped workstation', () => {
  it('are closed at start as failed (staged program partially programmed), each recorded by the workstation itself', () => {
    const ctx = context();
    const stored = importSchemeForProgram(ctx, newScheme('DN', 'Day/night', 'A1140', 'Europe/Berlin'));
    const s = stageProgram(ctx, { schemeStoreId: stored.schemeStoreId, schemeVersion: stored.version, meter, status: 'approved' });
    const here = thisProcess();
    const dead = 2 ** 22 + 4321; // above Linux's pid_max: no such process
    const jobId = startProgrammingJob(ctx.db, { stagedId: s.id, meterSerial: meter.serial, port: 'COM3', operator: 'erin', startedUtc: new Date().toISOString(), owner: { host: here.host, pid: dead } });
    const live = stageProgram(ctx, { schemeStoreId: stored.schemeStoreId, schemeVersion: stored.version, meter: { ...meter, serial: '999' }, status: 'approved' });
    startProgrammingJob(ctx.db, { stagedId: live.id, meterSerial: '999', port: 'COM4', operator: 'erin', startedUtc: new Date().toISOString() }); // this process: running here

    const lines: string[] = [];
    const app: AppContext = { ...ctx, actor: undefined, operator: 'osuser' }; // the app-wide context at start
    expect(closeAbandonedAtStart(app, (l) => lines.push(l)).map((j) => j.jobId)).toEqual([jobId]);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^pmu: programming job ${jobId} \\(meter 12345678, started .* by erin\\) was left unfinished; recorded as failed, staged program ${s.id} as partially programmed\\.$`))]);
    expect(closeAbandonedProgrammingJobs(app)).toEqual([]);
    expect(getStagedProgram(ctx.db, s.id).status).toBe('partially-programmed');
    expect(getStagedProgram(ctx.db, live.id).status).toBe('approved');
    expect(meterProgrammingState(ctx.db, meter.serial)).toMatchObject({ status: 'failed', jobId });
    expect(ctx.db.prepare('SELECT error FROM programming_jobs WHERE id = ?').get(jobId)).toEqual({ error: ABANDONED_JOB_ERROR });

    const rec = selectAudit(ctx.db, { action: 'program.uploadFailed' });
    expect(rec).toHaveLength(1);
    expect(rec[0]).toMatchObject({ username: 'osuser', role: 'system', meterSerial: '12345678', object: `staged:${s.id}`, traceRef: `job:${jobId}` });
    expect(JSON.parse(rec[0]!.summaryJson)).toMatchObject({ before: { status: 'running', operator: 'erin', port: 'COM3' }, after: { status: 'failed', stagedStatus: 'partially-programmed', reason: 'process-gone' } });
    expect(verifyStore(ctx).intact).toBe(true);
  });

  it('a failure to close them is logged, not thrown (the workstation still starts)', () => {
    const ctx = testContext();
    ctx.db.close();
    const lines: string[] = [];
    expect(closeAbandonedAtStart(ctx, (l) => lines.push(l))).toEqual([]);
    expect(lines).toEqual([expect.stringMatching(/^pmu: could not close unfinished programming jobs: /)]);
  });
});
