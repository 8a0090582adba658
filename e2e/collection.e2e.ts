/**
 * Issue 14 in browser mode: the meter manager (add the emulated substation, the place tree, a meter's form, a
 * meter-list import with a plain error per refused line), the schedule editor (a bad cron expression refused in
 * plain words, a good one saved with its next run), and a collection run with live progress, the dashboard and the
 * run history. Screenshots of each step are attached to the results.
 */
import { writeFileSync } from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect } from './fixtures';

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

const tab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();

test('meter manager: emulated substation, place tree, meter form, meter-list import with per-line errors', async ({ app, page }, testInfo) => {
  void app; // the fixture opens the workstation in the page
  await tab(page, 'Meter manager');
  const manager = page.getByRole('main', { name: 'Meter manager' });
  await page.getByRole('button', { name: 'Add the emulated substation' }).click();
  await expect(manager.getByRole('status')).toContainText('The emulated substation (20 meters) is in the meter list');
  const tree = page.getByRole('tree', { name: 'Place hierarchy' });
  for (const name of ['Emulated', 'Emulated substation', 'Bus feeder', 'TCP feeder', 'Modem feeder']) await expect(tree.getByRole('treeitem', { name: new RegExp(`^${name} (region|substation|feeder)`) }).first()).toBeVisible();
  await tree.getByRole('treeitem', { name: /^TCP feeder feeder/ }).click();
  await expect(manager.getByRole('region', { name: 'feeder TCP feeder' })).toBeVisible();
  await tree.getByRole('treeitem', { name: /^EMU-T0003 meter/ }).click();
  const meter = manager.getByRole('region', { name: 'Meter EMU-T0003' });
  await expect(meter.getByLabel('Link')).toHaveValue('emulator:substation-tcp/3');
  await expect(meter).toContainText('At Emulated / Emulated substation / TCP feeder / Place EMU-T0003');
  await shot(page, testInfo, 'meter-manager');

  const csv = testInfo.outputPath('meters.csv');
  writeFileSync(csv, [
    'serial,link,region,substation,feeder,place,customer_number,customer_name,installed,ct_ratio',
    'NEW-0001,tcp://10.0.0.5:4001?baud=9600,North,Riverside,Feeder 1,Mill Lane 4,C-100,Ada Mill,2025-01-01,200/5',
    'NEW-0002,tcp://no-port,North,Riverside,Feeder 1,Mill Lane 5,,,2025-01-01,',
  ].join('\n'));
  await page.getByLabel('Meter list CSV file').setInputFiles(csv);
  const result = manager.getByRole('region', { name: 'Meter list import' });
  await expect(result).toContainText('2 lines: 1 stored, 0 unchanged, 1 refused');
  await expect(result.getByRole('list', { name: 'Refused lines' })).toHaveText('Line 3: "tcp://no-port" is not a TCP link: write tcp://host:port, e.g. tcp://10.0.0.5:4001.');
  await expect(tree.getByRole('treeitem', { name: /^Mill Lane 4 place/ })).toBeVisible();
  await shot(page, testInfo, 'meter-list-import');

  // Customers: the imported one is billed at Mill Lane 4; its details change; a new one is added and deleted; one
  // that an installation names cannot be deleted (billing history), in plain words.
  await page.getByRole('button', { name: /^Customers \(\d+\)$/ }).click();
  const customers = manager.getByRole('region', { name: 'Customers' });
  await expect(customers.locator('tr[data-customer="C-100"]')).toContainText('Ada Mill');
  await expect(customers.locator('tr[data-customer="C-100"]')).toContainText('North / Riverside / Feeder 1 / Mill Lane 4');
  await customers.getByRole('button', { name: 'C-100', exact: true }).click();
  const form = customers.getByRole('form', { name: 'Customer C-100' });
  await form.getByLabel('Address').fill('4 Mill Lane, Riverside');
  await form.getByRole('button', { name: 'Save customer' }).click();
  await expect(manager.getByRole('status')).toContainText('Customer C-100 saved.');
  await expect(customers.locator('tr[data-customer="C-100"]')).toContainText('4 Mill Lane, Riverside');
  await customers.getByRole('form', { name: 'Customer C-100' }).getByRole('button', { name: 'Delete customer' }).click();
  await expect(manager.getByRole('alert')).toContainText('Ada Mill is named on 1 installation; the billing history keeps it, so the customer cannot be deleted.');
  await shot(page, testInfo, 'customers');
  await page.getByRole('button', { name: /^Customers \(\d+\)$/ }).click();
  const added = customers.getByRole('form', { name: 'New customer' });
  await added.getByLabel('Customer number').fill('C-200');
  await added.getByLabel('Name').fill('Bea Brook');
  await added.getByRole('button', { name: 'Save customer' }).click();
  await expect(customers.locator('tr[data-customer="C-200"]')).toContainText('Bea Brook');
  await customers.getByRole('form', { name: 'Customer C-200' }).getByRole('button', { name: 'Delete customer' }).click();
  await expect(manager.getByRole('status')).toContainText('Customer C-200 deleted.');
  await expect(customers.locator('tr[data-customer="C-200"]')).toHaveCount(0);
});

