/**
 * Chart.js parts of the report charts (registered once): stacked bars of energy per rate and day, lines of a balance
 * over time, and the day × hour heat map through chartjs-chart-matrix (the matrix chart of Chart.js's maintainer).
 * Plus the pure geometry of the charts (unit-tested): the stacked datasets and the heat map's cells and colours.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import type { BillingReport, HeatMapView } from '../../contract';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend, MatrixController, MatrixElement);

export { Chart };

const FALLBACK = ['#e07b39', '#3960e0', '#39a857', '#a855f7', '#db2777', '#0891b2', '#ca8a04', '#475467'];

/** One stacked dataset per rate of a billing report's daily energy (a day with a gap keeps its bars: the gap is counted). */
export function dailyRateDatasets(r: Pick<BillingReport, 'daily' | 'rateNames'>): { labels: string[]; datasets: { label: string; data: (number | null)[]; backgroundColor: string }[] } {
  const rates = [...new Set(r.daily.flatMap((d) => d.rates.map((x) => x.rate)))].sort((a, b) => a - b);
  return {
    // A day with missing intervals says so in its label: its bars are the data present, not the day's energy.
    labels: r.daily.map((d) => (d.missing > 0 ? `${d.date} (${d.missing} missing)` : d.date)),
    datasets: rates.map((rate, i) => {
      const named = r.rateNames.find((x) => x.rate === rate);
      return {
        label: named?.name ?? (rate === 0 ? 'no scheme' : `T${rate}`),
        data: r.daily.map((d) => d.rates.find((x) => x.rate === rate)?.energy ?? null),
        backgroundColor: named?.colour ?? FALLBACK[i % FALLBACK.length]!,
      };
    }),
  };
}

/** Hours of the heat map's x axis, `00` … `23`. */
export const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

/** A heat-map cell: hour `hh` (x), day (y), energy or null (no data). */
export interface HeatCell { readonly x: string; readonly y: string; readonly v: number | null }

/** The cells of a heat map and its highest value. */
export function heatCells(h: HeatMapView): { cells: HeatCell[]; max: number } {
  const cells: HeatCell[] = [];
  let max = 0;
  for (const d of h.days) {
    d.values.forEach((v, hour) => {
      cells.push({ x: HOURS[hour]!, y: d.date, v });
      if (v !== null && v > max) max = v;
    });
  }
  return { cells, max };
}

/** Colour of a cell: grey for no data, else white → blue by value ÷ max. */
export function heatColour(v: number | null, max: number): string {
  if (v === null) return '#d0d5dd';
  const k = max <= 0 ? 0 : Math.max(0, Math.min(1, v / max));
  const c = (a: number, b: number) => Math.round(a + (b - a) * k);
  return `rgb(${c(239, 21)}, ${c(246, 94)}, ${c(255, 184)})`;
}
