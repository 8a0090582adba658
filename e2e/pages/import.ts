/** Page object: the Import screen — mode, drop zone and "Choose files…", progress, result rows, history. */
import type { Locator, Page } from '@playwright/test';
import type { TextFile } from '../support/files';

/** How a file ended (`data-result` of its row). */
export type ImportResult = 'imported' | 'duplicate' | 'replaced' | 'quarantined' | 'skipped' | 'failed';

export class ImportScreen {
  readonly region: Locator;
  readonly dropZone: Locator;
  readonly chooseFiles: Locator;
  readonly progress: Locator;
  readonly results: Locator;

  constructor(private readonly page: Page) {
    this.region = page.getByRole('region', { name: 'Import files' });
    this.dropZone = this.region.getByRole('group', { name: 'Drop files here' });
    this.chooseFiles = this.region.getByLabel('Choose files…');
    this.progress = page.getByRole('status', { name: 'Import progress' });
    this.results = page.getByRole('table', { name: 'Import results' });
  }

  /** The result row of `file`. */
  row(file: string): Locator {
    return this.results.locator(`tr[data-file="${file}"]`);
  }

  /** Row of `file` once it shows `result`. */
  rowWith(file: string, result: ImportResult): Locator {
    return this.results.locator(`tr[data-file="${file}"][data-result="${result}"]`);
  }

  mode(name: 'Append' | 'Overwrite'): Locator {
    return this.region.getByRole('radio', { name: new RegExp(`^${name}`) });
  }

  /** Choose files with the file input. */
  async choose(files: readonly TextFile[]): Promise<void> {
    await this.chooseFiles.setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'text/plain', buffer: Buffer.from(f.text, 'utf8') })));
  }

  /** Drag and drop files onto the drop zone (a real DataTransfer with File objects, as the browser makes on a drop). */
  async drop(files: readonly TextFile[]): Promise<void> {
    const transfer = await this.page.evaluateHandle((list) => {
      // Browser globals, typed here because the node-side tsconfig has no DOM lib.
      const g = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: string[], name: string, opts: { type: string }) => unknown;
      };
      const dt = new g.DataTransfer();
      for (const f of list) dt.items.add(new g.File([f.text], f.name, { type: 'text/plain' }));
      return dt;
    }, files.map((f) => ({ name: f.name, text: f.text })));
    await this.dropZone.dispatchEvent('dragover', { dataTransfer: transfer });
    await this.dropZone.dispatchEvent('drop', { dataTransfer: transfer });
  }
}
