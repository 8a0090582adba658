/**
 * "The first hour" (issue 13): the three personas against the built-in emulated meters, each fix asserted in the UI.
 * - Engineer at a fresh workstation (setup mode: one person): stage, approve (with a confirmation), program the
 *   emulated A1140, then READ it in the UI — the new scheme ID and a programming counter one higher (emulated meters
 *   keep their state per data directory); register values exactly as sent (zeros kept); the load-profile viewer
 *   zooms to a day with dates on the axis and day lines; the reading progress ends without a stale step.
 * - Technician, with users: a program staged by the administrator and approved by an engineer (approver ≠ author),
 *   but no level 3 password stored for the meter — before anything is pressed the technician reads why and what to
 *   ask an administrator for, and "Program meter" is disabled; the password field too.
 * - Auditor: lands on the Audit trail (not a Read screen with a greyed button) and reads summaries in words; full
 *   detail on demand; the Trace column visible at 1366 px.
 * Users are set up through the API from the page (as the window itself calls it); every step a screenshot.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { AuditScreen } from './pages/audit';
import { AuthPages } from './pages/auth';
import { StagingScreen } from './pages/staging';
import { directCall, shooter } from './support/api';

const A1140 = 'EMU-A1140-0001';
const ADMIN = { username: 'ada', password: 'admin-pass-1' };
const ENGINEER = { username: 'erin', password: 'erin-pass-12' };
const TECHNICIAN = { username: 'tom', password: 'tom-pass-123' };
const AUDITOR = { username: 'audrey', password: 'audrey-pass-1' };

const call = directCall;
async function ok<T>(page: Page, name: string, args: unknown): Promise<T> {
  const r = await call(page, name, args);
  expect(r.ok, `${name}: ${JSON.stringify(r.error)}`).toBe(true);
  return r.result as T;
}

test('engineer, fresh workstation: program the emulated A1140, then a read shows the new scheme ID and counter; zeros kept; LP viewer', async ({ app, page }, testInfo) => {
  test.setTimeout(480_000);
  const shot = shooter(page, testInfo);
  const staging = new StagingScreen(page);
  // A first read: the counter before, and the values as sent.
  await app.toolbar.chooseElsterEmulator('A1140');
  await app.options.elster('Elster A1140', '00000000', 2);
  await app.toolbar.readMeter.click();
  await expect(app.progress.withStatus('done')).toBeVisible({ timeout: 120_000 });
  await expect(app.progress.step).toHaveCount(0); // no "Saving" after "Reading complete"
  const counterBefore = Number(await app.reading.currentRow('C.2.0').locator('td').nth(2).textContent());
  expect(Number.isInteger(counterBefore)).toBe(true);
  // Values exactly as the meter sent them: a clock value has all six digits, leading zeros included.
  await expect(app.reading.currentRow('0.9.1').locator('td').nth(2)).toHaveText(/^\d{6}$/);
  await expect(app.reading.currentRow('0.9.2').locator('td').nth(2)).toHaveText(/^\d{6}$/);
  await shot('e1-read-before');

  // The load-profile viewer: a day view with dates on the axis, and back to everything.
  const lp = page.getByRole('region', { name: 'Load profile' });
  await lp.getByRole('button', { name: 'Last day', exact: true }).click();
  await expect(page.getByTestId('chart-range')).toHaveText(/\(2[345](\.\d)? h\)$/);
  await lp.getByRole('button', { name: 'Earlier' }).click();
  await expect(lp.locator('canvas')).toHaveAttribute('data-drawn', 'true');
  await lp.scrollIntoViewIfNeeded();
  await shot('e2-load-profile-day');

  // Stage the packaged Economy 7 scheme for this meter (offered from the meters already read), approve, program.
  const created = await ok<{ schemeStoreId: number }>(page, 'schemes.create', { folderId: null, name: 'Night saver', schemeId: 'NIGHT7', meterModel: 'A1140', zone: 'Europe/London' });
  await app.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Staging', exact: true }).click();
  await staging.form.getByLabel('Scheme', { exact: true }).selectOption(String(created.schemeStoreId));
  await staging.form.getByLabel('Meter already read').selectOption(A1140);
  await expect(staging.form.getByLabel('Meter serial number')).toHaveValue(A1140);
  await staging.meter({ serial: A1140, level: '3', zone: 'Europe/London' });
  await staging.form.getByRole('button', { name: 'Stage' }).click();
  await expect(staging.staged).toHaveAttribute('data-status', 'draft');
  await staging.approve.click();
  await expect(staging.approveDialog).toContainText('You approve that meter');
  await shot('e3-approve-confirm');
  await staging.approveDialog.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(staging.staged).toHaveAttribute('data-status', 'approved');
  await staging.port.selectOption('emulator:a1140');
  await staging.password.fill('00000000');
  await staging.programButton.click();
  await staging.confirmDialog.getByRole('button', { name: 'Program now' }).click();
  await expect(staging.progress).toHaveAttribute('data-status', 'finished', { timeout: 300_000 });
  await expect(staging.certificate).toHaveAttribute('data-status', 'verified');
  await expect(page.getByTestId('program-heading')).toHaveText('Programmed and verified');
  await expect(staging.certificate.getByTestId('certificate-counter')).toHaveText(`${counterBefore} before → ${counterBefore + 1} after`);
  await shot('e4-programmed');

  // Read it again in the UI: the meter kept what was programmed.
  await app.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Read meter', exact: true }).click();
  await app.toolbar.chooseElsterEmulator('A1140');
  await app.options.elster('Elster A1140', '00000000', 2);
  await app.toolbar.readMeter.click();
  await expect(app.progress.withStatus('done')).toBeVisible({ timeout: 120_000 });
  await expect(app.reading.currentRow('C.2.0').locator('td').nth(2)).toHaveText(String(counterBefore + 1));
  await expect(page.getByRole('table', { name: /register/i }).first()).toContainText('NIGHT7');
  await shot('e5-read-after-programming');
});

test('technician: an approved program but no stored password — why, and what to ask for, before pressing anything', async ({ app, page }, testInfo) => {
  test.setTimeout(240_000);
  const shot = shooter(page, testInfo);
  const auth = new AuthPages(page);
  const staging = new StagingScreen(page);
  // The administrator sets up users and stages; an engineer approves (approver ≠ author).
  await ok(page, 'auth.setupAdmin', ADMIN);
  for (const [u, role] of [[ENGINEER, 'engineer'], [TECHNICIAN, 'technician'], [AUDITOR, 'auditor']] as const) await ok(page, 'users.add', { ...u, role });
  const created = await ok<{ schemeStoreId: number }>(page, 'schemes.create', { folderId: null, name: 'Night saver', schemeId: 'NIGHT7', meterModel: 'A1140', zone: 'Europe/London' });
  const staged = await ok<{ id: number }>(page, 'staging.create', {
    schemeStoreId: created.schemeStoreId,
    schemeVersion: 1,
    meter: { serial: A1140, ctRatio: null, vtRatio: null, passwordLevel: 3, site: '', customer: '', timeZone: 'Europe/London' },
  });
  expect(await call(page, 'staging.approve', { id: staged.id })).toMatchObject({ ok: false, error: { code: 'SEPARATION_OF_DUTIES' } });
  // In the window too: the administrator who staged it reads why they cannot approve it, and Approve is disabled.
  await page.reload();
  await expect(auth.role).toHaveText('Administrator');
  await auth.go('Staging');
  await page.getByTestId('staged-item').first().click();
  await expect(staging.staged).toHaveAttribute('data-status', 'draft');
  await expect(staging.approve).toBeDisabled();
  await expect(page.getByTestId('approval-refusal')).toContainText('You staged this program, so another user must approve it');
  await shot('t0-author-cannot-approve');
  await auth.signOut();
  await ok(page, 'auth.signIn', ENGINEER);
  await ok(page, 'staging.approve', { id: staged.id });
  await ok(page, 'auth.signOut', {});

  await page.reload();
  await auth.signIn(TECHNICIAN.username, TECHNICIAN.password);
  await expect(auth.role).toHaveText('Technician');
  await auth.go('Staging');
  await page.getByTestId('staged-item').first().click();
  await expect(staging.staged).toHaveAttribute('data-status', 'approved');
  await expect(staging.readiness).toHaveAttribute('data-can-program', 'false');
  await expect(staging.readiness).toContainText(`No level 3 password is stored for meter ${A1140}`);
  await expect(staging.readiness).toContainText(`Ask an administrator to store the meter's own level 3 password for ${A1140} (Administration → Meter passwords → One meter)`);
  await expect(staging.programButton).toBeDisabled();
  await expect(staging.password).toBeDisabled();
  await expect(page.getByTestId('program-progress')).toHaveCount(0);
  await staging.readiness.scrollIntoViewIfNeeded();
  await shot('t1-technician-sees-why');
});

test('auditor: lands on the Audit trail and reads summaries in words; details on demand; Trace visible at 1366 px', async ({ app, page }, testInfo) => {
  test.setTimeout(240_000);
  const shot = shooter(page, testInfo);
  const auth = new AuthPages(page);
  const audit = new AuditScreen(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await ok(page, 'auth.setupAdmin', ADMIN);
  await ok(page, 'users.add', { ...AUDITOR, role: 'auditor' });
  // Something to audit, as the administrator (signed in by the set-up): a reading, a clock adjust, a refused reading.
  await page.reload();
  await expect(auth.role).toHaveText('Administrator');
  await app.toolbar.chooseElsterEmulator('A1140');
  await app.options.elster('Elster A1140', '00000000', 1);
  await app.toolbar.readMeter.click();
  await expect(app.progress.withStatus('done')).toBeVisible({ timeout: 120_000 });
  await expect(app.reading.meter).toBeVisible();
  await app.clock.check.click();
  await expect(app.clock.withStatus('done')).toBeVisible({ timeout: 60_000 });
  await app.clock.adjust.click();
  await expect(app.clock.withStatus('done')).toBeVisible({ timeout: 60_000 });
  // A failed read does not leave the previous reading on screen under its own progress (issue 13.8).
  await app.options.elster('Elster A1140', 'WRONG123', 1);
  await app.toolbar.readMeter.click();
  await expect(app.progress.withStatus('failed')).toBeVisible({ timeout: 60_000 });
  await expect(app.progress.region).toContainText('stopped at:');
  await expect(app.reading.meter).toHaveCount(0);
  await shot('a0-failed-read-no-stale-reading');
  await app.alerts.first().getByRole('button', { name: 'Dismiss message' }).click();

  await auth.signOut();
  await auth.signIn(AUDITOR.username, AUDITOR.password);
  await expect(audit.main).toBeVisible(); // landed on the trail
  await expect(page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Audit trail', exact: true })).toHaveAttribute('aria-current', 'page');
  const adjust = audit.rowsOf('clock.adjusted');
  await expect(adjust).toHaveAttribute('data-meter', A1140);
  await expect(audit.summary(adjust)).toHaveText(/^Clock adjust requested: \d.* back, complete after about .*; the meter was .* fast\.$/);
  const failed = audit.rowsOf('reading.failed');
  await expect(audit.summary(failed)).toContainText('Reading failed on emulator:a1140');
  await expect(audit.summary(failed)).not.toContainText('WRONG123');
  for (const s of await audit.records.getByTestId('audit-summary').allTextContents()) expect(s).not.toMatch(/[{}"]|driftMs|→ —/);
  // The Trace column is on screen, not cut off.
  const trace = audit.records.getByRole('columnheader', { name: 'Trace' });
  const box = await trace.boundingBox();
  expect(box && box.x + box.width).toBeLessThanOrEqual(1366);
  await shot('a1-auditor-lands-on-trail');
  const details = await audit.details(adjust);
  await expect(details.getByRole('table')).toContainText('clock drift');
  await expect(details).toContainText('Raw summary (JSON)');
  await shot('a2-details');
});
