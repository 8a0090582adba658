/**
 * Users, roles, meter passwords and the audit trail end to end (issue 6), in the UI against browser mode: a fresh
 * store starts in setup mode; the first administrator is created from the banner; the administrator adds an engineer,
 * a technician and an auditor, changes a role, resets a password, disables a user and stores a meter password (which
 * never appears in the page or in any API answer); then each role signs in and sees what it may and may not do, and a
 * forbidden call made directly from the page is refused by the main side with FORBIDDEN. The engineer stages and
 * approves a program; the technician reads the emulated meter (port `emulator`), which is recorded; the auditor
 * verifies the chain (intact) and downloads the CSV and the signed bundle. A screenshot per step.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { AdminScreen } from './pages/admin';
import { AuditScreen } from './pages/audit';
import { AuthPages } from './pages/auth';
import { SchemeEditor, SchemeLibrary } from './pages/schemes';
import { directCall, shooter } from './support/api';
import { StagingScreen } from './pages/staging';

/** The built-in emulated Elster A1140 (main/links/emulated/provider.ts). */
const A1140 = 'EMU-A1140-0001';
/** A meter password that must never come back from the workstation (8 characters, contract-meter.ts). */
const SECRET = 'Qz7#kP2w';
const ADMIN = { username: 'admin', password: 'admin-pass-1', displayName: 'Ada Admin', meterUserId: 'ADM1' };
const ENGINEER = { username: 'erin', password: 'erin-pass-12', displayName: 'Erin Engineer', meterUserId: 'ENG1', role: 'engineer' as const };
const TECHNICIAN = { username: 'tom', password: 'tom-pass-123', displayName: 'Tom Technician', meterUserId: 'TEC1', role: 'technician' as const };
const AUDITOR = { username: 'audrey', password: 'audrey-pass-1', displayName: 'Audrey Auditor', role: 'auditor' as const };

