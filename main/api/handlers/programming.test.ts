import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MeterData } from '../../../programming/plan';
import { schemeRig, type SchemeRig } from '../testing/scheme-rig';

let dataDir: string;
let rig: SchemeRig;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'pmu-api-program-'));
  rig = schemeRig(dataDir);
});
afterEach(() => {
  rig.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const meter: MeterData = { serial: '12345678', ctRatio: '200/5', vtRatio: null, passwordLevel: 3, site: 'Pump 4', customer: 'Water Co', timeZone: 'Europe/London' };
const PASSWORD = 'Zq7#pW2!';

/** A scheme (valid for the A1140) staged for `meter` as a draft; `approve` approves it. */
async function staged(r: SchemeRig, approve: boolean): Promise<number> {
  const { schemeStoreId } = await r.call('schemes.create', { folderId: null, name: 'Economy 7', schemeId: 'E7A', meterModel: 'A1140', zone: 'Europe/London' });
  const p = await r.call('staging.create', { schemeStoreId, schemeVersion: 1, meter });
  if (approve) await r.call('staging.approve', { id: p.id });
  return p.id;
}

describe('staging', () => {
  it('stages a draft by the operator, shows its plan, problems and the meter user ID, and approves it', async () => {
    const id = await staged(rig, false);
    const detail = await rig.call('staging.get', { id });
    expect(detail.staged).toMatchObject({ id, status: 'draft', createdBy: 'tester', schemeId: 'E7A', meterModel: 'A1140', meter });
    expect(detail.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(detail.planError).toBeNull();
    expect(detail.meterUserId).toBe('TESTER');
    // The real compiler (main/services/program-plan.ts): the programmer's ID first, the scheme ID last.
    expect(detail.plan?.writes.map((w) => w.part)).toEqual(expect.arrayContaining(['user-id', 'day-profiles', 'scheme-id']));
    expect(detail.plan?.writes.at(-1)?.part).toBe('scheme-id');
    expect(Buffer.from(detail.plan!.writes.find((w) => w.part === 'user-id')!.value, 'hex').toString('latin1')).toMatch(/^TESTER/);
    expect(await rig.call('staging.approve', { id })).toMatchObject({ status: 'approved', approvedBy: 'tester' });
    expect(await rig.refused('staging.approve', { id })).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^Only a draft can be approved/) });
    expect((await rig.call('staging.list', { serial: '12345678' })).map((p) => p.id)).toEqual([id]);
    expect(await rig.call('staging.list', { status: 'draft' })).toEqual([]);
  });

  it('refuses to approve a scheme with validation errors for the meter model, or one that cannot be compiled', async () => {
    const { schemeStoreId } = await rig.call('schemes.create', { folderId: null, name: 'Broken', schemeId: 'BRK', meterModel: 'A1140', zone: 'Europe/London' });
    const content = (await rig.call('schemes.get', { schemeStoreId })).content;
    content.weekProfiles[0]!.days.monday = 'missing';
    await rig.call('schemes.save', { schemeStoreId, content, baseVersion: 1 });
    const p = await rig.call('staging.create', { schemeStoreId, schemeVersion: 2, meter });
    const detail = await rig.call('staging.get', { id: p.id });
    expect(detail.plan).toBeNull();
    expect(detail.planError).toMatch(/^The scheme has \d+ errors? for the A1140 \(first: .+\)\. Fix the scheme, save it and stage the new version\.$/);
    const refusal = await rig.refused('staging.approve', { id: p.id });
    expect(refusal.code).toBe('NOT_PROGRAMMABLE');
    expect(refusal.message).toMatch(/^This program cannot be approved\. The scheme has/);
    expect((await rig.call('staging.get', { id: p.id })).staged.status).toBe('draft');
  });

  it('refuses bad meter data at the boundary and deletes a draft', async () => {
    const id = await staged(rig, false);
    const bad = await rig.refused('staging.create', { schemeStoreId: 1, schemeVersion: 1, meter: { ...meter, timeZone: '', serial: ' ' } });
    expect(bad.code).toBe('BAD_ARGUMENTS');
    expect(bad.message).toContain('meter.serial: enter the meter serial number');
    expect(await rig.call('staging.delete', { id })).toEqual({ deleted: true });
    expect(await rig.refused('staging.get', { id })).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('programming', () => {
  it('refuses a draft before starting anything', async () => {
    const id = await staged(rig, false);
    expect(await rig.refused('program.start', { stagedId: id, port: 'emulator:a1140' })).toEqual({
      code: 'NOT_APPROVED', message: 'This staged program is still a draft: an engineer must approve it before it can be uploaded.',
    });
    expect(rig.services.programRequests).toEqual([]);
  });

  it('runs in the background with progress events, then a finished event, a certificate and the meter state', async () => {
    const id = await staged(rig, true);
    expect(await rig.call('meters.programmingState', { serial: '12345678' })).toEqual({ status: 'never-programmed', jobId: null, finishedUtc: null });
    const { jobId } = await rig.call('program.start', { stagedId: id, port: 'emulator:a1140', password: PASSWORD, jobId: 'prog-1' });
    expect(jobId).toBe('prog-1');
    await rig.services.programStarted;
    expect(rig.services.programRequests).toEqual([{ stagedId: id, port: 'emulator:a1140', password: PASSWORD, meterUserId: 'TESTER' }]);
    // Another job on the same port is refused while this one runs.
    expect(await rig.refused('program.start', { stagedId: id, port: 'emulator:a1140', password: PASSWORD })).toMatchObject({ code: 'BUSY' });
    rig.services.releaseProgram();
    const finished = await rig.event('programFinished', (e) => e.jobId === 'prog-1');
    expect(finished).toEqual({ jobId: 'prog-1', stagedId: id, status: 'verified', certificateJobId: 1, error: null });
    const progress = rig.events.filter((e) => e.name === 'programProgress').map((e) => e.payload as { jobId: string; progress: { step: string } });
    expect(progress.map((p) => [p.jobId, p.progress.step])).toEqual([['prog-1', 'open-port'], ['prog-1', 'write'], ['prog-1', 'done']]);

    expect((await rig.call('staging.get', { id })).staged.status).toBe('programmed');
    expect(await rig.call('meters.programmingState', { serial: '12345678' })).toMatchObject({ status: 'verified', jobId: 1 });
    expect(await rig.call('certificates.list', {})).toEqual([expect.objectContaining({ jobId: 1, stagedId: id, meterSerial: '12345678', status: 'verified', schemeId: 'E7A', operator: 'tester' })]);
    expect(await rig.call('certificates.list', { serial: '99999999' })).toEqual([]);
    const cert = await rig.call('certificates.get', { jobId: 1 });
    expect(cert).toMatchObject({ jobId: 1, status: 'verified', meterUserId: 'TESTER', scheme: { id: 'E7A', version: 1 } });
    const json = await rig.call('certificates.export', { jobId: 1, format: 'json' });
    expect(json.fileName).toBe('certificate_12345678_job1.json');
    expect(JSON.parse(readFileSync(json.path, 'utf8'))).toEqual(cert);
    const txt = await rig.call('certificates.export', { jobId: 1, format: 'txt' });
    expect(txt.text).toMatch(/^PROGRAMMING CERTIFICATE — job 1\nResult        VERIFIED/); // main/services/certificate-text.ts
    expect((await rig.call('certificates.export', { jobId: 1, format: 'csv' })).fileName).toBe('certificate_12345678_job1.csv');
    expect(await rig.refused('certificates.export', { jobId: 1, format: 'pdf' })).toMatchObject({ code: 'BAD_ARGUMENTS' });
    expect(path.dirname(txt.path)).toBe(path.join(dataDir, 'exports'));
    expect(await rig.refused('certificates.get', { jobId: 9 })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stops on program.cancel with a partially-programmed certificate', async () => {
    const id = await staged(rig, true);
    const { jobId } = await rig.call('program.start', { stagedId: id, port: 'COM3', password: PASSWORD });
    expect(jobId).toMatch(/^program-[0-9a-f-]{36}$/);
    await rig.services.programStarted;
    expect(await rig.call('program.cancel', { jobId })).toEqual({ cancelled: true });
    const finished = await rig.event('programFinished');
    expect(finished).toMatchObject({ jobId, status: 'partially-programmed', certificateJobId: 1, error: 'Programming was cancelled after 1 of 5 writes.' });
    expect((await rig.call('staging.get', { id })).staged.status).toBe('partially-programmed');
    expect(await rig.call('program.cancel', { jobId })).toEqual({ cancelled: false });
  });

  it('never lets the meter password out in an event, even from a careless service', async () => {
    rig.close();
    rig = schemeRig(dataDir, { leakPasswords: true });
    const id = await staged(rig, true);
    await rig.call('program.start', { stagedId: id, port: 'COM3', password: PASSWORD });
    await rig.services.programStarted;
    rig.services.releaseProgram();
    await rig.event('programFinished');
    expect(JSON.stringify(rig.events)).not.toContain(PASSWORD);
    expect(JSON.stringify(rig.events)).toContain('(password ••••••••)');
  });

  it('reports a failure of the service as a finished event with a plain error', async () => {
    const id = await staged(rig, true);
    rig.services.failCompile('The A1140 has no pulse output 3');
    await rig.call('program.start', { stagedId: id, port: 'COM3', password: PASSWORD, jobId: 'p-err' });
    const finished = await rig.event('programFinished', (e) => e.jobId === 'p-err');
    // A RangeError is a programming error for the dispatcher: the user gets the generic sentence, the log the detail.
    expect(finished).toMatchObject({ jobId: 'p-err', status: null, certificateJobId: null });
    expect(finished.error).toMatch(/^Something went wrong inside the workstation/);
    expect(rig.logged).toEqual([expect.stringMatching(/^pmu: programming job p-err failed: RangeError: The A1140 has no pulse output 3/)]);
  });
});
