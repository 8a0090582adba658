/**
 * The year heat-map of a simulation on a canvas: x = day of the local year, y = local time of day (00:00 at the
 * top), colour = rate. The spring-forward gap stays grey; days the clocks change are marked above the map.
 * Click a day (or focus the map and use Left/Right) to show its strip.
 */
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { TariffScheme } from '../../../schemes/model';
import type { YearSimulation } from '../../../schemes/simulate';
import { heatColumns } from '../../lib/heatmap';
import { rateColour } from '../../lib/scheme-edit';
import { MONTHS } from './inputs';

const ROW_MINUTES = 15;
const ROWS = 1440 / ROW_MINUTES;

/** The year heat-map of `sim`; `selected` is the index of the chosen day in `sim.days`. */
export function HeatMap({ sim, scheme, selected, onSelect }: { sim: YearSimulation; scheme: TariffScheme; selected: number; onSelect: (dayIndex: number) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const columns = useMemo(() => heatColumns(sim), [sim]);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#d0d5dd';
    ctx.fillRect(0, 0, columns.length, ROWS);
    columns.forEach((runs, x) => {
      for (const r of runs) {
        ctx.fillStyle = rateColour(scheme, r.rate);
        ctx.fillRect(x, r.from / ROW_MINUTES, 1, (r.to - r.from) / ROW_MINUTES);
      }
    });
    canvas.current?.setAttribute('data-drawn', 'true');
  }, [columns, scheme]);

  const days = sim.days.length;
  const onKey = (e: KeyboardEvent) => {
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7, PageUp: -30, PageDown: 30 }[e.key];
    if (step === undefined) return;
    e.preventDefault();
    onSelect(Math.min(days - 1, Math.max(0, selected + step)));
  };
  const monthStarts = sim.days.map((d, i) => (d.date.endsWith('-01') ? i : -1)).filter((i) => i >= 0);
  return (
    <div className="heatmap-wrap">
      <div className="heatmap-markers" aria-hidden="true">
        {sim.days.map((d, i) =>
          d.dst ? (
            <span key={d.date} className={`dst-marker dst-${d.dst}`} data-testid="dst-marker" style={{ left: `${((i + 0.5) / days) * 100}%` }} title={`${d.date}: clocks go ${d.dst} (${d.hours} h day)`}>
              {d.dst === 'forward' ? '▼' : '▲'}
            </span>
          ) : null,
        )}
        <span className="day-cursor" style={{ left: `${((selected + 0.5) / days) * 100}%` }} />
      </div>
      <div className="heatmap-body">
        <div className="heatmap-hours" aria-hidden="true">
          {['00:00', '06:00', '12:00', '18:00', '24:00'].map((h) => (
            <span key={h}>{h}</span>
          ))}
        </div>
        <canvas
          ref={canvas}
          className="heatmap"
          width={columns.length}
          height={ROWS}
          tabIndex={0}
          role="img"
          aria-label={`Year heat-map ${sim.year} in ${sim.timeZone}: rate by day and time of day. Selected ${sim.days[selected]?.date ?? ''}; use the arrow keys to choose another day.`}
          data-testid="heatmap"
          onKeyDown={onKey}
          onClick={(e) => {
            const box = e.currentTarget.getBoundingClientRect();
            onSelect(Math.min(days - 1, Math.max(0, Math.floor(((e.clientX - box.left) / box.width) * days))));
          }}
        />
      </div>
      <div className="day-ticks months heatmap-months" aria-hidden="true">
        {monthStarts.map((i, m) => (
          <span key={i} style={{ left: `${(i / days) * 100}%` }}>
            {MONTHS[m]?.slice(0, 3)}
          </span>
        ))}
      </div>
    </div>
  );
}
