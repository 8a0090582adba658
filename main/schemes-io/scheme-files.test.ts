import { describe, expect, it } from 'vitest';
import { newScheme, type TariffScheme } from '../../schemes/model';
import { parseSchemeFile, serializeScheme } from '../../schemes/scheme-file';
import type { SchemeFileCodec } from '../api/services-schemes';
import { openDatabase, type Database } from '../store/db';
import { StoreError } from '../core/errors';
import { createFolder, createScheme, deleteScheme, listSchemeTree, saveSchemeVersion } from '../store/schemes';
import { BUNDLE_FORMAT, exportFolderBundle, exportSchemeFile, importSchemeText } from './scheme-files';

const codec: SchemeFileCodec = { parseSchemeFile: (text) => parseSchemeFile(text, { years: [2027] }), serializeScheme };
const scheme = (id: string, name: string): TariffScheme => newScheme(id, name, 'A1140', 'Europe/London');

/** Domestic/{E7, Economy 10/{E10}}, Commercial/{C1}, top-level T1. */
function library(): { db: Database; domestic: number; e10: number; e7: number } {
  const db = openDatabase(':memory:');
  const domestic = createFolder(db, { parentId: null, name: 'Domestic' }).id;
  const e10 = createFolder(db, { parentId: domestic, name: 'Economy 10' }).id;
  const commercial = createFolder(db, { parentId: null, name: 'Commercial' }).id;
  const e7 = createScheme(db, { folderId: domestic, content: scheme('E7', 'Economy 7'), by: 'eng' }).schemeStoreId;
  saveSchemeVersion(db, { schemeStoreId: e7, content: { ...scheme('E7', 'Economy 7'), description: 'second' }, by: 'eng' });
  createScheme(db, { folderId: e10, content: scheme('E10', 'Economy 10'), by: 'eng' });
  createScheme(db, { folderId: commercial, content: scheme('C1', 'Commercial flat'), by: 'eng' });
  createScheme(db, { folderId: null, content: scheme('T1', 'Test'), by: 'eng' });
  return { db, domestic, e10, e7 };
}

describe('export', () => {
  it('writes one version as a scheme file that parses back to the same content', () => {
    const { db, e7 } = library();
    const latest = exportSchemeFile(db, e7, undefined, codec);
    expect(latest.fileName).toBe('Economy_7_v2.json');
    expect(latest.schemes).toBe(1);
    expect(parseSchemeFile(latest.text).scheme?.description).toBe('second');
    const first = exportSchemeFile(db, e7, 1, codec);
    expect(first.fileName).toBe('Economy_7_v1.json');
    expect(parseSchemeFile(first.text).scheme).toEqual(scheme('E7', 'Economy 7'));
    expect(() => exportSchemeFile(db, e7, 3, codec)).toThrow(StoreError);
  });

  it('writes a folder with its subfolders as one bundle, with each scheme’s subfolder path', () => {
    const { db, domestic } = library();
    const out = exportFolderBundle(db, domestic, codec, '2026-05-01T10:00:00.000Z');
    expect(out.fileName).toBe('Domestic.pmu-schemes.json');
    const bundle = JSON.parse(out.text) as { format: string; formatVersion: number; folder: string; exportedUtc: string; schemes: { name: string; folder: string[]; version: number; scheme: TariffScheme }[] };
    expect(bundle).toMatchObject({ format: BUNDLE_FORMAT, formatVersion: 1, folder: 'Domestic', exportedUtc: '2026-05-01T10:00:00.000Z' });
    expect(bundle.schemes.map((s) => [s.folder, s.name, s.version, s.scheme.id])).toEqual([[[], 'Economy 7', 2, 'E7'], [['Economy 10'], 'Economy 10', 1, 'E10']]);
    expect(out.schemes).toBe(2);
    const all = exportFolderBundle(db, null, codec);
    expect(all.fileName).toBe('all-schemes.pmu-schemes.json');
    expect((JSON.parse(all.text) as { schemes: { folder: string[]; name: string }[] }).schemes.map((s) => [...s.folder, s.name].join('/'))).toEqual([
      'Test', 'Commercial/Commercial flat', 'Domestic/Economy 7', 'Domestic/Economy 10/Economy 10',
    ]);
  });

  it('refuses an empty folder plainly', () => {
    const db = openDatabase(':memory:');
    const f = createFolder(db, { parentId: null, name: 'Empty' }).id;
    expect(() => exportFolderBundle(db, f, codec)).toThrow("The folder 'Empty' holds no schemes to export.");
    expect(() => exportFolderBundle(db, null, codec)).toThrow('There are no schemes to export.');
  });
});

