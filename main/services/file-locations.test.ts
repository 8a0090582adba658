import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setupActor } from '../auth/actor';
import { withActor, type AppContext } from '../core/context';
import { importFolder } from '../import';
import { writeResFile } from '../res/file';
import { buildReading } from '../store/test-fixtures';
import { createAppContext } from './app-context';
import { readMeter } from './read-meter';
import { setSettings } from './settings';

/**
 * Every writer follows the administrator's folders (issue 16 item 3): a reading's .RES file, folder imports (imported
 * files moved to the imported-files folder, files that could not be imported to the quarantine folder, neither folder
 * scanned again), and the import mode default. Changes apply to the next file without a restart.
 */
const dirs: string[] = [];
const contexts: AppContext[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pmu-loc-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const c of contexts.splice(0)) c.db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function context(): AppContext {
  const base = tmp();
  const ctx = withActor(createAppContext({ dbPath: path.join(base, 'pmu.sqlite'), timeZone: 'Europe/Vienna' }), setupActor('osuser'));
  contexts.push(ctx);
  return ctx;
}

describe('file locations in force', () => {
  it('a reading writes its .RES file into the .RES output folder of the settings', async () => {
    const ctx = context();
    const res = tmp();
    await setSettings(ctx, { 'files.resDir': res });
    const out = await readMeter(ctx, { port: 'emulator', loadProfile: false }, () => undefined);
    expect(out.resPath).not.toBeNull();
    expect(path.dirname(out.resPath!)).toBe(res);
    expect(existsSync(ctx.resDir)).toBe(false); // the built-in RES folder was not used
  }, 60_000);

  it('a folder import moves imported files and quarantined files to their folders and never rescans them', async () => {
    const ctx = context();
    const scanned = tmp();
    const imported = path.join(scanned, 'done');
    const quarantine = path.join(scanned, 'bad');
    mkdirSync(imported);
    mkdirSync(quarantine);
    await setSettings(ctx, { 'files.importedDir': imported, 'files.quarantineDir': quarantine, 'files.afterImport': 'move' });
    const good = await writeResFile(buildReading({ serial: 'LOC-1' }), scanned);
    writeFileSync(path.join(scanned, 'broken.RES'), 'PMU-RES 1\nnot a real file\n');
    const first = await importFolder(ctx, scanned, { recursive: true, after: 'move' });
    expect(first.imported).toBe(1);
    expect(first.quarantined).toHaveLength(1);
    expect(existsSync(good)).toBe(false);
    expect(readdirSync(imported)).toEqual([path.basename(good)]);
    expect(readdirSync(quarantine)).toEqual(['broken.RES']);
    expect(first.outcomes.map((o) => o.movedTo).sort()).toEqual([path.join(imported, path.basename(good)), path.join(quarantine, 'broken.RES')].sort());
    // The imported and quarantine folders lie inside the scanned one: a recursive scan leaves them alone.
    const second = await importFolder(ctx, scanned, { recursive: true, after: 'move' });
    expect(second.files).toBe(0);
  });

  it('without folders set, files stay or go to <folder>/imported as before', async () => {
    const ctx = context();
    const scanned = tmp();
    const good = await writeResFile(buildReading({ serial: 'LOC-2' }), scanned);
    writeFileSync(path.join(scanned, 'broken.RES'), 'PMU-RES 1\nnot a real file\n');
    await importFolder(ctx, scanned, { after: 'move' });
    expect(readdirSync(path.join(scanned, 'imported'))).toEqual([path.basename(good)]);
    expect(existsSync(path.join(scanned, 'broken.RES'))).toBe(true);
  });
});
