import { afterEach, describe, expect, it } from 'vitest';
import { type TariffScheme, newScheme } from '../../schemes/model';
import { listCertificates } from '../store/programming-jobs';
import { findOrImportScheme } from '../store/schemes';
import { createStagedProgram, getStagedProgram } from '../store/staging';
import { createAppContext } from './app-context';
import { certificateCsv, certificateText } from './certificate-text';
import { setupActor } from '../auth/actor';
import { listAudit } from '../audit/store';
import { verifyStore } from '../audit/verify-store';
import { withActor, type AppContext } from '../core/context';
import { DRAFT_MESSAGE, meterUserIdFor, programStagedMeter } from './program';

/**
 * The programming service's refusals before a job starts (nothing recorded, nothing sent), the programmer's user
 * ID, and a whole upload to the built-in generic meter (W5 / R5 over the paced in-memory link, port `emulator`).
 * The Elster upload over a real pty is program.integration.test.ts.
 */

const contexts: AppContext[] = [];
afterEach(() => contexts.splice(0).forEach((c) => c.db.close()));

function context(): AppContext {
  const ctx = createAppContext({ dbPath: ':memory:', timeZone: 'Europe/Berlin' });
  contexts.push(ctx);
  return ctx;
}

function stage(ctx: AppContext, scheme: TariffScheme, o: { serial?: string; level?: number; status?: 'draft' | 'approved' } = {}) {
  const { schemeStoreId, version } = findOrImportScheme(ctx.db, scheme, { by: 'engineer' });
  return createStagedProgram(ctx.db, {
    schemeStoreId, schemeVersion: version, by: 'engineer', status: o.status ?? 'approved',
    meter: { serial: o.serial ?? '12345678', ctRatio: '200/5', vtRatio: null, passwordLevel: o.level ?? 3, site: 'Mill', customer: 'ACME', timeZone: 'Europe/Berlin' },
  });
}

const noProgress = () => undefined;

describe('meterUserIdFor', () => {
  it('makes an 8-character ASCII programmer ID from the operator name', () => {
    expect(meterUserIdFor('jsmith')).toBe('JSMITH');
    expect(meterUserIdFor('CORP\\Jörg.Müller-Lüdenscheid')).toBe('JORG.MUL');
    expect(meterUserIdFor('anna@workstation')).toBe('ANNA');
    expect(meterUserIdFor('日本')).toBe('PMU');
  });
});

describe('programStagedMeter: refused before a job starts', () => {
  it('a draft', async () => {
    const ctx = context();
    const s = stage(ctx, newScheme('S1', 'S', 'generic'), { status: 'draft' });
    await expect(programStagedMeter(ctx, { stagedId: s.id, port: 'emulator', password: null }, noProgress)).rejects.toThrow(DRAFT_MESSAGE);
    expect(listCertificates(ctx.db)).toEqual([]);
    expect(getStagedProgram(ctx.db, s.id).status).toBe('draft');
  });

  it('a staged program that does not exist', async () => {
    await expect(programStagedMeter(context(), { stagedId: 42, port: 'emulator', password: null }, noProgress)).rejects.toThrow(/no staged program number 42/);
  });

  it('a scheme with validation errors (listed)', async () => {
    const ctx = context();
    const bad = newScheme('S1', 'S', 'A1140', 'Europe/London'); // EU DST hours do not match London's changes
    const s = stage(ctx, bad);
    await expect(programStagedMeter(ctx, { stagedId: s.id, port: 'emulator:a1140', password: '00000000' }, noProgress)).rejects.toThrow(/^Scheme S1 version 1 has 2 errors and cannot be uploaded: The DST rule starts summer time/);
    expect(listCertificates(ctx.db)).toEqual([]);
  });

  it('an Elster program below security level 3, or without the 8-character password', async () => {
    const ctx = context();
    const low = stage(ctx, newScheme('S1', 'S', 'A1140'), { level: 2 });
    await expect(programStagedMeter(ctx, { stagedId: low.id, port: 'emulator:a1140', password: '00000000' }, noProgress)).rejects.toThrow(
      'This staged program signs on at password level 2; programming an A1140 needs security level 3. Stage it again with level 3.',
    );
    const ok = stage(ctx, newScheme('S1', 'S', 'A1140'));
    await expect(programStagedMeter(ctx, { stagedId: ok.id, port: 'emulator:a1140', password: null }, noProgress)).rejects.toThrow(/needs its security level 3 password: type it, or ask an administrator to store it/);
    await expect(programStagedMeter(ctx, { stagedId: ok.id, port: 'emulator:a1140', password: '123' }, noProgress)).rejects.toThrow(/the one given has 3/);
    expect(listCertificates(ctx.db)).toEqual([]);
  });

  it('a scheme that does not compile for the model (plain reason)', async () => {
    const ctx = context();
    const s = stage(ctx, newScheme('S1', 'S', 'A1140'));
    await expect(programStagedMeter(ctx, { stagedId: s.id, port: 'emulator:a1140', password: '00000000', meterUserId: 'NINE-CHARS' }, noProgress)).rejects.toThrow(
      /^The scheme cannot be programmed into this meter: The programmer's user ID "NINE-CHARS" must be at most 8/,
    );
  });
});

