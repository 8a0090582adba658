/** Page object: the toolbar — port picker, "Other port…" path, Refresh ports, Read meter, Cancel. */
import type { Locator, Page } from '@playwright/test';

export class Toolbar {
  readonly port: Locator;
  readonly portPath: Locator;
  readonly refreshPorts: Locator;
  readonly readMeter: Locator;
  readonly cancel: Locator;

  constructor(page: Page) {
    const form = page.getByRole('form', { name: 'Read a meter' });
    this.port = form.getByRole('combobox', { name: 'Port', exact: true });
    this.portPath = form.getByRole('textbox', { name: 'Port path' });
    this.refreshPorts = form.getByRole('button', { name: 'Refresh ports' });
    this.readMeter = form.getByRole('button', { name: 'Read meter' });
    this.cancel = form.getByRole('button', { name: 'Cancel' });
  }

  /** Pick the built-in emulated meter. */
  async chooseEmulator(): Promise<void> {
    await this.port.selectOption({ label: 'Emulated meter (built-in)' });
  }

  /** Pick a built-in emulated Elster meter (`emulator:a1140` / `emulator:a1700`). */
  async chooseElsterEmulator(model: 'A1140' | 'A1700'): Promise<void> {
    await this.port.selectOption({ label: `Emulated Elster ${model} (built-in)` });
  }

  /** Pick "Other port…" and type `path`. */
  async chooseOtherPort(path: string): Promise<void> {
    await this.port.selectOption({ label: 'Other port…' });
    await this.portPath.fill(path);
  }
}
