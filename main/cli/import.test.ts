import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db';
import { countRows, listReadings } from '../store/readings';
import { mt174Bytes, resOf, ROOT, tempDirs } from '../import/test-helpers';

/**
 * `pmu import` and `pmu watch` as a technician runs them: real child processes (TypeScript entry through
 * tsx), real folders and store files. Uses the public Iskra MT174 capture (fixtures/vectors: Apollon77/
 * smartmeter-obis, MIT licence; fixtures/vectors/README.md).
 */
const dirs = tempDirs('pmu-cli-import-');
afterAll(() => dirs.cleanup());

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function pmu(args: string[], onStdout?: (text: string, child: ChildProcess) => void): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'main/cli/index.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, PMU_TIME_ZONE: 'Europe/Ljubljana' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
    onStdout?.(stdout, child);
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function readings(db: string): number {
  const store = openDatabase(db);
  try {
    return countRows(store).readings;
  } finally {
    store.close();
  }
}

describe('pmu import', () => {
  it('imports a folder, lists each quarantined file with reason and line, and exits 1; a clean re-run exits 0', async () => {
    const dir = dirs.make();
    const db = path.join(dir, 'store.sqlite');
    const inbox = path.join(dir, 'inbox');
    mkdirSync(inbox);
    writeFileSync(path.join(inbox, 'a.RES'), resOf().text);
    writeFileSync(path.join(inbox, 'capture.bin'), mt174Bytes());
    writeFileSync(path.join(inbox, 'letter.RES'), 'Dear customer\r\n');
    const run = await pmu(['import', inbox, '--db', db, '--move']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Imported {5}2$/m);
    expect(run.stdout).toMatch(/^Duplicates {3}0$/m);
    expect(run.stdout).toMatch(/^Quarantined {2}1$/m);
    const reason = 'The .RES file cannot be read: this is not a PMU Workstation reading file: the first line should be "PMU-RES 1".';
    expect(run.stdout).toContain(`  ${path.join(inbox, 'letter.RES')} (line 1): ${reason}`);
    expect(run.stdout).toContain(`→ ${path.join(inbox, 'imported', 'a.RES')}`);
    expect(readings(db)).toBe(2);
    // The bad file stayed; without it the folder imports cleanly (the moved files are not scanned again).
    const again = await pmu(['import', path.join(inbox, 'imported'), '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Duplicates {3}2$/m);
  }, 60_000);

  it('--overwrite replaces the reading of the same meter and start; a missing path exits 1 with a plain message', async () => {
    const dir = dirs.make();
    const db = path.join(dir, 'store.sqlite');
    writeFileSync(path.join(dir, 'old.RES'), resOf().text);
    writeFileSync(path.join(dir, 'new.RES'), resOf({ intervals: 20 }).text);
    expect((await pmu(['import', path.join(dir, 'old.RES'), '--db', db])).code).toBe(0);
    const run = await pmu(['import', path.join(dir, 'new.RES'), '--db', db, '--overwrite']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^replaced {5}.*new\.RES \(res, reading 2, 30 registers, 20 intervals\)$/m);
    expect(run.stdout).toMatch(/^Replaced {5}1$/m);
    const store = openDatabase(db);
    expect(listReadings(store).map((r) => r.intervalCount)).toEqual([20]);
    store.close();
    const missing = await pmu(['import', path.join(dir, 'nope.RES'), '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`pmu: "${path.join(dir, 'nope.RES')}" cannot be imported: there is no such file or folder.\n`);
  }, 60_000);

  it('--csv-map reads a foreign CSV; an unusable mapping file is refused before anything is imported', async () => {
    const dir = dirs.make();
    const db = path.join(dir, 'store.sqlite');
    const csv = path.join(dir, 'other-tool.csv');
    writeFileSync(csv, 'Zeit;Wirkleistung\r\n01.03.2026 00:15;1,5\r\n01.03.2026 00:30;2,5\r\n');
    const mapping = { delimiter: ';', decimal: ',', timestampColumn: 0, timestampFormat: 'dd.MM.yyyy HH:mm', timeZone: 'Europe/Berlin', stampIs: 'end', periodMinutes: 15, channels: [{ column: 1, obis: '1.5.0', unit: 'kW' }], meter: { serial: '4711' } };
    writeFileSync(path.join(dir, 'map.json'), JSON.stringify(mapping));
    const without = await pmu(['import', csv, '--db', db]);
    expect(without.code).toBe(1);
    expect(without.stdout).toMatch(/needs a column mapping/);
    const run = await pmu(['import', csv, '--db', db, '--csv-map', path.join(dir, 'map.json')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^imported {4}.*other-tool\.csv \(csv, reading 1, 0 registers, 2 intervals\)$/m);
    writeFileSync(path.join(dir, 'bad-map.json'), JSON.stringify({ ...mapping, periodMinutes: 0 }));
    const bad = await pmu(['import', csv, '--db', db, '--csv-map', path.join(dir, 'bad-map.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^pmu: The column mapping ".*bad-map\.json" is not usable: periodMinutes: must be at least 1 minute\.$/m);
  }, 60_000);
});

describe('pmu watch', () => {
  it('refuses an interval under 10 s (usage, exit 2)', async () => {
    const run = await pmu(['watch', dirs.make(), '--interval', '5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the scan interval must be a whole number of at least 10 seconds/);
  }, 30_000);

  it('imports files found in the folder, prints one line per file, and stops on Ctrl+C (SIGINT) with exit 0', async () => {
    const dir = dirs.make();
    const db = path.join(dir, 'store.sqlite');
    const inbox = path.join(dir, 'inbox');
    mkdirSync(inbox);
    writeFileSync(path.join(inbox, 'a.RES'), resOf().text);
    writeFileSync(path.join(inbox, 'broken.RES'), 'PMU-RES 1\r\n');
    let stopped = false;
    const run = await pmu(['watch', inbox, '--interval', '10', '--db', db, '--move'], (out, child) => {
      if (!stopped && out.includes('a.RES') && out.includes('broken.RES')) {
        stopped = true;
        child.kill('SIGINT');
      }
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^imported {5}.*a\.RES \(res, reading 1, 30 registers, 24 intervals\) → .*imported.a\.RES$/m);
    expect(run.stdout).toMatch(/^quarantined {2}.*broken\.RES \(line 2\): The \.RES file cannot be read: the file ends before its \[end\] section/m);
    expect(run.stderr).toMatch(/^Watching .* every 10 s \(Ctrl\+C to stop\)$/m);
    expect(run.stderr).toMatch(/^Stopped watching\.$/m);
    expect(readings(db)).toBe(1);
  }, 30_000);
});
