/** Page object of the Reports screen: the report form, the report shown, its actions, the virtual meters. */
import type { Locator, Page } from '@playwright/test';

export class ReportsScreen {
  readonly main: Locator;
  readonly form: Locator;
  readonly header: Locator;
  readonly actions: Locator;
  readonly virtual: Locator;
  readonly editor: Locator;
  readonly runs: Locator;
  constructor(readonly page: Page) {
    this.main = page.getByRole('main', { name: 'Reports' });
    this.form = this.main.getByRole('form', { name: 'New report' });
    this.header = this.main.getByRole('region', { name: 'Report header' });
    this.actions = this.main.getByRole('region', { name: 'Report actions' });
    this.virtual = this.main.getByRole('region', { name: 'Virtual meters' });
    this.editor = this.virtual.getByRole('form', { name: 'Virtual meter editor' });
    this.runs = page.getByRole('complementary', { name: 'Report runs' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Reports', exact: true }).click();
    await this.main.waitFor();
  }

  /** Choose the report kind and what it covers. */
  async choose(kind: 'Billing' | 'Balance' | 'Virtual meter', fromDate: string, toDate: string): Promise<void> {
    await this.form.getByRole('radio', { name: kind, exact: true }).check();
    await this.form.getByLabel('From', { exact: true }).fill(fromDate);
    await this.form.getByLabel('To (included)', { exact: true }).fill(toDate);
  }

  async run(): Promise<void> {
    await this.form.getByRole('button', { name: 'Run report' }).click();
  }

  /** Export the shown report as `format` and return its download link. */
  async export(format: 'PDF' | 'XLSX' | 'CSV'): Promise<Locator> {
    await this.actions.getByRole('button', { name: `Export ${format}` }).click();
    return this.actions.getByRole('link', { name: new RegExp(`^Download report-\\d+_.*\\.${format.toLowerCase()}$`) });
  }
}
