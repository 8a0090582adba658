/**
 * Elster meters in the UI, against the built-in emulated Elster A1140 (`emulator:a1140`: Elster dialect,
 * password 00000000 at every security level, clock a little fast): a reading with the programming log and
 * events, the meter clock (check → adjust → set with confirmation), and a refused password as a plain alert.
 */
import { test, expect } from './fixtures';

test('Elster A1140: read with password, programming log, events, clock check / adjust / set', async ({ app, page }, testInfo) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  const shot = async (name: string) => {
    await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
    await testInfo.attach(name, { path: testInfo.outputPath(`${name}.png`), contentType: 'image/png' });
  };

  // (a) Read with the default password at level 2; the password field is a password field.
  await app.toolbar.chooseElsterEmulator('A1140');
  await app.options.elster('Elster A1140', '00000000', 2);
  await expect(app.options.password).toHaveAttribute('type', 'password');
  await expect(app.options.range('Last 48 hours')).toBeChecked();
  await expect(app.options.events).toBeChecked();
  await app.toolbar.readMeter.click();
  await expect(app.progress.withStatus('running')).toBeVisible();
  await expect(app.progress.withStatus('done')).toBeVisible({ timeout: 90_000 });

  await expect(app.reading.fact('Port')).toHaveText('emulator:a1140');
  await expect(app.reading.currentRow('1.8.0')).toHaveCount(1);
  await expect.poll(() => app.reading.registerRows.count()).toBeGreaterThanOrEqual(10);
  await expect(app.reading.chart).toHaveAttribute('data-drawn', 'true');
  expect(await app.reading.chartInkPixels()).toBeGreaterThan(500);

  await expect(app.logs.programming).toBeVisible();
  await expect(app.logs.programming).toContainText(/Reprogrammed \d+ times?/);
  await expect(app.logs.programmingRows.first()).toHaveAttribute('data-code', 'C.2.0');
  await expect(app.logs.events).toBeVisible();
  await expect.poll(() => app.logs.eventRows.count()).toBeGreaterThan(0);
  await expect(app.logs.events).toContainText('Power failures'); // the 544 groups by name
  await expect(app.logs.events).toContainText('Event log 699, end of billing periods');
  await shot('elster-reading');

  // The password stays in memory only: nothing in the page's storage, and nothing in what the page shows.
  const storage = await page.evaluate(() => {
    // Browser globals, typed here because the node-side tsconfig has no DOM lib.
    const g = globalThis as unknown as { localStorage: object; sessionStorage: object; document: { cookie: string } };
    return JSON.stringify([Object.entries(g.localStorage), Object.entries(g.sessionStorage), g.document.cookie]);
  });
  expect(storage).not.toContain('00000000');
  await expect(page.locator('body')).not.toContainText('00000000');

  // (b) Check the clock: meter time, PC time and the drift in words.
  await expect(app.clock.region).toBeVisible();
  await app.clock.check.click();
  await expect(app.clock.withStatus('done')).toBeVisible({ timeout: 60_000 });
  await expect(app.clock.drift).toHaveText(/^Meter is ((\d+ h )?(\d+ min )?\d+ s (fast|slow)|right .*)\.$/);
  await expect(app.clock.fact('Meter time')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/);
  await expect(app.clock.fact('PC time')).toHaveText(/\(UTC[+-]\d{2}:\d{2}\)$/);
  const driftMs = Number(await app.clock.drift.getAttribute('data-drift-ms'));
  expect(Math.abs(driftMs)).toBeLessThanOrEqual(450_000); // the emulated meter is about 1.5 min fast
  await shot('clock-checked');

  // Adjust (level 1 creep): the plan and a success message.
  await expect(app.clock.adjust).toBeEnabled();
  await app.clock.adjust.click();
  await expect(app.clock.withStatus('done')).toBeVisible({ timeout: 60_000 });
  await expect(app.clock.result).toContainText('Clock adjust accepted');
  await expect(app.clock.result).toContainText(/moves its clock .* (forward|back) in \d+ steps? .*It completes after .*, around \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await shot('clock-adjusted');

  // Set (level 3): asks first, with a warning that the clock changes at once.
  await app.clock.set.click();
  await expect(app.clock.dialog).toBeVisible();
  await expect(app.clock.dialog).toContainText('at once');
  await expect(app.clock.level3Password).toHaveAttribute('type', 'password');
  await app.clock.level3Password.fill('00000000');
  await shot('clock-set-confirm');
  await app.clock.confirmSet.click();
  await expect(app.clock.dialog).toBeHidden();
  await expect(app.clock.withStatus('done')).toBeVisible({ timeout: 60_000 });
  await expect(app.clock.result).toContainText(/^Meter clock set to \d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})? \(it was .*\)\. The programming counter did not change \(\d+\)\.$/);
  await shot('clock-set');

  // A check after the set finds the clock right to within a few seconds.
  await app.clock.check.click();
  await expect(app.clock.withStatus('done')).toBeVisible({ timeout: 60_000 });
  expect(Math.abs(Number(await app.clock.drift.getAttribute('data-drift-ms')))).toBeLessThan(5_000);

  // Reloading the window forgets the password.
  await page.reload();
  await app.toolbar.chooseElsterEmulator('A1140');
  await expect(app.options.password).toHaveValue('');
  await expect(app.alerts).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('Elster A1140: a wrong password ends in a plain alert', async ({ app, page }, testInfo) => {
  await app.toolbar.chooseElsterEmulator('A1140');
  await app.options.elster('Elster A1140', '12345678', 1);
  await app.toolbar.readMeter.click();

  const alert = app.alerts.first();
  await expect(alert).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: testInfo.outputPath('wrong-password.png'), fullPage: true });
  await testInfo.attach('wrong-password', { path: testInfo.outputPath('wrong-password.png'), contentType: 'image/png' });
  const text = (await alert.textContent()) ?? '';
  expect(text).toMatch(/password/i);
  expect(text).not.toContain('12345678');
  expect(text).not.toMatch(/\bat \S+ \(|TypeError|undefined|\[object|Error:/);
  await expect(app.progress.withStatus('failed')).toBeVisible();
  await expect(app.readings.nav).toContainText('No readings stored yet');

  // A password of the wrong length never leaves the window: the field says why.
  await alert.getByRole('button', { name: 'Dismiss message' }).click();
  await app.options.password.fill('1234');
  await app.toolbar.readMeter.click();
  await expect(app.options.region).toContainText('The password must be exactly 8 characters (this one has 4).');
  await expect(app.progress.withStatus('failed')).toBeVisible();
});
