/** Page object: the "Readings" list of stored readings. */
import type { Locator, Page } from '@playwright/test';

export class ReadingsList {
  readonly nav: Locator;
  readonly items: Locator;

  constructor(page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Readings' });
    this.items = this.nav.getByRole('listitem').getByRole('button');
  }
}
