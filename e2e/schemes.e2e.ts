/**
 * Tariff schemes end to end, in the UI against browser mode: create a folder and a scheme, add a holiday pack
 * (and see that adding it again leaves every date out as a duplicate), make a validation error, jump to it from
 * the problems panel and fix it, save a version, simulate the year, stage it for the built-in emulated Elster
 * A1140 (`emulator:a1140`, serial EMU-A1140-0001 and password 00000000 at every level: main/links/emulated/provider.ts,
 * main/emulator/elster/meter.ts), approve, program the meter and open the certificate. A screenshot per step.
 */
import type { Page, TestInfo } from '@playwright/test';
import { newScheme } from '../schemes/model';
import { serializeScheme } from '../schemes/scheme-file';
import { test, expect } from './fixtures';
import { SchemeEditor, SchemeLibrary } from './pages/schemes';
import { CertificatesScreen, StagingScreen } from './pages/staging';

const EMULATED_A1140_SERIAL = 'EMU-A1140-0001';
/** Two all-day events (RFC 5545) for the iCal import. */
const CLOSURES_ICS = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//PMU//e2e//EN',
  'BEGIN:VEVENT', 'UID:shutdown-2027@pmu.test', 'DTSTAMP:20260101T000000Z', 'DTSTART;VALUE=DATE:20270702', 'SUMMARY:Works shutdown', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:xmas-eve-2027@pmu.test', 'DTSTAMP:20260101T000000Z', 'DTSTART;VALUE=DATE:20271224', 'SUMMARY:Christmas Eve closure', 'END:VEVENT',
  'END:VCALENDAR', '',
].join('\r\n');
const EMULATED_PASSWORD = '00000000';

function shooter(page: Page, testInfo: TestInfo) {
  return async (name: string) => {
    await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
    await testInfo.attach(name, { path: testInfo.outputPath(`${name}.png`), contentType: 'image/png' });
  };
}

