import { test, expect } from './fixtures';

test('read the emulated meter', async ({ app, page }, testInfo) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });

  await app.toolbar.chooseEmulator();
  await app.toolbar.readMeter.click();

  // Live progress: the panel runs, the Read button is locked, and session steps appear as the meter answers.
  await expect(app.progress.withStatus('running')).toBeVisible();
  await expect(app.toolbar.readMeter).toBeDisabled();
  await expect(app.progress.step).toHaveText(/Sign-on|Identification|Option select|Data readout|Programming mode|Load profile/);
  await expect(app.progress.message).not.toHaveText('Starting…');
  await page.screenshot({ path: testInfo.outputPath('progress.png') });
  await testInfo.attach('progress', { path: testInfo.outputPath('progress.png'), contentType: 'image/png' });

  await expect(app.progress.withStatus('done')).toBeVisible({ timeout: 90_000 });
  await expect(app.toolbar.readMeter).toBeEnabled();

  // The stored reading opens: header, ≥ 20 registers including 1.8.0 in kWh, and the drawn load-profile chart.
  await expect(app.reading.meter).toBeVisible();
  await expect(app.reading.fact('Port')).toHaveText('emulator');
  await expect(app.reading.fact('.RES file')).toHaveText(/\.RES$/i);
  await expect.poll(() => app.reading.registerRows.count()).toBeGreaterThanOrEqual(20);
  const total = app.reading.currentRow('1.8.0');
  await expect(total).toHaveCount(1);
  await expect(total.getByRole('cell').nth(3)).toHaveText('kWh');
  await expect(total.getByRole('cell').nth(2)).toHaveText(/^\d+(\.\d+)?$/);

  await expect(app.reading.chart).toHaveAttribute('data-drawn', 'true');
  expect(await app.reading.chartInkPixels()).toBeGreaterThan(500);

  // The reading is listed, and the filter narrows the table.
  await expect(app.readings.items).toHaveCount(1);
  await app.reading.filter.fill('1.8.0');
  await expect(app.reading.registerRows.first()).toHaveAttribute('data-code', '1.8.0');

  await page.screenshot({ path: testInfo.outputPath('reading.png'), fullPage: true });
  await testInfo.attach('reading', { path: testInfo.outputPath('reading.png'), contentType: 'image/png' });
  await expect(app.alerts).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('cancel stops a running reading', async ({ app }) => {
  await app.toolbar.chooseEmulator();
  await app.toolbar.readMeter.click();
  await expect(app.progress.step).toHaveText(/Identification|Option select|Data readout/);
  await app.toolbar.cancel.click();

  await expect(app.progress.withStatus('cancelled')).toBeVisible();
  await expect(app.progress.message).toHaveText(/cancelled; nothing was stored/);
  await expect(app.alerts).toHaveCount(0);
  await expect(app.toolbar.readMeter).toBeEnabled();
  await expect(app.readings.nav).toContainText('No readings stored yet');
});
