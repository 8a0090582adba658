import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { buildFeeder } from '../reports/testing/feeder';
import { pmu } from './testing/run-pmu';

/** `pmu report …` as a back-office user runs it: real child processes against a store with an emulated feeder. */
let tmp: string;
let db: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pmu-cli-report-'));
  db = path.join(tmp, 'store.sqlite');
  const handle = openDatabase(db);
  await buildFeeder(handle);
  handle.close();
}, 60_000);

const run = (args: string[]) => pmu(['report', ...args, '--db', db], tmp).done;

describe('pmu report', () => {
  it('balance of a place by path, written as PDF; billing as XLSX; virtual meter as CSV; runs listed; re-run agrees', async () => {
    const bal = await run(['balance', '--place', 'North/Riverside/F3', '--from', '2025-10-20', '--to', '2025-10-27', '--format', 'pdf', '--out', path.join(tmp, 'b.pdf')]);
    expect(bal.stderr).toMatch(/Wrote .*b\.pdf \(PDF/);
    expect(bal.code).toBe(0);
    expect(bal.stdout).toMatch(/Input 748 kWh, downstream 560\.75 kWh, difference 187\.25 kWh \(25\.033 %\) over 748 of 772 complete intervals/);
    expect(readFileSync(path.join(tmp, 'b.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const bill = await run(['billing', '--meter', 'FDR-1', '--month', '2025-10', '--format', 'xlsx', '--out', path.join(tmp, 'f.xlsx')]);
    expect(bill.code).toBe(0);
    expect(bill.stdout).toMatch(/FDR-1 .*CT 100\/5 VT 1\/1, secondary/);
    expect(readFileSync(path.join(tmp, 'f.xlsx')).subarray(0, 2).toString()).toBe('PK');
    const vm = await run(['virtual-meter', 'Losses', '--formula', '[FDR-1:1.29.0] - [C-1:1.29.0] - [C-2:1.29.0] - [C-3:1.29.0]']);
    expect(vm.stdout).toMatch(/Saved virtual meter "Losses" version 1 \(kWh\)/);
    const v = await run(['virtual', 'Losses', '--from', '2025-10-20', '--to', '2025-10-27', '--format', 'csv', '--out', path.join(tmp, 'v.csv'), '--tz', 'Europe/Berlin']);
    expect(v.stdout).toMatch(/Total 187\.25 kWh/);
    expect(readFileSync(path.join(tmp, 'v.csv'), 'utf8')).toContain('# Per interval');
    const runs = await run(['runs']);
    expect(runs.stdout.trim().split('\n')).toHaveLength(3);
    const again = await run(['rerun', '1']);
    expect(again.stdout).toMatch(/Same figures as run 1/);
    expect(again.code).toBe(0);
  }, 120_000);

  it('bad input: plain one-line errors (exit 1), usage errors (exit 2)', async () => {
    const bad = await run(['virtual-meter', 'X', '--formula', '[FDR-1:1.29.0] + [C-1:32.7.0]']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^pmu: The formula cannot be saved: Term \[C-1:32\.7\.0\] is voltage.*cannot be summed/);
    const empty = await run(['billing', '--meter', 'C-1', '--from', '2024-01-01', '--to', '2024-01-31']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/coverage 0\.00 %/);
    expect(empty.stdout).toMatch(/warning: Meter C-1: no load-profile value in the period/);
    const two = await run(['billing', '--meter', 'C-1', '--place', '1', '--month', '2025-10']);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/exactly one of --meter, --place/);
    const noPeriod = await run(['balance', '--place', 'North/Riverside/F3']);
    expect(noPeriod.code).toBe(2);
  }, 120_000);
});
