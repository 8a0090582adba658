/**
 * Page objects of the "Staging" and "Certificates" screens: the stage form, the staged program (plan,
 * approve), the "Program meter" panel with its confirmation and progress, and the certificate.
 */
import type { Locator, Page } from '@playwright/test';

/** The Staging screen: stage form, staged program, plan, program panel, progress, certificate. */
export class StagingScreen {
  readonly form: Locator;
  readonly staged: Locator;
  readonly status: Locator;
  readonly planRows: Locator;
  readonly approve: Locator;
  readonly program: Locator;
  readonly port: Locator;
  readonly password: Locator;
  readonly programButton: Locator;
  readonly confirmDialog: Locator;
  readonly progress: Locator;
  readonly certificate: Locator;

  constructor(private readonly page: Page) {
    this.form = page.getByRole('form', { name: 'Stage a program' });
    this.staged = page.getByTestId('staged-program');
    this.status = page.getByTestId('staged-status');
    this.planRows = page.getByRole('table', { name: 'Program plan' }).getByTestId('plan-write');
    this.approve = this.staged.getByRole('button', { name: 'Approve' });
    this.program = page.getByTestId('program-panel');
    this.port = this.program.getByLabel('Meter port');
    this.password = this.program.getByLabel(/^Level \d password$/);
    this.programButton = this.program.getByRole('button', { name: 'Program meter' });
    this.confirmDialog = page.getByRole('dialog', { name: /^Program meter .*\?$/ });
    this.progress = page.getByTestId('program-progress');
    this.certificate = page.getByTestId('certificate');
  }

  /** The confirmation of "Approve…". */
  get approveDialog(): Locator {
    return this.page.getByRole('dialog', { name: /^Approve staged program \d+\?$/ });
  }

  /** Approve the open draft: "Approve…", then confirm in the dialog (which says what is approved and by whom it was staged). */
  async approveConfirmed(): Promise<void> {
    await this.approve.click();
    await this.approveDialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await this.approveDialog.waitFor({ state: 'hidden' });
  }

  /** The words, shown before anything is pressed, on whether this user can program it and with which password. */
  get readiness(): Locator {
    return this.program.getByTestId('program-readiness');
  }

  /** Fill the meter data of the stage form (scheme and version already chosen). */
  async meter(m: { serial: string; ct?: string; vt?: string; level?: '1' | '2' | '3'; site?: string; customer?: string; zone?: string }): Promise<void> {
    await this.form.getByLabel('Meter serial number').fill(m.serial);
    if (m.ct !== undefined) await this.form.getByLabel(/^CT ratio/).fill(m.ct);
    if (m.vt !== undefined) await this.form.getByLabel(/^VT ratio/).fill(m.vt);
    if (m.level) await this.form.getByLabel('Password level to program with').selectOption(m.level);
    if (m.site !== undefined) await this.form.getByLabel('Site').fill(m.site);
    if (m.customer !== undefined) await this.form.getByLabel('Customer').fill(m.customer);
    if (m.zone !== undefined) await this.form.getByLabel("Meter's time zone").fill(m.zone);
  }
}

/** The Certificates screen: the list and the certificate shown. */
export class CertificatesScreen {
  readonly table: Locator;
  readonly rows: Locator;
  readonly certificate: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Certificates' });
    this.rows = this.table.getByTestId('certificate-row');
    this.certificate = page.getByTestId('certificate');
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Certificates', exact: true }).click();
  }
}
