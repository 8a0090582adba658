import { describe, expect, it } from 'vitest';
import { newScheme, type TariffScheme } from '../../schemes/model';
import { openDatabase } from './db';
import { StoreError } from '../core/errors';
import {
  canonicalSchemeJson, createFolder, createScheme, deleteFolder, deleteScheme, findOrImportScheme, findSchemeByContent,
  getFolder, getSchemeEntry, getSchemeVersion, IMPORTED_FOLDER, listSchemeTree, listSchemeVersions, moveFolder, moveScheme,
  renameFolder, renameScheme, saveSchemeVersion, schemeContentHash,
} from './schemes';

const T0 = '2026-05-01T10:00:00.000Z';
const scheme = (id = 'DOM1', name = 'Domestic day/night'): TariffScheme => newScheme(id, name, 'A1140', 'Europe/London');

/** The StoreError `fn` throws. */
function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StoreError) return err;
    throw err;
  }
  throw new Error('expected a StoreError');
}

describe('scheme folders', () => {
  it('are created, renamed, moved and deleted, and listed by name', () => {
    const db = openDatabase(':memory:');
    const dom = createFolder(db, { parentId: null, name: '  Domestic ', nowUtc: T0 });
    expect(dom).toEqual({ id: dom.id, parentId: null, name: 'Domestic', createdUtc: T0 });
    const com = createFolder(db, { parentId: null, name: 'commercial' });
    const sub = createFolder(db, { parentId: dom.id, name: 'Economy 7' });
    expect(listSchemeTree(db).folders.map((f) => f.name)).toEqual(['commercial', 'Domestic', 'Economy 7']);
    renameFolder(db, com.id, 'Commercial');
    expect(getFolder(db, com.id).name).toBe('Commercial');
    moveFolder(db, sub.id, com.id);
    expect(getFolder(db, sub.id).parentId).toBe(com.id);
    moveFolder(db, sub.id, null);
    expect(getFolder(db, sub.id).parentId).toBeNull();
    deleteFolder(db, sub.id);
    expect(storeError(() => getFolder(db, sub.id)).code).toBe('NOT_FOUND');
  });

  it('refuse a duplicate name among siblings (any case), but allow it elsewhere', () => {
    const db = openDatabase(':memory:');
    const dom = createFolder(db, { parentId: null, name: 'Domestic' });
    const err = storeError(() => createFolder(db, { parentId: null, name: 'DOMESTIC' }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe("There is already a folder called 'Domestic' here.");
    const inner = createFolder(db, { parentId: dom.id, name: 'Domestic' });
    expect(storeError(() => moveFolder(db, inner.id, null)).message).toBe("There is already a folder called 'Domestic' here.");
    const other = createFolder(db, { parentId: null, name: 'Other' });
    expect(storeError(() => renameFolder(db, other.id, 'domestic')).code).toBe('CONFLICT');
    renameFolder(db, other.id, 'other'); // its own name in another case is fine
    expect(storeError(() => createFolder(db, { parentId: null, name: '   ' })).message).toBe('Give the folder a name.');
    expect(storeError(() => createFolder(db, { parentId: 999, name: 'x' })).code).toBe('NOT_FOUND');
  });

  it('refuse to move a folder into itself or below itself', () => {
    const db = openDatabase(':memory:');
    const a = createFolder(db, { parentId: null, name: 'A' });
    const b = createFolder(db, { parentId: a.id, name: 'B' });
    const c = createFolder(db, { parentId: b.id, name: 'C' });
    for (const target of [a.id, b.id, c.id]) {
      const err = storeError(() => moveFolder(db, a.id, target));
      expect(err.code).toBe('CONFLICT');
      expect(err.message).toBe("The folder 'A' cannot be moved into itself or into one of its own subfolders.");
    }
    expect(getFolder(db, a.id).parentId).toBeNull();
    moveFolder(db, c.id, null);
    moveFolder(db, a.id, c.id); // C is no longer below A
    expect(getFolder(db, a.id).parentId).toBe(c.id);
  });

  it('refuse to delete a folder that holds folders or schemes; deleted schemes do not count', () => {
    const db = openDatabase(':memory:');
    const a = createFolder(db, { parentId: null, name: 'A' });
    const b = createFolder(db, { parentId: a.id, name: 'B' });
    const s = createScheme(db, { folderId: a.id, content: scheme(), by: 'eng' });
    expect(storeError(() => deleteFolder(db, a.id)).message).toBe("The folder 'A' still holds 1 folder and 1 scheme. Move or delete them first.");
    deleteFolder(db, b.id);
    expect(storeError(() => deleteFolder(db, a.id)).message).toBe("The folder 'A' still holds 1 scheme. Move or delete them first.");
    deleteScheme(db, s.schemeStoreId);
    deleteFolder(db, a.id);
    expect(listSchemeTree(db).folders).toEqual([]);
    // The deleted scheme and its content are kept (for certificates), now without a folder.
    expect(getSchemeEntry(db, s.schemeStoreId)).toMatchObject({ folderId: null });
    expect(getSchemeVersion(db, s.schemeStoreId).content.id).toBe('DOM1');
  });
});

describe('schemes and versions', () => {
  it('store the content as canonical JSON with its SHA-256, and list it in the tree', () => {
    const db = openDatabase(':memory:');
    const f = createFolder(db, { parentId: null, name: 'Domestic' });
    const content = scheme();
    const made = createScheme(db, { folderId: f.id, content, by: 'j.engineer', note: 'first', nowUtc: T0 });
    expect(made).toEqual({ schemeStoreId: made.schemeStoreId, version: 1 });
    const v = getSchemeVersion(db, made.schemeStoreId);
    expect(v).toMatchObject({ version: 1, savedUtc: T0, savedBy: 'j.engineer', note: 'first', contentSha256: schemeContentHash(content) });
    expect(v.content).toEqual(content);
    const row = db.prepare('SELECT content_json FROM scheme_versions').get() as { content_json: string };
    expect(row.content_json).toBe(canonicalSchemeJson(content));
    expect(Object.keys(JSON.parse(row.content_json) as object)).toEqual(Object.keys(content).sort());
    expect(listSchemeTree(db).schemes).toEqual([
      { id: made.schemeStoreId, folderId: f.id, name: 'Domestic day/night', schemeId: 'DOM1', meterModel: 'A1140', latestVersion: 1, savedUtc: T0, savedBy: 'j.engineer' },
    ]);
  });

  it('hash content independently of key order', () => {
    const a = scheme();
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as TariffScheme;
    expect(schemeContentHash(reordered)).toBe(schemeContentHash(a));
    expect(schemeContentHash({ ...a, name: 'Other' })).not.toBe(schemeContentHash(a));
  });

  it('refuse content that fails the model, naming the path, and store nothing', () => {
    const db = openDatabase(':memory:');
    const bad = scheme();
    bad.dayProfiles[0]!.switches[1]!.time = '25:00';
    const err = storeError(() => createScheme(db, { folderId: null, content: bad, by: 'eng' }));
    expect(err.code).toBe('INVALID_DATA');
    expect(err.message).toBe('The scheme cannot be saved: dayProfiles.0.switches.1.time: write the time as hh:mm, 00:00 to 23:59. Correct it and save again.');
    expect(listSchemeTree(db).schemes).toEqual([]);
  });

  it('save every change as a new version and keep the old ones unchanged', () => {
    const db = openDatabase(':memory:');
    const { schemeStoreId } = createScheme(db, { folderId: null, content: scheme(), by: 'a', nowUtc: T0 });
    const v2 = { ...scheme(), description: 'night from 23:00' };
    expect(saveSchemeVersion(db, { schemeStoreId, content: v2, by: 'b', note: 'described', baseVersion: 1, nowUtc: '2026-05-02T10:00:00.000Z' })).toEqual({ version: 2, unchanged: false });
    const v3 = { ...v2, version: 2 };
    expect(saveSchemeVersion(db, { schemeStoreId, content: v3, by: 'c', baseVersion: 2 })).toEqual({ version: 3, unchanged: false });
    expect(getSchemeVersion(db, schemeStoreId, 1).content).toEqual(scheme());
    expect(getSchemeVersion(db, schemeStoreId, 2).content.description).toBe('night from 23:00');
    expect(getSchemeVersion(db, schemeStoreId).version).toBe(3);
    expect(listSchemeVersions(db, schemeStoreId).map((v) => [v.version, v.savedBy, v.note])).toEqual([[3, 'c', ''], [2, 'b', 'described'], [1, 'a', '']]);
    expect(listSchemeTree(db).schemes[0]).toMatchObject({ latestVersion: 3, savedBy: 'c' });
    expect(storeError(() => getSchemeVersion(db, schemeStoreId, 9)).message).toBe('This scheme has no version 9. Choose one from its history.');
  });

  it('refuse a save based on a stale version, plainly, and lose nothing', () => {
    const db = openDatabase(':memory:');
    const { schemeStoreId } = createScheme(db, { folderId: null, content: scheme(), by: 'a' });
    saveSchemeVersion(db, { schemeStoreId, content: { ...scheme(), description: 'x' }, by: 'a', baseVersion: 1 });
    saveSchemeVersion(db, { schemeStoreId, content: { ...scheme(), description: 'y' }, by: 'a', baseVersion: 2 });
    const mine = { ...scheme(), description: 'mine' };
    const err = storeError(() => saveSchemeVersion(db, { schemeStoreId, content: mine, by: 'b', baseVersion: 2 }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe('Someone saved version 3 of this scheme after you opened version 2. Reload it and apply your change again.');
    expect(storeError(() => saveSchemeVersion(db, { schemeStoreId, content: mine, by: 'b', baseVersion: 7 })).code).toBe('NOT_FOUND');
    expect(listSchemeVersions(db, schemeStoreId)).toHaveLength(3);
    expect(saveSchemeVersion(db, { schemeStoreId, content: mine, by: 'b', baseVersion: 3 })).toEqual({ version: 4, unchanged: false });
  });

  it('do not make a new version for unchanged content', () => {
    const db = openDatabase(':memory:');
    const { schemeStoreId } = createScheme(db, { folderId: null, content: scheme(), by: 'a' });
    expect(saveSchemeVersion(db, { schemeStoreId, content: scheme(), by: 'b', baseVersion: 1 })).toEqual({ version: 1, unchanged: true });
    expect(listSchemeVersions(db, schemeStoreId)).toHaveLength(1);
  });

  it('are renamed, moved and soft-deleted with plain refusals for duplicate names', () => {
    const db = openDatabase(':memory:');
    const f = createFolder(db, { parentId: null, name: 'Domestic' });
    const a = createScheme(db, { folderId: f.id, content: scheme('A'), by: 'x', name: 'Economy 7' });
    const b = createScheme(db, { folderId: null, content: scheme('B'), by: 'x', name: 'economy 7' });
    expect(storeError(() => createScheme(db, { folderId: f.id, content: scheme('C'), by: 'x', name: 'ECONOMY 7' })).message).toBe(
      "There is already a scheme called 'Economy 7' here.",
    );
    expect(storeError(() => moveScheme(db, b.schemeStoreId, f.id)).message).toBe("There is already a scheme called 'Economy 7' here.");
    renameScheme(db, b.schemeStoreId, 'Economy 10');
    moveScheme(db, b.schemeStoreId, f.id);
    expect(listSchemeTree(db).schemes.map((s) => [s.name, s.folderId])).toEqual([['Economy 10', f.id], ['Economy 7', f.id]]);
    expect(getSchemeVersion(db, b.schemeStoreId).content.name).toBe('Domestic day/night'); // content unchanged
    deleteScheme(db, a.schemeStoreId, T0);
    expect(listSchemeTree(db).schemes.map((s) => s.name)).toEqual(['Economy 10']);
    expect(getSchemeEntry(db, a.schemeStoreId).deletedUtc).toBe(T0);
    expect(storeError(() => saveSchemeVersion(db, { schemeStoreId: a.schemeStoreId, content: scheme('A'), by: 'x' })).code).toBe('NOT_FOUND');
    expect(storeError(() => renameScheme(db, a.schemeStoreId, 'z')).code).toBe('NOT_FOUND');
    expect(storeError(() => deleteScheme(db, a.schemeStoreId)).code).toBe('NOT_FOUND');
    // Its name is free again.
    createScheme(db, { folderId: f.id, content: scheme('D'), by: 'x', name: 'Economy 7' });
  });
});

describe('findOrImportScheme', () => {
  it('reuses a stored version with the same content, else creates the scheme in "Imported schemes"', () => {
    const db = openDatabase(':memory:');
    const { schemeStoreId } = createScheme(db, { folderId: null, content: scheme(), by: 'a' });
    saveSchemeVersion(db, { schemeStoreId, content: { ...scheme(), description: 'v2' }, by: 'a' });
    expect(findOrImportScheme(db, scheme(), { by: 'b' })).toEqual({ schemeStoreId, version: 1, created: false, name: 'Domestic day/night' });
    const reordered = Object.fromEntries(Object.entries({ ...scheme(), description: 'v2' }).reverse()) as TariffScheme;
    expect(findOrImportScheme(db, reordered, { by: 'b' })).toMatchObject({ schemeStoreId, version: 2, created: false });
    const fresh = { ...scheme(), description: 'new' };
    const made = findOrImportScheme(db, fresh, { by: 'b' });
    expect(made).toMatchObject({ version: 1, created: true, name: 'Domestic day/night' });
    expect(findOrImportScheme(db, fresh, { by: 'c' })).toEqual({ ...made, created: false });
    const tree = listSchemeTree(db);
    expect(tree.folders.map((f) => f.name)).toEqual([IMPORTED_FOLDER]);
    expect(tree.schemes.find((s) => s.id === made.schemeStoreId)?.folderId).toBe(tree.folders[0]!.id);
    expect(getSchemeVersion(db, made.schemeStoreId)).toMatchObject({ savedBy: 'b', note: 'imported' });
  });

  it('gives a taken name a number, and does not match deleted schemes', () => {
    const db = openDatabase(':memory:');
    const first = findOrImportScheme(db, { ...scheme(), description: '1' }, { by: 'a', folderName: 'Inbox' });
    const second = findOrImportScheme(db, { ...scheme(), description: '2' }, { by: 'a', folderName: 'Inbox' });
    expect([first.name, second.name]).toEqual(['Domestic day/night', 'Domestic day/night (2)']);
    deleteScheme(db, first.schemeStoreId);
    expect(findSchemeByContent(db, { ...scheme(), description: '1' })).toBeNull();
    expect(findOrImportScheme(db, { ...scheme(), description: '1' }, { by: 'a', folderName: 'Inbox' })).toMatchObject({ created: true, name: 'Domestic day/night' });
  });
});
