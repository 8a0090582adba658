/** Page object of the whole workstation screen, composed of one page object per area. */
import type { Locator, Page } from '@playwright/test';
import { ProgressPanel } from './progress';
import { ReadingView } from './reading';
import { ReadingsList } from './readings-list';
import { Toolbar } from './toolbar';

export class WorkstationPage {
  readonly toolbar: Toolbar;
  readonly progress: ProgressPanel;
  readonly reading: ReadingView;
  readonly readings: ReadingsList;
  /** Error banners (role="alert"). */
  readonly alerts: Locator;

  constructor(readonly page: Page) {
    this.toolbar = new Toolbar(page);
    this.progress = new ProgressPanel(page);
    this.reading = new ReadingView(page);
    this.readings = new ReadingsList(page);
    this.alerts = page.getByRole('alert');
  }

  /** Open the app and wait until the port list has loaded (the emulator is always offered). */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.toolbar.port.locator('option', { hasText: 'Emulated meter (built-in)' }).waitFor({ state: 'attached' });
  }
}
