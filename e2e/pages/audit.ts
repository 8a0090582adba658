/** Page object of the Audit trail screen: tamper check, filters, records, meter log, exports. */
import type { Locator, Page } from '@playwright/test';

export class AuditScreen {
  readonly main: Locator;
  readonly verifyButton: Locator;
  readonly verifyResult: Locator;
  readonly signature: Locator;
  readonly filters: Locator;
  readonly records: Locator;
  readonly rows: Locator;
  readonly count: Locator;
  readonly exportCsv: Locator;
  readonly exportBundle: Locator;
  readonly exportAnchor: Locator;
  /** The hidden file input behind "Verify against an anchor…". */
  readonly anchorFile: Locator;
  readonly written: Locator;

  constructor(private readonly page: Page) {
    this.main = page.getByRole('main', { name: 'Audit trail' });
    this.verifyButton = this.main.getByRole('button', { name: 'Verify chain' });
    this.verifyResult = page.getByTestId('verify-result');
    this.signature = page.getByTestId('signature-status');
    this.filters = this.main.getByRole('form', { name: 'Audit filters' });
    this.records = this.main.getByRole('table', { name: 'Audit records' });
    this.rows = this.records.locator('tbody tr[data-seq]');
    this.count = page.getByTestId('audit-count');
    this.exportCsv = this.main.getByRole('button', { name: 'Export CSV' });
    this.exportBundle = this.main.getByRole('button', { name: 'Export signed bundle' });
    this.exportAnchor = this.main.getByRole('button', { name: 'Export anchor' });
    this.anchorFile = this.main.getByLabel('Anchor file');
    this.written = this.main.getByRole('list', { name: 'Audit exports written' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Audit trail', exact: true }).click();
  }

  /** Filter by any of user, action (its plain name), meter serial; then "Show". */
  async filter(f: { user?: string; action?: string; meter?: string }): Promise<void> {
    if (f.user !== undefined) await this.filters.getByLabel('User').fill(f.user);
    if (f.action !== undefined) await this.filters.getByLabel('Action').selectOption({ label: f.action });
    if (f.meter !== undefined) await this.filters.getByLabel('Meter').fill(f.meter);
    await this.filters.getByRole('button', { name: 'Show' }).click();
  }

  /** The summary in words of a row. */
  summary(row: Locator): Locator {
    return row.getByTestId('audit-summary');
  }

  /** Open the details of a row: the group with every member before/after in words and the raw JSON. */
  async details(row: Locator): Promise<Locator> {
    const seq = await row.getAttribute('data-seq');
    await row.getByRole('button', { name: `Details of record ${seq}` }).click();
    return this.records.getByRole('group', { name: `Details of record ${seq}` });
  }

  /** Rows of action `action` (contract name, e.g. `reading.stored`). */
  rowsOf(action: string): Locator {
    return this.records.locator(`tbody tr[data-action="${action}"]`);
  }
}
