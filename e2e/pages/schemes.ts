/**
 * Page objects of the "Tariff schemes" screen: the scheme library tree with its dialogs, the scheme editor
 * (section tabs, day profiles, special days with the holiday-pack dialog, problems panel, save), and the
 * simulation tab.
 */
import type { Locator, Page } from '@playwright/test';

/** The scheme library sidebar: tree rows, actions and dialogs. */
export class SchemeLibrary {
  readonly panel: Locator;
  readonly tree: Locator;
  readonly newFolder: Locator;
  readonly newScheme: Locator;
  readonly importFiles: Locator;
  readonly nameDialog: Locator;
  readonly newSchemeDialog: Locator;

  constructor(private readonly page: Page) {
    this.panel = page.getByRole('complementary', { name: 'Scheme library' });
    this.tree = this.panel.getByRole('tree', { name: 'Scheme library' });
    this.newFolder = this.panel.getByRole('button', { name: 'New folder…' });
    this.newScheme = this.panel.getByRole('button', { name: 'New scheme…' });
    this.importFiles = this.panel.getByLabel('Import scheme files');
    this.nameDialog = page.getByRole('dialog', { name: /^(New folder|Rename)/ });
    this.newSchemeDialog = page.getByRole('dialog', { name: 'New scheme' });
  }

  /** Show the screen. */
  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Tariff schemes', exact: true }).click();
  }

  folder(name: string): Locator {
    return this.tree.locator(`[data-testid="tree-folder"][data-name="${name}"]`);
  }

  scheme(name: string): Locator {
    return this.tree.locator(`[data-testid="tree-scheme"][data-name="${name}"]`);
  }

  /** Create a folder in the selected folder, or in `parent` (a folder path such as `Domestic › 2027`, or `Top level`). */
  async createFolder(name: string, parent?: string): Promise<void> {
    await this.newFolder.click();
    await this.nameDialog.getByLabel('Folder name').fill(name);
    if (parent !== undefined) await this.nameDialog.getByLabel('Create in').selectOption({ label: parent });
    await this.nameDialog.getByRole('button', { name: 'Create folder' }).click();
  }

  /** The "Selected …" action group under the tree (Rename…, Move to…, Export, Delete…). */
  action(name: 'Rename…' | 'Move to…' | 'Export' | 'Delete…'): Locator {
    return this.panel.getByRole('group', { name: /^Selected / }).getByRole('button', { name, exact: true });
  }

  /** Import and export results under the tree. */
  notice(kind: 'Scheme import' | 'Scheme export'): Locator {
    return this.panel.getByRole('status', { name: kind });
  }

  /** Create a scheme from the template; the editor opens it. */
  async createScheme(s: { name: string; id: string; model: 'Elster A1140' | 'Elster A1700' | 'Generic IEC 62056-21 meter'; zone: string }): Promise<void> {
    await this.newScheme.click();
    const d = this.newSchemeDialog;
    await d.getByLabel('Name', { exact: true }).fill(s.name);
    await d.getByLabel('Scheme ID').fill(s.id);
    await d.getByLabel('Meter model').selectOption({ label: s.model });
    await d.getByLabel('Time zone').fill(s.zone);
    await d.getByRole('button', { name: 'Create scheme' }).click();
  }
}

/** The scheme editor: tabs, sections, problems, save. */
export class SchemeEditor {
  readonly main: Locator;
  readonly tabs: Locator;
  readonly problems: Locator;
  readonly problemItems: Locator;
  readonly problemsSummary: Locator;
  readonly unsaved: Locator;
  readonly save: Locator;
  readonly saveDialog: Locator;
  readonly stage: Locator;
  readonly holidayDialog: Locator;

  constructor(private readonly page: Page) {
    this.main = page.getByRole('main', { name: 'Scheme editor' });
    this.tabs = this.main.getByRole('tablist', { name: 'Scheme sections' });
    this.problems = page.getByTestId('scheme-problems');
    this.problemItems = this.problems.getByTestId('problem');
    this.problemsSummary = page.getByTestId('problems-summary');
    this.unsaved = page.getByTestId('unsaved-badge');
    this.save = this.main.getByRole('button', { name: 'Save…' });
    this.saveDialog = page.getByRole('dialog', { name: 'Save a new version' });
    this.stage = this.main.getByRole('button', { name: 'Stage for a meter…' });
    this.holidayDialog = page.getByRole('dialog', { name: 'Add holiday pack' });
  }

  tab(name: string): Locator {
    return this.tabs.getByRole('tab', { name: new RegExp(`^${name}`) });
  }

  async show(name: string): Promise<void> {
    await this.tab(name).click();
  }

  /** The day profile card called `name`. */
  dayProfile(name: string): Locator {
    return this.main.getByRole('region', { name: `Day profile ${name}`, exact: true });
  }

  /** Switch time `n` (1-based) of day profile `name`. */
  switchTime(name: string, n: number): Locator {
    return this.dayProfile(name).getByRole('textbox', { name: `Switch ${n} time` });
  }

  specialDayRows(): Locator {
    return this.main.getByTestId('special-day-row');
  }

  /** Save a new version with `note`. */
  async saveVersion(note: string): Promise<void> {
    await this.save.click();
    await this.saveDialog.getByLabel('Note (what changed and why)').fill(note);
    await this.saveDialog.getByRole('button', { name: /^Save version \d+$/ }).click();
  }
}
