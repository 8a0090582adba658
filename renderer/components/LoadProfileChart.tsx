/**
 * Load-profile chart: one line per channel, one y axis per unit (title = unit), time axis in the reading's time
 * zone (local wall-clock time, DST handled by luxon). Intervals whose status word is not zero (the meter flagged
 * them: power failure, clock set, …) are marked with a red triangle and listed in the tooltip.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import type { LoadProfileView } from '../../contract';
import { Chart } from '../lib/chart-setup';
import { isFlaggedStatus } from '../lib/format';

const COLOURS = ['#1f6feb', '#d97706', '#059669', '#7c3aed', '#db2777', '#0891b2'];
const FLAG = '#dc2626';

type Point = { x: number; y: number | null };

function buildConfig(profile: LoadProfileView, timeZone: string, flagged: readonly boolean[]): ChartConfiguration<'line', Point[]> {
  const units = [...new Set(profile.channels.map((c) => c.unit))];
  const datasets: ChartDataset<'line', Point[]>[] = profile.channels.map((ch, i) => {
    const colour = COLOURS[i % COLOURS.length] ?? '#1f6feb';
    return {
      label: `${ch.obis}${ch.description ? ` — ${ch.description}` : ''} (${ch.unit})`,
      data: profile.intervals.map((iv) => ({ x: Date.parse(iv.startUtc), y: iv.values[i] ?? null })),
      yAxisID: `y${units.indexOf(ch.unit)}`,
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 1.5,
      spanGaps: false,
      pointRadius: (c) => (flagged[c.dataIndex] ? 4 : 0),
      pointHoverRadius: 4,
      pointStyle: 'triangle',
      pointBackgroundColor: (c) => (flagged[c.dataIndex] ? FLAG : colour),
      pointBorderColor: (c) => (flagged[c.dataIndex] ? FLAG : colour),
    };
  });
  const yScales = Object.fromEntries(
    units.map((unit, i) => [
      `y${i}`,
      { type: 'linear' as const, position: i % 2 === 0 ? ('left' as const) : ('right' as const), title: { display: true, text: unit }, grid: { drawOnChartArea: i === 0 } },
    ]),
  );
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
          adapters: { date: { zone: timeZone } },
          time: { tooltipFormat: 'yyyy-LL-dd HH:mm', displayFormats: { hour: 'HH:mm', day: 'dd LLL', minute: 'HH:mm' } },
          title: { display: true, text: `Local time (${timeZone})` },
        },
        ...yScales,
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            afterBody: (items) => {
              const idx = items[0]?.dataIndex;
              const iv = idx === undefined ? undefined : profile.intervals[idx];
              return iv && isFlaggedStatus(iv.status) ? [`Status ${iv.status} (flagged by the meter)`] : [];
            },
          },
        },
      },
    },
    plugins: [
      {
        id: 'pmuDrawn',
        afterRender: (chart) => {
          chart.canvas.dataset['drawn'] = 'true';
        },
      },
    ],
  };
}

export function LoadProfileChart({ profile, timeZone }: { profile: LoadProfileView; timeZone: string }) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const flagged = useMemo(() => profile.intervals.map((iv) => isFlaggedStatus(iv.status)), [profile]);
  const flaggedCount = flagged.filter(Boolean).length;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    delete canvas.dataset['drawn'];
    const chart = new Chart(canvas, buildConfig(profile, timeZone, flagged));
    return () => chart.destroy();
  }, [profile, timeZone, flagged]);

  const channels = profile.channels.map((c) => `${c.obis} (${c.unit})`).join(', ');
  return (
    <section className="panel chart-panel" aria-label="Load profile">
      <div className="panel-head">
        <h2>Load profile P.{String(profile.profile).padStart(2, '0')}</h2>
        <span className="muted">
          {profile.intervals.length} intervals of {profile.periodMinutes} min · {channels}
        </span>
        {flaggedCount > 0 && (
          <span className="flag-note">
            <span aria-hidden="true">▲</span> {flaggedCount} interval{flaggedCount === 1 ? '' : 's'} flagged by the meter (status not 0)
          </span>
        )}
      </div>
      <div className="chart-box">
        <canvas
          ref={canvasRef}
          role="img"
          aria-label={`Load profile chart: ${profile.intervals.length} intervals, channels ${channels}, local time ${timeZone}`}
        />
      </div>
    </section>
  );
}
