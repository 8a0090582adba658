import { test, expect } from './fixtures';

/**
 * Listen mode (issue 17): a technician reads a push meter by listening — the built-in eHZ-style push meter
 * (9600 baud, a telegram every 2 s, no checksum) — with "Listen (push meter)" in the Read options; the reading
 * shows its registers as sent, and two telegrams give a short load profile. A wrong speed gives the plain answer.
 */
test('listen to the built-in push meter', async ({ app, page }, testInfo) => {
  await app.toolbar.port.selectOption({ label: 'Emulated eHZ push meter (built-in, listen)' });
  await app.options.meterType.selectOption({ label: 'Listen (push meter)' });
  await expect(app.options.password).toHaveCount(0);
  await expect(app.options.events).toHaveCount(0);
  await app.options.speed.selectOption({ value: '9600' });
  await app.options.telegrams.fill('2');
  await page.screenshot({ path: testInfo.outputPath('listen-options.png') });
  await testInfo.attach('listen-options', { path: testInfo.outputPath('listen-options.png'), contentType: 'image/png' });
  await app.toolbar.readMeter.click();
  await expect(app.progress.withStatus('done')).toBeVisible({ timeout: 60_000 });

  await expect(app.reading.fact('Port')).toHaveText('emulator:push');
  const power = app.reading.currentRow('1.7.255');
  await expect(power.getByRole('cell').nth(3)).toHaveText('W');
  // Values as sent: the zeros the meter sent stay.
  await expect(app.reading.currentRow('1.8.0').getByRole('cell').nth(2)).toHaveText(/^000\d{5}\.\d{7}$/);
  await expect(app.reading.chart).toHaveAttribute('data-drawn', 'true');
  await page.screenshot({ path: testInfo.outputPath('listen-reading.png'), fullPage: true });
  await testInfo.attach('listen-reading', { path: testInfo.outputPath('listen-reading.png'), contentType: 'image/png' });
  await expect(app.alerts).toHaveCount(0);

  // The wrong speed: the plain answer, nothing stored.
  await app.options.speed.selectOption({ value: '2400' });
  await app.options.telegrams.fill('1');
  await app.toolbar.readMeter.click();
  await expect(app.progress.withStatus('failed')).toBeVisible({ timeout: 60_000 });
  await expect(app.alerts.first()).toContainText('noise at the wrong speed');
  await page.screenshot({ path: testInfo.outputPath('listen-wrong-speed.png'), fullPage: true });
  await testInfo.attach('listen-wrong-speed', { path: testInfo.outputPath('listen-wrong-speed.png'), contentType: 'image/png' });
  await expect(app.readings.items).toHaveCount(1);
});
