/**
 * Issue 15 in browser mode: build a virtual meter (the guard refuses a demand term first), run a billing report of
 * the feeder and of the virtual meter, a balance, and download the report's PDF (checked by text extraction) and
 * XLSX (read back with exceljs). The store is seeded before the server starts with an emulated feeder read over
 * the real client (main/reports/testing/feeder.ts: 20–27 October 2025 in Europe/Berlin, a DST change and a gap).
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page, TestInfo } from '@playwright/test';
import ExcelJS from 'exceljs';
import { buildFeeder, FEEDER_ZONE } from '../main/reports/testing/feeder';
import { openDatabase } from '../main/store/db';
import { createScheme } from '../main/store/schemes';
import { twoRateScheme } from '../reporting/testing/schemes';
import { test, expect } from './fixtures';
import { ReportsScreen } from './pages/reports';

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** A screenshot of one region of the Reports screen (scrolled into view inside the scrolling main area). */
async function shotOf(region: Locator, testInfo: TestInfo, name: string): Promise<void> {
  await region.scrollIntoViewIfNeeded();
  const file = testInfo.outputPath(`${name}.png`);
  await region.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test.use({
  seedStore: {
    async seed(dbPath: string) {
      const db = openDatabase(dbPath);
      try {
        await buildFeeder(db);
        createScheme(db, { folderId: null, content: twoRateScheme(FEEDER_ZONE), by: 'seed' });
      } finally {
        db.close();
      }
    },
  },
});

test('virtual meter, billing report, PDF and XLSX downloads', async ({ app, page }, testInfo) => {
  const reports = new ReportsScreen(page);
  await reports.open();

  // Build a virtual meter: a demand term is refused with a plain message naming it; the losses formula is accepted.
  await reports.editor.getByLabel('Name', { exact: true }).fill('F3 losses');
  await reports.editor.getByLabel('Time zone', { exact: true }).fill('Europe/Berlin');
  const formula = reports.editor.getByRole('textbox', { name: 'Formula' });
  await formula.fill('[FDR-1:1.29.0] - [C-1:1.6.0]');
  await expect(reports.editor.getByRole('list', { name: 'Formula problems' })).toContainText('[C-1:1.6.0] is active power import, maximum demand');
  await expect(reports.editor.getByRole('button', { name: 'Save virtual meter' })).toBeDisabled();
  await formula.fill('[FDR-1:1.29.0] - [C-1:1.29.0] - [C-2:1.29.0] - [C-3:1.29.0]');
  await expect(reports.editor.getByRole('status').first()).toContainText('Formula OK: 4 terms, unit kWh');
  await reports.editor.getByRole('button', { name: 'Save virtual meter' }).click();
  await expect(reports.virtual.getByRole('table')).toContainText('F3 losses');
  await shot(page, testInfo, 'virtual-meter');

  // Billing report of the feeder place: four meters, the feeder's CT applied, the gap of C-3 flagged.
  await reports.choose('Billing', '2025-10-20', '2025-10-27');
  await reports.form.getByRole('combobox', { name: 'Covers', exact: true }).selectOption('place');
  await reports.form.getByRole('combobox', { name: 'Place', exact: true }).selectOption({ label: 'North / Riverside / F3 (feeder)' });
  await reports.run();
  await expect(reports.header).toContainText('Billing — feeder F3, 2025-10-20 to 2025-10-27');
  await expect(reports.header).toContainText('99.22 % (3064 of 3088 intervals) · 1 gap');
  await expect(reports.main.getByRole('region', { name: 'Meter FDR-1' })).toContainText('CT 100/5 / VT 1/1 (×20, values secondary)');
  await expect(page.locator('canvas[data-drawn="true"]')).toHaveCount(2);
  await shot(page, testInfo, 'billing-report');
  await shotOf(reports.main.getByRole('region', { name: 'Energy per rate by day' }), testInfo, 'billing-daily-chart');
  await shotOf(reports.main.getByRole('region', { name: 'Heat map' }), testInfo, 'billing-heat-map');
  await shotOf(reports.main.getByRole('region', { name: 'Meter FDR-1' }), testInfo, 'billing-meter-table');

  // PDF: downloaded through its link, checked by text extraction.
  const pdfLink = await reports.export('PDF');
  const [pdfDownload] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
  const pdfPath = testInfo.outputPath('report.pdf');
  await pdfDownload.saveAs(pdfPath);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(pdfPath)) }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) text += `${(await (await doc.getPage(i)).getTextContent()).items.map((x) => ('str' in x ? x.str : '')).join(' ')} `;
  text = text.replace(/\s+/g, ' ');
  expect(text).toContain('Billing — feeder F3, 2025-10-20 to 2025-10-27');
  expect(text).toContain(`Page ${doc.numPages} of ${doc.numPages}`);
  expect(text).toMatch(/Coverage 99\.22 % \(3064 of 3088 intervals\)/);
  expect(text).toMatch(/Meter FDR-1 — North \/ Riverside \/ F3/);
  expect(text).toContain('Generated by');

  // XLSX: downloaded and read back.
  const xlsxLink = await reports.export('XLSX');
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), xlsxLink.click()]);
  const xlsxPath = testInfo.outputPath('report.xlsx');
  await xlsxDownload.saveAs(xlsxPath);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsxPath);
  expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Report', 'Totals per rate', 'Energy per day and rate', 'Gaps']));
  expect(String(wb.getWorksheet('Report')!.getCell('A1').value)).toBe('Billing — feeder F3, 2025-10-20 to 2025-10-27');

  // The virtual meter in a billing report, and in its own report with the heat map; the feeder's balance.
  await reports.form.getByRole('combobox', { name: 'Covers', exact: true }).selectOption('virtual');
  await reports.form.getByRole('combobox', { name: 'Virtual meter', exact: true }).selectOption('F3 losses');
  await reports.run();
  await expect(reports.main.getByRole('region', { name: 'Meter F3 losses' })).toContainText('187.25');
  await reports.choose('Virtual meter', '2025-10-20', '2025-10-27');
  await reports.form.getByRole('combobox', { name: 'Virtual meter', exact: true }).selectOption('F3 losses');
  await reports.run();
  await expect(reports.main.getByRole('region', { name: 'Virtual meter terms' })).toContainText('Total 187.25 kWh');
  await shotOf(reports.main.getByRole('region', { name: 'Virtual meter terms' }), testInfo, 'virtual-terms');
  await shotOf(reports.main.getByRole('region', { name: 'Heat map' }), testInfo, 'virtual-heat-map');
  await reports.choose('Balance', '2025-10-20', '2025-10-27');
  await reports.form.getByRole('combobox', { name: 'Place', exact: true }).selectOption({ label: 'North / Riverside / F3 (feeder)' });
  await reports.run();
  await expect(reports.main.getByRole('region', { name: 'Balance totals' })).toContainText('= 187.25 kWh (25.033 % of the input)');
  await reports.actions.getByRole('button', { name: 'Re-run and compare' }).click();
  await expect(reports.actions.getByRole('status')).toContainText('the same figures');
  await expect(reports.runs.getByRole('button')).toHaveCount(5);
  await shotOf(reports.main.getByRole('region', { name: 'Balance totals' }), testInfo, 'balance-totals');
  await shotOf(reports.main.getByRole('region', { name: 'Balance over time' }), testInfo, 'balance-chart');
  await expect(app.alerts).toHaveCount(0);
});

