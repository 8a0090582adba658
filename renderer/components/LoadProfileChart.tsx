/**
 * Load-profile viewer: one line per channel, one y axis per unit, a time axis in the reading's time zone with dates;
 * zoom (Ctrl+wheel, pinch, shift-drag a range, buttons) and pan (drag, arrow keys, buttons) with chartjs-plugin-zoom, data
 * decimation for long profiles, local day boundaries and DST changes marked, intervals the meter flagged shown as red
 * bands with their status in words (tooltip and the list below, a click zooms to one). Interactive for a year of
 * 15-minute intervals × 8 channels (`npm run bench -- ui`: first paint < 500 ms, pan frame < 16 ms).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Chart as ChartType } from 'chart.js';
import type { LoadProfileView } from '../../contract';
import { Chart } from '../lib/chart-setup';
import { rangeWords } from '../lib/lp-marks';
import { buildSeries, presetRange, type LpPoint } from '../lib/lp-series';
import { fitY, lpChartConfig } from './chart/lp-config';
import type { OverlayState } from './chart/lp-overlay';

type LpChart = ChartType<'line', LpPoint[]>;
const PRESETS = [
  ['day', 'Last day'],
  ['week', 'Last week'],
  ['month', 'Last month'],
  ['all', 'All'],
] as const;

export function LoadProfileChart({ profile, timeZone, manufacturer }: { profile: LoadProfileView; timeZone: string; manufacturer?: string | null }) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const chartRef = useRef<LpChart | null>(null);
  const series = useMemo(() => {
    performance.clearMarks('pmu-chart-start');
    performance.mark('pmu-chart-start');
    return buildSeries(profile, timeZone, manufacturer ?? null);
  }, [profile, timeZone, manufacturer]);
  const [view, setView] = useState<{ min: number; max: number }>({ min: series.fromMs, max: series.toMs });

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    delete canvas.dataset['drawn'];
    const st: OverlayState = { series, zone: timeZone, firstPaintDone: false };
    const chart = new Chart(canvas, lpChartConfig(st, profile.periodMinutes, (min, max) => setView({ min, max }))) as LpChart;
    chartRef.current = chart;
    setView({ min: series.fromMs, max: series.toMs });
    return () => {
      chartRef.current = null;
      chart.destroy();
    };
  }, [series, timeZone, profile.periodMinutes]);

  const show = (min: number, max: number) => {
    const chart = chartRef.current;
    if (!chart) return;
    chart.zoomScale('x', { min, max }, 'none');
    after(chart);
  };
  /** After a change of view by a button or key: fit the y axes and say the range. */
  const after = (chart: LpChart) => {
    fitY(chart as unknown as ChartType, series);
    const x = chart.scales['x'];
    if (x) setView({ min: x.min, max: x.max });
  };
  const zoomBy = (factor: number) => {
    const chart = chartRef.current;
    if (!chart) return;
    chart.zoom({ x: factor }, 'none');
    after(chart);
  };
  const panBy = (share: number) => {
    const chart = chartRef.current;
    const x = chart?.scales['x'];
    if (!chart || !x) return;
    chart.pan({ x: -(x.right - x.left) * share }, undefined, 'none');
    after(chart);
  };
  const onKey = (e: React.KeyboardEvent) => {
    const keys: Record<string, () => void> = { ArrowLeft: () => panBy(-0.25), ArrowRight: () => panBy(0.25), '+': () => zoomBy(1.5), '=': () => zoomBy(1.5), '-': () => zoomBy(1 / 1.5) };
    const run = keys[e.key];
    if (run) {
      e.preventDefault();
      run();
    }
  };

  const n = profile.intervals.length;
  const channels = profile.channels.map((c) => `${c.obis} (${c.unit})`).join(', ');
  const flagged = series.flagged;
  return (
    <section className="panel chart-panel" aria-label="Load profile">
      <div className="panel-head">
        <h2>Load profile P.{String(profile.profile).padStart(2, '0')}</h2>
        <span className="muted">
          {n.toLocaleString('en-GB').replace(/,/g, ' ')} intervals of {profile.periodMinutes} min · {channels}
          {series.missing > 0 ? ` · ${series.missing} missing (gaps)` : ''}
        </span>
      </div>
      <div className="chart-toolbar" role="toolbar" aria-label="Load profile view">
        {PRESETS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            className="button button-light small-button"
            onClick={() => {
              const r = presetRange(series, id);
              show(r.min, r.max);
            }}
          >
            {label}
          </button>
        ))}
        <button type="button" className="button button-light small-button" aria-label="Zoom in" onClick={() => zoomBy(1.5)}>
          +
        </button>
        <button type="button" className="button button-light small-button" aria-label="Zoom out" onClick={() => zoomBy(1 / 1.5)}>
          −
        </button>
        <button type="button" className="button button-light small-button" aria-label="Earlier" onClick={() => panBy(-0.5)}>
          ◀
        </button>
        <button type="button" className="button button-light small-button" aria-label="Later" onClick={() => panBy(0.5)}>
          ▶
        </button>
        <span className="muted chart-range" data-testid="chart-range" aria-live="polite">
          {n > 0 ? rangeWords(view.min, view.max, timeZone) : ''}
        </span>
        <span className="muted chart-help">Drag to pan · Ctrl+wheel or Shift+drag to zoom · ← → + − keys</span>
      </div>
      <div className="chart-box" tabIndex={0} onKeyDown={onKey}>
        <canvas ref={canvasRef} role="img" aria-label={`Load profile chart: ${n} intervals, channels ${channels}, local time ${timeZone}`} />
      </div>
      <div className="chart-legend-marks muted">
        <span className="mark-day">┆ day boundary</span>
        {series.dst.length > 0 && <span className="mark-dst">│ DST change: {series.dst.map((d) => d.words).join('; ')}</span>}
        <span className="mark-flag">▼ interval flagged by the meter</span>
      </div>
      {flagged.length > 0 && (
        <details className="flag-list" open={flagged.length <= 10}>
          <summary className="flag-note">
            <span aria-hidden="true">▼</span> {flagged.length} interval{flagged.length === 1 ? '' : 's'} flagged by the meter
          </summary>
          <ul aria-label="Flagged intervals">
            {flagged.slice(0, 200).map((f) => (
              <li key={f.index}>
                <button type="button" className="link-button" onClick={() => show(f.startMs - 6 * 3_600_000, f.endMs + 6 * 3_600_000)}>
                  {rangeWords(f.startMs, f.endMs, timeZone).replace(/ \(.*\)$/, '')}
                </button>{' '}
                {f.words}
              </li>
            ))}
            {flagged.length > 200 && <li className="muted">… and {flagged.length - 200} more</li>}
          </ul>
        </details>
      )}
    </section>
  );
}
