import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { StoreError } from '../core/errors';
import { buildReading } from '../store/test-fixtures';

/** rename() fails like a full disk, so the write stops after the temporary file was written and synced. */
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const rename: typeof fs.rename = async () => {
    throw Object.assign(new Error('ENOSPC: no space left on device, rename'), { code: 'ENOSPC' });
  };
  return { ...fs, default: { ...fs, rename }, rename };
});

const { writeResFile } = await import('./file');
const dir = mkdtempSync(join(tmpdir(), 'pmu-res-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeResFile atomicity', () => {
  it('leaves neither the file nor its .tmp when the final rename fails, and says the disk is full', async () => {
    const err = await writeResFile(buildReading(), dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('DISK_FULL');
    expect((err as StoreError).message).toMatch(/Could not write the \.RES file: the disk holding .* is full/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