test('collection: schedule editor, collect now with progress, dashboard and run history', async ({ app, page }, testInfo) => {
  void app; // the fixture opens the workstation in the page
  await tab(page, 'Meter manager');
  await page.getByRole('button', { name: 'Add the emulated substation' }).click();
  await expect(page.getByRole('status')).toContainText('emulated substation');
  await tab(page, 'Collection');
  const screen = page.getByRole('main', { name: 'Collection' });
  await expect(screen.getByRole('table', { name: 'Collection schedules' })).toContainText('Emulated substation');

  await screen.getByRole('button', { name: 'New schedule…' }).click();
  const editor = screen.getByRole('form', { name: 'Schedule editor' });
  await editor.getByLabel('Name').fill('Nightly TCP');
  await editor.getByLabel('Meters', { exact: true }).selectOption({ label: 'feeder TCP feeder' });
  await editor.getByLabel('When (cron: minute hour day month weekday)').fill('61 * * * *');
  await editor.getByRole('button', { name: 'Save schedule' }).click();
  await expect(screen.getByRole('alert')).toContainText('The schedule time "61 * * * *" is not a cron expression: the minute value "61" is out of range.');
  await editor.getByLabel('When (cron: minute hour day month weekday)').fill('0 2 * * *');
  await editor.getByRole('button', { name: 'Save schedule' }).click();
  await expect(screen.getByRole('status')).toContainText('Schedule “Nightly TCP” saved; next run');
  await expect(screen.locator('tr[data-schedule="Nightly TCP"]')).toContainText('0 2 * * *');
  await shot(page, testInfo, 'schedules');

  await screen.getByLabel('What to collect').selectOption({ label: 'feeder TCP feeder' });
  await screen.getByRole('button', { name: 'Collect now' }).click();
  const progress = screen.getByRole('region', { name: 'Collection progress' });
  await expect(progress.getByTestId('progress-counts')).toContainText('of 8 meters done');
  await shot(page, testInfo, 'progress');
  await expect(progress.getByTestId('progress-counts')).toContainText('8 of 8 meters done · 8 collected, 0 failed', { timeout: 120_000 });
  const dashboard = screen.getByRole('table', { name: 'Meters and their collection' });
  await expect(dashboard.locator('tr[data-outcome="ok"]')).toHaveCount(8);
  await expect(dashboard.locator('tr[data-serial="EMU-T0001"]')).toContainText('ok');
  // Its load profile now ends at a stored interval (local time), and its clock drift was seen.
  await expect(dashboard.locator('tr[data-serial="EMU-T0001"] td').nth(5)).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  await expect(dashboard.locator('tr[data-serial="EMU-T0001"] td').nth(7)).toHaveText(/^(0 s|[+−]\d+ s \((fast|slow)\))$/);
  await dashboard.locator('tr[data-serial="EMU-T0001"]').scrollIntoViewIfNeeded();
  await screen.getByRole('region', { name: 'Collection dashboard' }).scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'dashboard');
  await screen.locator('tr[data-run]').first().getByRole('button', { name: 'Open' }).click();
  const tasks = screen.getByRole('table', { name: /^Meters of run \d+$/ });
  await expect(tasks.locator('tr[data-status="ok"]')).toHaveCount(8);
  await expect(tasks.locator('tr[data-serial="EMU-T0002"]')).toContainText(/\d+/);
  await shot(page, testInfo, 'collection-done');

  // One meter on its own (a meter or a meter group may be named as well as a place).
  await screen.getByLabel('What to collect').selectOption({ label: 'meter EMU-B0001' });
  await screen.getByRole('button', { name: 'Collect now' }).click();
  await expect(progress.getByTestId('progress-counts')).toContainText('1 of 1 meters done · 1 collected, 0 failed', { timeout: 120_000 });
  await expect(dashboard.locator('tr[data-serial="EMU-B0001"]')).toHaveAttribute('data-outcome', 'ok', { timeout: 120_000 });
  await expect(screen.getByRole('table', { name: /^Meters of run \d+$/ }).locator('tr[data-status="ok"]')).toHaveCount(1);
});
