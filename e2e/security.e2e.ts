/**
 * Issue 11 in the UI (docs/security.md "Events, exports, files"), browser mode:
 * 1. .RES signatures: a reading of the emulated meter writes a .RES signed with this installation's key; importing
 *    it says "signed by this workstation", a file from elsewhere says "unsigned", and a signed file changed in a text
 *    editor (SHA-256 recomputed) is quarantined because its signature no longer matches.
 * 2. Watched folders only inside locations an administrator allowed: the administrator allows one, a technician is
 *    refused a folder outside it (plain message naming the allowed location) and may watch one inside it.
 * A screenshot per step.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { resChecksum } from '../main/res/codec';
import { test, expect } from './fixtures';
import { AdminScreen } from './pages/admin';
import { AuthPages } from './pages/auth';
import { resFile } from './support/files';

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await testInfo.attach(name, { path: testInfo.outputPath(`${name}.png`), contentType: 'image/png' });
}

/** Every .RES file under `dir`. */
function resFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.res$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** One digit of the first decimal value changed, the [end] checksum recomputed: what a text editor and sha256sum do. */
function forged(text: string): string {
  const lines = text.split('\r\n');
  const end = lines.indexOf('[end]');
  const i = lines.findIndex((l, k) => k < end && /=\s*\d+\.\d+/.test(l));
  lines[i] = lines[i]!.replace(/(\d)(\.\d+)/, (_m, d: string, rest: string) => `${(Number(d) + 1) % 10}${rest}`);
  lines[end + 2] = `sha256=${resChecksum(lines.slice(0, end))}`;
  return lines.join('\r\n');
}

test('.RES files: signed by this workstation, unsigned from elsewhere, a changed signed file quarantined', async ({ app, page, workstation }, testInfo) => {
  await app.toolbar.chooseEmulator();
  await app.toolbar.readMeter.click();
  await expect(app.progress.withStatus('done')).toBeVisible({ timeout: 90_000 });
  const [signedPath] = resFilesUnder(workstation.dataDir);
  expect(signedPath, 'the reading wrote a .RES file').toBeDefined();
  const signedText = readFileSync(signedPath!, 'utf8');
  expect(signedText).toMatch(/\r\n\[signature\]\r\nsigner=.*\r\nkey=/);

  await app.tabs.go('Import');
  const own = { name: path.basename(signedPath!), text: signedText };
  await app.importer.choose([own]);
  await expect(app.importer.rowWith(own.name, 'duplicate')).toBeVisible(); // the reading itself is stored already
  await expect(app.importer.row(own.name).getByTestId('res-signature')).toHaveText(/signed by this workstation \(.*key [0-9a-f ]+…\)/);
  await shot(page, testInfo, 'res-signed-by-this-workstation');

  const stranger = resFile('E2E00011');
  await app.importer.choose([stranger]);
  await expect(app.importer.rowWith(stranger.name, 'imported')).toBeVisible();
  await expect(app.importer.row(stranger.name).getByTestId('res-signature')).toHaveText(/unsigned/);

  const changed = { name: 'changed.RES', text: forged(signedText) };
  await app.importer.choose([changed]);
  await expect(app.importer.rowWith(changed.name, 'quarantined')).toBeVisible();
  await expect(app.importer.row(changed.name)).toContainText("signature does not match its content");
  await shot(page, testInfo, 'res-signatures');
});

test('watched folders only inside a location an administrator allowed', async ({ app, page, workstation }, testInfo) => {
  const auth = new AuthPages(page);
  const admin = new AdminScreen(page);
  const allowed = path.join(workstation.dataDir, 'allowed');
  const inside = path.join(allowed, 'depot-7');
  const outside = path.join(workstation.dataDir, 'elsewhere');
  for (const d of [inside, outside]) mkdirSync(d, { recursive: true });

  await auth.createAdministrator({ username: 'admin', password: 'admin-pass-1', displayName: 'Ada Admin' });
  await admin.open();
  await admin.addUser({ username: 'tom', password: 'tom-pass-123', displayName: 'Tom Technician', role: 'technician' });
  await app.tabs.go('Watched folders');
  const roots = page.getByRole('region', { name: 'Allowed locations' });
  await expect(roots).toContainText('None yet: only administrators can add watched folders.');
  await roots.getByRole('button', { name: 'Edit…' }).click();
  await roots.getByRole('textbox', { name: 'Allowed locations' }).fill(allowed);
  await roots.getByRole('button', { name: 'Save locations' }).click();
  await expect(roots.getByRole('list', { name: 'Allowed locations list' })).toHaveText(allowed);
  await auth.signOut();

  await auth.signIn('tom', 'tom-pass-123');
  await expect(auth.role).toHaveText('Technician');
  await app.tabs.go('Watched folders');
  await expect(roots.getByRole('button', { name: 'Edit…' })).toHaveCount(0); // only administrators edit the list
  await app.folders.add.click();
  await app.folders.path.fill(outside);
  await app.folders.interval.fill('60');
  await app.folders.save.click();
  await expect(app.folders.dialog.getByRole('alert')).toContainText(`"${outside}" is not inside a location an administrator allowed for watching (${allowed}). Ask an administrator to allow it.`);
  await shot(page, testInfo, 'watch-outside-refused');
  await app.folders.path.fill(inside);
  await app.folders.save.click();
  await expect(app.folders.dialog).toBeHidden();
  await expect(app.folders.row(inside)).toBeVisible();
  await shot(page, testInfo, 'watch-inside-saved');
});
