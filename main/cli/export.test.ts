import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRecords } from '../formats/csv-text';
import { seedExportStore } from '../export/test-seed';
import { openDatabase } from '../store/db';

/** `pmu export` as a technician runs it: a real child process (tsx, no build) against a seeded store file. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;
let db: string;

function pmu(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'main/cli/index.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, PMU_DATA_DIR: path.join(dir, 'data'), PMU_TIME_ZONE: 'Europe/Berlin' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pmu-cli-export-'));
  db = path.join(dir, 'store.sqlite');
  const h = openDatabase(db);
  seedExportStore(h);
  h.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pmu export', () => {
  it('exports one meter and one local day (25 h) as load-profile CSV and prints a summary', async () => {
    const run = await pmu(['export', '--format', 'csv', '--meter', 'A1', '--from', '2025-10-26', '--to', '2025-10-26', '--content', 'load-profile', '--out', path.join(dir, 'a1.csv'), '--db', db]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Exported 2 readings (100 load-profile intervals) to ${path.join(dir, 'a1.csv')}\n`);
    expect(csvRecords(readFileSync(path.join(dir, 'a1.csv'), 'utf8'), ',')).toHaveLength(101);
  }, 30_000);

  it('exports the meters as JSON, and exits 1 with a plain message when nothing matches', async () => {
    const meters = await pmu(['export', '--meters', '--format', 'json', '--out', path.join(dir, 'meters.json'), '--db', db]);
    expect([meters.code, meters.stdout]).toEqual([0, `Exported 3 meters to ${path.join(dir, 'meters.json')}\n`]);
    const none = await pmu(['export', '--format', 'xlsx', '--meter', 'NOPE', '--out', path.join(dir, 'x.xlsx'), '--db', db]);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe('pmu: No stored readings match (meter NOPE). Check the serial number and the dates; nothing was written.\n');
    const usage = await pmu(['export', '--format', 'pdf', '--out', path.join(dir, 'x.pdf'), '--db', db]);
    expect(usage.code).toBe(2);
  }, 30_000);
});
