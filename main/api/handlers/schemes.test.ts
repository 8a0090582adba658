import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSchemeFile } from '../../../schemes/scheme-file';
import { schemeRig, type SchemeRig } from '../testing/scheme-rig';

let dataDir: string;
let rig: SchemeRig;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'pmu-api-schemes-'));
  rig = schemeRig(dataDir);
});
afterEach(() => {
  rig.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const newArgs = { folderId: null, name: 'Economy 7', schemeId: 'E7A', meterModel: 'A1140', zone: 'Europe/London' } as const;

describe('folders', () => {
  it('are created, renamed, moved and deleted through the dispatcher, with plain refusals', async () => {
    const dom = await rig.call('schemes.createFolder', { parentId: null, name: ' Domestic ' });
    expect(dom).toMatchObject({ parentId: null, name: 'Domestic' });
    const sub = await rig.call('schemes.createFolder', { parentId: dom.id, name: 'Economy 7' });
    expect(await rig.refused('schemes.createFolder', { parentId: null, name: 'domestic' })).toEqual({ code: 'CONFLICT', message: "There is already a folder called 'Domestic' here." });
    expect(await rig.refused('schemes.moveFolder', { id: dom.id, parentId: sub.id })).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/cannot be moved into itself/) });
    expect(await rig.call('schemes.renameFolder', { id: sub.id, name: 'E7' })).toMatchObject({ id: sub.id, name: 'E7' });
    expect(await rig.call('schemes.moveFolder', { id: sub.id, parentId: null })).toMatchObject({ id: sub.id, parentId: null });
    await rig.call('schemes.create', { ...newArgs, folderId: dom.id });
    expect(await rig.refused('schemes.deleteFolder', { id: dom.id })).toEqual({ code: 'CONFLICT', message: "The folder 'Domestic' still holds 1 scheme. Move or delete them first." });
    expect(await rig.call('schemes.deleteFolder', { id: sub.id })).toEqual({ deleted: true });
    expect(await rig.refused('schemes.renameFolder', { id: sub.id, name: 'x' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rig.refused('schemes.createFolder', { parentId: null, name: '' })).toMatchObject({ code: 'BAD_ARGUMENTS' });
    const tree = await rig.call('schemes.tree', {});
    expect(tree.folders.map((f) => f.name)).toEqual(['Domestic']);
    expect(tree.schemes).toEqual([expect.objectContaining({ folderId: dom.id, name: 'Economy 7', schemeId: 'E7A', meterModel: 'A1140', latestVersion: 1, savedBy: 'tester' })]);
  });
});

describe('schemes', () => {
  it('are created from the template, read, saved as new versions by the operator, and refused on a stale base', async () => {
    const { schemeStoreId, version } = await rig.call('schemes.create', newArgs);
    expect(version).toBe(1);
    const v1 = await rig.call('schemes.get', { schemeStoreId });
    expect(v1).toMatchObject({ schemeStoreId, version: 1, name: 'Economy 7', folderId: null, deleted: false, savedBy: 'tester', note: 'created' });
    expect(v1.content).toMatchObject({ id: 'E7A', name: 'Economy 7', meterModel: 'A1140', dst: { zone: 'Europe/London' } });
    const edited = { ...v1.content, description: 'night 00:30–07:30' };
    expect(await rig.call('schemes.save', { schemeStoreId, content: edited, baseVersion: 1, note: 'night times' })).toEqual({ version: 2, unchanged: false });
    expect(await rig.refused('schemes.save', { schemeStoreId, content: { ...edited, description: 'other' }, baseVersion: 1 })).toEqual({
      code: 'CONFLICT', message: 'Someone saved version 2 of this scheme after you opened version 1. Reload it and apply your change again.',
    });
    const v2 = await rig.call('schemes.get', { schemeStoreId });
    expect(v2.versions.map((v) => [v.version, v.note])).toEqual([[2, 'night times'], [1, 'created']]);
    expect((await rig.call('schemes.get', { schemeStoreId, version: 1 })).content.description).toBe('');
    expect(await rig.call('schemes.diff', { left: { schemeStoreId, version: 1 }, right: { schemeStoreId, version: 2 } })).toEqual([
      { path: 'description', label: 'Description', kind: 'changed', left: '', right: 'night 00:30–07:30' },
    ]);
  });

  it('refuse a malformed scheme at the boundary naming the field, an unknown time zone, a bad scheme ID', async () => {
    const { schemeStoreId } = await rig.call('schemes.create', newArgs);
    const content = (await rig.call('schemes.get', { schemeStoreId })).content;
    const bad = { ...content, dayProfiles: [{ ...content.dayProfiles[0]!, switches: [{ time: '7:00', rate: 1 }] }] };
    const err = await rig.refused('schemes.save', { schemeStoreId, content: bad, baseVersion: 1 });
    expect(err.code).toBe('BAD_ARGUMENTS');
    expect(err.message).toContain('content.dayProfiles.0.switches.0.time: write the time as hh:mm');
    expect(await rig.refused('schemes.create', { ...newArgs, zone: 'Mars/Olympus' })).toEqual({
      code: 'BAD_ARGUMENTS', message: 'The time zone "Mars/Olympus" is not known. Use a name such as Europe/London or Europe/Berlin.',
    });
    expect((await rig.refused('schemes.create', { ...newArgs, schemeId: 'TOO-LONG-ID' })).message).toMatch(/schemeId: the scheme ID is 1 to 8/);
    expect(await rig.refused('schemes.get', { schemeStoreId: 99 })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('are renamed, moved and deleted (still readable for certificates)', async () => {
    const f = await rig.call('schemes.createFolder', { parentId: null, name: 'Domestic' });
    const { schemeStoreId } = await rig.call('schemes.create', newArgs);
    expect(await rig.call('schemes.rename', { schemeStoreId, name: 'E7 London' })).toMatchObject({ id: schemeStoreId, name: 'E7 London' });
    expect(await rig.call('schemes.move', { schemeStoreId, folderId: f.id })).toMatchObject({ folderId: f.id });
    const second = await rig.call('schemes.create', newArgs);
    await rig.call('schemes.move', { schemeStoreId: second.schemeStoreId, folderId: f.id });
    expect(await rig.refused('schemes.rename', { schemeStoreId: second.schemeStoreId, name: 'E7 LONDON' })).toEqual({
      code: 'CONFLICT', message: "There is already a scheme called 'E7 London' here.",
    });
    expect(await rig.call('schemes.delete', { schemeStoreId })).toEqual({ deleted: true });
    expect((await rig.call('schemes.tree', {})).schemes.map((s) => s.name)).toEqual(['Economy 7']);
    expect(await rig.call('schemes.get', { schemeStoreId })).toMatchObject({ deleted: true, name: 'E7 London' });
  });
});

describe('scheme files', () => {
  it('export a version and a folder into the exports folder with a download link and the text', async () => {
    const offered: [string, string][] = [];
    rig.close();
    rig = schemeRig(dataDir, { offerDownload: (f, n) => (offered.push([f, n]), `api/download/${'t'.repeat(32)}`) });
    const f = await rig.call('schemes.createFolder', { parentId: null, name: 'Domestic' });
    const { schemeStoreId } = await rig.call('schemes.create', { ...newArgs, folderId: f.id });
    const file = await rig.call('schemes.exportFile', { schemeStoreId });
    expect(file).toMatchObject({ fileName: 'Economy_7_v1.json', downloadUrl: `api/download/${'t'.repeat(32)}`, schemes: 1 });
    expect(path.dirname(file.path)).toBe(path.join(dataDir, 'exports'));
    expect(readFileSync(file.path, 'utf8')).toBe(file.text);
    expect(parseSchemeFile(file.text).scheme?.id).toBe('E7A');
    expect(offered).toEqual([[file.path, 'Economy_7_v1.json']]);
    const bundle = await rig.call('schemes.exportFolder', { folderId: f.id });
    expect(bundle).toMatchObject({ fileName: 'Domestic.pmu-schemes.json', schemes: 1 });
    expect(path.basename(bundle.path)).toMatch(/^Domestic_\d{8}T\d{9}Z\.pmu-schemes\.json$/);
    expect(existsSync(bundle.path)).toBe(true);
    expect(await rig.refused('schemes.exportFolder', { folderId: 999 })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('import a file into a folder once; again it is reported as already present', async () => {
    const { schemeStoreId } = await rig.call('schemes.create', newArgs);
    const text = (await rig.call('schemes.exportFile', { schemeStoreId })).text;
    expect(await rig.call('schemes.importFile', { folderId: null, name: 'e7.json', content: text })).toEqual({
      results: [{ source: 'e7.json', result: 'already-present', schemeStoreId, version: 1, message: "Already present as 'Economy 7' version 1.", problems: [] }],
    });
    const other = text.replace('"E7A"', '"E7B"');
    const f = await rig.call('schemes.createFolder', { parentId: null, name: 'Inbox' });
    const [r] = (await rig.call('schemes.importFile', { folderId: f.id, name: 'e7b.json', content: other })).results;
    expect(r).toMatchObject({ result: 'imported', version: 1, message: "Imported as 'Economy 7' version 1." });
    expect((await rig.call('schemes.get', { schemeStoreId: r!.schemeStoreId! })).savedBy).toBe('tester');
    expect((await rig.call('schemes.importFile', { folderId: null, name: 'x.json', content: 'nonsense' })).results[0]).toMatchObject({ result: 'problems' });
    expect((await rig.refused('schemes.importFile', { folderId: null, name: '../x.json', content: text })).code).toBe('BAD_ARGUMENTS');
  });
});

describe('holidays', () => {
  it('list countries and regions and make special days from a pack or an iCal calendar', async () => {
    expect(await rig.call('holidays.countries', {})).toContainEqual({ code: 'DE', name: 'Germany' });
    expect(await rig.call('holidays.regions', { country: 'de' })).toEqual([{ code: 'BY', name: 'Bayern' }]);
    const pack = await rig.call('holidays.fromPack', { country: 'DE', years: [2027], dayProfile: 'weekend' });
    expect(pack.specialDays.map((d) => d.kind === 'fixed' && d.date)).toEqual(['2027-10-03', '2027-12-25']);
    expect(await rig.refused('holidays.fromPack', { country: 'XX', years: [2027], dayProfile: 'weekend' })).toEqual({
      code: 'FAILED', message: 'There is no holiday pack for the country "XX".',
    });
    expect(await rig.refused('holidays.fromPack', { country: 'DE', years: [], dayProfile: 'weekend' })).toMatchObject({ code: 'BAD_ARGUMENTS' });
    const ical = await rig.call('holidays.fromICal', { content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', dayProfile: 'weekend', years: [2027] });
    expect(ical).toEqual({
      specialDays: [{ kind: 'fixed', date: '2027-08-14', name: 'Site shutdown', dayProfile: 'weekend', source: 'ical' }],
      skipped: [{ date: null, name: 'Weekly meeting', reason: 'it repeats every week' }],
    });
  });
});
