/**
 * `pmu settings`, `pmu probe` and `pmu scheme export|import` as an administrator and a technician run them: real child
 * processes on their own data folder. The probe wizard runs over a socat pty pair against `pmu simulate --probe-echo`
 * (an echoing probe on an emulated meter) and then against the built-in emulated probe port.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { hasSocat, openPtyPair } from '../links/serial/pty-pair';
import { errorLines, pmu, simulate } from './testing/run-pmu';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pmu-settings-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SCHEME = new URL('../../fixtures/schemes/', import.meta.url);

describe('pmu settings', () => {
  it('set, get, list; a bad value or folder changes nothing (exit 1); export and import a settings file', async () => {
    const t = tmp();
    const out = path.join(t, 'out');
    mkdirSync(out);
    const bad = await pmu(['settings', 'set', `files.exportDir=${out}`, 'files.scanIntervalSeconds=5'], t).done;
    expect(bad.code).toBe(1);
    expect(errorLines(bad.stderr).join('\n')).toBe('pmu: Nothing was changed. Default scan interval (files.scanIntervalSeconds): must be at least 10 seconds.');
    expect((await pmu(['settings', 'get', 'files.exportDir'], t).done).stdout.trim()).toBe(path.join(t, 'data', 'exports'));
    const unknown = await pmu(['settings', 'set', 'files.colour=blue'], t).done;
    expect(unknown.code).toBe(2);
    const ok = await pmu(['settings', 'set', `files.exportDir=${out}`, 'files.scanIntervalSeconds=20', 'policy.approval.separateDuties=off'], t).done;
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`files.exportDir`);
    expect((await pmu(['settings', 'get', 'files.exportDir'], t).done).stdout.trim()).toBe(out);
    const list = await pmu(['settings', 'list'], t).done;
    expect(list.stdout).toMatch(/files\.scanIntervalSeconds\s+20 s\n/);
    expect(list.stdout).toMatch(/policy\.session\.idleMinutes\s+30 min \(default\)\n/);

    const exported = await pmu(['settings', 'export'], t).done;
    expect(exported.stdout).toMatch(new RegExp(`^Wrote the settings file \\(\\d+ settings, no secrets\\) to ${out}/pmu-settings_`));
    const file = exported.stdout.trim().split(' to ').at(-1)!;
    const other = tmp();
    const dry = await pmu(['settings', 'import', file, '--dry-run'], other).done;
    expect(dry.stdout).toContain('policy.approval.separateDuties: true → false');
    expect(dry.stdout).toContain('Checked, nothing applied');
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(other, 'v2.json'), JSON.stringify({ ...json, version: 2 }));
    const v2 = await pmu(['settings', 'import', path.join(other, 'v2.json')], other).done;
    expect(v2.code).toBe(1);
    expect(v2.stderr).toContain('it is a settings file of version 2; this workstation reads version 1');
    const applied = await pmu(['settings', 'import', file], other).done;
    expect(applied.code).toBe(0);
    expect((await pmu(['settings', 'get', 'files.scanIntervalSeconds'], other).done).stdout.trim()).toBe('20');

    // A folder with no value in force reads "(none)"; a policy rewritten in the database file is named.
    const db = new Database(path.join(other, 'data', 'pmu.sqlite'));
    db.prepare("UPDATE settings SET value = '480' WHERE key = 'files.scanIntervalSeconds'").run();
    db.close();
    const listed = (await pmu(['settings', 'list'], other).done).stdout;
    expect(listed).toMatch(/files\.quarantineDir\s+\(none\) \(default\)\n/);
    expect(listed).toContain('    ! Changed outside the workstation: the audit trail last recorded 20, the database now holds 480.');
  }, 120_000);
});

describe('pmu scheme export | import', () => {
  it('exports a scheme by name and the whole library anywhere, and imports them into another store\'s folder', async () => {
    const t = tmp();
    const fixture = new URL('uk-economy7-a1140.json', SCHEME);
    const imported = await pmu(['scheme', 'import', fixture.pathname], t).done;
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^imported\s+uk-economy7-a1140\.json: Imported as '.+' version 1\./);
    const name = /Imported as '(.+)' version 1/.exec(imported.stdout)![1]!;
    const one = path.join(t, 'anywhere', 'one.json');
    mkdirSync(path.dirname(one));
    const ex = await pmu(['scheme', 'export', name, '--out', one], t).done;
    expect(ex.stdout.trim()).toBe(`Wrote 1 scheme ("${name}") to ${one}`);
    const all = await pmu(['scheme', 'export', '/'], t).done;
    expect(all.stdout).toMatch(/^Wrote 1 scheme \(the whole library\) to .*\/exports\/all-schemes.*\.pmu-schemes\.json\n$/);
    const missing = await pmu(['scheme', 'export', 'No such scheme'], t).done;
    expect(missing.code).toBe(1);
    expect(errorLines(missing.stderr)[0]).toBe('pmu: There is no scheme or folder "No such scheme" in the library (that you may see). Folder paths look like Domestic/2026.');
    const other = tmp();
    const noFolder = await pmu(['scheme', 'import', one, '--folder', 'Domestic/2026'], other).done;
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toContain('There is no folder "Domestic/2026" in the library');
    const again = await pmu(['scheme', 'import', one], t).done;
    expect(again.stdout).toMatch(/^already-present\s+one\.json: Already present as/);
  }, 120_000);
});

describe.skipIf(!hasSocat())('pmu probe', () => {
  it('detect over a pty: the echoing probe of pmu simulate --probe-echo is found and saved; list shows it', async () => {
    const t = tmp();
    const pair = await openPtyPair();
    const sim = await simulate(['--port', pair.b, '--probe-echo'], t);
    try {
      const run = await pmu(['probe', 'detect', '--port', pair.a], t).done;
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/^Connection wizard on .*: 4 combinations first, at most \d+ s in all/);
      expect(run.stdout).toMatch(/^try 1: DTR and RTS as the driver sets them, any meter, up to 19200 baud: identification \/PMU5EMU-GEN-1\.0; the meter answered at 9600 baud; the probe echoes what is sent\.\n/);
      expect(run.stdout).toContain('It works with DTR and RTS as the driver sets them; the probe echoes what is sent.');
      const list = await pmu(['probe', 'list'], t).done;
      expect(list.stdout).toMatch(/\(detected\) \[own\]: DTR leave, RTS leave, echo echoes, up to 19200 baud; 3 retries; ports /);
    } finally {
      sim.child.kill('SIGTERM');
      await pair.close();
    }
  }, 120_000);

  it('a reading on the emulated probe fails until the wizard ran, then works; the profile command edits and resets', async () => {
    const t = tmp();
    const before = await pmu(['read', '--port', 'emulator:probe', '--no-profile', '--no-res'], t).done;
    expect(before.code).toBe(1);
    expect(errorLines(before.stderr)[0]).toContain('pmu probe detect --port emulator:probe');
    const wizard = await pmu(['probe', 'detect', '--port', 'emulator:probe'], t).done;
    expect(wizard.code).toBe(0);
    const after = await pmu(['read', '--port', 'emulator:probe', '--no-profile', '--no-res'], t).done;
    expect(after.code).toBe(0);
    const edit = await pmu(['probe', 'profile', 'Standard', '--max-baud', '9600', '--margin', '200'], t).done;
    expect(edit.stdout).toBe('Saved "Standard" [edited]: DTR leave, RTS leave, echo detect, up to 9600 baud.\n');
    const reset = await pmu(['probe', 'profile', 'Standard', '--delete'], t).done;
    expect(reset.stdout).toBe('Reset "Standard" to its built-in values.\n');
    const assign = await pmu(['probe', 'assign', 'emulator:probe', '--none'], t).done;
    expect(assign.stdout).toBe('emulator:probe uses "Standard" (the default profile).\n');
  }, 180_000);
});
