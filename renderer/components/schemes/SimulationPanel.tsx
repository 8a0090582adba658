/**
 * Editor tab "Simulation": the scheme being edited (unsaved changes included) run over one local year in a
 * time zone (schemes/simulate.ts, in this window) — the year heat-map, the strip of the chosen day, and the
 * hours per rate. A scheme with errors is still simulated where the simulation is defined (a switch inside the
 * spring-forward gap, a DST rule unlike the zone's), with the errors beside the result; a scheme whose references do
 * not resolve cannot be simulated, and the reason is shown.
 */
import { useMemo, useState } from 'react';
import { simulateYear, type YearSimulation } from '../../../schemes/simulate';
import { rateColour, rateLabel } from '../../lib/scheme-edit';
import { useSchemeEditor } from '../../state/scheme-editor';
import { Field } from '../Field';
import { DayStrip } from './DayStrip';
import { HeatMap } from './HeatMap';
import { TIME_ZONE_LIST_ID } from '../shared/TimeZoneList';

function HoursTable({ sim }: { sim: YearSimulation }) {
  const scheme = useSchemeEditor((s) => s.draft)!;
  const rows = Object.entries(sim.hoursPerRate)
    .map(([rate, hours]) => ({ rate: Number(rate), hours }))
    .sort((a, b) => a.rate - b.rate);
  return (
    <table className="hours-table" aria-label="Hours per rate" data-testid="hours-table">
      <thead>
        <tr>
          <th scope="col">Rate</th>
          <th scope="col" className="num">
            Hours in {sim.year}
          </th>
          <th scope="col" className="num">
            Share
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.rate} data-rate={r.rate}>
            <td>
              <span className="swatch" style={{ background: rateColour(scheme, r.rate) }} /> {rateLabel(scheme, r.rate)}
            </td>
            <td className="num">{r.hours.toFixed(2)}</td>
            <td className="num">{((r.hours / sim.totalHours) * 100).toFixed(1)} %</td>
          </tr>
        ))}
        <tr className="total-row">
          <th scope="row">Total</th>
          <td className="num">{sim.totalHours.toFixed(2)}</td>
          <td className="num">100.0 %</td>
        </tr>
      </tbody>
    </table>
  );
}

/** The Simulation tab of the open scheme (year and time-zone inputs, heat-map, day strip, hours per rate). */
export function SimulationPanel() {
  const draft = useSchemeEditor((s) => s.draft);
  const problems = useSchemeEditor((s) => s.problems);
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [zone, setZone] = useState(draft?.dst.zone ?? 'UTC');
  const [dayIndex, setDayIndex] = useState(0);
  const shapeBroken = problems.some((p) => p.code.startsWith('shape-'));
  const errors = problems.filter((p) => p.severity === 'error');
  const result = useMemo((): { sim: YearSimulation } | { error: string } | null => {
    if (!draft) return null;
    if (shapeBroken) return { error: 'Complete the values listed under Problems first: the scheme cannot be simulated while some are missing.' };
    const y = Number(year);
    if (!Number.isInteger(y) || y < 1970 || y > 2100) return { error: 'Enter a year between 1970 and 2100.' };
    try {
      return { sim: simulateYear(draft, y, zone.trim()) };
    } catch (e) {
      return { error: e instanceof RangeError ? e.message : 'This scheme cannot be simulated in its current form. Fix the errors under Problems first.' };
    }
  }, [draft, year, zone, shapeBroken]);
  if (!draft) return null;
  const sim = result && 'sim' in result ? result.sim : null;
  const selected = sim ? Math.min(dayIndex, sim.days.length - 1) : 0;
  return (
    <div className="scheme-section simulation">
      <div className="filters">
        <Field label="Year">{(c) => <input {...c} type="number" min={1970} max={2100} value={year} onChange={(e) => setYear(e.target.value)} />}</Field>
        <Field label="Meter time zone">{(c) => <input {...c} type="text" list={TIME_ZONE_LIST_ID} value={zone} onChange={(e) => setZone(e.target.value)} />}</Field>
        {sim && (
          <Field label="Day">
            {(c) => (
              <input
                {...c}
                type="date"
                value={sim.days[selected]?.date ?? ''}
                min={sim.days[0]?.date}
                max={sim.days[sim.days.length - 1]?.date}
                onChange={(e) => {
                  const i = sim.days.findIndex((d) => d.date === e.target.value);
                  if (i >= 0) setDayIndex(i);
                }}
              />
            )}
          </Field>
        )}
        {sim && (
          <span className="muted">
            {sim.dstChanges.length === 0 ? 'No clock changes in this year.' : sim.dstChanges.map((c) => `${c.kind === 'forward' ? 'Forward' : 'Back'} ${c.date} ${c.localTime} (${c.hours} h day)`).join(' · ')}
          </span>
        )}
      </div>
      {result && 'error' in result && (
        <p className="field-error" role="alert">
          {result.error}
        </p>
      )}
      {sim && errors.length > 0 && (
        <aside className="banner banner-warning simulation-errors" aria-label="Errors of the simulated scheme">
          <div>
            <strong>
              Simulated although the scheme has {errors.length} error{errors.length === 1 ? '' : 's'}:
            </strong>{' '}
            this is what a meter would do with it. Fix {errors.length === 1 ? 'it' : 'them'} before the scheme can be staged for a meter.
            <ul>
              {errors.slice(0, 8).map((p, i) => (
                <li key={i} data-testid="simulation-error">
                  {p.message}
                </li>
              ))}
              {errors.length > 8 && <li>… and {errors.length - 8} more under Problems.</li>}
            </ul>
          </div>
        </aside>
      )}
      {sim && (
        <>
          <HeatMap sim={sim} scheme={draft} selected={selected} onSelect={setDayIndex} />
          <div className="simulation-lower">
            <DayStrip sim={sim} scheme={draft} dayIndex={selected} />
            <HoursTable sim={sim} />
          </div>
        </>
      )}
    </div>
  );
}
