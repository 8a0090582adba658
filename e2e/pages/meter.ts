/**
 * Page objects of the Read meter screen's meter panels: the read options (meter type, password, level,
 * load-profile range, events), the meter clock (check / adjust / set with its confirmation dialog), and the
 * programming log and events of the open reading.
 */
import type { Locator, Page } from '@playwright/test';

export class ReadOptionsPanel {
  readonly region: Locator;
  readonly meterType: Locator;
  readonly password: Locator;
  readonly level: Locator;
  readonly events: Locator;
  /** Listen (push meter): speed, line format, telegrams. */
  readonly speed: Locator;
  readonly lineFormat: Locator;
  readonly telegrams: Locator;

  constructor(page: Page) {
    this.region = page.getByRole('region', { name: 'Read options', exact: true });
    this.speed = this.region.getByRole('combobox', { name: 'Speed' });
    this.lineFormat = this.region.getByRole('combobox', { name: 'Line format' });
    this.telegrams = this.region.getByRole('spinbutton', { name: 'Telegrams' });
    this.meterType = this.region.getByRole('combobox', { name: 'Meter type' });
    this.password = this.region.getByLabel('Password', { exact: true });
    this.level = this.region.getByRole('combobox', { name: 'Security level' });
    this.events = this.region.getByRole('checkbox', { name: 'Read events' });
  }

  /** A load-profile range radio: "Last 48 hours", "From – to", "Everything", "No load profile". */
  range(name: string): Locator {
    return this.region.getByRole('radio', { name });
  }

  /** Choose an Elster meter type with its password and security level. */
  async elster(type: 'Elster A1140' | 'Elster A1700', password: string, level: 1 | 2 | 3): Promise<void> {
    await this.meterType.selectOption({ label: type });
    await this.password.fill(password);
    await this.level.selectOption({ value: String(level) });
  }
}

/** Where a clock job is (`data-status` of the panel). */
export type ClockStatus = 'idle' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';

export class MeterClock {
  readonly region: Locator;
  readonly check: Locator;
  readonly adjust: Locator;
  readonly set: Locator;
  readonly drift: Locator;
  readonly result: Locator;
  readonly alert: Locator;
  readonly dialog: Locator;
  readonly level3Password: Locator;
  readonly confirmSet: Locator;

  constructor(page: Page) {
    this.region = page.getByRole('region', { name: 'Meter clock', exact: true });
    this.check = this.region.getByRole('button', { name: 'Check clock' });
    this.adjust = this.region.getByRole('button', { name: 'Adjust clock' });
    this.set = this.region.getByRole('button', { name: 'Set clock…' });
    this.drift = this.region.locator('.drift');
    this.result = this.region.getByRole('status', { name: 'Clock result' });
    this.alert = this.region.getByRole('alert');
    this.dialog = page.getByRole('dialog', { name: 'Set the meter clock?' });
    this.level3Password = this.dialog.getByLabel('Level 3 password');
    this.confirmSet = this.dialog.getByRole('button', { name: 'Set clock now' });
  }

  /** Value of a fact of the panel ("Meter time", "PC time", "Drift…"). */
  fact(label: string | RegExp): Locator {
    return this.region.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
  }

  /** Locator that matches once the panel shows `status`. */
  withStatus(status: ClockStatus): Locator {
    return this.region.and(this.region.page().locator(`[data-status="${status}"]`));
  }
}

export class MeterLogs {
  readonly programming: Locator;
  readonly programmingRows: Locator;
  readonly events: Locator;
  readonly eventRows: Locator;

  constructor(page: Page) {
    this.programming = page.getByRole('region', { name: 'Programming log', exact: true });
    this.programmingRows = this.programming.getByRole('table', { name: 'Programming log' }).locator('tbody tr');
    this.events = page.getByRole('region', { name: 'Events', exact: true });
    this.eventRows = this.events.getByRole('table', { name: 'Events' }).locator('tbody tr');
  }
}
