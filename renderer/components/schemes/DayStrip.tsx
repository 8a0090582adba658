/**
 * One simulated day as a strip of rates in real time (a 23-hour day is shorter, a 25-hour day longer; the
 * repeated hour's two passes are marked), with the day's facts and its runs as a table.
 */
import type { TariffScheme } from '../../../schemes/model';
import { dayStrip } from '../../../schemes/day-strip';
import type { SimulatedDay, YearSimulation } from '../../../schemes/simulate';
import { stripLayout } from '../../lib/heatmap';
import { durationText } from '../../lib/day-grid';
import { rateColour, rateLabel } from '../../lib/scheme-edit';

const WEEKDAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

function weekday(date: string): string {
  return WEEKDAY[new Date(`${date}T12:00:00Z`).getUTCDay()] ?? '';
}

function dstText(sim: YearSimulation, day: SimulatedDay): string | null {
  const change = sim.dstChanges.find((c) => c.date === day.date);
  if (!change) return null;
  return change.kind === 'forward'
    ? `Clocks go forward at ${change.localTime}: a ${day.hours}-hour day (the skipped wall-clock times never happen).`
    : `Clocks go back at ${change.localTime}: a ${day.hours}-hour day (the repeated hour runs twice; ${sim.repeatedHour === 'both-passes' ? 'switches happen in both passes' : 'switches happen in the first pass only'}).`;
}

/** The strip of day `dayIndex` (index in `sim.days`) of `sim`. */
export function DayStrip({ sim, scheme, dayIndex }: { sim: YearSimulation; scheme: TariffScheme; dayIndex: number }) {
  const day = sim.days[dayIndex];
  if (!day) return null;
  const runs = stripLayout(dayStrip(sim, day.date));
  const profile = scheme.dayProfiles.find((p) => p.id === day.dayProfile)?.name ?? day.dayProfile;
  const dst = dstText(sim, day);
  return (
    <section className="day-strip-panel" aria-label={`Day ${day.date}`} data-testid="day-strip" data-date={day.date} data-hours={day.hours} data-dst={day.dst ?? 'none'}>
      <h3>
        {weekday(day.date)} {day.date} · {day.hours} hours
      </h3>
      <p className="muted">
        Season {day.season} · day profile {profile}
        {day.specialDay ? ` · special day: ${day.specialDay}` : ''}
      </p>
      {dst && <p className="note-warning warning-box dst-note">{dst}</p>}
      <div className="day-bar strip" role="img" aria-label={`Rates on ${day.date}: ${runs.map((r) => `${r.fromLocal} to ${r.toLocal} ${rateLabel(scheme, r.rate)}${r.pass ? ` (pass ${r.pass})` : ''}`).join(', ')}`}>
        {runs.map((r, i) => (
          <div
            key={i}
            className={r.pass ? `day-run pass-${r.pass}` : 'day-run'}
            style={{ left: `${r.start * 100}%`, width: `${r.width * 100}%`, background: rateColour(scheme, r.rate) }}
            title={`${r.fromLocal}–${r.toLocal} ${rateLabel(scheme, r.rate)}${r.pass ? ` (pass ${r.pass} of the repeated hour)` : ''}`}
          >
            {r.width > 0.08 && <span className="day-run-label">{r.fromLocal}</span>}
          </div>
        ))}
      </div>
      <table className="runs-table" aria-label={`Rate runs on ${day.date}`}>
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Rate</th>
            <th scope="col">Lasts</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r, i) => (
            <tr key={i}>
              <td className="mono">{r.fromLocal}</td>
              <td className="mono">{r.toLocal}</td>
              <td>
                <span className="swatch" style={{ background: rateColour(scheme, r.rate) }} /> {rateLabel(scheme, r.rate)}
                {r.pass ? <span className="muted"> (repeated hour, pass {r.pass})</span> : null}
              </td>
              <td>{durationText(r.minutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
