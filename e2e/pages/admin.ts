/**
 * Page objects of the Administration screen: users (add, role, edit, reset password, disable), meter groups, and
 * stored meter passwords (metadata only).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { fillUser, type NewUser } from './auth';

export class AdminScreen {
  readonly main: Locator;
  readonly notice: Locator;
  readonly users: Locator;
  readonly addUserButton: Locator;
  readonly addUserDialog: Locator;
  readonly credentials: Locator;
  readonly storeCredentialButton: Locator;
  readonly credentialDialog: Locator;

  constructor(private readonly page: Page) {
    this.main = page.getByRole('main', { name: 'Administration' });
    this.notice = this.main.getByRole('status', { name: 'Administration notice' });
    this.users = this.main.getByRole('table', { name: 'Users' });
    this.addUserButton = this.main.getByRole('button', { name: 'Add user…' });
    this.addUserDialog = page.getByRole('dialog', { name: 'Add user' });
    this.credentials = this.main.getByRole('table', { name: 'Stored meter passwords' });
    this.storeCredentialButton = this.main.getByRole('button', { name: 'Store a meter password…' });
    this.credentialDialog = page.getByRole('dialog', { name: /^(Store a meter password|Replace )/ });
  }

  async open(): Promise<void> {
    // Right after a sign-in the app moves to the user's home screen; a click that lands before that move is undone
    // by it, so click until the Administration screen stays.
    await expect(async () => {
      await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Administration', exact: true }).click();
      await expect(this.page.getByRole('main', { name: 'Administration' })).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
  }

  /** Show a section: Users, Meter groups or Meter passwords. */
  async section(name: 'Users' | 'Meter groups' | 'Meter passwords'): Promise<void> {
    await this.main.getByRole('tablist', { name: 'Administration sections' }).getByRole('tab', { name }).click();
  }

  user(username: string): Locator {
    return this.users.locator(`tr[data-username="${username}"]`);
  }

  async addUser(u: NewUser & { role: 'technician' | 'engineer' | 'auditor' | 'administrator' }): Promise<void> {
    await this.addUserButton.click();
    await this.addUserDialog.getByLabel('Role').selectOption(u.role);
    await fillUser(this.addUserDialog, u);
    await this.addUserDialog.getByRole('button', { name: 'Add user' }).click();
    await this.user(u.username).waitFor();
  }

  /**
   * Choose another role for `username`: the change waits for its confirmation dialog (what the user gains and loses);
   * `confirm` false cancels it. Returns the dialog's text.
   */
  async changeRole(username: string, role: 'technician' | 'engineer' | 'auditor' | 'administrator', confirm = true): Promise<string> {
    await this.users.getByLabel(`Role of ${username}`).selectOption(role);
    const d = this.page.getByRole('dialog', { name: new RegExp(`^Make ${username} an? ${role}\\?$`) });
    await d.waitFor();
    const text = (await d.textContent()) ?? '';
    await d.getByRole('button', { name: confirm ? new RegExp(`^Make ${username}`) : 'Cancel' }).click();
    await d.waitFor({ state: 'hidden' });
    return text;
  }

  /** Store a meter password for one meter serial at `level`; `beforeStore` runs with the filled dialog (screenshots). */
  async storeMeterPassword(serial: string, level: '1' | '2' | '3', password: string, beforeStore?: () => Promise<void>): Promise<void> {
    await this.storeCredentialButton.click();
    const d = this.credentialDialog;
    await d.getByRole('radio', { name: 'One meter' }).check();
    await d.getByLabel('Meter serial number').fill(serial);
    await d.getByLabel('Security level').selectOption(level);
    await d.getByLabel('Meter password', { exact: true }).fill(password);
    // Above level 1 the dialog says what delegation to technicians exposes (issue 11.2).
    if (level !== '1') await expect(d.getByTestId('delegation-warning')).toContainText('whoever holds the probe sees what is sent');
    await beforeStore?.();
    await d.getByRole('button', { name: 'Store password' }).click();
  }
}
