/**
 * Issue 4 × issue 6 through the REAL dispatcher and handlers with signed-in users (fake meter services, in-memory
 * store): every scheme, folder, staging, programming and export action leaves one audit record naming the user, the
 * meter and the object; program.start uses the stored meter password, refuses a password level above the role's,
 * and a technician uploads only approved programs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MeterData } from '../../../programming/plan';
import { serializeScheme } from '../../../schemes/scheme-file';
import { newScheme } from '../../../schemes/model';
import { selectAudit } from '../../audit/store';
import { verifyStore } from '../../audit/verify-store';
import { setCredential } from '../../secrets/credentials';
import { schemeRigWithUsers, type SchemeRig } from '../testing/scheme-rig';

let dataDir: string;
let rig: SchemeRig;
beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'pmu-api-audit-'));
  rig = await schemeRigWithUsers(dataDir);
});
afterEach(() => {
  rig.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const meter: MeterData = { serial: '12345678', ctRatio: '200/5', vtRatio: null, passwordLevel: 3, site: 'Pump 4', customer: 'Water Co', timeZone: 'Europe/London' };
const STORED3 = 'Lvl3#Pw!';
const STORED1 = 'Lvl1#Pw!';

/** The audit records other than sign-ins, oldest first, with their summaries parsed. */
function records() {
  return selectAudit(rig.ctx.db, {})
    .filter((r) => !r.action.startsWith('auth.'))
    .map((r) => ({ ...r, summary: JSON.parse(r.summaryJson) as { before?: Record<string, unknown>; after?: Record<string, unknown> } }));
}
const sha = expect.stringMatching(/^[0-9a-f]{64}$/);

