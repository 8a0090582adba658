import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/store';
import { testContext } from '../auth/test-helpers';
import { deleteWatchedFolderAs, listWatchedFoldersAs, saveWatchedFolderAs } from './watched-folders';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('watched folders (service)', () => {
  it('stores a folder as the contract shows it, refuses an interval under 10 s and a missing folder, records save and delete', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pmu-watch-svc-'));
    dirs.push(dir);
    const ctx = testContext();
    const saved = await saveWatchedFolderAs(ctx, { path: dir, intervalSeconds: 10, mode: 'overwrite', recursive: true, after: 'move', enabled: true });
    expect(saved).toEqual({ id: saved.id, path: dir, intervalSeconds: 10, mode: 'overwrite', recursive: true, after: 'move', enabled: true });
    expect(listWatchedFoldersAs(ctx)).toEqual([saved]);
    await expect(saveWatchedFolderAs(ctx, { ...saved, intervalSeconds: 9 })).rejects.toThrow(/at least 10/);
    await expect(saveWatchedFolderAs(ctx, { ...saved, path: path.join(dir, 'gone') })).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
    expect(deleteWatchedFolderAs(ctx, saved.id)).toBe(true);
    expect(deleteWatchedFolderAs(ctx, saved.id)).toBe(false);
    expect(listAudit(ctx.db, {}, { limit: 10 }).records.map((r) => r.action)).toEqual(['watchedFolder.deleted', 'watchedFolder.saved']);
    ctx.db.close();
  });
});
