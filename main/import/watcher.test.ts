import { appendFileSync, existsSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listImportLog } from '../store/import-log';
import { listReadings } from '../store/readings';
import { deleteWatchedFolder, getWatchedFolder, saveWatchedFolder, type WatchedFolderSettings } from '../store/watched-folders';
import { mt174Bytes, resOf, tempDirs, testContext } from './test-helpers';
import { FolderWatcher, type WatchEvent } from './watcher';

/**
 * The folder watcher against real folders and timers. Uses the public Iskra MT174 capture
 * (fixtures/vectors/iskra-mt174-readout.bin: Apollon77/smartmeter-obis, MIT licence).
 */
const dirs = tempDirs();
afterAll(() => dirs.cleanup());

async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Sets a file's modification time to `agoMs` in the past. */
const age = (p: string, agoMs: number) => utimesSync(p, new Date(Date.now() - agoMs), new Date(Date.now() - agoMs));

describe('FolderWatcher', () => {
  let ctx: ReturnType<typeof testContext>;
  let dir: string;
  let events: WatchEvent[];
  let watcher: FolderWatcher | null;
  const files = () => events.filter((e): e is Extract<WatchEvent, { type: 'file' }> => e.type === 'file');
  const scans = () => events.filter((e) => e.type === 'scan-end').length;
  const folder = (over: Partial<WatchedFolderSettings> = {}) =>
    saveWatchedFolder(ctx.db, { path: dir, intervalSeconds: 10, mode: 'append', recursive: false, after: 'leave', enabled: true, ...over });
  const start = (testOnlyIntervalMs?: number) => {
    watcher = new FolderWatcher(ctx, { onEvent: (e) => events.push(e), ...(testOnlyIntervalMs ? { testOnlyIntervalMs } : {}) });
    watcher.start();
    return watcher;
  };
  beforeEach(() => {
    ctx = testContext();
    dir = dirs.make();
    events = [];
    watcher = null;
  });
  afterEach(async () => {
    await watcher?.stop();
  });

  it('imports files dropped while it runs within one 10 s scan interval, and keeps the folder status', async () => {
    const f = folder();
    const w = start();
    await waitFor(() => scans() === 1, 5000, 'the first scan');
    expect(w.status()[0]).toMatchObject({ id: f.id, path: dir, lastResult: 'no new files', lastError: null, importedTotal: 0 });
    const droppedAt = Date.now();
    writeFileSync(join(dir, 'a.RES'), resOf({ serial: '111' }).text);
    writeFileSync(join(dir, 'capture.bin'), mt174Bytes());
    writeFileSync(join(dir, 'bad.RES'), 'not a reading');
    await waitFor(() => files().length === 3, 12_000, 'three files');
    for (const e of files()) expect(Date.parse(e.atUtc) - droppedAt).toBeLessThanOrEqual(10_000 + 500);
    expect(files().map((e) => [e.outcome.file.slice(dir.length + 1), e.outcome.result]).sort()).toEqual([
      ['a.RES', 'imported'],
      ['bad.RES', 'quarantined'],
      ['capture.bin', 'imported'],
    ]);
    await waitFor(() => scans() === 2, 2000, 'the end of the second scan');
    const st = w.status()[0]!;
    expect(st).toMatchObject({ lastResult: '2 imported, 1 quarantined', lastError: null, importedTotal: 2, scanning: false });
    expect(Date.parse(st.nextScanUtc!) - Date.parse(st.lastScanUtc!)).toBeGreaterThanOrEqual(9_900);
    expect(getWatchedFolder(ctx.db, f.id)).toMatchObject({ lastResult: '2 imported, 1 quarantined', importedTotal: 2, lastError: null });
    expect(listImportLog(ctx.db).every((e) => e.folderId === f.id && e.origin === `watched folder ${dir}`)).toBe(true);
  }, 20_000);

  it('does not take a file while it is being written', async () => {
    folder();
    start(400);
    await waitFor(() => scans() >= 1, 3000, 'the first scan');
    const text = resOf().text;
    const p = join(dir, 'slow.RES');
    writeFileSync(p, '');
    for (let i = 0; i < text.length; i += 200) {
      appendFileSync(p, text.slice(i, i + 200));
      await new Promise((r) => setTimeout(r, 60));
    }
    await waitFor(() => files().length === 1, 8000, 'the written file');
    expect(files()[0]!.outcome.result).toBe('imported');
    expect(listImportLog(ctx.db).map((e) => e.result)).toEqual(['imported']);
  }, 20_000);

  it('does not retry an unchanged bad file; retries it when its bytes change; never re-imports a handled file', async () => {
    folder();
    const bad = join(dir, 'bad.RES');
    writeFileSync(bad, 'hello world!');
    age(bad, 60_000);
    writeFileSync(join(dir, 'good.RES'), resOf().text);
    start(300);
    await waitFor(() => files().length === 2, 6000, 'both files');
    const n = scans();
    await waitFor(() => scans() >= n + 3, 5000, 'three more scans');
    expect(listImportLog(ctx.db, { file: bad })).toHaveLength(1);
    expect(listImportLog(ctx.db)).toHaveLength(2);
    // Same size and same modification time, other bytes: found by its SHA-256 and tried again.
    const { mtime } = statSync(bad);
    writeFileSync(bad, 'HELLO WORLD!');
    utimesSync(bad, mtime, mtime);
    await waitFor(() => listImportLog(ctx.db, { file: bad }).length === 2, 6000, 'the second attempt');
    // Fixed: a valid reading in its place is imported and leaves the quarantine.
    writeFileSync(bad, resOf({ serial: '777' }).text);
    await waitFor(() => listImportLog(ctx.db, { file: bad })[0]?.result === 'imported', 6000, 'the fixed file');
    expect(listReadings(ctx.db)).toHaveLength(2);
  }, 30_000);

  it('moves imported files to imported/ and does not scan that folder', async () => {
    folder({ after: 'move' });
    writeFileSync(join(dir, 'a.RES'), resOf().text);
    start(300);
    await waitFor(() => files().length === 1, 6000, 'the file');
    expect(files()[0]!.outcome.movedTo).toBe(join(dir, 'imported', 'a.RES'));
    const n = scans();
    await waitFor(() => scans() >= n + 2, 3000, 'two more scans');
    expect(files()).toHaveLength(1);
    expect(existsSync(join(dir, 'a.RES'))).toBe(false);
  }, 15_000);

  it('reports a missing folder as the scan error, follows store changes on reload, and scans on demand', async () => {
    const gone = dirs.make();
    rmSync(gone, { recursive: true });
    const missing = saveWatchedFolder(ctx.db, { path: gone, intervalSeconds: 10, mode: 'append', recursive: false, after: 'leave', enabled: true });
    const paused = folder({ enabled: false });
    const w = start();
    await waitFor(() => scans() === 1, 3000, 'the first scan');
    expect(w.status().map((s) => s.id)).toEqual([missing.id]);
    expect(w.status()[0]!.lastError).toBe(`The folder "${gone}" does not exist (or the network share is not connected).`);
    expect(events.some((e) => e.type === 'error')).toBe(true);
    saveWatchedFolder(ctx.db, { ...paused, enabled: true });
    deleteWatchedFolder(ctx.db, missing.id);
    w.reload();
    expect(w.status().map((s) => s.id)).toEqual([paused.id]);
    await waitFor(() => scans() === 2, 3000, 'the first scan of the enabled folder');
    writeFileSync(join(dir, 'a.RES'), resOf().text);
    age(join(dir, 'a.RES'), 60_000);
    await new Promise((r) => setTimeout(r, 2100)); // past the 2 s settling of the status change
    await w.scanNow(paused.id);
    expect(files().map((e) => e.outcome.result)).toEqual(['imported']);
  }, 15_000);
});
