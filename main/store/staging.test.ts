import { describe, expect, it } from 'vitest';
import { newScheme } from '../../schemes/model';
import type { MeterData, ProgrammingCertificate } from '../../programming/plan';
import type { Database } from './db';
import { openDatabase } from './db';
import { StoreError } from '../core/errors';
import {
  ABANDONED_JOB_ERROR, closeAbandonedJobs, finishProgrammingJob, getCertificate, listCertificates, meterProgrammingState, processAlive,
  startProgrammingJob, thisProcess,
} from './programming-jobs';
import { createScheme, deleteScheme, saveSchemeVersion } from './schemes';
import { approveStagedProgram, createStagedProgram, deleteStagedProgram, getStagedProgram, listStagedPrograms } from './staging';

const T0 = '2026-05-01T10:00:00.000Z';
const meter = (serial = '12345678'): MeterData => ({
  serial, ctRatio: '200/5', vtRatio: null, passwordLevel: 3, site: 'Pump station 4', customer: 'Water Co', timeZone: 'Europe/London',
});

function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StoreError) return err;
    throw err;
  }
  throw new Error('expected a StoreError');
}

/** A store with one scheme (2 versions: the second renames the scheme's content). */
function setup(): { db: Database; schemeStoreId: number } {
  const db = openDatabase(':memory:');
  const { schemeStoreId } = createScheme(db, { folderId: null, content: newScheme('E7A', 'Economy 7', 'A1140', 'Europe/London'), by: 'eng' });
  saveSchemeVersion(db, { schemeStoreId, content: newScheme('E7A', 'Economy 7 (2027)', 'A1140', 'Europe/London'), by: 'eng' });
  return { db, schemeStoreId };
}

/** A certificate of job `jobId` with `status`. */
function certificate(jobId: number, status: ProgrammingCertificate['status'], serial = '12345678'): ProgrammingCertificate {
  return {
    certificateVersion: 1, jobId, status, scheme: { storeId: 1, version: 1, id: 'E7A', name: 'Economy 7', contentSha256: 'ab'.repeat(32) },
    meter: { ...meter(serial), model: 'A1140', identification: '/GEC5A1140', manufacturer: 'GEC' }, port: 'COM3', seenSerial: serial, operator: 'tech',
    meterUserId: 'TECH', stagedBy: 'eng', approvedBy: 'eng2', approvedUtc: T0, startedUtc: T0, finishedUtc: '2026-05-01T10:02:00.000Z', meterTimeLocal: null, counterBefore: null, counterAfter: null,
    written: [], notWritten: [], readBack: [], differences: [], error: status === 'failed' ? 'The meter did not answer.' : null, emulated: false, definitionFiles: [],
  };
}

describe('staged programs', () => {
  it('join a scheme version with the meter data, as drafts, newest first, filtered by serial and status', () => {
    const { db, schemeStoreId } = setup();
    const a = createStagedProgram(db, { schemeStoreId, schemeVersion: 1, meter: meter(), by: 'eng', nowUtc: T0 });
    expect(a).toEqual({
      id: a.id, schemeStoreId, schemeVersion: 1, schemeId: 'E7A', schemeName: 'Economy 7', meterModel: 'A1140', meter: meter(),
      status: 'draft', createdUtc: T0, createdBy: 'eng', approvedUtc: null, approvedBy: null,
    });
    const b = createStagedProgram(db, { schemeStoreId, schemeVersion: 2, meter: { ...meter('87654321'), ctRatio: null }, by: 'eng', status: 'approved', nowUtc: T0 });
    expect(b).toMatchObject({ schemeName: 'Economy 7 (2027)', status: 'approved', approvedBy: 'eng', approvedUtc: T0 });
    expect(listStagedPrograms(db).map((p) => p.id)).toEqual([b.id, a.id]);
    expect(listStagedPrograms(db, { serial: ' 12345678 ' }).map((p) => p.id)).toEqual([a.id]);
    expect(listStagedPrograms(db, { status: 'approved' }).map((p) => p.id)).toEqual([b.id]);
    expect(getStagedProgram(db, a.id)).toEqual(a);
  });

  it('refuse bad meter data and unknown scheme versions plainly', () => {
    const { db, schemeStoreId } = setup();
    const err = storeError(() => createStagedProgram(db, { schemeStoreId, schemeVersion: 1, meter: { ...meter(), ctRatio: '200:5' }, by: 'eng' }));
    expect(err.code).toBe('INVALID_DATA');
    expect(err.message).toBe('The meter data cannot be staged: ctRatio: write the ratio as primary/secondary, e.g. 200/5.');
    expect(storeError(() => createStagedProgram(db, { schemeStoreId, schemeVersion: 3, meter: meter(), by: 'eng' })).code).toBe('NOT_FOUND');
    deleteScheme(db, schemeStoreId);
    expect(storeError(() => createStagedProgram(db, { schemeStoreId, schemeVersion: 1, meter: meter(), by: 'eng' })).message).toBe(
      'This scheme was deleted, so it can no longer be staged. Choose another scheme.',
    );
    expect(storeError(() => getStagedProgram(db, 42)).message).toBe('There is no staged program number 42 (it may have been deleted). Refresh the list.');
    expect(listStagedPrograms(db)).toEqual([]);
  });

  it('are approved once, by whom and when', () => {
    const { db, schemeStoreId } = setup();
    const p = createStagedProgram(db, { schemeStoreId, schemeVersion: 1, meter: meter(), by: 'eng' });
    expect(approveStagedProgram(db, p.id, 'lead', T0)).toMatchObject({ status: 'approved', approvedBy: 'lead', approvedUtc: T0 });
    const again = storeError(() => approveStagedProgram(db, p.id, 'other'));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toBe('Only a draft can be approved; this program is already approved (approved by lead).');
  });

  it('can be deleted only while never uploaded', () => {
    const { db, schemeStoreId } = setup();
    const draft = createStagedProgram(db, { schemeStoreId, schemeVersion: 1, meter: meter(), by: 'eng' });
    deleteStagedProgram(db, draft.id);
    expect(storeError(() => getStagedProgram(db, draft.id)).code).toBe('NOT_FOUND');
    const used = createStagedProgram(db, { schemeStoreId, schemeVersion: 1, meter: meter(), by: 'eng', status: 'approved' });
    startProgrammingJob(db, { stagedId: used.id, meterSerial: '12345678', port: 'COM3', operator: 'tech', startedUtc: T0 });
    const err = storeError(() => deleteStagedProgram(db, used.id));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/already uploaded to meter 12345678/);
    expect(getStagedProgram(db, used.id).id).toBe(used.id);
  });
});