test('users and roles: setup, administration, each role signs in; the auditor verifies the chain and exports', async ({ app, page }, testInfo) => {
  test.setTimeout(420_000);
  const shot = shooter(page, testInfo);
  const auth = new AuthPages(page);
  const admin = new AdminScreen(page);
  const audit = new AuditScreen(page);
  const library = new SchemeLibrary(page);
  const editor = new SchemeEditor(page);
  const staging = new StagingScreen(page);
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    // A refused call logs a 4xx in the console; anything else is a real error.
    if (m.type() === 'error' && !/status of 40[13]/.test(m.text())) consoleErrors.push(m.text());
  });
  // Every API answer (not the event stream, which never ends) is kept to check that no secret ever comes back.
  const answers: Promise<string>[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/api/call/')) answers.push(r.text().catch(() => ''));
  });

  // 1. A fresh store is in setup mode: the banner asks for an administrator; the first-run demo works meanwhile.
  await expect(auth.setupBanner).toBeVisible();
  await expect(auth.role).toHaveText('Setup mode');
  await expect(auth.tab('Administration')).toBeVisible();
  await shot('01-setup-mode');

  // 2. Create the administrator (a mismatched repetition is named at its field first).
  await auth.setupBanner.getByRole('button', { name: 'Create administrator…' }).click();
  await auth.createAdminDialog.getByLabel('User name', { exact: true }).fill(ADMIN.username);
  await auth.createAdminDialog.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await auth.createAdminDialog.getByLabel('Repeat password').fill('something-else');
  await auth.createAdminDialog.getByRole('button', { name: 'Create administrator and sign in' }).click();
  await expect(auth.createAdminDialog.getByText('The two passwords are not the same.')).toBeVisible();
  await auth.createAdminDialog.getByRole('button', { name: 'Cancel' }).click();
  await auth.createAdministrator(ADMIN);
  await expect(auth.setupBanner).toBeHidden();
  await expect(auth.userName).toHaveText(ADMIN.displayName);
  await expect(auth.role).toHaveText('Administrator');
  await shot('02-administrator-created');

  // 3. The administrator adds users, changes a role, resets a password and disables a user.
  await admin.open();
  await expect(admin.user('admin')).toHaveAttribute('data-role', 'administrator');
  for (const u of [ENGINEER, TECHNICIAN, AUDITOR]) await admin.addUser(u);
  await admin.addUser({ username: 'temp', password: 'temp-pass-12', role: 'technician' });
  await expect(admin.user('tom')).toHaveAttribute('data-role', 'technician');
  await expect(admin.user('tom')).toContainText('TEC1');
  // A role change waits for its confirmation: cancelled, nothing changes; confirmed, it applies.
  expect(await admin.changeRole('temp', 'engineer', false)).toContain('becomes an engineer');
  await expect(admin.user('temp')).toHaveAttribute('data-role', 'technician');
  await expect(admin.users.getByLabel('Role of temp')).toHaveValue('technician');
  await admin.changeRole('temp', 'engineer');
  await expect(admin.user('temp')).toHaveAttribute('data-role', 'engineer');
  await admin.main.getByRole('button', { name: 'Reset the password of temp' }).click();
  const reset = page.getByRole('dialog', { name: 'Reset the password of temp' });
  await reset.getByLabel('New password', { exact: true }).fill('temp-pass-new-1');
  await reset.getByLabel('Repeat new password').fill('temp-pass-new-1');
  await reset.getByRole('button', { name: 'Set new password' }).click();
  await expect(admin.notice).toHaveText(/New password set for temp/);
  await admin.main.getByRole('button', { name: 'Disable temp' }).click();
  await page.getByRole('dialog', { name: 'Disable temp?' }).getByRole('button', { name: 'Disable temp' }).click();
  await expect(admin.user('temp')).toHaveAttribute('data-state', 'disabled');
  await expect(admin.main.getByRole('button', { name: 'Disable admin' })).toBeDisabled();

  // A meter group, and a user limited to it (object scope).
  await admin.section('Meter groups');
  await admin.main.getByRole('button', { name: 'New group…' }).click();
  const group = page.getByRole('dialog', { name: 'New meter group' });
  await group.getByLabel('Group name').fill('North');
  await group.getByLabel(/^Meter serial numbers/).fill(`${A1140}\n12345678\n${A1140}\n`);
  await expect(group.getByText('one per line; 2 meters')).toBeVisible();
  await group.getByRole('button', { name: 'Save group' }).click();
  await expect(admin.main.locator('tr[data-group="North"]')).toContainText(A1140);
  await admin.section('Users');
  await admin.main.getByRole('button', { name: 'Edit temp' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit temp' });
  await edit.getByRole('checkbox', { name: 'North (2)' }).check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(admin.user('temp')).toContainText('Meter groups: North');
  await shot('03-users');

  // 4. A meter password: stored, listed as metadata only; the secret is nowhere in the page.
  await admin.section('Meter passwords');
  await admin.storeMeterPassword(A1140, '3', SECRET, () => shot('04a-delegation-warning'));
  const cred = admin.credentials.locator('tbody tr[data-scope="meter"]');
  await expect(cred).toHaveCount(1);
  await expect(cred).toContainText(`Meter ${A1140}`);
  await expect(cred).toHaveAttribute('data-level', '3');
  await expect(cred).toContainText('stored (hidden)');
  await expect(cred).toContainText('admin');
  expect(await page.content()).not.toContain(SECRET);
  await shot('04-meter-password');
  // A level-1 password too: a technician's delegated upload signs on with it to check the meter first (issue 11.2).
  await admin.storeMeterPassword(A1140, '1', 'Lv1-pass');
  await expect(cred).toHaveCount(2);
  expect(await page.content()).not.toContain('Lv1-pass');

  // 5. Sign out; a wrong password reads plainly and names nothing.
  await auth.signOut();
  await auth.signIn(ENGINEER.username, 'not-the-password');
  await expect(auth.signInScreen.getByRole('alert')).toHaveText(/user name or password is not right/);
  await shot('05-sign-in-failed');

  // 6. The engineer edits schemes and stages — but may not approve his own programs (separation of duties, on by
  // default), and sees no Administration or Audit trail.
  await auth.signIn(ENGINEER.username, ENGINEER.password);
  await expect(auth.role).toHaveText('Engineer');
  await expect(auth.tab('Administration')).toHaveCount(0);
  await expect(auth.tab('Audit trail')).toHaveCount(0);
  await library.open();
  await library.createFolder('Domestic');
  await library.createScheme({ name: 'Economy 7', id: 'ECO7', model: 'Elster A1140', zone: 'Europe/London' });
  await expect(editor.main.getByRole('heading', { name: 'Economy 7' })).toBeVisible();
  for (let i = 0; i < 2; i++) {
    await editor.stage.click();
    await staging.meter({ serial: A1140, level: '3', zone: 'Europe/London' });
    await staging.form.getByRole('button', { name: 'Stage' }).click();
    await expect(staging.staged).toHaveAttribute('data-status', 'draft');
    await expect(staging.approve).toBeDisabled();
    await expect(staging.approve).toHaveAttribute('title', /^You staged this program, so another user must approve it/);
    await expect(page.getByTestId('approval-refusal')).toContainText('separation of duties');
    // The main process refuses it too, whatever the window shows.
    const own = Number((await staging.staged.getByRole('heading').textContent())?.match(/Staged program (\d+)/)?.[1]);
    expect(await directCall(page, 'staging.approve', { id: own })).toMatchObject({ ok: false, error: { code: 'SEPARATION_OF_DUTIES' } });
    if (i === 0) await shot('06-engineer-cannot-approve-own');
    await library.open();
    await library.scheme('Economy 7').click();
  }

  // 6b. The administrator approves one of them, after a confirmation that says what is approved.
  await auth.signOut();
  await auth.signIn(ADMIN.username, ADMIN.password);
  await auth.go('Staging');
  await page.getByTestId('staged-item').last().click();
  await expect(staging.approve).toBeEnabled();
  await staging.approve.click();
  await expect(staging.approveDialog).toContainText(`Staged by ${ENGINEER.username}`);
  await shot('06b-approve-confirm');
  await staging.approveDialog.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(staging.staged).toHaveAttribute('data-status', 'approved');

  // 7. The technician reads meters, but may not edit schemes, approve or set clocks; a direct approve is refused.
  await auth.signOut();
  await auth.signIn(TECHNICIAN.username, TECHNICIAN.password);
  await expect(auth.role).toHaveText('Technician');
  await expect(auth.tab('Administration')).toHaveCount(0);
  await expect(auth.tab('Audit trail')).toHaveCount(0);
  await library.open();
  await expect(library.newScheme).toBeDisabled();
  await expect(library.newScheme).toHaveAttribute('title', 'Technicians cannot edit tariff schemes.');
  await library.folder('Domestic').click();
  await library.scheme('Economy 7').click();
  await expect(page.getByTestId('scheme-read-only')).toBeVisible();
  await expect(editor.stage).toBeDisabled();
  await auth.go('Staging');
  const items = page.getByTestId('staged-item');
  await items.and(page.locator('[data-status="draft"]')).click();
  await expect(staging.approve).toBeDisabled();
  await expect(staging.approve).toHaveAttribute('title', 'Technicians cannot approve programs.');
  const draftId = Number((await staging.staged.getByRole('heading').textContent())?.match(/Staged program (\d+)/)?.[1]);
  const refused = await directCall(page, 'staging.approve', { stagedId: draftId });
  expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: /^Technicians cannot approve programs\./ } });
  // Technicians upload approved programs: the engineer's approval lets the STORED level-3 password be used (the
  // technician's own limit is level 1, so nothing can be typed) — main/services/meter-access.ts `approvedLevel`.
  await items.and(page.locator('[data-status="approved"]')).click();
  await expect(staging.programButton).toBeEnabled();
  await expect(staging.password).toBeDisabled();
  await expect(staging.readiness).toHaveText(`Approved by ${ADMIN.username}: the workstation uses the level 3 password stored for meter ${A1140}. You never see it.`);
  await expect(staging.readiness).toHaveAttribute('data-can-program', 'true');
  // A typed level-3 password is still refused by the main process.
  const approvedId = Number((await staging.staged.getByRole('heading').textContent())?.match(/Staged program (\d+)/)?.[1]);
  const typed = await directCall(page, 'program.start', { stagedId: approvedId, port: 'emulator:a1140', password: '00000000' });
  expect(typed).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: /up to security level 1; this job needs level 3/ } });
  await shot('07-technician-limits');

  await app.toolbar.chooseEmulator();
  await expect(app.toolbar.readMeter).toBeEnabled();
  await app.toolbar.readMeter.click();
  await expect(app.progress.withStatus('done')).toBeVisible({ timeout: 90_000 });
  await expect(app.reading.fact('Port')).toHaveText('emulator');
  await expect(page.getByRole('region', { name: 'Meter clock' }).getByRole('button', { name: 'Set clock…' })).toBeDisabled();
  await expect(page.getByRole('region', { name: 'Meter clock' }).getByRole('button', { name: 'Check clock' })).toBeEnabled();
  await shot('08-technician-read');

  // 8. The auditor reads nothing from meters and changes nothing, but sees and verifies the whole trail.
  await auth.signOut();
  await auth.signIn(AUDITOR.username, AUDITOR.password);
  await expect(auth.role).toHaveText('Auditor');
  await expect(app.toolbar.readMeter).toBeDisabled();
  await expect(app.toolbar.readMeter).toHaveAttribute('title', 'Auditors cannot read meters.');
  await expect(auth.tab('Import')).toHaveCount(0);
  const readRefused = await directCall(page, 'readMeter', { jobId: 'e2e-auditor-read', port: 'emulator' });
  expect(readRefused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: /^Auditors cannot read meters\./ } });
  const saveRefused = await directCall(page, 'users.add', { username: 'mallory', role: 'administrator', password: 'mallory-pass-1' });
  expect(saveRefused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  await admin.open();
  await expect(admin.user('tom')).toBeVisible();
  await expect(admin.addUserButton).toHaveCount(0);
  await expect(admin.users.getByLabel('Role of tom')).toHaveCount(0);

  await audit.open();
  await expect(audit.rows.first()).toBeVisible();
  await audit.verifyButton.click();
  await expect(audit.verifyResult).toHaveAttribute('data-intact', 'true');
  await expect(audit.verifyResult).toContainText('Intact.');
  await expect(audit.signature).toHaveText(/every record is covered/);
  await audit.filter({ user: TECHNICIAN.username, action: 'Meter read' });
  await expect(audit.rowsOf('reading.stored')).toHaveCount(1);
  await expect(audit.rows).toHaveCount(1);
  await expect(audit.rowsOf('reading.stored')).toContainText('Technician');
  await expect(audit.rowsOf('reading.stored').getByRole('button', { name: /^Open the raw trace/ })).toBeVisible();
  // The meter's own programming log is shown beside ours for a filtered meter.
  const serial = (await audit.rowsOf('reading.stored').getAttribute('data-meter')) ?? '';
  expect(serial).not.toBe('');
  await audit.filter({ user: '', action: 'Any action', meter: serial });
  await expect(page.getByTestId('meter-log')).toContainText(`Programming log of meter ${serial}`);
  await expect(audit.rows).toHaveCount(1);
  await audit.filters.getByLabel('Meter').fill('');
  await audit.filter({ action: 'User added' });
  await expect(audit.rowsOf('user.added')).toHaveCount(4);
  await expect(audit.rowsOf('user.added').first()).toHaveAttribute('data-user', ADMIN.username);
  await expect(audit.rowsOf('user.added').filter({ hasText: 'user:tom' })).toContainText('Added tom as technician (Tom Technician).');
  await audit.filter({ action: 'Program approved' });
  await expect(audit.rowsOf('program.approved')).toHaveCount(1);
  await expect(audit.rowsOf('program.approved')).toHaveAttribute('data-user', ADMIN.username);
  await audit.filter({ action: 'Any action' });
  await shot('09-audit-verified');

  await audit.exportCsv.click();
  const csvLink = audit.written.getByRole('link', { name: /^Download audit_.*\.csv$/ });
  const csvDownload = page.waitForEvent('download');
  await csvLink.click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^audit_.*\.csv$/);
  const csvText = readFileSync((await csv.path())!, 'utf8');
  expect(csvText).toContain('reading.stored');
  expect(csvText).not.toContain(SECRET);

  await audit.exportBundle.click();
  const bundleLink = audit.written.getByRole('link', { name: /^Download audit_.*\.json$/ });
  const bundleDownload = page.waitForEvent('download');
  await bundleLink.click();
  const bundle = await bundleDownload;
  const bundleText = readFileSync((await bundle.path())!, 'utf8');
  expect(bundleText).not.toContain(SECRET);
  expect(JSON.parse(bundleText)).toMatchObject({ records: expect.any(Array) });
  await shot('10-audit-exported');

  // An anchor kept elsewhere (issue 11): exported, then the trail is verified against it.
  await audit.exportAnchor.click();
  const anchorLink = audit.written.getByRole('link', { name: /^Download audit_.*\.pmu-anchor\.json$/ });
  const anchorDownload = page.waitForEvent('download');
  await anchorLink.click();
  const anchorPath = (await (await anchorDownload).path())!;
  expect(JSON.parse(readFileSync(anchorPath, 'utf8'))).toMatchObject({ format: 'pmu-audit-anchor', head: { seq: expect.any(Number) } });
  await audit.anchorFile.setInputFiles(anchorPath);
  await expect(audit.verifyResult).toHaveAttribute('data-intact', 'true');
  await expect(audit.verifyResult).toContainText(/It extends the anchor of record \d+ .*nothing was cut or rewritten since/);
  await audit.verifyResult.scrollIntoViewIfNeeded();
  await shot('11-audit-anchor-verified');

  // No API answer ever carried the stored meter password.
  const bodies = await Promise.all(answers);
  expect(bodies.length).toBeGreaterThan(20);
  for (const b of bodies) expect(b).not.toContain(SECRET);
  expect(consoleErrors).toEqual([]);
});

