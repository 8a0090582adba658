import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { actorOfUser } from '../auth/access-control';
import { setupActor } from '../auth/actor';
import { addRoleUsers, testContext } from '../auth/test-helpers';
import { findUser } from '../auth/users';
import { listAudit } from '../audit/store';
import { withActor, type AppContext } from '../core/context';
import { fileLocations } from '../settings/locations';
import { policies } from '../settings/policies';
import { readSettings } from '../settings/values';
import { exportSettings, importSettings, listSettings, setSettings } from './settings';
import { assignProbeProfile, saveProbeProfileAs } from './probe-profiles';
import { settingsOutsideAudit } from './settings-audit';
import { writeSettingRow } from '../store/settings';
import { BUILT_IN_PROBE_PROFILES } from '../settings/probe-profiles';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pmu-settings-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) {
    spawnSync('chattr', ['-R', '-i', d], { stdio: 'ignore' });
    rmSync(d, { recursive: true, force: true });
  }
});

const admin = (ctx: AppContext = testContext()) => withActor(ctx, setupActor('osuser'));
const actions = (ctx: AppContext) => listAudit(ctx.db, {}, { limit: 100 }).records.map((r) => r.action).reverse();

/**
 * A folder this process cannot write: mode 0555, and for root (who ignores modes) the immutable attribute. Null when
 * the file system offers neither (the test then says so instead of passing without checking).
 */
function readOnlyFolder(): string | null {
  const d = path.join(tmp(), 'read-only');
  mkdirSync(d);
  chmodSync(d, 0o555);
  if (process.getuid?.() === 0) spawnSync('chattr', ['+i', d], { stdio: 'ignore' });
  try {
    writeFileSync(path.join(d, 'probe'), 'x');
    return null;
  } catch {
    return d;
  }
}

