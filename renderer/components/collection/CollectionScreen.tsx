/**
 * The Collection screen (issue 14 item 6): "Collect now" for a schedule, place, meter group or meter, the progress of running
 * collections (meters done of all, failures, an estimate of the time left, the latest lines), the dashboard (per
 * meter: last run, outcome with the plain error, next run, load-profile coverage and gaps, clock drift), the
 * schedules with their editor, the run history with each run's meters, and the gaps report.
 */
import { useEffect, useState } from 'react';
import { etaWords } from '../../lib/collection-words';
import { useAppInfo } from '../../state/app-info';
import { useCan } from '../../state/auth';
import { useCollection } from '../../state/collection';
import { useFleet } from '../../state/fleet';
import { ErrorBanner } from '../ErrorBanner';
import { Field } from '../Field';
import { DashboardTable } from './DashboardTable';
import { GapsPanel, RunHistory } from './RunHistory';
import { SchedulesPanel } from './SchedulesPanel';
import { TargetOptions, parseTarget } from './TargetOptions';

function CollectNow() {
  const schedules = useCollection((s) => s.schedules);
  const busy = useCollection((s) => s.busy);
  const [target, setTarget] = useState('');
  const start = () => {
    const schedule = /^schedule:(\d+)$/.exec(target);
    const other = parseTarget(target);
    if (schedule) void useCollection.getState().start({ scheduleId: Number(schedule[1]) });
    else if (other) void useCollection.getState().start(other);
  };
  return (
    <form className="row-inline" aria-label="Collect now" onSubmit={(e) => (e.preventDefault(), start())}>
      <Field label="What to collect">
        {(c) => (
          <select {...c} value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">Choose a schedule, place, meter group or meter…</option>
            <optgroup label="Schedules">
              {schedules.map((s) => (
                <option key={`s${s.id}`} value={`schedule:${s.id}`}>
                  {s.name} ({s.targetLabel})
                </option>
              ))}
            </optgroup>
            <TargetOptions placesLabel="Places (registers, load profile, clock check)" />
          </select>
        )}
      </Field>
      <button type="submit" className="button button-primary" disabled={busy || !target}>
        Collect now
      </button>
    </form>
  );
}

function Progress() {
  const progress = useCollection((s) => s.progress);
  const lines = useCollection((s) => s.lines);
  const runs = Object.values(progress).filter((p) => !p.finished);
  const last = Object.values(progress).at(-1);
  if (!last) return null;
  return (
    <section className="panel progress-panel" aria-label="Collection progress">
      {(runs.length ? runs : [last]).map((p) => {
        const done = p.counts.ok + p.counts.failed;
        return (
          <div key={p.runId} className="progress-row" data-run={p.runId} data-status={p.finished ? 'done' : 'running'}>
            <div className="progress-head">
              <strong>Run {p.runId}</strong>
              <span data-testid="progress-counts">
                {done} of {p.counts.total} meters done · {p.counts.ok} collected, {p.counts.failed} failed{p.counts.retry ? `, ${p.counts.retry} waiting to retry` : ''}
              </span>
              <span className="muted">{p.finished ? 'finished' : p.etaSeconds === null ? 'estimating the time left…' : `${etaWords(p.etaSeconds)} left`}</span>
              {!p.finished && (
                <button type="button" className="button button-light push-right" onClick={() => void useCollection.getState().cancel(p.runId)}>
                  Stop
                </button>
              )}
            </div>
            <progress max={p.counts.total || 1} value={done} aria-label={`Run ${p.runId}: ${done} of ${p.counts.total} meters`} />
          </div>
        );
      })}
      <ul className="progress-lines">
        {lines.map((l, i) => (
          <li key={i}>{l}</li>
        ))}
      </ul>
    </section>
  );
}

export function CollectionScreen() {
  const error = useCollection((s) => s.error);
  const notice = useCollection((s) => s.notice);
  const zone = useAppInfo((s) => s.info?.timeZone);
  const run = useCan('collection.run');
  useEffect(() => {
    void useCollection.getState().refresh();
    void useFleet.getState().refresh();
    return useCollection.getState().listen();
  }, []);
  return (
    <main className="main" aria-label="Collection">
      <ErrorBanner message={error} onDismiss={() => useCollection.getState().dismiss()} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {run && <CollectNow />}
      <Progress />
      <DashboardTable zone={zone} />
      <SchedulesPanel zone={zone} />
      <RunHistory zone={zone} />
      <GapsPanel zone={zone} />
    </main>
  );
}