test('an ended session asks for a sign-in over the screen and keeps its state', async ({ app, page, workstation }, testInfo) => {
  const shot = shooter(page, testInfo);
  const auth = new AuthPages(page);
  const admin = new AdminScreen(page);
  await auth.createAdministrator(ADMIN);
  await admin.open();
  await admin.addUser(TECHNICIAN);

  // The technician works in a second tab: a filter typed on the Readings browser is the screen's state.
  const tab = await page.context().newPage();
  const techAuth = new AuthPages(tab);
  await tab.goto(workstation.url);
  await techAuth.signIn(TECHNICIAN.username, TECHNICIAN.password);
  await expect(techAuth.role).toHaveText('Technician');
  await techAuth.go('Readings browser');
  const from = tab.getByRole('form', { name: 'Reading filters' }).getByLabel('From day');
  await from.fill('2026-01-05');

  // The administrator resets the technician's password: their session ends at once.
  await admin.main.getByRole('button', { name: `Reset the password of ${TECHNICIAN.username}` }).click();
  const reset = page.getByRole('dialog', { name: `Reset the password of ${TECHNICIAN.username}` });
  await reset.getByLabel('New password', { exact: true }).fill('tom-new-pass-1');
  await reset.getByLabel('Repeat new password').fill('tom-new-pass-1');
  await reset.getByRole('button', { name: 'Set new password' }).click();
  await expect(admin.notice).toHaveText(/New password set for tom/);

  // The technician's next call is refused: the sign-in dialog opens over the kept screen.
  await tab.getByRole('region', { name: 'Readings browser' }).getByRole('button', { name: 'Refresh' }).click();
  await expect(techAuth.sessionDialog).toBeVisible();
  await expect(techAuth.sessionDialog.getByRole('status', { name: 'Session ended' })).toHaveText(/Sign in/);
  await tab.screenshot({ path: testInfo.outputPath('session-ended.png'), fullPage: true });
  await techAuth.signIn(TECHNICIAN.username, 'tom-new-pass-1', techAuth.sessionDialog);
  await expect(techAuth.sessionDialog).toBeHidden();
  await expect(from).toHaveValue('2026-01-05');
  await expect(techAuth.role).toHaveText('Technician');
  await shot('session-admin-side');
  await tab.close();
  void app;
});

