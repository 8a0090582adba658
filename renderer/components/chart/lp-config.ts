/**
 * The Chart.js configuration of the load-profile chart: one line per channel (no points, min-max decimation,
 * `parsing: false` over the prepared `{ x, y }` arrays of ../../lib/lp-series.ts), one y axis per unit, a time axis
 * in the reading's zone whose labels carry the date (../../lib/lp-marks.ts tickLabel), zoom and pan on the time axis
 * only (Ctrl+wheel, pinch, shift-drag a range; drag to pan; never beyond the profile, never narrower than two intervals),
 * a tooltip that names the status of a flagged interval, and the overlay plugin (./lp-overlay.ts).
 * Speed (a year × 15 min × 8 channels): decimation runs at every size (threshold 1), so Chart.js only ever holds the
 * points of the view, at most a few per pixel column — it re-positions every point of a dataset whenever the x range
 * moves, which for 35 040 points per channel costs a pan frame 50–400 ms. The y axes keep fixed bounds while the view
 * moves (no scan of all points per frame) and fit the data in view when a zoom or pan ends (`fitY`).
 */
import type { ChartConfiguration, ChartDataset, TooltipItem } from 'chart.js';
import { cachedZone } from '../../lib/cached-zone';
import { tickLabel } from '../../lib/lp-marks';
import type { Chart } from 'chart.js';
import { flaggedInView, yRangeInView, type LpPoint, type LpSeries } from '../../lib/lp-series';
import { lpOverlay, type OverlayState } from './lp-overlay';

const COLOURS = ['#1f6feb', '#d97706', '#059669', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#475467'];

/** Set every y axis to the range of its unit's values in the x view (or leave it when nothing is in view). */
export function fitY(chart: Chart, series: LpSeries): void {
  const x = chart.scales['x'];
  if (!x) return;
  series.units.forEach((unit, i) => {
    const r = yRangeInView(series, unit, x.min, x.max);
    const opts = chart.options.scales?.[`y${i}`];
    if (r && opts) Object.assign(opts, r);
  });
  chart.update('none');
}

/** The chart of `st.series`; `onView(min, max)` after every zoom or pan (to show the range in words). */
export function lpChartConfig(st: OverlayState, periodMinutes: number, onView: (min: number, max: number) => void): ChartConfiguration<'line', LpPoint[]> {
  const { series, zone } = st;
  // Offsets memoised per minute: the time axis asks for hundreds per frame (../../lib/cached-zone.ts).
  const fast = cachedZone(zone);
  const datasets: ChartDataset<'line', LpPoint[]>[] = series.channels.map((ch, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    return {
      label: ch.label,
      data: ch.points,
      yAxisID: `y${series.units.indexOf(ch.unit)}`,
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 1.25,
      pointRadius: 0,
      pointHoverRadius: 3,
      spanGaps: false,
      indexAxis: 'x',
    };
  });
  const yScales = Object.fromEntries(
    series.units.map((unit, i) => [
      `y${i}`,
      {
        type: 'linear' as const,
        position: i % 2 === 0 ? ('left' as const) : ('right' as const),
        title: { display: true, text: unit },
        grid: { drawOnChartArea: i === 0 },
        ...(yRangeInView(series, unit, series.fromMs, series.toMs) ?? {}),
      },
    ]),
  );
  const report = ({ chart }: { chart: Chart }) => {
    const x = chart.scales['x'];
    if (x) onView(x.min, x.max);
    fitY(chart, series);
  };
  const statusOf = (items: TooltipItem<'line'>[]) => {
    const x = items[0]?.parsed.x;
    if (x === undefined || x === null) return [];
    return flaggedInView(series.flagged, x, x).map((f) => `Flagged: ${f.words}`);
  };
  return {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'time',
          min: series.fromMs,
          max: series.toMs,
          adapters: { date: { zone } },
          time: { tooltipFormat: 'yyyy-LL-dd HH:mm' },
          ticks: {
            maxRotation: 0,
            autoSkipPadding: 12,
            callback(value, index, ticks) {
              const s = this.chart.scales['x'];
              return tickLabel(Number(value), s ? s.max - s.min : 0, fast, index === 0 ? null : (ticks[index - 1]?.value ?? null));
            },
          },
          title: { display: true, text: `Local time (${zone})` },
        },
        ...yScales,
      },
      plugins: {
        decimation: { enabled: true, algorithm: 'min-max', threshold: 1 },
        legend: { position: 'bottom', labels: { boxWidth: 12 } },
        tooltip: { callbacks: { afterBody: statusOf } },
        zoom: {
          limits: { x: { min: 'original', max: 'original', minRange: 2 * periodMinutes * 60_000 } },
          pan: { enabled: true, mode: 'x', onPanComplete: report },
          zoom: { mode: 'x', wheel: { enabled: true, modifierKey: 'ctrl' }, pinch: { enabled: true }, drag: { enabled: true, modifierKey: 'shift' }, onZoomComplete: report },
        },
      },
    },
    plugins: [lpOverlay(st)],
  };
}
