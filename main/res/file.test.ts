import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReadingResult } from '../../protocol/reading';
import { StoreError } from '../core/errors';
import { buildReading } from '../store/test-fixtures';
import { formatRes, ResFormatError } from './codec';
import { defaultResName, readResFile, writeResFile } from './file';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pmu-res-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function readError(path: string): Promise<ResFormatError> {
  try {
    await readResFile(path);
  } catch (err) {
    expect(err).toBeInstanceOf(ResFormatError);
    return err as ResFormatError;
  }
  throw new Error('readResFile accepted the file');
}

describe('defaultResName', () => {
  it('is <serial>_<startedUtc as YYYYMMDDTHHMMSSZ>.RES', () => {
    expect(defaultResName(buildReading())).toBe('60219548_20260329T041000Z.RES');
  });

  it('falls back to manufacturer-model and is safe for Windows', () => {
    const r = buildReading({ serial: null });
    expect(defaultResName(r)).toBe('ISK-MT174-0001_20260329T041000Z.RES');
    const odd: ReadingResult = { ...r, meter: { ...r.meter, serial: 'A/B:C*D?"<x>|\\ .' } };
    expect(defaultResName(odd)).toBe('A_B_C_D___x____20260329T041000Z.RES');
    expect(defaultResName(odd)).not.toMatch(/[<>:"/\\|?*]/);
    expect(defaultResName({ ...r, meter: { ...r.meter, serial: 'CON' } })).toBe('_CON_20260329T041000Z.RES');
    expect(defaultResName({ ...r, meter: { ...r.meter, serial: 'Com1' } })).toBe('_Com1_20260329T041000Z.RES');
  });
});

describe('writeResFile / readResFile', () => {
  it('writes into a folder (created) under the default name, CR LF UTF-8, no .tmp left; reads it back deep-equal', async () => {
    const dir = join(tempDir(), 'RES');
    const r = buildReading();
    const path = await writeResFile(r, dir);
    expect(path).toBe(join(dir, '60219548_20260329T041000Z.RES'));
    expect(readdirSync(dir)).toEqual(['60219548_20260329T041000Z.RES']);
    expect(readFileSync(path, 'utf8')).toBe(formatRes(r));
    expect(await readResFile(path)).toStrictEqual(r);
  });

  it('writes to an explicit .RES path', async () => {
    const dir = tempDir();
    const r = buildReading({ intervals: 2 });
    const path = await writeResFile(r, join(dir, 'sub', 'my reading.res'));
    expect(path).toBe(join(dir, 'sub', 'my reading.res'));
    expect(await readResFile(path)).toStrictEqual(r);
  });

  it('never overwrites a different file: adds -2, -3; the same content is not written twice', async () => {
    const dir = tempDir();
    const name = '60219548_20260329T041000Z.RES';
    writeFileSync(join(dir, name), 'somebody else’s file');
    const a = buildReading();
    const b: ReadingResult = { ...a, session: { ...a.session, operator: 'b.jones' } };
    const pa = await writeResFile(a, dir);
    const pb = await writeResFile(b, dir);
    const again = await writeResFile(a, dir);
    expect(pa).toBe(join(dir, '60219548_20260329T041000Z-2.RES'));
    expect(pb).toBe(join(dir, '60219548_20260329T041000Z-3.RES'));
    expect(again).toBe(pa);
    expect(readFileSync(join(dir, name), 'utf8')).toBe('somebody else’s file');
    expect(readdirSync(dir).sort()).toEqual([name, '60219548_20260329T041000Z-2.RES', '60219548_20260329T041000Z-3.RES'].sort());
    expect((await readResFile(pb)).session.operator).toBe('b.jones');
  });

  it('leaves no file and no .tmp when the reading cannot be written, and reports a read-only target plainly', async () => {
    const dir = tempDir();
    const r = buildReading();
    await expect(writeResFile({ ...r, session: { ...r.session, baud: Number.NaN } }, dir)).rejects.toThrow(RangeError);
    expect(readdirSync(dir)).toEqual([]);
    writeFileSync(join(dir, 'file'), 'x'); // a file where the folder should be
    const err = await writeResFile(r, join(dir, 'file', 'RES')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('names the file and line when the content is damaged', async () => {
    const dir = tempDir();
    const path = await writeResFile(buildReading(), dir);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, 3000));
    const err = await readError(path);
    expect(err.reason).toBe('truncated');
    expect(err.message).toContain(`"${path}"`);
    expect(err.file).toBe(path);
  });

  it('refuses bytes that are not UTF-8, with the line of the bad byte', async () => {
    const dir = tempDir();
    const path = join(dir, 'x.RES');
    writeFileSync(path, Buffer.concat([Buffer.from('PMU-RES 1\r\n[reading]\r\nversion=1\r\n[meter]\r\nmodel='), Buffer.from([0xff, 0xfe]), Buffer.from('\r\n')]));
    const err = await readError(path);
    expect({ reason: err.reason, line: err.line }).toEqual({ reason: 'not-utf8', line: 5 });
  });

  it('explains a missing file', async () => {
    await expect(readResFile(join(tempDir(), 'none.RES'))).rejects.toThrow(/does not exist/);
  });
});