test('tariff scheme: create, holidays, validation, save, simulate, stage, program the emulated A1140, certificate', async ({ app, page }, testInfo) => {
  test.setTimeout(300_000);
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  const shot = shooter(page, testInfo);
  const library = new SchemeLibrary(page);
  const editor = new SchemeEditor(page);
  const staging = new StagingScreen(page);

  // 1. A folder, and a scheme in it; the editor opens the new scheme.
  await library.open();
  await library.createFolder('Domestic');
  await expect(library.folder('Domestic')).toBeVisible();
  await expect(library.folder('Domestic')).toHaveAttribute('aria-selected', 'true');
  await library.createScheme({ name: 'Economy 7', id: 'ECO7', model: 'Elster A1140', zone: 'Europe/London' });
  await expect(library.scheme('Economy 7')).toBeVisible();
  await expect(library.scheme('Economy 7')).toHaveAttribute('aria-level', '2');
  await expect(editor.main.getByRole('heading', { name: 'Economy 7' })).toBeVisible();
  await expect(editor.problemsSummary).toHaveText('No problems: the scheme fits the meter model.');
  await editor.show('Day profiles');
  await expect(editor.dayProfile('Weekday').getByTestId('day-bar')).toHaveAttribute('aria-label', /00:00 to 07:00 Night \(T2\), 07:00 to 23:00 Day \(T1\), 23:00 to 24:00 Night \(T2\)/);
  await shot('01-scheme-created');

  // 2. Holiday pack: UK public holidays 2027–2028 on the weekend day profile; a second preview finds them all present.
  await editor.show('Special days');
  await editor.main.getByRole('button', { name: 'Add holiday pack…' }).click();
  const pack = editor.holidayDialog;
  await pack.getByLabel('Country').selectOption('GB');
  await pack.getByLabel('First year').fill('2027');
  await pack.getByLabel('Last year').fill('2028');
  await pack.getByLabel('Day profile on these days').selectOption('weekend');
  await pack.getByRole('button', { name: 'Preview' }).click();
  const holidayRows = pack.getByTestId('holiday-row');
  await expect.poll(() => holidayRows.count()).toBeGreaterThanOrEqual(8);
  const found = await holidayRows.count();
  await expect(pack.getByTestId('holiday-preview-summary')).toHaveText(new RegExp(`^${found} to add, 0 already in the scheme`));
  await shot('02-holiday-preview');
  await pack.getByRole('button', { name: `Add ${found} special days` }).click();
  await expect(pack.getByTestId('holiday-preview-summary')).toHaveText(`Added ${found} special days.`);
  await pack.getByRole('button', { name: 'Done' }).click();
  await expect(editor.specialDayRows()).toHaveCount(found);
  await expect(editor.unsaved).toBeVisible();
  await editor.main.getByRole('button', { name: 'Add holiday pack…' }).click();
  await pack.getByLabel('Country').selectOption('GB');
  await pack.getByLabel('First year').fill('2027');
  await pack.getByLabel('Last year').fill('2028');
  await pack.getByLabel('Day profile on these days').selectOption('weekend');
  await pack.getByRole('button', { name: 'Preview' }).click();
  await expect(pack.getByTestId('holiday-preview-summary')).toHaveText(new RegExp(`^0 to add, ${found} already in the scheme`));
  await expect(pack.getByRole('button', { name: 'Add 0 special days' })).toBeDisabled();
  await pack.getByRole('button', { name: 'Cancel' }).click();
  await shot('03-holidays-added');

  // 3. A validation error as you type: the weekday's 07:00 switch moved after 23:00 breaks the time order.
  await editor.show('Day profiles');
  await editor.switchTime('Weekday', 2).fill('23:30');
  await expect(editor.problemsSummary).toHaveText(/^[1-9]\d* errors?, \d+ warnings?$/);
  const orderProblem = editor.problemItems.filter({ hasText: /order/i }).first();
  await expect(orderProblem).toHaveAttribute('data-severity', 'error');
  await expect(editor.tab('Day profiles')).toHaveAttribute('data-errors', /^[1-9]/);
  await editor.show('General');
  await orderProblem.click();
  await expect(editor.tab('Day profiles')).toHaveAttribute('aria-selected', 'true');
  const focused = page.locator(':focus');
  await expect(focused).toHaveAttribute('data-path', /^dayProfiles\.0\.switches/);
  await expect(editor.main.locator('[aria-invalid="true"][data-path^="dayProfiles.0.switches"]').first()).toBeVisible();
  await shot('04-validation-error');

  // …fixed: 06:30 is in order again; the problems go away and the bar shows the new switch.
  await editor.switchTime('Weekday', 2).fill('06:30');
  await expect(editor.problemsSummary).toHaveText('No problems: the scheme fits the meter model.');
  await expect(editor.problemItems).toHaveCount(0);
  await expect(editor.dayProfile('Weekday').getByTestId('day-bar')).toHaveAttribute('aria-label', /06:30 to 23:00 Day \(T1\)/);
  await shot('05-validation-fixed');

  // 4. Save version 2; the tree and the header follow.
  await editor.saveVersion('UK bank holidays 2027–2028; day rate from 06:30');
  await expect(editor.saveDialog).toBeHidden();
  await expect(editor.unsaved).toHaveCount(0);
  await expect(library.scheme('Economy 7')).toContainText('ECO7 · saved version 2');
  await editor.show('History');
  await expect(editor.main.getByRole('table', { name: 'Saved versions' }).locator('tbody tr')).toHaveCount(2);
  await editor.main.getByRole('button', { name: 'Compare versions 1 and 2' }).click();
  await expect(page.getByTestId('scheme-diff')).toContainText(/\d+ differences?/);
  await shot('06-saved-history');

  // 5. Simulation of 2027 in Europe/London: the heat-map is drawn, the spring day has 23 hours.
  await editor.show('Simulation');
  await editor.main.getByLabel('Year', { exact: true }).fill('2027');
  await editor.main.getByLabel('Meter time zone').fill('Europe/London');
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-drawn', 'true');
  await expect(page.getByTestId('dst-marker')).toHaveCount(2);
  await editor.main.getByLabel('Day', { exact: true }).fill('2027-03-28');
  await expect(page.getByTestId('day-strip')).toHaveAttribute('data-hours', '23');
  await expect(page.getByTestId('day-strip')).toContainText('Clocks go forward');
  await expect(page.getByTestId('hours-table')).toContainText('8760.00');
  await shot('07-simulation');

  // 6. Stage for the emulated A1140: the plan lists every write; approve.
  await editor.stage.click();
  await expect(staging.form).toBeVisible();
  await expect(staging.form.getByLabel('Scheme', { exact: true })).toHaveValue(/\d+/);
  await staging.meter({ serial: EMULATED_A1140_SERIAL, ct: '200/5', level: '3', site: 'Substation 4', customer: 'ACME Ltd', zone: 'Europe/London' });
  await staging.form.getByRole('button', { name: 'Stage' }).click();
  await expect(staging.staged).toHaveAttribute('data-status', 'draft');
  await expect.poll(() => staging.planRows.count()).toBeGreaterThan(5);
  await expect(staging.planRows.first()).toHaveAttribute('data-command', /^W[15]$/);
  await expect(staging.planRows.and(page.locator('[data-part="special-days"]')).first()).toBeVisible();
  // Each write says where its layout comes from; the unconfirmed ones are named and the notice says a real meter refuses them.
  await expect(staging.planRows.and(page.locator('[data-address="667"]')).getByTestId('write-provenance')).toHaveText(/^public:abba1140\/TariffSources\.java:12-23$/);
  await expect(staging.planRows.and(page.locator('[data-address="901"]')).getByTestId('write-provenance')).toHaveText('assumption');
  await expect(page.getByTestId('unconfirmed-layouts')).toContainText('a real meter is not programmed until a definition file');
  await shot('08-staged-plan');
  await staging.approveConfirmed();
  await expect(staging.staged).toHaveAttribute('data-status', 'approved');

  // 7. Program the meter: port, password (a password field, never shown again), confirm, progress, certificate.
  await staging.port.selectOption('emulator:a1140');
  await expect(staging.password).toHaveAttribute('type', 'password');
  await staging.password.fill(EMULATED_PASSWORD);
  await staging.programButton.click();
  await expect(staging.confirmDialog).toBeVisible();
  await staging.confirmDialog.getByRole('button', { name: 'Program now' }).click();
  await expect(staging.password).toHaveValue('');
  await expect(staging.progress).toBeVisible();
  await shot('09-programming');
  await expect(staging.progress).toHaveAttribute('data-status', 'finished', { timeout: 240_000 });
  await expect(staging.certificate).toHaveAttribute('data-status', 'verified');
  await expect(staging.certificate.getByTestId('certificate-meter')).toContainText(EMULATED_A1140_SERIAL);
  await expect(staging.certificate.getByTestId('certificate-counter')).toHaveText(/^\d+ before → \d+ after$/);
  await expect(staging.certificate.getByTestId('certificate-definitions')).toHaveText('built-in');
  await expect(staging.staged).toHaveAttribute('data-status', 'programmed');
  await expect(page.getByTestId('meter-programming-state')).toHaveAttribute('data-status', 'verified');
  // The password is kept nowhere: every password field is empty again and the page's storage never saw it.
  // (The body text cannot be searched for "00000000": it is also a run of zero bytes in the plan's hex values.)
  for (const field of await page.locator('input[type="password"]').all()) await expect(field).toHaveValue('');
  const storage = await page.evaluate(() => {
    // Browser globals, typed here because the node-side tsconfig has no DOM lib.
    const g = globalThis as unknown as { localStorage: object; sessionStorage: object; document: { cookie: string } };
    return JSON.stringify([Object.entries(g.localStorage), Object.entries(g.sessionStorage), g.document.cookie]);
  });
  expect(storage).not.toContain(EMULATED_PASSWORD);
  await shot('10-certificate');

  // 8. The certificate is listed; opened from the list and exported as JSON (download link in browser mode).
  const certificates = new CertificatesScreen(page);
  await certificates.open();
  await expect(certificates.rows).toHaveCount(1);
  await expect(certificates.rows.first()).toHaveAttribute('data-status', 'verified');
  await certificates.rows.first().getByRole('button', { name: /^Open certificate/ }).click();
  await expect(certificates.certificate).toHaveAttribute('data-status', 'verified');
  await certificates.certificate.getByRole('button', { name: 'Export JSON' }).click();
  const written = page.getByRole('status', { name: 'Certificate export' });
  await expect(written).toContainText('.json');
  await expect(written.getByRole('link', { name: /^Download / })).toHaveAttribute('href', /^api\/download\//);
  await shot('11-certificates');

  await expect(app.alerts).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('scheme library: import (twice), rename with the keyboard, move by dialog and by drag-and-drop, delete with confirmation', async ({ app, page }, testInfo) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  const shot = shooter(page, testInfo);
  const library = new SchemeLibrary(page);
  const file = { name: 'flat-rate.json', mimeType: 'application/json', buffer: Buffer.from(serializeScheme(newScheme('FLAT1', 'Flat rate', 'A1140', 'Europe/Berlin')), 'utf8') };

  await library.open();
  await library.createFolder('Domestic', 'Top level');
  await library.createFolder('Archive', 'Top level');
  await library.createFolder('2027', 'Domestic');
  await expect(library.folder('2027')).toHaveAttribute('aria-level', '2');

  // Import into the selected folder (2027); the same file again is recognised, not duplicated.
  await library.folder('2027').click();
  await library.importFiles.setInputFiles(file);
  await expect(library.notice('Scheme import').locator('li[data-result="imported"]')).toHaveCount(1);
  await expect(library.scheme('Flat rate')).toHaveAttribute('aria-level', '3');
  await library.importFiles.setInputFiles(file);
  await expect(library.notice('Scheme import').locator('li[data-result="already-present"]')).toHaveCount(1);
  await expect(library.tree.getByTestId('tree-scheme')).toHaveCount(1);
  await shot('library-imported');

  // Keyboard: the scheme row has the focus after a click; F2 renames it.
  await library.scheme('Flat rate').click();
  await expect(page.getByRole('main', { name: 'Scheme editor' }).getByRole('heading', { name: 'Flat rate' })).toBeVisible();
  await expect(library.scheme('Flat rate')).toBeFocused();
  await page.keyboard.press('F2');
  await library.nameDialog.getByLabel('New name').fill('Flat rate 2027');
  await library.nameDialog.getByRole('button', { name: 'Rename' }).click();
  await expect(library.scheme('Flat rate 2027')).toBeVisible();
  // An iCal calendar read in the window: two company closures in 2027 become special days.
  const editor = new SchemeEditor(page);
  await editor.show('Special days');
  await editor.main.getByRole('button', { name: 'Import iCal…' }).click();
  const ical = page.getByRole('dialog', { name: 'Import iCal calendar' });
  await ical.getByLabel('Calendar file (.ics)').setInputFiles({ name: 'closures.ics', mimeType: 'text/calendar', buffer: Buffer.from(CLOSURES_ICS, 'utf8') });
  await ical.getByLabel('First year').fill('2027');
  await ical.getByLabel('Last year').fill('2027');
  await ical.getByRole('button', { name: 'Preview' }).click();
  await expect(ical.getByTestId('holiday-row')).toHaveCount(2);
  await expect(ical.getByRole('table', { name: 'Holidays found' })).toContainText('Works shutdown');
  await ical.getByRole('button', { name: 'Add 2 special days' }).click();
  await ical.getByRole('button', { name: 'Done' }).click();
  await expect(editor.specialDayRows()).toHaveCount(2);
  await expect(editor.unsaved).toBeVisible();

  // ArrowLeft goes to the parent folder; ArrowLeft again closes it.
  await library.scheme('Flat rate 2027').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(library.folder('2027')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(library.folder('2027')).toHaveAttribute('aria-expanded', 'false');
  await expect(library.scheme('Flat rate 2027')).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(library.scheme('Flat rate 2027')).toBeVisible();

  // Move to… Archive (dialog), then drag it back onto Domestic.
  await library.scheme('Flat rate 2027').click();
  await library.action('Move to…').click();
  const move = page.getByRole('dialog', { name: /^Move scheme/ });
  await move.getByLabel('Move into').selectOption({ label: 'Archive' });
  await move.getByRole('button', { name: 'Move' }).click();
  await expect(library.scheme('Flat rate 2027')).toHaveAttribute('aria-level', '2');
  await library.scheme('Flat rate 2027').dragTo(library.folder('Domestic'));
  await expect(library.folder('Domestic')).toHaveAttribute('aria-expanded', 'true');
  await expect(library.scheme('Flat rate 2027')).toHaveAttribute('aria-level', '2');
  await expect(library.tree.getByTestId('tree-scheme')).toHaveCount(1);
  await library.scheme('Flat rate 2027').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(library.folder('Domestic')).toBeFocused();
  await shot('library-moved');

  // Export the Domestic folder (selected by the arrow key) as a bundle: a download link.
  await expect(library.folder('Domestic')).toHaveAttribute('aria-selected', 'true');
  await library.action('Export').click();
  await expect(library.notice('Scheme export')).toContainText('Exported 1 scheme');
  await expect(library.notice('Scheme export').getByRole('link', { name: /^Download / })).toHaveAttribute('href', /^api\/download\//);

  // A folder that is not empty is not deleted (plain message); the scheme first, with a dialog naming it.
  await library.action('Delete…').click();
  const confirmFolder = page.getByRole('dialog', { name: 'Delete folder “Domestic”?' });
  await expect(confirmFolder).toContainText('Only an empty folder can be deleted');
  await confirmFolder.getByRole('button', { name: 'Delete folder “Domestic”' }).click();
  await expect(library.panel.getByRole('alert')).toContainText(/folder/i);
  await expect(library.folder('Domestic')).toBeVisible();
  await library.panel.getByRole('alert').getByRole('button', { name: 'Dismiss message' }).click();
  await library.scheme('Flat rate 2027').click();
  await library.action('Delete…').click();
  const confirmScheme = page.getByRole('dialog', { name: 'Delete scheme “Flat rate 2027”?' });
  await expect(confirmScheme).toContainText('FLAT1');
  await shot('library-delete-confirm');
  await confirmScheme.getByRole('button', { name: 'Delete scheme “Flat rate 2027”' }).click();
  await expect(library.tree.getByTestId('tree-scheme')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'No scheme open' })).toBeVisible();

  await expect(app.alerts).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