describe('programStagedMeter: the built-in generic meter (W5 / R5)', () => {
  it('programs, reads back equal, stores the certificate; text and CSV documents', { timeout: 120_000 }, async () => {
    const base = context();
    const ctx = withActor(base, { ...setupActor('x'), setupMode: false, role: 'technician', username: 'tina', userId: 3, meterUserId: 'TECH01' });
    const s = stage(ctx, newScheme('GEN1', 'Generic day/night', 'generic', 'Europe/Berlin'), { level: 1 });
    const cert = await programStagedMeter(ctx, { stagedId: s.id, port: 'emulator', password: null, meterUserId: 'TECH01' }, noProgress);
    expect(cert.status).toBe('verified');
    // The service records the upload itself (the same for the UI and `pmu program`), under the acting user.
    const [rec] = listAudit(ctx.db, {}, { limit: 5 }).records;
    expect(rec).toMatchObject({ action: 'program.uploaded', username: 'tina', role: 'technician', meterSerial: '12345678', traceRef: `certificate:${cert.jobId}` });
    expect(JSON.parse(rec!.summaryJson)).toEqual({
      before: { programmingCounter: null },
      after: { status: 'verified', programmingCounter: null, written: 20, notWritten: 0, differences: 0, schemeSha256: cert.scheme.contentSha256, port: 'emulator', meterUserId: 'TECH01' },
    });
    expect(verifyStore(ctx).intact).toBe(true);
    expect(cert.differences).toEqual([]);
    expect(cert.written).toHaveLength(20);
    expect(cert.counterBefore).toBeNull();
    expect(cert.readBack.find((x) => x.address === '0-0:13.3.1')!.value).toBe('0000:2,0700:1,2300:2');
    expect(getStagedProgram(ctx.db, s.id).status).toBe('programmed');

    const text = certificateText(cert);
    expect(text).toMatch(/^PROGRAMMING CERTIFICATE — job \d+\nResult {8}VERIFIED/);
    expect(text).toContain("W5 0-0:13.3.1   Day profile 'Weekday': 3 switch times — read back equal");
    expect(text).toContain('Programmed by');
    expect(text).toContain('user ID in the meter: TECH01');
    expect(text).toContain('on port emulator (a built-in emulated meter)');
    expect(text).toMatch(/W5 0-0:13\.3\.1 .*\n {18}layout: assumption\n/);
    const csv = certificateCsv(cert).trim().split(/\r?\n/);
    expect(csv[0]).toBe('job,meter_serial,scheme_id,status,order,command,address,part,scheme_path,description,written,value,read_back,layout_provenance');
    expect(csv).toHaveLength(21);
    expect(csv[2]).toContain(',W5,0-0:13.3.1,day-profiles,dayProfiles.0,');
    expect(csv[2]!.endsWith(',assumption')).toBe(true);
  });
});
