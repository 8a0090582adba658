/**
 * Object scopes through the REAL dispatcher and handlers: a user limited to some scheme folders sees and changes only
 * those folders (with their sub-folders) and their schemes; a user limited to some meter groups sees and works on only
 * those meters' staged programs, certificates and programming state. Refusals are FORBIDDEN with a plain sentence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MeterData } from '../../programming/plan';
import { serializeScheme } from '../../schemes/scheme-file';
import { newScheme } from '../../schemes/model';
import { updateUser } from '../auth/users';
import { saveMeterGroup } from '../store/meter-groups';
import { folderRefused, meterRefused, SCHEME_REFUSED } from './object-scope';
import { schemeRigWithUsers, type SchemeRig } from '../api/testing/scheme-rig';

let dataDir: string;
let rig: SchemeRig;
beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'pmu-api-scope-'));
  rig = await schemeRigWithUsers(dataDir);
});
afterEach(() => {
  rig.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const forbidden = (message: string) => ({ code: 'FORBIDDEN', message });

describe('a user limited to scheme folders', () => {
  it('sees only those folders, their sub-folders and schemes; everything else is refused plainly', async () => {
    const admin = await rig.as('administrator');
    const north = await admin.call('schemes.createFolder', { parentId: null, name: 'North' });
    const sub = await admin.call('schemes.createFolder', { parentId: north.id, name: '2027' });
    const south = await admin.call('schemes.createFolder', { parentId: null, name: 'South' });
    const mk = (folderId: number | null, name: string) =>
      admin.call('schemes.create', { folderId, name, schemeId: name.slice(0, 8).toUpperCase(), meterModel: 'A1140', zone: 'Europe/London' });
    const inNorth = (await mk(north.id, 'N1')).schemeStoreId;
    const inSub = (await mk(sub.id, 'N2')).schemeStoreId;
    const inSouth = (await mk(south.id, 'S1')).schemeStoreId;
    const top = (await mk(null, 'T1')).schemeStoreId;
    updateUser(rig.ctx.db, 'engineer', { schemeFolderIds: [north.id] });
    const eng = await rig.as('engineer');

    const tree = await eng.call('schemes.tree', {});
    expect(tree.folders.map((f) => f.name).sort()).toEqual(['2027', 'North']);
    expect(tree.schemes.map((s) => s.id).sort()).toEqual([inNorth, inSub].sort());
    expect((await admin.call('schemes.tree', {})).schemes).toHaveLength(4);

    // Inside the scope: read, save, create, move between own folders.
    const content = (await eng.call('schemes.get', { schemeStoreId: inSub })).content;
    content.name = 'N2 new';
    expect((await eng.call('schemes.save', { schemeStoreId: inSub, content, baseVersion: 1 })).version).toBe(2);
    const own = await eng.call('schemes.createFolder', { parentId: sub.id, name: 'Drafts' });
    await eng.call('schemes.move', { schemeStoreId: inNorth, folderId: own.id });
    await eng.call('schemes.exportFolder', { folderId: north.id });

    // Outside: refused, nothing changed.
    for (const id of [inSouth, top]) {
      expect(await eng.refused('schemes.get', { schemeStoreId: id })).toEqual(forbidden(SCHEME_REFUSED));
      expect(await eng.refused('schemes.rename', { schemeStoreId: id, name: 'Mine' })).toEqual(forbidden(SCHEME_REFUSED));
      expect(await eng.refused('schemes.delete', { schemeStoreId: id })).toEqual(forbidden(SCHEME_REFUSED));
      expect(await eng.refused('schemes.exportFile', { schemeStoreId: id })).toEqual(forbidden(SCHEME_REFUSED));
      expect(await eng.refused('staging.create', { schemeStoreId: id, schemeVersion: 1, meter: { serial: 'M1', ctRatio: null, vtRatio: null, passwordLevel: 3, site: '', customer: '', timeZone: 'Europe/London' } })).toEqual(forbidden(SCHEME_REFUSED));
    }
    expect(await eng.refused('schemes.save', { schemeStoreId: inSouth, content, baseVersion: 1 })).toEqual(forbidden(SCHEME_REFUSED));
    expect(await eng.refused('schemes.diff', { left: { schemeStoreId: inSub, version: 1 }, right: { schemeStoreId: inSouth, version: 1 } })).toEqual(forbidden(SCHEME_REFUSED));
    expect(await eng.refused('schemes.move', { schemeStoreId: inSub, folderId: south.id })).toEqual(forbidden(folderRefused(south.id)));
    expect(await eng.refused('schemes.move', { schemeStoreId: inSub, folderId: null })).toEqual(forbidden(folderRefused(null)));
    expect(await eng.refused('schemes.createFolder', { parentId: null, name: 'Mine' })).toEqual(forbidden(folderRefused(null)));
    expect(await eng.refused('schemes.renameFolder', { id: south.id, name: 'Mine' })).toEqual(forbidden(folderRefused(south.id)));
    expect(await eng.refused('schemes.moveFolder', { id: sub.id, parentId: south.id })).toEqual(forbidden(folderRefused(south.id)));
    expect(await eng.refused('schemes.deleteFolder', { id: south.id })).toEqual(forbidden(folderRefused(south.id)));
    expect(await eng.refused('schemes.exportFolder', { folderId: null })).toEqual(forbidden(folderRefused(null)));
    expect(await eng.refused('schemes.create', { folderId: south.id, name: 'X', schemeId: 'X', meterModel: 'A1140', zone: 'Europe/London' })).toEqual(forbidden(folderRefused(south.id)));
    const file = serializeScheme(newScheme('IMP', 'Imported', 'A1140', 'Europe/London'));
    expect(await eng.refused('schemes.importFile', { folderId: south.id, name: 'x.json', content: file })).toEqual(forbidden(folderRefused(south.id)));
    expect((await admin.call('schemes.tree', {})).folders.map((f) => f.name).sort()).toEqual(['2027', 'Drafts', 'North', 'South']);
    expect((await admin.call('schemes.get', { schemeStoreId: inSouth })).versions).toHaveLength(1);
  });
});

describe('a user limited to meter groups', () => {
  it('sees only the staged programs, certificates and programming state of those meters, and programs only them', async () => {
    const m = (serial: string): MeterData => ({ serial, ctRatio: null, vtRatio: null, passwordLevel: 3, site: '', customer: '', timeZone: 'Europe/London' });
    const eng = await rig.as('engineer');
    const { schemeStoreId } = await eng.call('schemes.create', { folderId: null, name: 'E7', schemeId: 'E7A', meterModel: 'A1140', zone: 'Europe/London' });
    const mine = await eng.call('staging.create', { schemeStoreId, schemeVersion: 1, meter: m('M1') });
    const theirs = await eng.call('staging.create', { schemeStoreId, schemeVersion: 1, meter: m('M2') });
    for (const p of [mine, theirs]) await (await rig.as('administrator')).call('staging.approve', { id: p.id });
    for (const [p, jobId] of [[mine, 'j1'], [theirs, 'j2']] as const) {
      await eng.call('program.start', { stagedId: p.id, port: `COM-${jobId}`, password: 'Typed#3!', jobId });
      rig.services.releaseProgram();
      await rig.event('programFinished', (e) => e.jobId === jobId);
    }
    const group = saveMeterGroup(rig.ctx.db, { name: 'North', serials: ['m1'] });
    updateUser(rig.ctx.db, 'engineer', { meterGroupIds: [group.id] });
    const limited = await rig.as('engineer');

    expect((await limited.call('staging.list', {})).map((p) => p.meter.serial)).toEqual(['M1']);
    expect((await limited.call('certificates.list', {})).map((c) => c.meterSerial)).toEqual(['M1']);
    expect((await limited.call('staging.get', { id: mine.id })).staged.id).toBe(mine.id);
    expect(await limited.call('meters.programmingState', { serial: 'M1' })).toMatchObject({ status: 'verified' });
    const certOfTheirs = (await (await rig.as('administrator')).call('certificates.list', { serial: 'M2' }))[0]!.jobId;
    const refused = forbidden(meterRefused('M2'));
    expect(await limited.refused('staging.get', { id: theirs.id })).toEqual(refused);
    expect(await limited.refused('staging.delete', { id: theirs.id })).toEqual(refused);
    expect(await limited.refused('certificates.get', { jobId: certOfTheirs })).toEqual(refused);
    expect(await limited.refused('certificates.export', { jobId: certOfTheirs, format: 'json' })).toEqual(refused);
    expect(await limited.refused('meters.programmingState', { serial: 'M2' })).toEqual(refused);
    expect(await limited.refused('staging.create', { schemeStoreId, schemeVersion: 1, meter: m('M3') })).toEqual(forbidden(meterRefused('M3')));
    expect(await limited.refused('program.start', { stagedId: theirs.id, port: 'COM9', password: 'Typed#3!' })).toEqual(refused);
    expect(rig.services.programRequests).toHaveLength(2);
    await limited.call('program.start', { stagedId: mine.id, port: 'COM9', password: 'Typed#3!', jobId: 'j3' });
    rig.services.releaseProgram();
    expect(await rig.event('programFinished', (e) => e.jobId === 'j3')).toMatchObject({ status: 'verified' });
  });
});
