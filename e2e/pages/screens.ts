/**
 * Page objects: the screen tabs, the readings browser, the quarantine, the watched folders (with their form),
 * the column mapping dialog and the export dialog.
 */
import type { Locator, Page } from '@playwright/test';

/** Every screen's tab, by group (renderer/state/nav.ts SCREEN_GROUPS), in the order of the strip. */
export const SCREEN_GROUPS = {
  Readings: ['Read meter', 'Readings browser', 'Import', 'Quarantine', 'Watched folders'],
  'Tariff schemes': ['Tariff schemes', 'Staging', 'Certificates'],
  Fleet: ['Meter manager', 'Collection', 'Reports'],
  Oversight: ['Audit trail', 'Administration', 'Settings'],
} as const;

export type ScreenName = (typeof SCREEN_GROUPS)[keyof typeof SCREEN_GROUPS][number];

/** Every screen's tab name, in the order of the strip. */
export const SCREEN_NAMES: readonly ScreenName[] = Object.values(SCREEN_GROUPS).flat();

export class ScreenTabs {
  readonly nav: Locator;
  readonly exportButton: Locator;
  constructor(page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Screens' });
    this.exportButton = this.nav.getByRole('button', { name: 'Export…' });
  }
  /** The tab of screen `name` (absent when the role may not use the screen). */
  tab(name: ScreenName): Locator {
    return this.nav.getByRole('button', { name, exact: true });
  }
  /** The group of tabs `label` (Readings, Tariff schemes, Fleet, Oversight). */
  group(label: keyof typeof SCREEN_GROUPS): Locator {
    return this.nav.getByRole('group', { name: label, exact: true });
  }
  async go(name: ScreenName): Promise<void> {
    await this.tab(name).click();
  }
}

export class ReadingsBrowser {
  readonly region: Locator;
  readonly filters: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  constructor(page: Page) {
    this.region = page.getByRole('region', { name: 'Readings browser' });
    this.filters = this.region.getByRole('form', { name: 'Reading filters' });
    this.table = this.region.getByRole('table', { name: 'Stored readings' });
    this.rows = this.table.locator('tbody tr');
  }
  /** Rows of meter `serial`. */
  rowsOf(serial: string): Locator {
    return this.rows.filter({ has: this.table.page().getByRole('cell', { name: serial, exact: true }) });
  }
}

export class Quarantine {
  readonly table: Locator;
  constructor(page: Page) {
    this.table = page.getByRole('region', { name: 'Quarantine' }).getByRole('table', { name: 'Quarantined files' });
  }
  row(file: string): Locator {
    return this.table.locator(`tr[data-file="${file}"]`);
  }
}

export class WatchedFolders {
  readonly region: Locator;
  readonly add: Locator;
  readonly table: Locator;
  readonly dialog: Locator;
  readonly path: Locator;
  readonly interval: Locator;
  readonly save: Locator;
  constructor(page: Page) {
    this.region = page.getByRole('region', { name: 'Watched folders' });
    this.add = this.region.getByRole('button', { name: 'Add folder…' });
    this.table = this.region.getByRole('table', { name: 'Watched folders' });
    this.dialog = page.getByRole('dialog', { name: /watched folder/ });
    this.path = this.dialog.getByRole('textbox', { name: 'Folder' });
    this.interval = this.dialog.getByRole('spinbutton', { name: 'Scan every (seconds)' });
    this.save = this.dialog.getByRole('button', { name: 'Save folder' });
  }
  row(path: string): Locator {
    return this.table.locator(`tr[data-path="${path}"]`);
  }
}

export class MappingDialog {
  readonly dialog: Locator;
  constructor(page: Page) {
    this.dialog = page.getByRole('dialog', { name: /^Column mapping/ });
  }
  field(label: string): Locator {
    return this.dialog.getByLabel(label, { exact: true });
  }
}

export class ExportDialog {
  readonly dialog: Locator;
  readonly written: Locator;
  constructor(page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Export' });
    this.written = this.dialog.getByRole('status', { name: 'Export written' });
  }
  field(label: string): Locator {
    return this.dialog.getByLabel(label, { exact: true });
  }
}
