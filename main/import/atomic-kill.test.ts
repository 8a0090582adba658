import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { countRows } from '../store/readings';
import { importFile } from './import-file';
import { resOf, ROOT, tempDirs, testContext } from './test-helpers';

/**
 * Atomicity against a real kill: a child process importing a big .RES file is SIGKILLed in the middle of the
 * import's transaction; the store it leaves holds no reading without its registers and intervals, and
 * passes SQLite's integrity and foreign-key checks.
 */
const dirs = tempDirs();
afterAll(() => dirs.cleanup());
const INTERVALS = 20_000; // two channels: 40 000 value rows in one transaction
const dir = dirs.make();
const bigFile = join(dir, 'big.RES');
writeFileSync(bigFile, resOf({ intervals: INTERVALS }).text);

/** Runs the child; `killWhen(line, kill)` sees each stdout line. Resolves with the output and signal. */
function child(db: string, killWhen: (line: string, kill: () => void) => void, pauseAt?: number): Promise<{ out: string; signal: string | null }> {
  const args = ['--import', 'tsx', join(ROOT, 'main/import/atomic-child.ts'), db, bigFile, ...(pauseAt === undefined ? [] : [String(pauseAt)])];
  const p = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  p.stdout.setEncoding('utf8').on('data', (c: string) => {
    out += c;
    for (const line of c.split('\n')) if (line) killWhen(line, () => p.kill('SIGKILL'));
  });
  return new Promise((resolve, reject) => {
    p.on('error', reject);
    p.on('close', (_code, signal) => (signal === null && !out.includes('DONE') ? reject(new Error(`child failed: ${err}`)) : resolve({ out, signal })));
  });
}

/** Opens the store the child left and checks it is consistent; returns the row counts. */
function checkStore(db: string) {
  const store = openDatabase(db);
  try {
    expect(store.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.pragma('foreign_key_check')).toEqual([]);
    const rows = countRows(store);
    const log = (store.prepare('SELECT count(*) AS n FROM import_log').get() as { n: number }).n;
    if (rows.readings === 0) {
      expect({ ...rows, log }).toEqual({ meters: 0, readings: 0, registers: 0, load_profile_channels: 0, load_profile_values: 0, log: 0 });
    } else {
      expect({ ...rows, log }).toEqual({ meters: 1, readings: 1, registers: 30, load_profile_channels: 2, load_profile_values: 2 * INTERVALS, log: 1 });
    }
    return rows;
  } finally {
    store.close();
  }
}

describe('import atomicity when the process is killed', () => {
  it('killed inside the transaction (after 12 000 values were inserted): nothing of the file is stored', async () => {
    const db = join(dirs.make(), 'store.sqlite');
    const run = await child(db, (line, kill) => line.startsWith('PAUSED') && kill(), 12_000);
    expect(run.signal).toBe('SIGKILL');
    expect(run.out).toMatch(/^STARTED\nPAUSED channel \d+ seq 12000\n$/);
    expect(checkStore(db).readings).toBe(0);
    // The file imports completely afterwards: nothing half-stored (such as its content hash) is in the way.
    const ctx = testContext(db);
    try {
      expect(await importFile(ctx, bigFile)).toMatchObject({ result: 'imported', intervals: INTERVALS, registers: 30 });
      expect(checkStore(db).readings).toBe(1);
    } finally {
      ctx.db.close();
    }
  }, 60_000);

  it.each([50, 400, 1200])('killed %i ms after the import started: the reading is either all there or not at all', async (delayMs) => {
    const db = join(dirs.make(), 'store.sqlite');
    const run = await child(db, (line, kill) => line === 'STARTED' && setTimeout(kill, delayMs));
    checkStore(db);
    if (run.signal === null) expect(run.out).toMatch(/DONE imported/);
  }, 60_000);
});
