import { describe, expect, it } from 'vitest';
import { newScheme } from '../../schemes/model';
import type { MeterData, ProgrammingCertificate } from '../../schemes/program';
import type { Database } from './db';
import { openDatabase } from './db';
import { StoreError } from './errors';
import {
  closeAbandonedJobs, finishProgrammingJob, getCertificate, listCertificates, meterProgrammingState, startProgrammingJob,
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
    meter: { ...meter(serial), model: 'A1140', identification: '/GEC5A1140', manufacturer: 'GEC' }, port: 'COM3', operator: 'tech',
    meterUserId: 'TECH', startedUtc: T0, finishedUtc: '2026-05-01T10:02:00.000Z', meterTimeLocal: null, counterBefore: null, counterAfter: null,
    written: [], notWritten: [], readBack: [], differences: [], error: status === 'failed' ? 'The meter did not answer.' : null,
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

  it('close jobs left running by a stopped app as failed, without a certificate', () => {
    const { db, schemeStoreId } = setup();
    const p = createStagedProgram(db, { schemeStoreId, schemeVersion: 1, meter: meter(), by: 'eng', status: 'approved' });
    const jobId = startProgrammingJob(db, { stagedId: p.id, meterSerial: '12345678', port: 'COM3', operator: 'tech', startedUtc: T0 });
    expect(closeAbandonedJobs(db, T0)).toBe(1);
    expect(closeAbandonedJobs(db, T0)).toBe(0);
    expect(meterProgrammingState(db, '12345678')).toEqual({ status: 'failed', jobId, finishedUtc: T0 });
    expect(getStagedProgram(db, p.id).status).toBe('partially-programmed');
    expect(listCertificates(db)).toEqual([]);
  });
});
