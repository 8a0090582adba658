/** Page object: the live progress panel of a reading. */
import type { Locator, Page } from '@playwright/test';

/** How a reading ended or where it is (`data-status` of the panel). */
export type JobStatus = 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';

export class ProgressPanel {
  readonly region: Locator;
  readonly step: Locator;
  readonly message: Locator;
  readonly bar: Locator;

  constructor(page: Page) {
    this.region = page.getByRole('region', { name: 'Reading progress' });
    this.step = this.region.locator('.step');
    this.message = this.region.locator('.progress-message');
    this.bar = this.region.getByRole('progressbar', { name: 'Percent complete' });
  }

  /** Locator that matches once the panel shows `status`. */
  withStatus(status: JobStatus): Locator {
    return this.region.and(this.region.page().locator(`[data-status="${status}"]`));
  }
}
