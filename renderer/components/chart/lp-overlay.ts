/**
 * Chart.js plugin of the load-profile chart: under the lines, the meter's flagged intervals as red bands (at least
 * 2 px wide, with a triangle on the top edge so one flagged interval in a year's view is still seen), local day
 * boundaries as thin lines (thinned to weeks or months in long views: ../../lib/lp-marks.ts), and the zone's DST
 * changes as orange lines labelled "Clocks forward 1 h (01:00 → 02:00)". Every render is timed with the User Timing
 * API (`pmu-chart-render`; the first one also as `pmu-chart-first-paint` from the mark `pmu-chart-start`) for
 * `npm run bench -- ui`; the canvas gets `data-drawn="true"` after the first render.
 */
import type { Chart, Plugin } from 'chart.js';
import { cachedZone } from '../../lib/cached-zone';
import { boundariesInView } from '../../lib/lp-marks';
import { flaggedInView, type LpSeries } from '../../lib/lp-series';

const FLAG = 'rgba(220, 38, 38, 0.22)';
const FLAG_EDGE = '#dc2626';
const DAY = 'rgba(71, 84, 103, 0.35)';
const DST = '#d97706';

/** What the overlay needs: the prepared series and the reading's zone. */
export interface OverlayState {
  series: LpSeries;
  zone: string;
  firstPaintDone: boolean;
  /** An update is being rendered (its start is marked); renders of hover alone are not timed. */
  timing?: boolean;
  /** Renders timed since the last clean-up of the timeline. */
  timed?: number;
}

function vline(ctx: CanvasRenderingContext2D, x: number, top: number, bottom: number, colour: string, width: number, dash: number[] = []): void {
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(Math.round(x) + 0.5, top);
  ctx.lineTo(Math.round(x) + 0.5, bottom);
  ctx.stroke();
  ctx.restore();
}

function drawMarks(chart: Chart, st: OverlayState): void {
  const x = chart.scales['x'];
  const area = chart.chartArea;
  if (!x || !area) return;
  const { ctx } = chart;
  const min = x.min;
  const max = x.max;
  ctx.save();
  ctx.beginPath();
  ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
  ctx.clip();
  for (const f of flaggedInView(st.series.flagged, min, max)) {
    const a = x.getPixelForValue(f.startMs);
    const b = Math.max(x.getPixelForValue(f.endMs), a + 2);
    ctx.fillStyle = FLAG;
    ctx.fillRect(a, area.top, b - a, area.bottom - area.top);
    ctx.fillStyle = FLAG_EDGE;
    const c = (a + b) / 2;
    ctx.beginPath();
    ctx.moveTo(c - 4, area.top);
    ctx.lineTo(c + 4, area.top);
    ctx.lineTo(c, area.top + 7);
    ctx.closePath();
    ctx.fill();
  }
  const days = boundariesInView(st.series.days, min, max, cachedZone(st.zone));
  for (const d of days.at) vline(ctx, x.getPixelForValue(d), area.top, area.bottom, DAY, 1, days.unit === 'day' ? [3, 3] : []);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  for (const c of st.series.dst) {
    if (c.atMs < min || c.atMs > max) continue;
    const px = x.getPixelForValue(c.atMs);
    vline(ctx, px, area.top, area.bottom, DST, 2);
    ctx.fillStyle = DST;
    const w = ctx.measureText(c.words).width;
    const left = px + 4 + w > area.right ? px - 4 - w : px + 4;
    ctx.fillText(c.words, left, area.top + 10);
  }
  ctx.restore();
}

/** The overlay plugin over a mutable state object (so the chart need not be rebuilt when only the view changes). */
export function lpOverlay(st: OverlayState): Plugin<'line'> {
  return {
    id: 'pmuLpOverlay',
    beforeUpdate: () => {
      performance.mark('pmu-chart-update');
      st.timing = true;
    },
    beforeDatasetsDraw: (chart) => drawMarks(chart as unknown as Chart, st),
    afterRender: (chart) => {
      if (st.timing) {
        st.timing = false;
        performance.measure('pmu-chart-render', 'pmu-chart-update');
        performance.clearMarks('pmu-chart-update');
        // Keep the timeline small in a long session (the benchmark reads it within a few hundred frames).
        st.timed = (st.timed ?? 0) + 1;
        if (st.timed > 2000) {
          performance.clearMeasures('pmu-chart-render');
          st.timed = 0;
        }
      }
      if (!st.firstPaintDone) {
        st.firstPaintDone = true;
        if (performance.getEntriesByName('pmu-chart-start', 'mark').length) performance.measure('pmu-chart-first-paint', 'pmu-chart-start');
        chart.canvas.dataset['drawn'] = 'true';
      }
    },
  };
}
