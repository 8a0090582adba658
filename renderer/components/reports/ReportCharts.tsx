/**
 * The report charts (issue 15 item 4): energy per rate stacked by day (billing), the day × hour heat map (billing and
 * virtual meters; grey = no data, never drawn as zero), and the balance over time (input, downstream, difference %).
 */
import { useCallback, useEffect, useRef } from 'react';
import type { ChartConfiguration } from 'chart.js';
import type { BalanceReport, BillingReport, HeatMapView } from '../../../contract';
import { Chart, dailyRateDatasets, heatCells, heatColour, HOURS, type HeatCell } from '../../lib/report-charts';

/** A canvas that draws `config` (rebuilt when it changes) and marks itself drawn for tests. */
function ChartCanvas({ config, label, height = 260 }: { config: () => ChartConfiguration; label: string; height?: number }) {
  const ref = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    delete canvas.dataset['drawn'];
    const c = config();
    const chart = new Chart(canvas, { ...c, plugins: [...(c.plugins ?? []), { id: 'pmuDrawn', afterRender: (ch) => void (ch.canvas.dataset['drawn'] = 'true') }] } as ChartConfiguration);
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="chart-box" style={{ height }}>
      <canvas ref={ref} role="img" aria-label={label} />
    </div>
  );
}

export function DailyRatesChart({ report }: { report: BillingReport }) {
  const config = useCallback(() => {
    const { labels, datasets } = dailyRateDatasets(report);
    return {
      type: 'bar',
      data: { labels, datasets: datasets.map((d) => ({ ...d, stack: 'energy' })) },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { x: { stacked: true, title: { display: true, text: `Local day (${report.timeZone})` } }, y: { stacked: true, title: { display: true, text: 'kWh' } } },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      },
    } as ChartConfiguration;
  }, [report]);
  return <ChartCanvas config={config} label={`Energy per rate stacked by day, ${report.daily.length} days`} />;
}

export function HeatMapChart({ heat, zone, unit = 'kWh' }: { heat: HeatMapView; zone: string; unit?: string }) {
  const config = useCallback(() => {
    const { cells, max } = heatCells(heat);
    const days = heat.days.map((d) => d.date);
    return {
      type: 'matrix',
      data: {
        datasets: [{
          label: `Energy per hour (${unit})`,
          data: cells,
          backgroundColor: (c: { raw?: HeatCell }) => heatColour(c.raw?.v ?? null, max),
          width: ({ chart }: { chart: Chart }) => (chart.chartArea?.width ?? 0) / 24 - 1,
          height: ({ chart }: { chart: Chart }) => (chart.chartArea?.height ?? 0) / Math.max(1, days.length) - 1,
        }],
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: {
          x: { type: 'category', labels: HOURS, offset: true, grid: { display: false }, title: { display: true, text: `Hour of the day (${zone}); grey = no data` } },
          y: { type: 'category', labels: days, offset: true, grid: { display: false }, ticks: { autoSkip: true, maxTicksLimit: 16 } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: () => '', label: (c: { raw: HeatCell }) => `${c.raw.y} ${c.raw.x}:00 — ${c.raw.v === null ? 'no data' : `${c.raw.v} ${unit}`}` } },
        },
      },
    } as unknown as ChartConfiguration;
  }, [heat, zone, unit]);
  return <ChartCanvas config={config} height={Math.min(520, 80 + heat.days.length * 12)} label={`Heat map of energy by day and hour, ${heat.days.length} days`} />;
}

export function BalanceChart({ report }: { report: BalanceReport }) {
  const config = useCallback(() => ({
    type: 'line',
    data: {
      labels: report.daily.map((d) => d.date),
      datasets: [
        { label: 'Input kWh', data: report.daily.map((d) => d.input), borderColor: '#1f6feb', backgroundColor: '#1f6feb', yAxisID: 'y', spanGaps: false },
        { label: 'Downstream kWh', data: report.daily.map((d) => d.downstream), borderColor: '#059669', backgroundColor: '#059669', yAxisID: 'y', spanGaps: false },
        { label: 'Difference %', data: report.daily.map((d) => d.percent), borderColor: '#dc2626', backgroundColor: '#dc2626', yAxisID: 'p', borderDash: [4, 3], spanGaps: false },
      ],
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { y: { title: { display: true, text: 'kWh (complete intervals)' } }, p: { position: 'right', title: { display: true, text: '% of input' }, grid: { drawOnChartArea: false } } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    },
  }) as ChartConfiguration, [report]);
  return <ChartCanvas config={config} label={`Balance over time, ${report.daily.length} days`} />;
}
