/** Page object: the Settings screen — its section tabs, the probe panels and the connection wizard, setting fields, the settings file. */
import type { Locator, Page } from '@playwright/test';

export type SettingsSection = 'Optical probes' | 'Files and import' | 'Policies' | 'Settings file';

export class SettingsScreen {
  readonly screen: Locator;
  readonly notice: Locator;
  readonly portPanel: Locator;
  readonly port: Locator;
  readonly portProfile: Locator;
  readonly profileInUse: Locator;
  readonly profiles: Locator;
  readonly wizard: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByRole('main', { name: 'Settings' });
    this.notice = this.screen.getByRole('status', { name: 'Settings notice' });
    this.portPanel = this.screen.getByRole('region', { name: 'Probe on a port' });
    this.port = this.portPanel.getByRole('combobox', { name: 'Port', exact: true });
    this.portProfile = this.portPanel.getByRole('combobox', { name: 'Profile of this port' });
    this.profileInUse = this.portPanel.getByRole('status', { name: 'Profile in use' });
    this.profiles = this.screen.getByRole('table', { name: 'Probe profiles' });
    this.wizard = page.getByRole('dialog', { name: /^Connection wizard/ });
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings', exact: true }).click();
  }

  async section(name: SettingsSection): Promise<void> {
    await this.screen.getByRole('tab', { name }).click();
  }

  /** The editor of the setting labelled `label` (a folder's text box, a number, a select, a checkbox). */
  field(label: string): Locator {
    return this.screen.getByLabel(label, { exact: true });
  }

  /** The form of a settings group ("Files and import settings", "Policies settings"). */
  form(group: string): Locator {
    return this.screen.getByRole('form', { name: `${group} settings` });
  }

  profileRow(name: string): Locator {
    return this.profiles.locator(`tr[data-profile="${name}"]`);
  }
}
