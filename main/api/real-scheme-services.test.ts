/**
 * The scheme, staging and programming calls over the REAL scheme services (real-scheme-services.ts: validation,
 * scheme files, holiday packs, the compiler and the programming service) and the real in-memory store, through
 * the dispatcher: a new scheme from the template is valid for its zone, stages, approves and programs the
 * built-in emulated A1140, and the certificate documents come out. The emulator is paced (a few seconds).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallArgs, CallName, CallResult, ContractEvents } from '../../contract';
import { AccessControl } from '../auth/access-control';
import { createAppContext } from '../services/app-context';
import type { AppContext } from '../core/context';
import { createDispatcher } from './dispatch';
import { createHandlers } from './handlers';
import { realServices } from './real-services';

let dir: string;
let ctx: AppContext;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pmu-real-schemes-'));
  ctx = { ...createAppContext({ dbPath: ':memory:', resDir: path.join(dir, 'RES'), timeZone: 'Europe/London' }), operator: 'j.smith' };
});
afterEach(() => {
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The dispatcher over the real services; `finished` resolves with the first programFinished event. */
function app() {
  const progress: ContractEvents['programProgress'][] = [];
  let done: (e: ContractEvents['programFinished']) => void = () => undefined;
  const finished = new Promise<ContractEvents['programFinished']>((r) => (done = r));
  const handlers = createHandlers(ctx, {
    mode: 'browser',
    services: realServices,
    emit: (name, payload) => {
      if (name === 'programProgress') progress.push(payload as ContractEvents['programProgress']);
      if (name === 'programFinished') done(payload as ContractEvents['programFinished']);
    },
    log: () => undefined,
  });
  const dispatch = createDispatcher(handlers, { access: new AccessControl(ctx), checkResults: true, log: () => undefined });
  const call = async <N extends CallName>(name: N, args: CallArgs<N>): Promise<CallResult<N>> => {
    const r = await dispatch(name, args);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.result as CallResult<N>;
  };
  return { call, progress, finished };
}

describe('scheme calls over the real services', () => {
  it('create → stage → approve → program the emulated A1140 → verified certificate and meter state', async () => {
    const { call, progress, finished } = app();
    const { schemeStoreId } = await call('schemes.create', { folderId: null, name: 'Economy 7', schemeId: 'E7A', meterModel: 'A1140', zone: 'Europe/London' });
    const meter = { serial: 'EMU-A1140-0001', ctRatio: null, vtRatio: null, passwordLevel: 3, site: 'Test bench', customer: '', timeZone: 'Europe/London' };
    const staged = await call('staging.create', { schemeStoreId, schemeVersion: 1, meter });
    const detail = await call('staging.get', { id: staged.id });
    expect(detail.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(detail.meterUserId).toBe('J.SMITH');
    expect(detail.plan?.writes.at(-1)).toMatchObject({ part: 'scheme-id' });
    await call('staging.approve', { id: staged.id });

    const { jobId } = await call('program.start', { stagedId: staged.id, port: 'emulator:a1140', password: '00000000' });
    const end = await finished;
    expect(end).toMatchObject({ jobId, stagedId: staged.id, status: 'verified', error: null });
    expect(progress.map((p) => p.progress.step)).toContain('write');
    expect(await call('meters.programmingState', { serial: 'EMU-A1140-0001' })).toMatchObject({ status: 'verified', jobId: end.certificateJobId });
    const cert = await call('certificates.get', { jobId: end.certificateJobId! });
    expect(cert).toMatchObject({ operator: 'j.smith', meterUserId: 'J.SMITH', scheme: { id: 'E7A', version: 1 }, notWritten: [] });
    const text = await call('certificates.export', { jobId: end.certificateJobId!, format: 'txt' });
    expect(text.text).toMatch(/^PROGRAMMING CERTIFICATE — job \d+\nResult {8}VERIFIED/);
    expect((await call('staging.get', { id: staged.id })).staged.status).toBe('programmed');
  }, 60_000);

  it('exports and re-imports a scheme file idempotently, and makes special days from the holiday pack', async () => {
    const { call } = app();
    const { schemeStoreId } = await call('schemes.create', { folderId: null, name: 'Economy 7', schemeId: 'E7A', meterModel: 'A1140', zone: 'Europe/London' });
    const file = await call('schemes.exportFile', { schemeStoreId });
    const again = await call('schemes.importFile', { folderId: null, name: file.fileName, content: file.text });
    expect(again.results).toEqual([expect.objectContaining({ result: 'already-present', schemeStoreId, version: 1 })]);
    const pack = await call('holidays.fromPack', { country: 'GB', region: 'ENG', years: [2027], dayProfile: 'weekend' });
    expect(pack.specialDays).toContainEqual(expect.objectContaining({ kind: 'recurring', month: 12, day: 25, dayProfile: 'weekend' }));
    expect((await call('holidays.regions', { country: 'gb' })).map((r) => r.code)).toContain('ENG');
  });
});
