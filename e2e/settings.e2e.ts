/**
 * Issue 16 journeys in browser mode: a technician's "it does not answer" on the emulated meter behind an optical probe
 * (needs DTR on / RTS off, echoes, passes 4800 baud at most) solved by the connection wizard, after which the reading
 * works; an administrator's folders and policies (a missing folder and a scan interval under 10 s refused in plain
 * words, nothing half-applied; a policy edited in the database file behind the workstation's back is named), and the
 * settings file exported and applied back (another version refused).
 * Screenshots of each step are attached to the test results.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import Database from 'better-sqlite3';
import { test, expect } from './fixtures';
import { SettingsScreen } from './pages/settings';

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test('the connection wizard finds the emulated probe\'s settings; the reading then works', async ({ app, page }, testInfo) => {
  test.setTimeout(240_000);
  // Before: the standard profile gets no answer, and the error says what to try.
  await app.toolbar.port.selectOption({ label: 'Emulated meter behind an optical probe (built-in)' });
  await app.toolbar.readMeter.click();
  await expect(app.alerts.first()).toContainText('No answer from the meter', { timeout: 60_000 });
  await expect(app.alerts.first()).toContainText('run the connection wizard');
  await shot(page, testInfo, '1-no-answer');

  const settings = new SettingsScreen(page);
  await settings.open();
  await settings.port.selectOption('emulator:probe');
  await expect(settings.profileInUse).toHaveText('emulator:probe uses Standard (the default profile).');
  await expect(settings.profileRow('Echoing probe (half-duplex)')).toContainText('OpenMUC j62056');
  await shot(page, testInfo, '2-probes');

  await settings.portPanel.getByRole('button', { name: 'Connection wizard…' }).click();
  await expect(settings.wizard).toContainText('Put the probe on the meter');
  await settings.wizard.getByRole('button', { name: 'Start' }).click();
  await expect(settings.wizard.getByRole('status')).toContainText(/Try \d+ of \d+: .*\(at most \d+ min/);
  const tries = settings.wizard.getByRole('list', { name: 'Tries' }).getByRole('listitem');
  await expect(tries.first()).toContainText('Nothing DTR and RTS as the driver sets them, any meter, up to 19200 baud: nothing came back.', { timeout: 30_000 });
  await shot(page, testInfo, '3-wizard-running');
  const result = settings.wizard.getByRole('region', { name: 'Wizard result' });
  await expect(result).toContainText('It works with DTR on, RTS off; the probe echoes what is sent.', { timeout: 120_000 });
  await expect(result).toContainText('4800 baud does, so the profile stops there. Saved as the profile "emulator_probe (detected)" for emulator:probe.');
  await expect(tries.nth(1)).toContainText('Identification only');
  await expect(tries.last()).toContainText('Works');
  await shot(page, testInfo, '4-wizard-done');
  await settings.wizard.getByRole('button', { name: 'Done' }).click();

  await expect(settings.profileInUse).toHaveText('emulator:probe uses emulator_probe (detected) (assigned to this port).');
  await expect(settings.profileRow('emulator_probe (detected)')).toContainText('DTR on, RTS off, echo removed, up to 4800 baud, 300 ms power-up');

  // After: the same reading works through the saved profile.
  await app.toolbar.readMeter.click();
  await expect(app.progress.withStatus('done')).toBeVisible({ timeout: 120_000 });
  await expect(app.reading.registerRows.first()).toBeVisible();
  await shot(page, testInfo, '5-reading-works');
});

test('an administrator sets folders and policies; bad input changes nothing; the settings file goes out and comes back', async ({ app, page, workstation }, testInfo) => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'pmu-e2e-res-'));
  try {
    const settings = new SettingsScreen(page);
    await settings.open();
    await settings.section('Files and import');
    const files = settings.form('Files and import');
    await settings.field('.RES output folder').fill(path.join(folder, 'missing'));
    await settings.field('Default scan interval').fill('5');
    await files.getByRole('button', { name: 'Save 2 changes' }).click();
    await expect(app.alerts.first()).toContainText('Nothing was changed');
    await expect(app.alerts.first()).toContainText('does not exist');
    await expect(app.alerts.first()).toContainText('must be at least 10 seconds');
    await shot(page, testInfo, '6-refused');
    await settings.field('.RES output folder').fill(folder);
    await settings.field('Default scan interval').fill('30');
    await files.getByRole('button', { name: 'Check .RES output folder' }).click();
    await expect(files.getByRole('status').filter({ hasText: 'can be used' })).toBeVisible();
    await files.getByRole('button', { name: 'Save 2 changes' }).click();
    await expect(settings.notice).toHaveText('Saved: .RES output folder, Default scan interval.');
    await shot(page, testInfo, '7-files');

    await settings.section('Policies');
    await settings.field('Approver must not be the author').uncheck();
    await settings.field('Sign-out after inactivity').fill('20');
    await settings.form('Policies').getByRole('button', { name: 'Save 2 changes' }).click();
    await expect(settings.notice).toHaveText('Saved: Approver must not be the author, Sign-out after inactivity.');
    await shot(page, testInfo, '8-policies');

    // Someone edits the database file directly (longest session 24 h): the screen says the audit trail disagrees,
    // and saving records the value.
    const db = new Database(path.join(workstation.dataDir, 'pmu.sqlite'));
    try {
      db.prepare("INSERT INTO settings (key, value, updated_utc, updated_by) VALUES ('policy.session.maxHours', '24', '2026-01-01T00:00:00.000Z', 'administrator') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();
    } finally {
      db.close();
    }
    // Leave the screen and come back (it reloads the settings). Wait for the other screen first: a lazy screen still
    // loading keeps the Settings screen mounted (hidden), and clicking back at once would not reload it.
    await app.tabs.go('Watched folders');
    await expect(app.folders.region).toBeVisible();
    await settings.open();
    await settings.section('Policies');
    const outside = settings.screen.getByRole('note', { name: 'Longest session: changed outside the workstation' });
    await expect(outside).toContainText('the audit trail last recorded 8, the database now holds 24');
    await shot(page, testInfo, '8b-outside-audit');
    await settings.form('Policies').getByRole('button', { name: 'Save 1 change' }).click();
    await expect(settings.notice).toHaveText('Saved: Longest session.');
    await expect(outside).toHaveCount(0);

    await settings.section('Settings file');
    await settings.screen.getByRole('button', { name: 'Export settings' }).click();
    const link = settings.screen.getByRole('link', { name: /^Download pmu-settings_/ });
    const download = await Promise.all([page.waitForEvent('download'), link.click()]).then(([d]) => d);
    const text = readFileSync((await download.path())!, 'utf8');
    const json = JSON.parse(text) as { version: number; settings: Record<string, unknown> };
    expect(json.version).toBe(1);
    expect(json.settings['files.resDir']).toBe(folder);
    expect(text).not.toMatch(/password_?hash|scrypt\$|"token"|BEGIN PRIVATE KEY/i); // settings only: no user, key or meter password

    const chooser = settings.screen.getByLabel('Settings file to apply');
    const edited = { ...json, settings: { ...json.settings, 'files.importMode': 'overwrite' } };
    await chooser.setInputFiles({ name: 'site.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...edited, version: 2 })) });
    await settings.screen.getByRole('button', { name: 'Check file' }).click();
    await expect(app.alerts.first()).toContainText('it is a settings file of version 2; this workstation reads version 1');
    await chooser.setInputFiles({ name: 'site.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(edited)) });
    await settings.screen.getByRole('button', { name: 'Check file' }).click();
    const preview = settings.screen.getByRole('region', { name: 'Settings file check' });
    await expect(preview.getByRole('row').filter({ hasText: 'files.importMode' })).toContainText('appendoverwrite');
    await shot(page, testInfo, '9-settings-file');
    await preview.getByRole('button', { name: 'Apply settings file' }).click();
    await expect(settings.notice).toContainText('Applied site.json: 1 settings changed');

    // The defaults reach the other screens: a new watched folder is scanned every 30 s, in overwrite mode.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Watched folders', exact: true }).click();
    await page.getByRole('button', { name: 'Add folder…' }).click();
    await expect(app.folders.interval).toHaveValue('30');
    await expect(app.folders.dialog.getByLabel('Mode')).toHaveValue('overwrite');
    void workstation;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
