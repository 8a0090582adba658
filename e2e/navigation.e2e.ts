/**
 * The screen tabs fit a field technician's laptop (issue 13): at 1024 and 1280 px wide every screen's tab (and
 * "Export…") lies wholly inside the window and the strip — nothing cut off, no horizontal scrolling — each opens its
 * screen and is then marked as the current one; the keyboard reaches and opens the tabs (Tab, ← →, Enter).
 * The fresh workstation runs in setup mode (one person, every permission), so every tab is shown. Screenshots per
 * width: the strip on the start screen and on the last screen opened.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { SCREEN_GROUPS, SCREEN_NAMES } from './pages/screens';
import { shooter } from './support/api';

/** The box of `el` lies inside [left, right] × [top, bottom] of `outer` (whole pixels; sub-pixel rounding allowed). */
async function expectInside(el: Locator, outer: { x: number; y: number; width: number; height: number }, what: string): Promise<void> {
  const box = await el.boundingBox();
  expect(box, `${what} has no box (not rendered)`).not.toBeNull();
  if (!box) return;
  expect(box.width, `${what} has no width`).toBeGreaterThan(10);
  expect(box.x, `${what} starts left of its container`).toBeGreaterThanOrEqual(outer.x - 0.5);
  expect(box.x + box.width, `${what} is cut off on the right`).toBeLessThanOrEqual(outer.x + outer.width + 0.5);
  expect(box.y, `${what} starts above its container`).toBeGreaterThanOrEqual(outer.y - 0.5);
  expect(box.y + box.height, `${what} is cut off at the bottom`).toBeLessThanOrEqual(outer.y + outer.height + 0.5);
}

async function expectStripFits(page: Page, width: number): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Screens' });
  const window = { x: 0, y: 0, width, height: page.viewportSize()?.height ?? 800 };
  // The strip neither scrolls nor hides anything, and the page does not scroll sideways.
  // Runs in the page (the e2e tsconfig has no DOM lib, hence the narrow view of the elements).
  type Sized = { scrollWidth: number; clientWidth: number };
  const overflow = await nav.evaluate((el) => {
    const n = el as unknown as Sized & { ownerDocument: { documentElement: Sized } };
    const root = n.ownerDocument.documentElement;
    return { strip: n.scrollWidth - n.clientWidth, page: root.scrollWidth - root.clientWidth };
  });
  expect(overflow.strip, 'the tab strip overflows').toBeLessThanOrEqual(0);
  expect(overflow.page, 'the page scrolls sideways').toBeLessThanOrEqual(0);
  const navBox = await nav.boundingBox();
  expect(navBox).not.toBeNull();
  await expectInside(nav, window, 'the tab strip');
  const buttons = nav.getByRole('button');
  // Every screen, plus "Export…": no other button, none missing.
  await expect(buttons).toHaveText([...SCREEN_NAMES, 'Export…']);
  for (const name of [...SCREEN_NAMES, 'Export…']) {
    const b = nav.getByRole('button', { name, exact: true });
    await expect(b).toBeVisible();
    await expectInside(b, navBox!, `the "${name}" tab`);
  }
  for (const [group, names] of Object.entries(SCREEN_GROUPS)) {
    await expect(nav.getByRole('group', { name: group, exact: true }).getByRole('button')).toHaveText([...names]);
  }
}

for (const width of [1024, 1280]) {
  test(`at ${width} px every screen is reachable from the tab strip and no tab is cut off`, async ({ app, page }, testInfo) => {
    test.setTimeout(180_000);
    const shot = shooter(page, testInfo);
    await page.setViewportSize({ width, height: 720 });
    const nav = app.tabs.nav;
    await expect(app.tabs.tab('Read meter')).toHaveAttribute('aria-current', 'page');
    await expectStripFits(page, width);
    await shot(`nav-${width}-start`);
    for (const name of SCREEN_NAMES) {
      await app.tabs.go(name);
      await expect(app.tabs.tab(name), `${name} is not marked current`).toHaveAttribute('aria-current', 'page');
      await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
      await expect(page.getByText('Opening the screen…')).toHaveCount(0);
      // A screen that opens does not push the strip (or the page) out of shape.
      await expectStripFits(page, width).catch((e: Error) => {
        throw new Error(`on the ${name} screen: ${e.message}`);
      });
    }
    await shot(`nav-${width}-settings`);
    // Keyboard: focus the first tab, → moves to the next, Enter opens it; End reaches "Export…".
    await app.tabs.tab('Read meter').focus();
    await page.keyboard.press('ArrowRight');
    await expect(app.tabs.tab('Readings browser')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(app.tabs.tab('Readings browser')).toHaveAttribute('aria-current', 'page');
    await page.keyboard.press('End');
    await expect(app.tabs.exportButton).toBeFocused();
    await page.keyboard.press('Home');
    await expect(app.tabs.tab('Read meter')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(app.tabs.tab('Readings browser')).toBeFocused();
    await shot(`nav-${width}-keyboard`);
  });
}