describe('settings service', () => {
  it('lists every setting with its default and the folder in use; changes are audited with before and after', async () => {
    const ctx = admin();
    const before = listSettings(ctx);
    const res = before.find((s) => s.key === 'files.resDir')!;
    expect(res).toMatchObject({ value: null, isSet: false, effective: ctx.resDir, group: 'files' });
    const out = tmp();
    await setSettings(ctx, { 'files.resDir': out, 'files.scanIntervalSeconds': 15, 'policy.session.idleMinutes': 20 });
    expect(fileLocations(ctx).resDir).toBe(out);
    expect(fileLocations(ctx).scanIntervalSeconds).toBe(15);
    expect(policies(ctx).session.idleMs).toBe(20 * 60_000);
    const rec = listAudit(ctx.db, {}, { limit: 5 }).records[0]!;
    expect(rec.action).toBe('settings.changed');
    expect(JSON.parse(rec.summaryJson)).toEqual({
      before: { 'files.resDir': null, 'files.scanIntervalSeconds': 60, 'policy.session.idleMinutes': 30 },
      after: { 'files.resDir': out, 'files.scanIntervalSeconds': 15, 'policy.session.idleMinutes': 20 },
    });
    const view = listSettings(ctx).find((s) => s.key === 'files.resDir')!;
    expect(view).toMatchObject({ value: out, isSet: true, updatedBy: 'osuser' });
    // Setting the same values again records nothing; back to the default removes the row.
    await setSettings(ctx, { 'files.scanIntervalSeconds': 15 });
    expect(actions(ctx).filter((a) => a === 'settings.changed')).toHaveLength(1);
    await setSettings(ctx, { 'files.resDir': null });
    expect(listSettings(ctx).find((s) => s.key === 'files.resDir')!.isSet).toBe(false);
  });

  it('the password policy is audited with its numbers: a setting named "password" is not taken for a secret', async () => {
    const ctx = admin();
    await setSettings(ctx, { 'policy.password.minLength': 14, 'policy.password.minClasses': 3 });
    const rec = listAudit(ctx.db, { action: 'settings.changed' }, { limit: 1 }).records[0]!;
    expect(JSON.parse(rec.summaryJson)).toEqual({
      before: { 'policy.password.minLength': 10, 'policy.password.minClasses': 1 },
      after: { 'policy.password.minLength': 14, 'policy.password.minClasses': 3 },
    });
  });

  it('names a setting changed outside the workstation (database edited directly) until an administrator sets it again', async () => {
    const ctx = admin();
    await setSettings(ctx, { 'policy.session.idleMinutes': 20 });
    expect(listSettings(ctx).filter((v) => v.outsideAudit !== null)).toEqual([]);
    // Someone with the database file relaxes policies behind the workstation's back.
    writeSettingRow(ctx.db, 'policy.approval.separateDuties', 'false', 'osuser', '2026-01-01T00:00:00.000Z');
    writeSettingRow(ctx.db, 'policy.session.idleMinutes', '480', 'osuser', '2026-01-01T00:00:00.000Z');
    expect(settingsOutsideAudit(ctx)).toEqual([
      { key: 'policy.approval.separateDuties', recorded: true, stored: false },
      { key: 'policy.session.idleMinutes', recorded: 20, stored: 480 },
    ]);
    const view = listSettings(ctx).find((v) => v.key === 'policy.session.idleMinutes')!;
    expect(view.outsideAudit).toBe(
      'Changed outside the workstation: the audit trail last recorded 20, the database now holds 480. Find out who edited the database; saving the setting (Settings screen, or pmu settings set) records the value you want.',
    );
    // Deleting a row (back to the default behind the trail's back) is seen too.
    ctx.db.prepare("DELETE FROM settings WHERE key = 'policy.session.idleMinutes'").run();
    expect(settingsOutsideAudit(ctx).map((d) => d.key)).toEqual(['policy.approval.separateDuties', 'policy.session.idleMinutes']);
    // Setting a value again records it, even when it equals what is stored.
    await setSettings(ctx, { 'policy.approval.separateDuties': false, 'policy.session.idleMinutes': 30 });
    expect(JSON.parse(listAudit(ctx.db, { action: 'settings.changed' }, { limit: 1 }).records[0]!.summaryJson)).toEqual({
      before: { 'policy.approval.separateDuties': false, 'policy.session.idleMinutes': 30 },
      after: { 'policy.approval.separateDuties': false, 'policy.session.idleMinutes': 30 },
    });
    expect(settingsOutsideAudit(ctx)).toEqual([]);
  });

  it('a settings file import and a renamed default probe profile keep the trail and the store in step', async () => {
    const ctx = admin();
    const other = admin();
    await setSettings(ctx, { 'files.importMode': 'overwrite' });
    const file = await exportSettings(ctx, path.join(tmp(), 'site.json'));
    await importSettings(other, { name: 'site.json', content: readFileSync(file.path, 'utf8') });
    expect(settingsOutsideAudit(other)).toEqual([]);
    saveProbeProfileAs(ctx, { ...BUILT_IN_PROBE_PROFILES[1]!, name: 'Van probe' });
    await setSettings(ctx, { 'probe.defaultProfile': 'Van probe' });
    saveProbeProfileAs(ctx, { ...BUILT_IN_PROBE_PROFILES[1]!, name: 'Van probe 2' }, 'Van probe');
    expect(readSettings(ctx.db)['probe.defaultProfile']).toBe('Van probe 2');
    expect(settingsOutsideAudit(ctx)).toEqual([]);
  });

  it('refuses bad input plainly and changes nothing: unknown key, interval under 10 s, missing folder, a file as folder', async () => {
    const ctx = admin();
    const good = tmp();
    const file = path.join(good, 'a-file');
    writeFileSync(file, 'x');
    const attempt = (changes: Record<string, unknown>) => setSettings(ctx, { 'files.exportDir': good, ...changes });
    await expect(attempt({ 'files.scanIntervalSeconds': 5 })).rejects.toThrow('Default scan interval (files.scanIntervalSeconds): must be at least 10 seconds.');
    await expect(attempt({ 'files.colour': 'blue' })).rejects.toThrow('"files.colour" is not a setting of this version');
    await expect(attempt({ 'files.resDir': path.join(good, 'nope') })).rejects.toThrow(`.RES output folder (files.resDir): The folder "${path.join(good, 'nope')}" does not exist`);
    await expect(attempt({ 'files.quarantineDir': file })).rejects.toThrow('is a file, not a folder');
    await expect(attempt({ 'files.importedDir': 'relative/dir' })).rejects.toThrow('is not a full folder path');
    // Several problems are all named at once.
    await expect(attempt({ 'files.scanIntervalSeconds': 9.5, 'policy.password.minLength': 4 })).rejects.toThrow(/Nothing was changed:\n- Default scan interval.*\n- Shortest workstation password/s);
    expect(readSettings(ctx.db)['files.exportDir']).toBeNull(); // the good value of each attempt was not applied either
    expect(actions(ctx)).not.toContain('settings.changed');
  });

  it('refuses a read-only folder', async (t) => {
    const ro = readOnlyFolder();
    if (ro === null) return t.skip('this file system lets this user write everywhere (no read-only folder can be made)');
    const ctx = admin();
    await expect(setSettings(ctx, { 'files.resDir': ro })).rejects.toThrow(`The folder "${ro}" cannot be written: it is read-only, or you have no permission to write there.`);
    expect(readSettings(ctx.db)['files.resDir']).toBeNull();
  });

  it('checks permissions in the service: technicians and auditors cannot change settings; auditors may read them', async () => {
    const ctx = testContext();
    await addRoleUsers(ctx.db);
    const as = (name: string) => withActor(ctx, actorOfUser(findUser(ctx.db, name)!));
    await expect(setSettings(as('technician'), { 'files.scanIntervalSeconds': 20 })).rejects.toThrow('Technicians cannot change settings');
    await expect(setSettings(as('auditor'), { 'files.scanIntervalSeconds': 20 })).rejects.toThrow('Auditors cannot change settings');
    expect(() => listSettings(as('technician'))).toThrow('Technicians cannot see settings');
    expect(listSettings(as('auditor')).length).toBeGreaterThan(10);
    await setSettings(as('administrator'), { 'files.scanIntervalSeconds': 20 });
    expect(listAudit(ctx.db, {}, { limit: 1 }).records[0]).toMatchObject({ action: 'settings.changed', username: 'administrator' });
  });
});

