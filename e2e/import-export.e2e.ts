/**
 * Issue 5 workflows in browser mode: import .RES files (drop and file chooser; duplicate; quarantine with reason
 * and line), a foreign CSV through the column mapping dialog, a watched folder that picks up a file dropped
 * while the app runs, and a CSV export fetched through its download link. Screenshots of every screen are
 * attached to the test results.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect } from './fixtures';
import { cutShort, foreignCsv, resFile } from './support/files';

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test('import .RES files: imported, then duplicate; a cut file is quarantined with reason and line', async ({ app, page }, testInfo) => {
  const res = resFile('E2E00001');
  const cut = cutShort(res, 'E2E00001_cut.RES');

  await app.tabs.go('Import');
  await app.importer.drop([res]);
  await expect(app.importer.rowWith(res.name, 'imported')).toBeVisible();
  await expect(app.importer.row(res.name)).toContainText('30 registers, 24 load-profile intervals');
  await expect(app.importer.progress).toHaveAttribute('data-status', 'done');

  // Again, with the file chooser: stored once only.
  await app.importer.choose([res]);
  await expect(app.importer.rowWith(res.name, 'duplicate')).toBeVisible();
  await expect(app.importer.row(res.name)).toContainText('already stored');

  await app.importer.choose([cut]);
  await expect(app.importer.rowWith(cut.name, 'quarantined')).toBeVisible();
  await expect(app.importer.row(cut.name)).toContainText(/line \d+/);
  await shot(page, testInfo, 'import');

  await app.tabs.go('Quarantine');
  const q = app.quarantine.row(cut.name);
  await expect(q).toBeVisible();
  await expect(q.getByRole('cell').nth(4)).toHaveText(/^\d+$/);
  expect(((await q.getByRole('cell').nth(3).textContent()) ?? '').length).toBeGreaterThan(20);
  await shot(page, testInfo, 'quarantine');

  await app.tabs.go('Readings browser');
  const rows = app.browser.rowsOf('E2E00001');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-source', 'res-import');
  await app.browser.filters.getByLabel('Source').selectOption({ label: 'Read with the probe' });
  await expect(app.browser.rows).toHaveCount(0);
  await app.browser.filters.getByLabel('Source').selectOption({ label: 'Imported .RES file' });
  await expect(app.browser.rows).toHaveCount(1);
  await app.browser.filters.getByLabel('From day').fill('2026-03-30');
  await expect(app.browser.rows).toHaveCount(0);
  await app.browser.filters.getByLabel('From day').fill('2026-03-29');
  await expect(app.browser.rows).toHaveCount(1);
  await shot(page, testInfo, 'readings-browser');

  await rows.first().getByRole('button', { name: /^Open reading/ }).click();
  await expect(app.reading.fact('Serial number')).toHaveText('E2E00001');
  await expect(app.reading.chart).toHaveAttribute('data-drawn', 'true');
  await expect(app.alerts).toHaveCount(0);
});

test('a foreign CSV is imported through the column mapping dialog', async ({ app, page }, testInfo) => {
  const csv = foreignCsv();
  await app.tabs.go('Import');
  await app.importer.choose([csv]);

  const m = app.mapping;
  await expect(m.dialog).toBeVisible();
  await expect(m.dialog.getByRole('table', { name: 'Sample rows' })).toContainText('01.03.2026 00:15');
  // First guesses from the sniffed lines, then what the technician fills in.
  await expect(m.field('Decimal mark')).toHaveValue(',');
  await expect(m.field('Time stamp format')).toHaveValue('dd.MM.yyyy HH:mm');
  await expect(m.field('Unit of value column 1')).toHaveValue('kWh');
  await m.field('Time zone of the time stamps').fill('Europe/Berlin');
  await m.field('Time stamp marks the interval').selectOption('end');
  await m.field('Capture period (minutes)').fill('15');
  // Not complete yet: the dialog says what is missing, next to the fields.
  await m.dialog.getByRole('button', { name: 'Import with this mapping' }).click();
  await expect(m.dialog.getByText('Enter the serial number')).toBeVisible();
  await expect(m.field('OBIS code of value column 1')).toHaveAttribute('aria-invalid', 'true');
  await m.field('OBIS code of value column 1').fill('1.29.0');
  await m.field('OBIS code of value column 2').fill('3.29.0');
  await m.field('Serial number').fill('87654321');
  await shot(page, testInfo, 'column-mapping');
  await m.dialog.getByRole('button', { name: 'Import with this mapping' }).click();

  await expect(m.dialog).toBeHidden();
  await expect(app.importer.rowWith(csv.name, 'imported')).toBeVisible();
  await expect(app.importer.row(csv.name)).toContainText('96 load-profile intervals');

  await app.tabs.go('Readings browser');
  const row = app.browser.rowsOf('87654321');
  await expect(row).toHaveAttribute('data-source', 'csv-import');
  await row.getByRole('button', { name: /^Open reading/ }).click();
  await expect(app.reading.chart).toHaveAttribute('data-drawn', 'true');
  expect(await app.reading.chartInkPixels()).toBeGreaterThan(500);
  await shot(page, testInfo, 'csv-reading');
  await expect(app.alerts).toHaveCount(0);
});

test('a watched folder imports a file dropped while the app runs within one scan interval', async ({ app, page, workstation }, testInfo) => {
  const folder = path.join(workstation.dataDir, 'incoming');
  mkdirSync(folder);
  await app.tabs.go('Watched folders');
  await app.folders.add.click();
  await app.folders.path.fill(folder);
  await app.folders.interval.fill('5');
  await expect(app.folders.dialog.getByText('at least 10 seconds')).toBeVisible();
  await expect(app.folders.save).toBeDisabled();
  await app.folders.interval.fill('10');
  await app.folders.save.click();
  await expect(app.folders.dialog).toBeHidden();
  const row = app.folders.row(folder);
  await expect(row).toContainText('10 s');
  await expect(row.locator('[data-col="last-result"]')).toContainText('no new files');

  const res = resFile('E2E00003', '2026-03-29T05:00:00.000Z');
  const dropped = Date.now();
  writeFileSync(path.join(folder, res.name), res.text);
  await expect(row.locator('[data-col="last-result"]')).toContainText('1 imported', { timeout: 20_000 });
  expect(Date.now() - dropped).toBeLessThan(10_000 + 6_000); // one interval, plus the 2 s settle time and margin
  await expect(row.locator('[data-col="next-scan"]')).not.toHaveText('—');
  await shot(page, testInfo, 'watched-folders');

  await app.tabs.go('Readings browser');
  await expect(app.browser.rowsOf('E2E00003')).toHaveCount(1);
  await app.tabs.go('Import');
  await expect(page.getByRole('table', { name: 'Import history' })).toContainText(res.name);
});

test('export a load-profile CSV and fetch it through its download link', async ({ app, page, workstation }, testInfo) => {
  const res = resFile('E2E00004');
  await app.tabs.go('Import');
  await app.importer.choose([res]);
  await expect(app.importer.rowWith(res.name, 'imported')).toBeVisible();

  await app.tabs.exportButton.click();
  const x = app.exporter;
  await x.field('Format').selectOption('csv');
  await x.field('Content').selectOption('load-profile');
  await x.field('Meter').selectOption({ label: 'ISK MT174-0001 · E2E00004' });
  await x.dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(x.written).toContainText(path.join(workstation.dataDir, 'exports'));
  const link = x.written.getByRole('link', { name: /^Download readings_E2E00004_load-profile_.*\.csv$/ });
  await expect(link).toBeVisible();
  await shot(page, testInfo, 'export');

  const href = (await link.getAttribute('href')) ?? '';
  const answer = await page.request.get(new URL(href, workstation.url).toString());
  expect(answer.status()).toBe(200);
  expect(answer.headers()['content-disposition']).toMatch(/^attachment; filename="readings_E2E00004_load-profile_.*\.csv"/);
  const header = (await answer.text()).replace(/^\uFEFF/, '').split('\r\n')[0] ?? '';
  expect(header).toContain('interval_start_utc');
  expect(header).toContain('interval_start_local');
  expect(header).toContain('time_zone');
  expect(header).toContain('1.29.0 [kWh]');

  // The browser's own download works too.
  const download = page.waitForEvent('download');
  await link.click();
  expect((await download).suggestedFilename()).toMatch(/^readings_E2E00004_load-profile_.*\.csv$/);
  await expect(app.alerts).toHaveCount(0);
});
