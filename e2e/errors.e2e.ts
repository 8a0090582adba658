import { test, expect } from './fixtures';

test('error is plain', async ({ app, page }, testInfo) => {
  const missing = '/dev/ttyPMU-missing-0';
  await app.toolbar.chooseOtherPort(missing);
  await app.toolbar.readMeter.click();

  const alert = app.alerts.first();
  await expect(alert).toBeVisible();
  const text = (await alert.textContent()) ?? '';
  await page.screenshot({ path: testInfo.outputPath('error.png') });
  await testInfo.attach('error', { path: testInfo.outputPath('error.png'), contentType: 'image/png' });

  // Plain language: names the port, says what to do; no stack trace, errno code or programmer jargon.
  expect(text).toContain(missing);
  expect(text).toMatch(/does not exist|could not|cannot|not found/i);
  expect(text).not.toMatch(/\bat \S+ \(|\bE[A-Z]{3,}\b|TypeError|undefined|null|\[object|Error:/);
  await expect(app.progress.withStatus('failed')).toBeVisible();
  await expect(app.toolbar.readMeter).toBeEnabled();

  // The banner can be dismissed.
  await alert.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(app.alerts).toHaveCount(0);
});