describe('programming jobs and certificates', () => {
  it('record a job, its certificate and the staged program status for every outcome', () => {
    const { db, schemeStoreId } = setup();
    const expected = { verified: 'programmed', 'partially-programmed': 'partially-programmed', differences: 'failed', failed: 'failed' } as const;
    for (const [status, staged] of Object.entries(expected) as [ProgrammingCertificate['status'], string][]) {
      const p = createStagedProgram(db, { schemeStoreId, schemeVersion: 1, meter: meter(), by: 'eng', status: 'approved' });
      const jobId = startProgrammingJob(db, { stagedId: p.id, meterSerial: '12345678', port: 'COM3', operator: 'tech', startedUtc: T0 });
      expect(storeError(() => getCertificate(db, jobId)).message).toBe(`There is no programming certificate for job ${jobId} yet (the job is still running).`);
      const cert = certificate(jobId, status);
      finishProgrammingJob(db, jobId, { status, error: cert.error, certificate: cert, finishedUtc: cert.finishedUtc });
      expect(getCertificate(db, jobId)).toEqual(cert);
      expect(getStagedProgram(db, p.id).status).toBe(staged);
      expect(meterProgrammingState(db, '12345678')).toEqual({ status, jobId, finishedUtc: cert.finishedUtc });
    }
  });

  it('refuse finishing twice, an unknown job and a certificate of another job', () => {
    const { db, schemeStoreId } = setup();
    const p = createStagedProgram(db, { schemeStoreId, schemeVersion: 1, meter: meter(), by: 'eng', status: 'approved' });
    const jobId = startProgrammingJob(db, { stagedId: p.id, meterSerial: '12345678', port: 'COM3', operator: 'tech', startedUtc: T0 });
    const wrong = storeError(() => finishProgrammingJob(db, jobId, { status: 'verified', error: null, certificate: certificate(jobId + 1, 'verified'), finishedUtc: T0 }));
    expect(wrong.code).toBe('INVALID_DATA');
    expect(wrong.message).toMatch(/it belongs to job/);
    finishProgrammingJob(db, jobId, { status: 'verified', error: null, certificate: certificate(jobId, 'verified'), finishedUtc: T0 });
    expect(storeError(() => finishProgrammingJob(db, jobId, { status: 'failed', error: 'x', certificate: certificate(jobId, 'failed'), finishedUtc: T0 })).code).toBe('CONFLICT');
    expect(storeError(() => finishProgrammingJob(db, 99, { status: 'failed', error: 'x', certificate: certificate(99, 'failed'), finishedUtc: T0 })).code).toBe('NOT_FOUND');
    expect(storeError(() => startProgrammingJob(db, { stagedId: 99, meterSerial: 'x', port: 'COM3', operator: 't', startedUtc: T0 })).code).toBe('NOT_FOUND');
    expect(getStagedProgram(db, p.id).status).toBe('programmed');
  });

  it('list certificates newest first, by meter; a meter without jobs was never programmed', () => {
    const { db, schemeStoreId } = setup();
    const ids: number[] = [];
    for (const serial of ['11111111', '22222222', '11111111']) {
      const p = createStagedProgram(db, { schemeStoreId, schemeVersion: 1, meter: meter(serial), by: 'eng', status: 'approved' });
      const jobId = startProgrammingJob(db, { stagedId: p.id, meterSerial: serial, port: 'COM3', operator: 'tech', startedUtc: T0 });
      finishProgrammingJob(db, jobId, { status: 'verified', error: null, certificate: certificate(jobId, 'verified', serial), finishedUtc: T0 });
      ids.push(jobId);
    }
    const running = createStagedProgram(db, { schemeStoreId, schemeVersion: 1, meter: meter('11111111'), by: 'eng', status: 'approved' });
    startProgrammingJob(db, { stagedId: running.id, meterSerial: '11111111', port: 'COM4', operator: 'tech', startedUtc: T0 });
    expect(listCertificates(db).map((c) => c.jobId)).toEqual([ids[2], ids[1], ids[0]]);
    expect(listCertificates(db, { serial: '11111111' })).toEqual([ids[2], ids[0]].map((jobId) => expect.objectContaining({ jobId, meterSerial: '11111111', status: 'verified', schemeId: 'E7A' })));
    expect(meterProgrammingState(db, '11111111')).toMatchObject({ status: 'verified', jobId: ids[2] });
    expect(meterProgrammingState(db, '99999999')).toEqual({ status: 'never-programmed', jobId: null, finishedUtc: null });
  });

  it('close jobs left running by a stopped workstation as failed, without a certificate; jobs of live processes stay', () => {
    const { db, schemeStoreId } = setup();
    const stage = (serial: string) => createStagedProgram(db, { schemeStoreId, schemeVersion: 1, meter: meter(serial), by: 'eng', status: 'approved' });
    const here = { host: 'bench-pc', pid: 100 };
    const start = (stagedId: number, serial: string, owner: { host: string; pid: number } | null, startedUtc = T0) => {
      const id = startProgrammingJob(db, { stagedId, meterSerial: serial, port: 'COM3', operator: 'tech', startedUtc, ...(owner ? { owner } : {}) });
      if (owner === null) db.prepare('UPDATE programming_jobs SET owner_host = NULL, owner_pid = NULL WHERE id = ?').run(id); // a job from before migration 5
      return id;
    };
    const crashed = stage('11111111');
    const crashedJob = start(crashed.id, '11111111', { host: 'bench-pc', pid: 201 });
    const cli = stage('22222222');
    const cliJob = start(cli.id, '22222222', { host: 'bench-pc', pid: 202 }); // a `pmu program` still running beside the app
    const mine = stage('33333333');
    start(mine.id, '33333333', here);
    const legacy = stage('44444444');
    const legacyJob = start(legacy.id, '44444444', null);
    const other = stage('55555555');
    start(other.id, '55555555', { host: 'other-pc', pid: 201 }, '2026-05-01T10:05:00.000Z');
    const alive = new Set([100, 202]);
    const close = (nowUtc: string) => closeAbandonedJobs(db, { nowUtc, self: here, isAlive: (pid) => alive.has(pid) }).map((j) => [j.jobId, j.reason]);

    // Two minutes later: only the job of the process that is gone.
    expect(close('2026-05-01T10:02:00.000Z')).toEqual([[crashedJob, 'process-gone']]);
    expect(close('2026-05-01T10:02:00.000Z')).toEqual([]);
    expect(meterProgrammingState(db, '11111111')).toEqual({ status: 'failed', jobId: crashedJob, finishedUtc: '2026-05-01T10:02:00.000Z' });
    expect(getStagedProgram(db, crashed.id).status).toBe('partially-programmed');
    expect(db.prepare('SELECT error FROM programming_jobs WHERE id = ?').get(crashedJob)).toEqual({ error: ABANDONED_JOB_ERROR });
    expect(getStagedProgram(db, cli.id).status).toBe('approved');

    // 11 minutes: the job whose owner cannot be checked (before migration 5) too; the other computer's started later.
    expect(close('2026-05-01T10:11:00.000Z')).toEqual([[legacyJob, 'too-old']]);
    expect(close('2026-05-01T10:16:00.000Z')).toEqual([[legacyJob + 1, 'too-old']]);
    // The live CLI's job and this process's job stay until the live-owner limit (a reused process id).
    expect(close('2026-05-01T21:00:00.000Z')).toEqual([]);
    expect(close('2026-05-01T22:01:00.000Z')).toEqual([[cliJob, 'too-old']]);
    expect(meterProgrammingState(db, '33333333')).toEqual({ status: 'never-programmed', jobId: null, finishedUtc: null });
    expect(listCertificates(db)).toEqual([]);
  });

  it('record the process that runs a job; a real dead process id is recognised', () => {
    const { db, schemeStoreId } = setup();
    const p = createStagedProgram(db, { schemeStoreId, schemeVersion: 1, meter: meter(), by: 'eng', status: 'approved' });
    const jobId = startProgrammingJob(db, { stagedId: p.id, meterSerial: '12345678', port: 'COM3', operator: 'tech', startedUtc: T0 });
    expect(db.prepare('SELECT owner_host AS host, owner_pid AS pid FROM programming_jobs WHERE id = ?').get(jobId)).toEqual(thisProcess());
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 12345)).toBe(false); // above Linux's pid_max limit: never a process
    expect(closeAbandonedJobs(db, { nowUtc: T0 })).toEqual([]); // this process's own job
  });
});
