import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { listReadings } from '../store/readings';
import { importFolder, isIgnoredName, listImportFiles, moveToImported } from './folder';
import type { ImportProgress } from './types';
import { mt174Bytes, resOf, tempDirs, testContext } from './test-helpers';

/** Folder import. Uses the public Iskra MT174 capture (fixtures/vectors: Apollon77/smartmeter-obis, MIT licence). */
const dirs = tempDirs();
afterAll(() => dirs.cleanup());

describe('importFolder', () => {
  let ctx: ReturnType<typeof testContext>;
  let dir: string;
  beforeEach(() => {
    ctx = testContext();
    dir = dirs.make();
    writeFileSync(join(dir, 'a.RES'), resOf({ serial: '111' }).text);
    writeFileSync(join(dir, 'b-broken.RES'), resOf({ serial: '222' }).text.slice(0, 500));
    writeFileSync(join(dir, 'c-capture.bin'), mt174Bytes());
    writeFileSync(join(dir, 'd.RES'), resOf({ serial: '333' }).text);
    writeFileSync(join(dir, 'd.RES.tmp'), 'half-written by writeResFile');
    writeFileSync(join(dir, '.hidden.RES'), 'x');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'e.RES'), resOf({ serial: '444' }).text);
    mkdirSync(join(dir, 'imported'));
    writeFileSync(join(dir, 'imported', 'old.RES'), resOf({ serial: '555' }).text);
  });

  it('goes on after a bad file, reports progress for every file, and sums up', async () => {
    const progress: ImportProgress[] = [];
    const s = await importFolder(ctx, dir, { onProgress: (p) => progress.push(p) });
    expect(s.outcomes.map((o) => [o.file.slice(dir.length + 1), o.result])).toEqual([
      ['a.RES', 'imported'],
      ['b-broken.RES', 'quarantined'],
      ['c-capture.bin', 'imported'],
      ['d.RES', 'imported'],
    ]);
    expect([s.files, s.imported, s.duplicates, s.replaced, s.quarantined.length, s.intervals]).toEqual([4, 3, 0, 0, 1, 48]);
    // Cut after 500 characters: the line after the last one present is where [end] was expected.
    const cutLines = resOf({ serial: '222' }).text.slice(0, 500).split('\r\n').length;
    expect(s.quarantined[0]).toMatchObject({ kind: 'res', line: cutLines + 1 });
    expect(s.quarantined[0]!.reason).toMatch(/cut short/);
    expect(progress.map((p) => [p.done, p.total, p.outcome?.result ?? null])).toEqual([
      [0, 4, null],
      [1, 4, 'imported'],
      [2, 4, 'quarantined'],
      [3, 4, 'imported'],
      [4, 4, 'imported'],
    ]);
    const again = await importFolder(ctx, dir);
    expect([again.imported, again.duplicates, again.quarantined.length]).toEqual([0, 3, 1]);
    expect(listReadings(ctx.db)).toHaveLength(3);
  });

  it('recursive includes subfolders but never imported/', async () => {
    const files = await listImportFiles(dir, true);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['a.RES', 'b-broken.RES', 'c-capture.bin', 'd.RES', join('sub', 'e.RES')]);
    expect((await importFolder(ctx, dir, { recursive: true })).imported).toBe(4);
  });

  it('after "move": handled files go to imported/ (never overwriting), quarantined files stay, .RES paths follow', async () => {
    mkdirSync(join(dir, 'imported', 'sub'));
    writeFileSync(join(dir, 'imported', 'a.RES'), 'an older, different a.RES');
    const s = await importFolder(ctx, dir, { after: 'move', recursive: true });
    expect(s.outcomes.map((o) => o.movedTo?.slice(dir.length + 1) ?? null)).toEqual([
      join('imported', 'a-2.RES'),
      null,
      join('imported', 'c-capture.bin'),
      join('imported', 'd.RES'),
      join('imported', 'sub', 'e.RES'),
    ]);
    expect(readFileSync(join(dir, 'imported', 'a.RES'), 'utf8')).toBe('an older, different a.RES');
    expect(readdirSync(dir).sort()).toEqual(['.hidden.RES', 'b-broken.RES', 'd.RES.tmp', 'imported', 'sub']);
    expect(existsSync(join(dir, 'sub', 'e.RES'))).toBe(false);
    const resPaths = listReadings(ctx.db).map((r) => r.resPath).sort();
    expect(resPaths).toEqual([join(dir, 'imported', 'a-2.RES'), join(dir, 'imported', 'd.RES'), join(dir, 'imported', 'sub', 'e.RES'), null]);
  });

  it('moveToImported adds -2, -3 … and keeps the content', async () => {
    writeFileSync(join(dir, 'x.RES'), 'one');
    expect(await moveToImported(dir, join(dir, 'x.RES'))).toBe(join(dir, 'imported', 'x.RES'));
    writeFileSync(join(dir, 'x.RES'), 'two');
    expect(await moveToImported(dir, join(dir, 'x.RES'))).toBe(join(dir, 'imported', 'x-2.RES'));
    writeFileSync(join(dir, 'x.RES'), 'three');
    expect(await moveToImported(dir, join(dir, 'x.RES'))).toBe(join(dir, 'imported', 'x-3.RES'));
    expect(['x.RES', 'x-2.RES', 'x-3.RES'].map((n) => readFileSync(join(dir, 'imported', n), 'utf8'))).toEqual(['one', 'two', 'three']);
  });

  it('a missing folder is a plain error', async () => {
    await expect(importFolder(ctx, join(dir, 'nope'))).rejects.toThrow(/^The folder ".*nope" does not exist \(or the network share is not connected\)\.$/);
  });

  it('ignores hidden, temporary and system files', () => {
    expect(['.x.RES', '~$book.csv', 'a.RES.tmp', 'b.part', 'c.crdownload', 'Thumbs.db', 'desktop.ini'].filter((n) => !isIgnoredName(n))).toEqual([]);
    expect(['a.RES', 'capture.bin', 'profile.csv', 'export.json'].every((n) => !isIgnoredName(n))).toBe(true);
  });
});
