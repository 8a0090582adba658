/**
 * Page objects of sign-in and users (issue 6): the setup-mode banner with its "Create administrator" dialog, the
 * sign-in screen and the "Sign in again" dialog of an ended session, the signed-in user in the header (role, Change
 * password…, Sign out), and the screen tabs by name.
 */
import type { Locator, Page } from '@playwright/test';

/** Fields of a new user (create administrator, add user). */
export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly displayName?: string;
  readonly meterUserId?: string;
}

/** Fill the shared user fields of a dialog. */
export async function fillUser(scope: Locator, u: NewUser, repeat = u.password): Promise<void> {
  await scope.getByLabel('User name', { exact: true }).fill(u.username);
  if (u.displayName !== undefined) await scope.getByLabel('Display name', { exact: true }).fill(u.displayName);
  if (u.meterUserId !== undefined) await scope.getByLabel('Meter user ID (optional)').fill(u.meterUserId);
  await scope.getByLabel('Password', { exact: true }).fill(u.password);
  await scope.getByLabel('Repeat password', { exact: true }).fill(repeat);
}

export class AuthPages {
  readonly setupBanner: Locator;
  readonly createAdminDialog: Locator;
  readonly signInScreen: Locator;
  readonly sessionDialog: Locator;
  readonly userMenu: Locator;
  readonly userName: Locator;
  readonly role: Locator;
  readonly signOutButton: Locator;
  readonly tabs: Locator;

  constructor(private readonly page: Page) {
    this.setupBanner = page.getByRole('region', { name: 'Setup mode' });
    this.createAdminDialog = page.getByRole('dialog', { name: 'Create administrator' });
    this.signInScreen = page.getByRole('region', { name: 'Sign in to PMU Workstation' });
    this.sessionDialog = page.getByRole('dialog', { name: 'Sign in again' });
    this.userMenu = page.getByRole('group', { name: 'Signed-in user' });
    this.userName = page.getByTestId('signed-in-user');
    this.role = page.getByTestId('signed-in-role');
    this.signOutButton = this.userMenu.getByRole('button', { name: 'Sign out' });
    this.tabs = page.getByRole('navigation', { name: 'Screens' });
  }

  /** The tab of screen `name` (absent when the role may not use the screen). */
  tab(name: string): Locator {
    return this.tabs.getByRole('button', { name, exact: true });
  }

  async go(name: string): Promise<void> {
    await this.tab(name).click();
  }

  /** Setup mode: create the first administrator from the banner. */
  async createAdministrator(u: NewUser): Promise<void> {
    await this.setupBanner.getByRole('button', { name: 'Create administrator…' }).click();
    await fillUser(this.createAdminDialog, u);
    await this.createAdminDialog.getByRole('button', { name: 'Create administrator and sign in' }).click();
  }

  /** Sign in on the sign-in screen (or the "Sign in again" dialog when `where` is given). */
  async signIn(username: string, password: string, where: Locator = this.signInScreen): Promise<void> {
    const form = where.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('User name').fill(username);
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Sign out; the window reloads to the sign-in screen. */
  async signOut(): Promise<void> {
    await this.signOutButton.click();
    await this.signInScreen.waitFor();
  }
}
