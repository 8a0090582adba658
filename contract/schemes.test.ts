import { describe, expect, it } from 'vitest';
import { newScheme } from '../schemes/model';
import { calls, events, MAX_SCHEME_FILE_CHARS } from './index';

const content = newScheme('E7A', 'Economy 7', 'A1140', 'Europe/London');
const meter = { serial: '12345678', ctRatio: '200/5', vtRatio: null, passwordLevel: 3, site: '', customer: '', timeZone: 'Europe/London' };

describe('contract: schemes', () => {
  it('checks a scheme at the boundary with the model, naming the field', () => {
    const ok = calls['schemes.save'].args.safeParse({ schemeStoreId: 1, content, baseVersion: 1, note: ' fixed night times ' });
    expect(ok.success).toBe(true);
    expect(ok.data?.note).toBe('fixed night times');
    const bad = calls['schemes.save'].args.safeParse({ schemeStoreId: 1, content: { ...content, rates: [] }, baseVersion: 1 });
    expect(bad.error?.issues[0]).toMatchObject({ path: ['content', 'rates'], message: 'a scheme needs at least one rate' });
    expect(calls['schemes.save'].args.safeParse({ schemeStoreId: 1, content }).success).toBe(false); // the base version is required
  });

  it('takes tree names of 1…80 characters, trimmed, and store ids as positive whole numbers', () => {
    const folder = calls['schemes.createFolder'].args;
    expect(folder.parse({ parentId: null, name: '  Domestic ' }).name).toBe('Domestic');
    for (const name of ['', '   ', 'x'.repeat(81)]) expect(folder.safeParse({ parentId: null, name }).success, JSON.stringify(name)).toBe(false);
    for (const parentId of [0, -1, 1.5, '1']) expect(folder.safeParse({ parentId, name: 'a' }).success, String(parentId)).toBe(false);
    expect(calls['schemes.get'].args.safeParse({ schemeStoreId: 3, version: 0 }).success).toBe(false);
  });

  it('creates schemes only with an 8-character scheme ID and a known model', () => {
    const args = { folderId: null, name: 'Economy 7', schemeId: 'E7A', meterModel: 'A1140', zone: 'Europe/London' };
    expect(calls['schemes.create'].args.safeParse(args).success).toBe(true);
    expect(calls['schemes.create'].args.safeParse({ ...args, schemeId: 'NINECHARS' }).success).toBe(false);
    expect(calls['schemes.create'].args.safeParse({ ...args, meterModel: 'A1800' }).success).toBe(false);
  });

  it('imports files by name (never a path) up to the size limit', () => {
    const a = calls['schemes.importFile'].args;
    expect(a.safeParse({ folderId: null, name: 'e7.json', content: '{}' }).success).toBe(true);
    expect(a.safeParse({ folderId: null, name: '../e7.json', content: '{}' }).success).toBe(false);
    expect(a.safeParse({ folderId: null, name: 'e7.json', content: 'x'.repeat(MAX_SCHEME_FILE_CHARS + 1) }).success).toBe(false);
  });

  it('asks holidays for 1…30 years between 1970 and 2100 and a day profile id', () => {
    const a = calls['holidays.fromPack'].args;
    expect(a.safeParse({ country: 'GB', region: 'ENG', years: [2027, 2028], dayProfile: 'weekend' }).success).toBe(true);
    expect(a.safeParse({ country: 'GBR', years: [2027], dayProfile: 'weekend' }).success).toBe(false);
    expect(a.safeParse({ country: 'GB', years: [1969], dayProfile: 'weekend' }).success).toBe(false);
    expect(a.safeParse({ country: 'GB', years: Array.from({ length: 31 }, (_, i) => 2000 + i), dayProfile: 'weekend' }).success).toBe(false);
    expect(a.safeParse({ country: 'GB', years: [2027], dayProfile: 'week end' }).success).toBe(false);
    expect(a.safeParse({ country: 'GB', years: [2027], dayProfile: 'weekend', types: ['holiday'] }).success).toBe(false);
  });
});

describe('contract: staging and programming', () => {
  it('stages only well-formed meter data', () => {
    const a = calls['staging.create'].args;
    expect(a.safeParse({ schemeStoreId: 1, schemeVersion: 2, meter }).success).toBe(true);
    expect(a.safeParse({ schemeStoreId: 1, schemeVersion: 2, meter: { ...meter, ctRatio: '200' } }).success).toBe(false);
    expect(a.safeParse({ schemeStoreId: 1, schemeVersion: 2, meter: { ...meter, passwordLevel: 4 } }).success).toBe(false);
    expect(calls['staging.list'].args.safeParse({ status: 'shipped' }).success).toBe(false);
  });

  it('takes the meter password only as an argument of program.start: no result or event can carry it', () => {
    const secret = 'Zq7#pW2!';
    expect(calls['program.start'].args.safeParse({ stagedId: 1, port: 'COM3', password: secret }).success).toBe(true);
    expect(calls['program.start'].args.safeParse({ stagedId: 1, port: 'COM3', password: 'short' }).success).toBe(false);
    const results: unknown[] = [
      calls['program.start'].result.parse({ jobId: 'p1', password: secret }),
      events.programProgress.parse({ jobId: 'p1', stagedId: 1, password: secret, progress: { step: 'write', message: 'm', writesDone: 1, writesTotal: 3, percent: 40, password: secret } }),
      events.programFinished.parse({ jobId: 'p1', stagedId: 1, status: 'verified', certificateJobId: 4, error: null, password: secret }),
    ];
    for (const r of results) expect(JSON.stringify(r)).not.toContain(secret);
  });

  it('reports programming progress only in the service’s steps', () => {
    const progress = { step: 'write', message: 'Day profile 1 of 4', writesDone: 3, writesTotal: 20, percent: 22 };
    expect(events.programProgress.safeParse({ jobId: 'p', stagedId: 1, progress }).success).toBe(true);
    expect(events.programProgress.safeParse({ jobId: 'p', stagedId: 1, progress: { ...progress, step: 'reboot' } }).success).toBe(false);
    expect(calls['certificates.export'].args.safeParse({ jobId: 1, format: 'pdf' }).success).toBe(false);
  });
});
