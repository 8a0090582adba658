import { describe, expect, it } from 'vitest';
import { openDatabase } from './db';
import { addImportLog, latestImportOf, listImportLog, listQuarantine, type ImportLogInput } from './import-log';
import { deleteWatchedFolder, getWatchedFolder, listWatchedFolders, recordFolderScan, saveWatchedFolder } from './watched-folders';

const settings = { path: '/data/inbox', intervalSeconds: 10, mode: 'append' as const, recursive: false, after: 'leave' as const, enabled: true };

describe('watched folders', () => {
  it('are added, changed, listed, given scan results and removed', () => {
    const db = openDatabase(':memory:');
    const a = saveWatchedFolder(db, settings);
    expect(a).toMatchObject({ ...settings, id: 1, lastScanUtc: null, lastResult: null, lastError: null, importedTotal: 0 });
    const b = saveWatchedFolder(db, { ...settings, path: '\\\\server\\share\\RES', intervalSeconds: 60, mode: 'overwrite', recursive: true, after: 'move', enabled: false });
    expect(listWatchedFolders(db).map((f) => f.path)).toEqual(['/data/inbox', '\\\\server\\share\\RES']);
    expect(saveWatchedFolder(db, { ...a, intervalSeconds: 30 }).intervalSeconds).toBe(30);
    recordFolderScan(db, a.id, { atUtc: '2026-03-01T10:00:00.000Z', result: '2 imported', error: null, imported: 2 });
    recordFolderScan(db, a.id, { atUtc: '2026-03-01T10:00:30.000Z', result: 'no new files', error: null, imported: 0 });
    expect(getWatchedFolder(db, a.id)).toMatchObject({ lastScanUtc: '2026-03-01T10:00:30.000Z', lastResult: 'no new files', importedTotal: 2 });
    expect(deleteWatchedFolder(db, b.id)).toBe(true);
    expect(deleteWatchedFolder(db, b.id)).toBe(false);
    expect(listWatchedFolders(db)).toHaveLength(1);
    db.close();
  });

  it('refuse a scan interval under 10 s, a fractional one, an empty or repeated path, an unknown id — in code and in the table', () => {
    const db = openDatabase(':memory:');
    expect(() => saveWatchedFolder(db, { ...settings, intervalSeconds: 9 })).toThrow('The scan interval must be a whole number of at least 10 seconds (got 9).');
    expect(() => saveWatchedFolder(db, { ...settings, intervalSeconds: 12.5 })).toThrow(/whole number of at least 10 seconds/);
    expect(() => saveWatchedFolder(db, { ...settings, path: ' ' })).toThrow('The watched folder needs a path.');
    saveWatchedFolder(db, settings);
    expect(() => saveWatchedFolder(db, settings)).toThrow('The folder "/data/inbox" is already watched.');
    expect(() => saveWatchedFolder(db, { ...settings, path: '/x', id: 99 })).toThrow('There is no watched folder number 99 (it may have been removed).');
    const raw = (interval: number) =>
      db.prepare("INSERT INTO watched_folders (path, interval_seconds, mode, recursive, after, enabled, created_utc) VALUES (?, ?, 'append', 0, 'leave', 1, 'x')").run(`/p${interval}`, interval);
    expect(() => raw(5)).toThrow(/CHECK constraint failed/);
    expect(() => raw(10)).not.toThrow();
    db.close();
  });
});

describe('import log', () => {
  const entry = (over: Partial<ImportLogInput>): ImportLogInput => ({
    file: '/in/a.RES', size: 100, mtimeMs: 1_700_000_000_000.5, sha256: 'a'.repeat(64), kind: 'res', mode: 'append', result: 'imported',
    readingIds: [1], registers: 30, intervals: 96, durationMs: 12.5, reason: null, line: null, ...over,
  });

  it('lists newest first, filters by result and file, and the quarantine view shows only files still quarantined', () => {
    const db = openDatabase(':memory:');
    addImportLog(db, entry({ file: '/in/bad.RES', result: 'quarantined', readingIds: [], reason: 'cut short', line: 12, kind: 'res' }));
    addImportLog(db, entry({ file: '/in/fixed.RES', result: 'quarantined', readingIds: [], reason: 'bad', line: 3 }));
    addImportLog(db, entry({ file: '/in/fixed.RES' }));
    addImportLog(db, entry({ file: '/in/a.RES', origin: 'upload', folderId: null }));
    expect(listImportLog(db).map((e) => e.file)).toEqual(['/in/a.RES', '/in/fixed.RES', '/in/fixed.RES', '/in/bad.RES']);
    expect(listImportLog(db, { result: 'quarantined' }).map((e) => e.file)).toEqual(['/in/fixed.RES', '/in/bad.RES']);
    expect(listImportLog(db, { limit: 1 })[0]).toMatchObject({ ...entry({ origin: 'upload' }), folderId: null, origin: 'upload' });
    expect(listQuarantine(db).map((e) => [e.file, e.reason, e.line])).toEqual([['/in/bad.RES', 'cut short', 12]]);
    expect(latestImportOf(db, '/in/fixed.RES')?.result).toBe('imported');
    expect(latestImportOf(db, '/in/none.RES')).toBeNull();
    db.close();
  });
});
