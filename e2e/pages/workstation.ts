/** Page object of the whole workstation screen, composed of one page object per area. */
import type { Locator, Page } from '@playwright/test';
import { ImportScreen } from './import';
import { MeterClock, MeterLogs, ReadOptionsPanel } from './meter';
import { ProgressPanel } from './progress';
import { ReadingView } from './reading';
import { ReadingsList } from './readings-list';
import { ExportDialog, MappingDialog, Quarantine, ReadingsBrowser, ScreenTabs, WatchedFolders } from './screens';
import { Toolbar } from './toolbar';

export class WorkstationPage {
  readonly toolbar: Toolbar;
  readonly progress: ProgressPanel;
  readonly reading: ReadingView;
  readonly readings: ReadingsList;
  readonly tabs: ScreenTabs;
  readonly importer: ImportScreen;
  readonly browser: ReadingsBrowser;
  readonly quarantine: Quarantine;
  readonly folders: WatchedFolders;
  readonly mapping: MappingDialog;
  readonly exporter: ExportDialog;
  readonly options: ReadOptionsPanel;
  readonly clock: MeterClock;
  readonly logs: MeterLogs;
  /** Error banners (role="alert"). */
  readonly alerts: Locator;

  constructor(readonly page: Page) {
    this.toolbar = new Toolbar(page);
    this.progress = new ProgressPanel(page);
    this.reading = new ReadingView(page);
    this.readings = new ReadingsList(page);
    this.tabs = new ScreenTabs(page);
    this.importer = new ImportScreen(page);
    this.browser = new ReadingsBrowser(page);
    this.quarantine = new Quarantine(page);
    this.folders = new WatchedFolders(page);
    this.mapping = new MappingDialog(page);
    this.exporter = new ExportDialog(page);
    this.options = new ReadOptionsPanel(page);
    this.clock = new MeterClock(page);
    this.logs = new MeterLogs(page);
    this.alerts = page.getByRole('alert');
  }

  /** Open the app and wait until the port list has loaded (the emulator is always offered). */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.toolbar.port.locator('option', { hasText: 'Emulated meter (built-in)' }).waitFor({ state: 'attached' });
  }
}