test('tariff history: a scheme recorded for a meter gives its billing report energy per rate', async ({ app, page }, testInfo) => {
  const reports = new ReportsScreen(page);
  await reports.open();
  const panel = reports.main.getByRole('region', { name: 'Tariff history' });
  await panel.getByRole('combobox', { name: 'Tariff history meter' }).selectOption({ label: 'FDR-1 — North / Riverside / F3' });
  await expect(panel).toContainText("Nothing recorded: billing reports show this meter's energy as one total.");
  const form = panel.getByRole('form', { name: 'Record a tariff assignment' });
  await form.getByRole('combobox', { name: 'Scheme' }).selectOption({ label: 'HT/NT 06:00-22:00 (HTNT)' });
  await form.getByLabel('In force from (UTC)').fill('2025-01-01T00:00');
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(panel.getByRole('table', { name: 'Tariff history entries' })).toContainText('HT/NT 06:00-22:00 v1');
  await reports.choose('Billing', '2025-10-20', '2025-10-27');
  await reports.form.getByLabel('Meter', { exact: true }).fill('FDR-1');
  await reports.run();
  const meter = reports.main.getByRole('region', { name: 'Meter FDR-1' });
  // 6 weekdays × 16 h HT at 4 kW = 384 kWh; 193 h − 96 h = 97 h NT = 388 kWh.
  await expect(meter.getByRole('row', { name: /^HT 384/ })).toBeVisible();
  await expect(meter.getByRole('row', { name: /^NT 388/ })).toBeVisible();
  await shotOf(meter, testInfo, 'billing-per-rate');
  await shotOf(reports.main.getByRole('region', { name: 'Energy per rate by day' }), testInfo, 'billing-per-rate-chart');
  await expect(app.alerts).toHaveCount(0);
});