describe('settings file', () => {
  async function configured(): Promise<{ ctx: AppContext; folder: string }> {
    const ctx = admin();
    const folder = tmp();
    await setSettings(ctx, { 'files.exportDir': folder, 'files.importMode': 'overwrite', 'policy.approval.separateDuties': false, 'policy.meterTimeZone': 'Europe/Berlin' });
    saveProbeProfileAs(ctx, { ...BUILT_IN_PROBE_PROFILES[0]!, name: 'Field kit 7', dtr: 'on', echo: 'echoes', maxBaud: 4800, usbIds: ['0403:6001'] });
    assignProbeProfile(ctx, 'com3', 'Field kit 7');
    return { ctx, folder };
  }

  it('rolls one configuration out to another workstation: export, import, same values, one audited change', async () => {
    const { ctx, folder } = await configured();
    const out = await exportSettings(ctx);
    expect(path.dirname(out.path)).toBe(folder);
    const text = readFileSync(out.path, 'utf8');
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(json).toMatchObject({ format: 'pmu-workstation-settings', version: 1, portProfiles: [{ port: 'COM3', profile: 'Field kit 7' }] });
    expect(text).not.toMatch(/password_hash|scrypt\$|token|secret/i);

    const other = admin();
    const dry = await importSettings(other, { name: 'site.json', content: text, dryRun: true });
    expect(dry.changed.map((c) => c.key).sort()).toEqual(['files.exportDir', 'files.importMode', 'policy.approval.separateDuties', 'policy.meterTimeZone']);
    expect(readSettings(other.db)['files.importMode']).toBe('append');
    const done = await importSettings(other, { name: 'site.json', content: text });
    expect(done).toMatchObject({ dryRun: false, profiles: 1, ports: 1 });
    const a = readSettings(ctx.db);
    const b = readSettings(other.db);
    expect(b).toEqual(a);
    expect(listAudit(other.db, {}, { limit: 1 }).records[0]).toMatchObject({ action: 'settings.changed', object: 'file:site.json' });
  });

  it('refuses a file of another version, with unknown keys or fields, or bad values: nothing half-applied', async () => {
    const { ctx } = await configured();
    const text = readFileSync((await exportSettings(ctx)).path, 'utf8');
    const json = JSON.parse(text) as Record<string, Record<string, unknown>>;
    const other = admin();
    const before = JSON.stringify(readSettings(other.db));
    const attempt = (content: unknown) => importSettings(other, { name: 'x.json', content: JSON.stringify(content) });
    await expect(attempt({ ...json, version: 2 })).rejects.toThrow('it is a settings file of version 2; this workstation reads version 1');
    await expect(attempt({ ...json, settings: { ...json.settings, 'files.theme': 'dark' } })).rejects.toThrow('"files.theme" is not a setting of this version');
    await expect(attempt({ ...json, extra: 1 })).rejects.toThrow('unknown field "extra"');
    await expect(attempt({ ...json, settings: { ...json.settings, 'files.scanIntervalSeconds': 3 } })).rejects.toThrow('must be at least 10 seconds');
    await expect(attempt({ ...json, settings: { ...json.settings, 'files.exportDir': '/no/such/folder/here' } })).rejects.toThrow('names folders this computer cannot use');
    await expect(attempt({ ...json, probeProfiles: [] })).rejects.toThrow('port COM3 names the probe profile "Field kit 7", which is neither in the file nor on this workstation');
    await expect(importSettings(other, { name: 'x.json', content: '{"format": "pmu-workstation-settings", "version": 1, ' })).rejects.toThrow('it is not JSON');
    await expect(attempt({ format: 'something-else', version: 1, settings: {} })).rejects.toThrow('this is not a PMU Workstation settings file');
    expect(JSON.stringify(readSettings(other.db))).toBe(before);
    expect(actions(other)).not.toContain('settings.changed');
  });
});
