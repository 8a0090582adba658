/**
 * Issue 11.6: a technician could add a watched folder on any path (file names then leak through the import log and
 * events). Now only inside locations an administrator allowed; links out of them do not count.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { fakeContext, fakeServices } from '../api/testing/fakes';
import { AccessControl } from '../auth/access-control';
import { addRoleUsers, CHEAP_SCRYPT, passwordOf, testContext } from '../auth/test-helpers';
import { appendAudit } from '../audit/append';
import { selectAudit } from '../audit/store';
import { setupActor } from '../auth/actor';
import { parseAssignment } from '../cli/settings';
import { withActor } from '../core/context';
import { buildSettingsFile } from '../settings/file';
import { listSettingRows } from '../store/settings';
import { importSettings, setSettings } from './settings';
import { settingsOutsideAudit } from './settings-audit';
import { setWatchRoots, watchRoots } from './watch-roots';

let dir = '';
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

async function setup() {
  dir = mkdtempSync(path.join(tmpdir(), 'pmu-watch-roots-'));
  const ctx = fakeContext(dir);
  await addRoleUsers(ctx.db);
  const handlers = createHandlers(ctx, { mode: 'browser', services: fakeServices(), emit: () => undefined });
  const access = new AccessControl(ctx, { scrypt: CHEAP_SCRYPT });
  const dispatch = createDispatcher(handlers, { access, checkResults: true, log: () => undefined });
  const as = async (role: string) => {
    const caller = { channel: `browser:${role}` };
    await access.signIn(caller, role, passwordOf(role));
    return (name: string, args: unknown) => dispatch(name, args, caller);
  };
  return { ctx, as };
}

describe('watched folders only where an administrator allowed', () => {
  it('technicians watch inside allowed locations only; administrators allow them (recorded)', async () => {
    const { ctx, as } = await setup();
    const allowed = path.join(dir, 'readings');
    const secret = path.join(dir, 'hr-files');
    for (const d of [allowed, path.join(allowed, 'site-7'), secret]) mkdirSync(d);
    symlinkSync(secret, path.join(allowed, 'escape'));
    const tech = await as('technician');
    const admin = await as('administrator');
    const folder = (p: string) => ({ path: p, enabled: true, intervalSeconds: 60, after: 'leave', mode: 'append', recursive: false });

    expect(await tech('saveWatchedFolder', folder(secret))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/^No folder has been allowed for watching yet\. Ask an administrator/) } });
    expect(await tech('settings.setWatchRoots', { roots: [allowed] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await admin('settings.setWatchRoots', { roots: [allowed, 'relative/path'] })).toMatchObject({ ok: false, error: { message: expect.stringContaining('is not a full folder path') } });
    expect(await admin('settings.setWatchRoots', { roots: [allowed] })).toMatchObject({ ok: true, result: { roots: [allowed] } });
    expect(await tech('settings.watchRoots', {})).toMatchObject({ ok: true, result: { roots: [allowed] } });

    expect(await tech('saveWatchedFolder', folder(path.join(allowed, 'site-7')))).toMatchObject({ ok: true });
    expect(await tech('saveWatchedFolder', folder(allowed))).toMatchObject({ ok: true });
    for (const outside of [secret, path.join(allowed, 'escape'), path.join(allowed, '..', 'hr-files')]) {
      expect(await tech('saveWatchedFolder', folder(outside))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('is not inside a location an administrator allowed') } });
    }
    // The administrator may watch anywhere (adding it is the allowing).
    expect(await admin('saveWatchedFolder', folder(secret))).toMatchObject({ ok: true });
    expect(selectAudit(ctx.db, { action: 'settings.changed' }).map((r) => JSON.parse(r.summaryJson))).toEqual([{ before: { 'watch.allowedRoots': [] }, after: { 'watch.allowedRoots': [allowed] } }]);
    // A registry setting now: who changed it is stored, and the Settings list shows it with the value in force.
    expect(listSettingRows(ctx.db).find((r) => r.key === 'watch.allowedRoots')).toMatchObject({ value: JSON.stringify([allowed]), updatedBy: 'administrator' });
    expect(settingsOutsideAudit(ctx)).toEqual([]);
  });
});

describe('allowed watch locations in the settings registry', () => {
  const admin = () => withActor(testContext(), setupActor('osuser'));

  it('travel in the settings file: exported, imported on another workstation (checked, audited), refused when a folder is missing there', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pmu-watch-roots-'));
    const allowed = path.join(dir, 'readings');
    mkdirSync(allowed);
    const one = admin();
    expect(await setWatchRoots(one, [allowed, `${allowed}${path.sep}`])).toEqual([allowed]);
    const file = buildSettingsFile(one.db, 'test');
    expect(file.settings['watch.allowedRoots']).toEqual([allowed]);

    const other = admin();
    const content = JSON.stringify(file);
    const done = await importSettings(other, { name: 'site.json', content });
    expect(done.changed).toEqual([{ key: 'watch.allowedRoots', before: [], after: [allowed] }]);
    expect(watchRoots(other)).toEqual([allowed]);
    expect(selectAudit(other.db, { action: 'settings.changed' }).map((r) => JSON.parse(r.summaryJson).after['watch.allowedRoots'])).toEqual([[allowed]]);

    const missing = JSON.stringify({ ...file, settings: { ...file.settings, 'watch.allowedRoots': [path.join(dir, 'not-here')] } });
    const third = admin();
    await expect(importSettings(third, { name: 'bad.json', content: missing })).rejects.toThrow(/Allowed watch locations \(watch\.allowedRoots\): The folder ".*not-here" does not exist/);
    expect(watchRoots(third)).toEqual([]);
    // `pmu settings set watch.allowedRoots=a;b` (or a JSON list).
    expect(parseAssignment(`watch.allowedRoots=${allowed}; ${dir}`)).toEqual(['watch.allowedRoots', [allowed, dir]]);
    expect(parseAssignment(`watch.allowedRoots=${JSON.stringify([allowed])}`)).toEqual(['watch.allowedRoots', [allowed]]);
    await expect(setSettings(third, { 'watch.allowedRoots': ['relative/path'] })).rejects.toThrow(/is not a full folder path/);
  });

  it('a list allowed before it joined the registry (old record shape, no updated_by) is read and not taken for an outside edit', () => {
    const ctx = admin();
    ctx.db.prepare('INSERT INTO settings (key, value, updated_utc) VALUES (?, ?, ?)').run('watch.allowedRoots', JSON.stringify(['/srv/readings']), '2026-12-01T00:00:00.000Z');
    appendAudit(ctx, { action: 'settings.changed', object: 'setting:watch.allowedRoots', summary: { before: { allowedRoots: [] }, after: { allowedRoots: ['/srv/readings'] } } });
    expect(watchRoots(ctx)).toEqual(['/srv/readings']);
    expect(settingsOutsideAudit(ctx)).toEqual([]);
    // An edit of the database outside the workstation is still named.
    ctx.db.prepare('UPDATE settings SET value = ? WHERE key = ?').run(JSON.stringify(['/']), 'watch.allowedRoots');
    expect(settingsOutsideAudit(ctx)).toEqual([{ key: 'watch.allowedRoots', recorded: ['/srv/readings'], stored: ['/'] }]);
  });
});