describe('import', () => {
  it('imports a scheme file into a folder once; the second time it is already present (idempotent)', () => {
    const db = openDatabase(':memory:');
    const f = createFolder(db, { parentId: null, name: 'Inbox' }).id;
    const text = serializeScheme(scheme('E7', 'Economy 7'));
    const [first] = importSchemeText(db, { folderId: f, fileName: 'e7.json', text, by: 'eng' }, codec);
    expect(first).toMatchObject({ source: 'e7.json', result: 'imported', version: 1, message: "Imported as 'Economy 7' version 1." });
    const again = importSchemeText(db, { folderId: null, fileName: 'copy.json', text: ` ${text.replace(/\n/g, '\r\n')}`, by: 'eng' }, codec);
    expect(again).toEqual([{ source: 'copy.json', result: 'already-present', schemeStoreId: first!.schemeStoreId, version: 1, message: "Already present as 'Economy 7' version 1.", problems: [] }]);
    expect(listSchemeTree(db).schemes).toHaveLength(1);
  });

  it('finds content saved as a later version of another scheme', () => {
    const { db, e7 } = library();
    const text = serializeScheme({ ...scheme('E7', 'Economy 7'), description: 'second' });
    expect(importSchemeText(db, { folderId: null, fileName: 'x.json', text, by: 'eng' }, codec)[0]).toMatchObject({
      result: 'already-present', schemeStoreId: e7, version: 2, message: "Already present as 'Economy 7' version 2.",
    });
  });

  it('reports a file that is not a scheme, or not JSON, and stores nothing', () => {
    const db = openDatabase(':memory:');
    const [notJson] = importSchemeText(db, { folderId: null, fileName: 'broken.json', text: '{"format": "pmu-tariff-scheme",', by: 'eng' }, codec);
    expect(notJson).toMatchObject({ result: 'problems', schemeStoreId: null, version: null });
    expect(notJson!.message).toMatch(/^Not imported: The file is not valid JSON \(line \d+, column \d+\)/);
    const [other] = importSchemeText(db, { folderId: null, fileName: 'a.json', text: '{"hello": 1}', by: 'eng' }, codec);
    expect(other!.message).toMatch(/^Not imported: This is not a PMU tariff scheme file/);
    expect(listSchemeTree(db)).toEqual({ folders: [], schemes: [] });
  });

  it('imports a scheme with validation errors (to fix in the editor) and lists the problems', () => {
    const db = openDatabase(':memory:');
    const s = scheme('BAD', 'Bad refs');
    s.weekProfiles[0]!.days.monday = 'missing';
    const [r] = importSchemeText(db, { folderId: null, fileName: 'bad.json', text: serializeScheme(s), by: 'eng' }, codec);
    expect(r!.result).toBe('imported');
    expect(r!.problems.some((p) => p.severity === 'error' && p.path.startsWith('weekProfiles.0.days.monday'))).toBe(true);
  });

  it('round-trips a bundle into another store with its subfolders, then reports every scheme as present', () => {
    const { db, domestic } = library();
    const bundle = exportFolderBundle(db, domestic, codec).text;
    const target = openDatabase(':memory:');
    const into = createFolder(target, { parentId: null, name: 'From the office' }).id;
    const first = importSchemeText(target, { folderId: into, fileName: 'Domestic.pmu-schemes.json', text: bundle, by: 'tech' }, codec);
    expect(first.map((r) => [r.source, r.result, r.message])).toEqual([
      ['Domestic.pmu-schemes.json › Economy 7', 'imported', "Imported as 'Economy 7' version 1."],
      ['Domestic.pmu-schemes.json › Economy 10', 'imported', "Imported as 'Economy 10' version 1."],
    ]);
    const tree = listSchemeTree(target);
    const sub = tree.folders.find((f) => f.name === 'Economy 10')!;
    expect(sub.parentId).toBe(into);
    expect(tree.schemes.map((s) => [s.name, s.folderId])).toEqual([['Economy 10', sub.id], ['Economy 7', into]]);
    const second = importSchemeText(target, { folderId: into, fileName: 'again.json', text: bundle, by: 'tech' }, codec);
    expect(second.map((r) => r.result)).toEqual(['already-present', 'already-present']);
    expect(listSchemeTree(target).schemes).toHaveLength(2);
    expect(listSchemeTree(target).folders).toHaveLength(2);
  });

  it('imports the good schemes of a bundle and reports the bad ones; refuses a newer bundle format', () => {
    const db = openDatabase(':memory:');
    const good = JSON.parse(serializeScheme(scheme('OK', 'Good'))) as unknown;
    const text = JSON.stringify({ format: BUNDLE_FORMAT, formatVersion: 1, schemes: [{ name: 'Broken', scheme: { format: 'pmu-tariff-scheme' } }, { name: 'Good one', scheme: good }] });
    const results = importSchemeText(db, { folderId: null, fileName: 'b.json', text, by: 'eng' }, codec);
    expect(results.map((r) => [r.source, r.result])).toEqual([['b.json › Broken', 'problems'], ['b.json › Good one', 'imported']]);
    expect(listSchemeTree(db).schemes.map((s) => s.name)).toEqual(['Good one']);
    const newer = importSchemeText(db, { folderId: null, fileName: 'n.json', text: JSON.stringify({ format: BUNDLE_FORMAT, formatVersion: 2, schemes: [] }), by: 'eng' }, codec);
    expect(newer).toEqual([expect.objectContaining({ result: 'problems', message: expect.stringMatching(/format version 2; this app reads version 1/) })]);
  });

  it('does not match deleted schemes and refuses a missing target folder', () => {
    const db = openDatabase(':memory:');
    const text = serializeScheme(scheme('E7', 'Economy 7'));
    const [a] = importSchemeText(db, { folderId: null, fileName: 'e7.json', text, by: 'eng' }, codec);
    deleteScheme(db, a!.schemeStoreId!);
    expect(importSchemeText(db, { folderId: null, fileName: 'e7.json', text, by: 'eng' }, codec)[0]!.result).toBe('imported');
    expect(() => importSchemeText(db, { folderId: 77, fileName: 'e7.json', text, by: 'eng' }, codec)).toThrow(/This folder no longer exists/);
  });
});
