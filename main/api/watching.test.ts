import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { events, type ContractEvents } from '../../contract';
import { formatRes } from '../res/codec';
import { createAppContext } from '../services/app-context';
import type { AppContext } from '../core/context';
import { saveWatchedFolder } from '../store/watched-folders';
import { buildReading } from '../store/test-fixtures';
import { createFolderWatcher, toWatchEvent } from './watching';

let dir: string;
let ctx: AppContext;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pmu-watching-'));
  ctx = createAppContext({ dbPath: ':memory:', resDir: path.join(dir, 'RES') });
});
afterEach(() => {
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the app folder watcher', () => {
  it('imports a settled file on scan, reports it as watchEvent payloads the contract accepts, and shows live status', async () => {
    const folder = saveWatchedFolder(ctx.db, { path: dir, intervalSeconds: 600, mode: 'append', recursive: false, after: 'leave', enabled: true });
    const file = path.join(dir, 'W1.RES');
    writeFileSync(file, formatRes(buildReading({ serial: 'W1' })));
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old); // written a minute ago: settled
    const seen: ContractEvents['watchEvent'][] = [];
    const watcher = createFolderWatcher(ctx, (name, payload) => {
      if (name === 'watchEvent') seen.push(payload as ContractEvents['watchEvent']);
    });
    watcher.start();
    try {
      await watcher.scanNow(folder.id);
      expect(seen.some((e) => e.folderId === folder.id && e.imported === 1 && e.message.includes('W1.RES'))).toBe(true);
      expect(seen.every((e) => events.watchEvent.safeParse(e).success)).toBe(true);
      const [status] = watcher.status();
      expect(status).toMatchObject({ id: folder.id, lastResult: '1 imported', lastError: null, importedTotal: 1 });
      expect(Date.parse(status?.nextScanUtc ?? '')).toBeGreaterThan(Date.now());
    } finally {
      await watcher.stop();
    }
  });

  it('leaves scan starts out and keeps errors', () => {
    expect(toWatchEvent({ type: 'scan-start', folderId: 1, path: '/in', atUtc: 'x' })).toBeNull();
    expect(toWatchEvent({ type: 'error', folderId: 2, path: '/in', message: 'The folder "/in" does not exist.', atUtc: 'x' })).toEqual({
      folderId: 2, message: 'The folder "/in" does not exist.', imported: 0,
    });
    // Ad-hoc folders of `pmu watch` have negative ids: not a stored folder.
    expect(toWatchEvent({ type: 'scan-end', folderId: -1, path: '/in', result: 'no new files', atUtc: 'x' })?.folderId).toBeNull();
  });
});