test('failed sign-ins delay that name here (never a hard lock); the administrator clears the wait; the user changes their own password', async ({ app, page }, testInfo) => {
  // `app` opens the workstation in setup mode (e2e/fixtures.ts).
  void app;
  const shot = shooter(page, testInfo);
  const auth = new AuthPages(page);
  const admin = new AdminScreen(page);
  await auth.createAdministrator(ADMIN);
  await admin.open();
  await admin.addUser(TECHNICIAN);
  await auth.signOut();

  // Wrong passwords: after the third, each further attempt from this browser waits longer (1 s, 2 s, 4 s …).
  const button = auth.signInScreen.getByRole('button', { name: /^Sign(ing)? in/ });
  for (let i = 1; i <= 5; i += 1) {
    // From the fourth attempt on, wait out the delay the previous failures started (1 s, then 2 s).
    if (i >= 4) await page.waitForTimeout(1000 * 2 ** (i - 4) + 300);
    await auth.signIn(TECHNICIAN.username, `wrong-password-${i}`);
    await expect(button).toHaveText('Sign in');
  }
  // Right away, even the right password waits (4 s after the fifth failure).
  await auth.signIn(TECHNICIAN.username, TECHNICIAN.password);
  await expect(button).toHaveText('Sign in');
  await expect(auth.signInScreen.getByRole('alert')).toHaveText(/Too many failed sign-ins with this user name here\. Wait \d+ seconds?, then try again/);
  await shot('sign-in-delayed');

  // Another name is not delayed: the administrator signs in at once, sees the wait and clears it.
  await auth.signIn(ADMIN.username, ADMIN.password);
  await admin.open();
  await expect(admin.user(TECHNICIAN.username)).toHaveAttribute('data-state', 'locked');
  await expect(admin.user(TECHNICIAN.username)).toContainText(/Sign-in delayed until/);
  await admin.user(TECHNICIAN.username).getByRole('button', { name: 'Clear sign-in wait' }).click();
  await expect(admin.user(TECHNICIAN.username)).toHaveAttribute('data-state', 'active');
  await auth.signOut();

  // The technician signs in and changes their own password; the new one works after signing out.
  await auth.signIn(TECHNICIAN.username, TECHNICIAN.password);
  await expect(auth.role).toHaveText('Technician');
  await auth.userMenu.getByRole('button', { name: 'Change password…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change password' });
  await dialog.getByLabel('Current password').fill(TECHNICIAN.password);
  await dialog.getByLabel('New password', { exact: true }).fill('tom-changed-pw-1');
  await dialog.getByLabel('Repeat new password').fill('tom-changed-pw-1');
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByRole('status')).toHaveText(/Your password was changed/);
  await shot('password-changed');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await auth.signOut();
  await auth.signIn(TECHNICIAN.username, 'tom-changed-pw-1');
  await expect(auth.role).toHaveText('Technician');
});