describe('audit records of the scheme library', () => {
  it('folders and schemes: created, saved, renamed, moved, imported, exported, deleted — by the user, with versions and hashes', async () => {
    const eng = await rig.as('engineer');
    const dom = await eng.call('schemes.createFolder', { parentId: null, name: 'Domestic' });
    const sub = await eng.call('schemes.createFolder', { parentId: dom.id, name: 'E7' });
    await eng.call('schemes.renameFolder', { id: sub.id, name: 'Economy 7' });
    await eng.call('schemes.moveFolder', { id: sub.id, parentId: null });
    const { schemeStoreId: id } = await eng.call('schemes.create', { folderId: dom.id, name: 'Night saver', schemeId: 'NS1', meterModel: 'A1140', zone: 'Europe/London' });
    const content = (await eng.call('schemes.get', { schemeStoreId: id })).content;
    await eng.call('schemes.save', { schemeStoreId: id, content, baseVersion: 1 }); // unchanged: nothing saved, nothing recorded
    content.name = 'Night saver 2027';
    expect(await eng.call('schemes.save', { schemeStoreId: id, content, baseVersion: 1, note: 'new year' })).toEqual({ version: 2, unchanged: false });
    await eng.call('schemes.rename', { schemeStoreId: id, name: 'Night saver (2027)' });
    await eng.call('schemes.move', { schemeStoreId: id, folderId: sub.id });
    const file = await eng.call('schemes.exportFile', { schemeStoreId: id });
    await eng.call('schemes.exportFolder', { folderId: sub.id });
    const imported = await eng.call('schemes.importFile', { folderId: dom.id, name: 'other.json', content: serializeScheme(newScheme('OTH', 'Other', 'A1140', 'Europe/London')) });
    await eng.call('schemes.importFile', { folderId: dom.id, name: 'again.json', content: file.text }); // already present: no record
    await eng.call('schemes.delete', { schemeStoreId: id });
    await eng.call('schemes.deleteFolder', { id: sub.id });

    const recs = records();
    expect(recs.every((r) => r.username === 'engineer' && r.role === 'engineer')).toBe(true);
    expect(recs.map((r) => [r.action, r.object])).toEqual([
      ['schemeFolder.saved', `schemeFolder:${dom.id} Domestic`],
      ['schemeFolder.saved', `schemeFolder:${sub.id} E7`],
      ['schemeFolder.saved', `schemeFolder:${sub.id} Economy 7`],
      ['schemeFolder.saved', `schemeFolder:${sub.id} Economy 7`],
      ['scheme.saved', `scheme:${id} v1 Night saver`],
      ['scheme.saved', `scheme:${id} v2 Night saver`],
      ['scheme.renamed', `scheme:${id} v2 Night saver (2027)`],
      ['scheme.moved', `scheme:${id} v2 Night saver (2027)`],
      ['scheme.exported', `scheme:${id} v2 Night saver (2027)`],
      ['scheme.exported', `schemeFolder:${sub.id} Economy 7`],
      ['scheme.imported', `scheme:${imported.results[0]!.schemeStoreId} v1 Other`],
      ['scheme.deleted', `scheme:${id} v2 Night saver (2027)`],
      ['schemeFolder.deleted', `schemeFolder:${sub.id} Economy 7`],
    ]);
    const s = recs.map((r) => r.summary);
    expect(s[0]).toEqual({ after: { name: 'Domestic', parentId: null } });
    expect(s[2]).toEqual({ before: { name: 'E7', parentId: dom.id }, after: { name: 'Economy 7', parentId: dom.id } });
    expect(s[3]).toEqual({ before: { name: 'Economy 7', parentId: dom.id }, after: { name: 'Economy 7', parentId: null } });
    expect(s[4]).toEqual({ after: { version: 1, sha256: sha, folderId: dom.id, schemeId: 'NS1', meterModel: 'A1140', note: 'created' } });
    expect(s[5]).toEqual({ before: { version: 1, sha256: s[4]!.after!.sha256 }, after: { version: 2, sha256: sha, note: 'new year' } });
    expect(s[5]!.after!.sha256).not.toBe(s[4]!.after!.sha256);
    expect(s[6]).toEqual({ before: { name: 'Night saver' }, after: { name: 'Night saver (2027)' } });
    expect(s[7]).toEqual({ before: { folderId: dom.id }, after: { folderId: sub.id } });
    expect(s[8]).toEqual({ after: { file: path.basename(file.path), sha256: s[5]!.after!.sha256, schemes: 1 } });
    expect(s[10]).toMatchObject({ after: { file: 'other.json', folderId: dom.id, version: 1, sha256: sha } });
    expect(verifyStore(rig.ctx).intact).toBe(true);
  });

  it('a refused change records nothing, and a change whose record cannot be written is not stored', async () => {
    const eng = await rig.as('engineer');
    const { schemeStoreId } = await eng.call('schemes.create', { folderId: null, name: 'A', schemeId: 'A1', meterModel: 'A1140', zone: 'Europe/London' });
    const content = (await eng.call('schemes.get', { schemeStoreId })).content;
    content.name = 'A 2';
    await eng.call('schemes.save', { schemeStoreId, content, baseVersion: 1 });
    const before = records().length;
    content.name = 'A 3';
    expect(await eng.refused('schemes.save', { schemeStoreId, content, baseVersion: 1 })).toMatchObject({ code: 'CONFLICT' });
    expect(records()).toHaveLength(before);
    // The audit table refuses new rows (as a full disk would): the rename rolls back with it.
    rig.ctx.db.exec("CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(await eng.refused('schemes.rename', { schemeStoreId, name: 'B' })).toMatchObject({ code: 'INVALID_DATA' });
    rig.ctx.db.exec('DROP TRIGGER no_audit');
    expect(records()).toHaveLength(before);
    expect((await eng.call('schemes.tree', {})).schemes.map((x) => x.name)).toEqual(['A']);
  });
});

describe('audit records and meter passwords of staging and programming', () => {
  /** A scheme of `model` staged for `m` by the engineer; approved by the administrator when `approve` (separation of duties). */
  async function staged(model: 'A1140' | 'generic', m: MeterData, approve: boolean): Promise<number> {
    const eng = await rig.as('engineer');
    const { schemeStoreId } = await eng.call('schemes.create', { folderId: null, name: `S ${m.serial}`, schemeId: 'E7A', meterModel: model, zone: 'Europe/London' });
    const p = await eng.call('staging.create', { schemeStoreId, schemeVersion: 1, meter: m });
    if (approve) await (await rig.as('administrator')).call('staging.approve', { id: p.id });
    return p.id;
  }

  it('staged, approved, uploaded with the stored level 3 password, certificate exported: one record each, by whom and for which meter', async () => {
    setCredential(rig.ctx, { scope: 'meter', meterSerial: '12345678', level: 3 }, STORED3, 'administrator');
    const id = await staged('A1140', meter, true);
    const eng = await rig.as('engineer');
    const { jobId } = await eng.call('program.start', { stagedId: id, port: 'COM3', jobId: 'p1' });
    await rig.services.programStarted;
    expect(rig.services.programRequests).toEqual([{ stagedId: id, port: 'COM3', password: STORED3, meterUserId: 'ENGINEER' }]);
    rig.services.releaseProgram();
    expect(await rig.event('programFinished', (e) => e.jobId === jobId)).toMatchObject({ status: 'verified', certificateJobId: 1 });
    await eng.call('certificates.export', { jobId: 1, format: 'txt' });

    const recs = records().filter((r) => !r.action.startsWith('scheme'));
    expect(recs.map((r) => [r.action, r.username, r.meterSerial, r.traceRef])).toEqual([
      ['program.staged', 'engineer', '12345678', null],
      ['program.approved', 'administrator', '12345678', null],
      ['program.uploaded', 'engineer', '12345678', 'certificate:1'],
      ['certificate.exported', 'engineer', '12345678', 'certificate:1'],
    ]);
    expect(recs[0]!.object).toBe(`staged:${id} E7A (scheme 1 v1)`);
    expect(recs[0]!.summary.after).toMatchObject({ scheme: '1 v1', meterModel: 'A1140', status: 'draft', meter: { serial: '12345678', ctRatio: '200/5', passwordLevel: 3 } });
    expect(recs[1]!.summary).toEqual({ before: { status: 'draft' }, after: { status: 'approved', approvedBy: 'administrator', scheme: '1 v1' } });
    expect(recs[2]!.summary).toEqual({
      before: { programmingCounter: 4 },
      after: { status: 'verified', programmingCounter: 5, written: 5, notWritten: 0, differences: 0, schemeSha256: sha, port: 'COM3', meterUserId: 'ENGINEER' },
    });
    expect(recs[3]!.summary).toMatchObject({ after: { format: 'txt', status: 'verified' } });
    // The stored password reached the (fake) meter, and no record carries it.
    expect(JSON.stringify(selectAudit(rig.ctx.db, {}))).not.toContain(STORED3);
    expect(verifyStore(rig.ctx).intact).toBe(true);
  });

  it('an upload stopped part-way is recorded as program.uploadFailed; a deleted draft as program.deleted', async () => {
    const id = await staged('A1140', meter, true);
    const eng = await rig.as('engineer');
    const { jobId } = await eng.call('program.start', { stagedId: id, port: 'COM3', password: 'Typed#3!' });
    await rig.services.programStarted;
    await eng.call('program.cancel', { jobId });
    await rig.event('programFinished');
    const draft = await staged('A1140', { ...meter, serial: '87654321' }, false);
    await eng.call('staging.delete', { id: draft });
    const recs = records().filter((r) => r.action === 'program.uploadFailed' || r.action === 'program.deleted');
    expect(recs.map((r) => [r.action, r.meterSerial])).toEqual([['program.uploadFailed', '12345678'], ['program.deleted', '87654321']]);
    expect(recs[0]!.summary.after).toMatchObject({ status: 'partially-programmed', written: 1, notWritten: 4, error: 'Programming was cancelled after 1 of 5 writes.' });
    expect(rig.services.programRequests[0]!.password).toBe('Typed#3!');
  });

  it('a technician: a typed password above level 1 refused, a draft refused, approved programs uploaded with the meter\'s stored password (level 3 by approval)', async () => {
    setCredential(rig.ctx, { scope: 'default', level: 3 }, STORED3, 'administrator');
    setCredential(rig.ctx, { scope: 'default', level: 1 }, STORED1, 'administrator');
    const elster = await staged('A1140', meter, true);
    // A default (or group) level-3 password is never delegated: it would open every meter for whoever captures it.
    expect(await (await rig.as('technician')).refused('program.start', { stagedId: elster, port: 'COM3' })).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('may use only a password stored for that one meter') });
    setCredential(rig.ctx, { scope: 'meter', meterSerial: meter.serial, level: 3 }, STORED3, 'administrator');
    const tech = await rig.as('technician');
    const level = 'Your role (technician) may use meter passwords up to security level 1; this job needs level 3. Ask an engineer.';
    expect(await tech.refused('program.start', { stagedId: elster, port: 'COM3', password: 'Typed#3!' })).toEqual({ code: 'FORBIDDEN', message: level });
    const generic = { ...meter, serial: 'G1', passwordLevel: 1 };
    const draft = await staged('generic', generic, false);
    expect(await tech.refused('program.start', { stagedId: draft, port: 'COM4' })).toMatchObject({ code: 'NOT_APPROVED' });
    expect(await tech.refused('staging.approve', { id: draft })).toEqual({ code: 'FORBIDDEN', message: 'Technicians cannot approve programs. Ask an engineer.' });
    expect(rig.services.programRequests).toEqual([]);

    // The engineer's approval lets the stored level-3 password be used for the approved Elster program.
    await tech.call('program.start', { stagedId: elster, port: 'COM3', jobId: 't0' });
    await rig.services.programStarted;
    expect(rig.services.programRequests).toEqual([{ stagedId: elster, port: 'COM3', password: STORED3, meterUserId: 'TECHNICI' }]);
    rig.services.releaseProgram();
    await rig.event('programFinished', (e) => e.jobId === 't0');
    rig.services.programRequests.length = 0;

    const approved = await staged('generic', { ...generic, serial: 'G2' }, true);
    await tech.call('program.start', { stagedId: approved, port: 'COM4', jobId: 't1' });
    await rig.services.programStarted;
    expect(rig.services.programRequests).toEqual([{ stagedId: approved, port: 'COM4', password: STORED1, meterUserId: 'TECHNICI' }]);
    rig.services.releaseProgram();
    await rig.event('programFinished', (e) => e.jobId === 't1');
    expect(records().filter((r) => r.action === 'program.uploaded').map((r) => [r.username, r.role, r.meterSerial])).toEqual([
      ['technician', 'technician', '12345678'],
      ['technician', 'technician', 'G2'],
    ]);
  });

  it('a stored password never reaches an event, even from a careless service that puts it in its messages', async () => {
    rig.close();
    rig = await schemeRigWithUsers(dataDir, { leakPasswords: true });
    setCredential(rig.ctx, { scope: 'default', level: 3 }, STORED3, 'administrator');
    const id = await staged('A1140', meter, true);
    await (await rig.as('engineer')).call('program.start', { stagedId: id, port: 'COM3', jobId: 'leak' });
    await rig.services.programStarted;
    rig.services.releaseProgram();
    await rig.event('programFinished', (e) => e.jobId === 'leak');
    expect(rig.services.programRequests[0]!.password).toBe(STORED3);
    expect(JSON.stringify(rig.events)).toContain('(password ••••••••)');
    expect(JSON.stringify(rig.events)).not.toContain(STORED3);
  });

  it('an Elster program without a typed or stored password is refused before a job starts', async () => {
    const id = await staged('A1140', meter, true);
    const eng = await rig.as('engineer');
    expect(await eng.refused('program.start', { stagedId: id, port: 'COM3' })).toEqual({
      code: 'PASSWORD_NEEDED',
      message: 'Programming an A1140 needs its security level 3 password: type it, or ask an administrator to store it for meter 12345678.',
    });
    expect(rig.services.programRequests).toEqual([]);
  });
});
