import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { formatReadingsJson } from '../formats/readings-json';
import { formatRes } from '../res/codec';
import { listImportLog } from '../store/import-log';
import { countRows, getReading, listReadings } from '../store/readings';
import { buildReading } from '../store/test-fixtures';
import { importContent, importFile } from './import-file';
import { resOf, tempDirs, testContext } from './test-helpers';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());
const enc = (s: string) => new TextEncoder().encode(s);

describe('importFile / importContent', () => {
  let ctx: ReturnType<typeof testContext>;
  let dir: string;
  beforeEach(() => {
    ctx = testContext();
    dir = dirs.make();
  });

  it('stores a .RES file losslessly as res-import with its path; the same file twice is stored once', async () => {
    const { reading, text } = resOf();
    const p = join(dir, 'a.RES');
    writeFileSync(p, text);
    const first = await importFile(ctx, p);
    expect(first).toMatchObject({ file: p, kind: 'res', result: 'imported', registers: 30, intervals: 24, reason: null, line: null });
    expect(getReading(ctx.db, first.readingIds[0]!)).toEqual(reading);
    expect(listReadings(ctx.db)[0]).toMatchObject({ source: 'res-import', resPath: p });
    const second = await importFile(ctx, p);
    expect(second).toMatchObject({ result: 'duplicate', readingIds: first.readingIds });
    expect(countRows(ctx.db).readings).toBe(1);
    expect(listImportLog(ctx.db).map((e) => e.result)).toEqual(['duplicate', 'imported']);
  });

  it('stores big load profiles exactly (values written in batches: -0, null and every boundary kept)', async () => {
    const base = buildReading({ intervals: 100 });
    const lp = base.loadProfile!;
    const intervals = lp.intervals.map((iv, k) => ({ ...iv, values: [k === 31 || k === 64 ? -0 : iv.values[0]!, k === 32 || k === 99 ? null : k / 8] }));
    const reading = { ...base, loadProfile: { ...lp, intervals } };
    const o = await importContent(ctx, 'big.RES', enc(formatRes(reading)));
    expect(o).toMatchObject({ result: 'imported', intervals: 100 });
    const back = getReading(ctx.db, o.readingIds[0]!)!;
    expect(back).toEqual(reading);
    expect(Object.is(back.loadProfile!.intervals[64]!.values[0], -0)).toBe(true);
    expect(countRows(ctx.db).load_profile_values).toBe(200);
  });

  it('the same reading in two files (.RES and JSON, different names) is stored once', async () => {
    const { reading, text } = resOf();
    const a = await importContent(ctx, 'a.RES', enc(text));
    const b = await importContent(ctx, 'b.json', enc(formatReadingsJson([reading])));
    expect([a.result, a.kind, b.result, b.kind]).toEqual(['imported', 'res', 'duplicate', 'json']);
    expect(b.readingIds).toEqual(a.readingIds);
    expect(countRows(ctx.db).readings).toBe(1);
  });

  it('append keeps a changed reading of the same meter and start as a second reading', async () => {
    const { text } = resOf();
    const changed = resOf({ intervals: 20 }).text; // same meter and start, different content
    await importContent(ctx, 'a.RES', enc(text));
    expect((await importContent(ctx, 'b.RES', enc(changed))).result).toBe('imported');
    expect(countRows(ctx.db).readings).toBe(2);
  });

  it('overwrite replaces the stored reading of the same meter and start (registers and intervals too), in one go', async () => {
    const old = await importContent(ctx, 'a.RES', enc(resOf().text));
    const other = await importContent(ctx, 'c.RES', enc(resOf({ startedUtc: '2026-03-30T08:00:00.000Z' }).text));
    const newer = resOf({ intervals: 20 });
    const o = await importContent(ctx, 'b.RES', enc(newer.text), { mode: 'overwrite' });
    expect(o).toMatchObject({ result: 'replaced', intervals: 20 });
    expect(getReading(ctx.db, old.readingIds[0]!)).toBeNull();
    expect(getReading(ctx.db, o.readingIds[0]!)).toEqual(newer.reading);
    expect(getReading(ctx.db, other.readingIds[0]!)).not.toBeNull(); // another start time of the meter stays
    expect(countRows(ctx.db)).toEqual({ meters: 1, readings: 2, registers: 60, load_profile_channels: 4, load_profile_values: 2 * 20 + 2 * 24 });
    // The same file again in overwrite mode: nothing to replace, it is a duplicate.
    expect((await importContent(ctx, 'b.RES', enc(newer.text), { mode: 'overwrite' })).result).toBe('duplicate');
    // A first reading in overwrite mode is simply imported.
    expect((await importContent(ctx, 'd.RES', enc(resOf({ serial: '999' }).text), { mode: 'overwrite' })).result).toBe('imported');
  });

  it('is atomic: when the store refuses part of a file, nothing of it is stored and the file is quarantined', async () => {
    const a = buildReading({ serial: '111' });
    const b = buildReading({ serial: '222', intervals: 96 });
    // Make SQLite refuse the 50th interval of the second reading, after its meter, reading, registers and
    // first intervals were written inside the transaction.
    ctx.db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON load_profile_values WHEN NEW.seq = 50
                 BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    const o = await importContent(ctx, 'two.json', enc(formatReadingsJson([a, b])));
    expect(o).toMatchObject({ result: 'quarantined', kind: 'json', readingIds: [] });
    expect(o.reason).toMatch(/refused by the test/);
    expect(countRows(ctx.db)).toEqual({ meters: 0, readings: 0, registers: 0, load_profile_channels: 0, load_profile_values: 0 });
    ctx.db.exec('DROP TRIGGER refuse');
    expect((await importContent(ctx, 'two.json', enc(formatReadingsJson([a, b])))).result).toBe('imported');
    expect(countRows(ctx.db).readings).toBe(2);
  });

  it('throws (does not quarantine) when the store itself fails, so the file is tried again later', async () => {
    const { text } = resOf();
    ctx.db.close();
    await expect(importContent(ctx, 'a.RES', enc(text))).rejects.toThrow();
  });

  it('logs every attempt with size, sha256, kind, counts and duration', async () => {
    const text = formatRes(buildReading());
    await importContent(ctx, 'a.RES', enc(text), { origin: 'command line' });
    const [e] = listImportLog(ctx.db);
    expect(e).toMatchObject({ file: 'a.RES', size: enc(text).length, mtimeMs: null, kind: 'res', mode: 'append', result: 'imported', registers: 30, intervals: 24, reason: null, line: null, origin: 'command line' });
    expect(e!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(e!.durationMs).toBeGreaterThan(0);
    expect(Date.parse(e!.atUtc)).toBeGreaterThan(Date.now() - 60_000);
  });
});
