/** Page object: the open reading — meter header, register table (with filter) and load-profile chart. */
import type { Locator, Page } from '@playwright/test';

/** The bits of HTMLCanvasElement used below (the node-side tsconfig has no DOM lib). */
interface CanvasLike {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

export class ReadingView {
  readonly meter: Locator;
  readonly registers: Locator;
  readonly registerRows: Locator;
  readonly filter: Locator;
  readonly chartRegion: Locator;
  readonly chart: Locator;

  constructor(page: Page) {
    this.meter = page.getByRole('region', { name: 'Meter', exact: true });
    this.registers = page.getByRole('table', { name: 'Registers' });
    // Data rows only (group header rows carry no data-code).
    this.registerRows = this.registers.locator('tbody tr[data-code]');
    this.filter = page.getByRole('searchbox', { name: 'Filter registers' });
    this.chartRegion = page.getByRole('region', { name: 'Load profile' });
    this.chart = this.chartRegion.getByRole('img', { name: /^Load profile chart/ });
  }

  /** Value of a fact in the meter header, by its label (e.g. "Serial number"). */
  fact(label: string): Locator {
    return this.meter.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
  }

  /** Current-value rows of an OBIS short code such as `1.8.0`. */
  currentRow(code: string): Locator {
    return this.registers.locator('tbody').first().locator(`tr[data-code="${code}"]`);
  }

  /** Count of canvas pixels that are not fully transparent (0 = nothing drawn). */
  async chartInkPixels(): Promise<number> {
    return this.chart.evaluate((el) => {
      const canvas = el as unknown as CanvasLike;
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) return 0;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let ink = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) ink++;
      return ink;
    });
  }
}
