/**
 * "Meter clock" panel of the Read meter screen: "Check clock" reads the clock of the meter on the chosen port
 * and shows meter time vs PC time and the drift in words; "Adjust clock" (security level 1 creep, offered only
 * when the last check found |drift| ≤ 7.5 min) shows the plan; "Set clock" (security level 3) asks for
 * confirmation first (SetClockDialog). Progress, results and errors in plain language.
 */
import { useState } from 'react';
import { formatInstant, formatMeterLocal } from '../lib/format';
import { adjustBlockedReason, driftSentence, planSentence } from '../lib/clock-words';
import { describeDrift } from '../../protocol/meters/elster/clock-plan';
import { useClockJob, type ClockAction, type ClockJobState } from '../state/clock-job';
import { chosenPort, usePorts } from '../state/ports';
import { accessArgs, useReadOptions } from '../state/read-options';
import { useReadingJob } from '../state/reading-job';
import { useReadings } from '../state/readings';
import { portWords } from '../lib/progress';
import { useDenied } from '../state/auth';
import { ErrorBanner } from './ErrorBanner';
import { SetClockDialog } from './SetClockDialog';

const RUNNING: Readonly<Record<ClockAction, string>> = {
  check: 'Checking the meter clock…',
  adjust: 'Adjusting the meter clock…',
  set: 'Setting the meter clock…',
};

/** The success sentence of the last finished job, or null. */
function outcomeText(s: Pick<ClockJobState, 'status' | 'action' | 'adjusted' | 'setDone'>): string | null {
  if (s.status === 'cancelled') return 'Cancelled: the meter clock was not changed.';
  if (s.status !== 'done') return null;
  if (s.action === 'adjust' && s.adjusted) {
    const a = s.adjusted;
    return `Clock adjust accepted (the meter was ${describeDrift(a.before.driftMs)}). ${planSentence(a.plan, a.before.readAtUtc, a.timeZone)}`;
  }
  if (s.action === 'set' && s.setDone) {
    const r = s.setDone;
    const counter =
      r.programmingCounterAfter === null
        ? ''
        : r.programmingCounterAfter === r.programmingCounterBefore
          ? ` The programming counter did not change (${r.programmingCounterAfter}).`
          : ` Warning: the programming counter changed from ${r.programmingCounterBefore ?? '?'} to ${r.programmingCounterAfter}.`;
    return `Meter clock set to ${formatMeterLocal(r.writtenLocal)} (it was ${describeDrift(r.before.driftMs)}).${counter}`;
  }
  return null;
}

export function MeterClockPanel() {
  const job = useClockJob();
  const port = usePorts((s) => chosenPort(s));
  const ports = usePorts((s) => s.ports);
  // The panel sits under the open reading, but its buttons act on the port chosen in the toolbar: say so when they differ.
  const readingPort = useReadings((s) => s.current?.session.port ?? null);
  const options = useReadOptions();
  const readingBusy = useReadingJob((s) => s.status === 'running' || s.status === 'cancelling');
  const [confirming, setConfirming] = useState(false);
  const readDenied = useDenied('meter.read');
  const adjustDenied = useDenied('meter.clock.adjust');
  const setDenied = useDenied('meter.clock.set');
  const busy = job.status === 'running' || job.status === 'cancelling';
  const locked = busy || readingBusy || !port;
  const seen = job.port === port ? job.seen : null;
  const blocked = seen && seen.from === 'check' ? adjustBlockedReason(seen.driftMs) : 'Check the clock first.';

  /** Meter type / password / level from the read options, or null after showing the field error there. */
  const access = () => {
    const built = accessArgs(options, port);
    if ('errors' in built) {
      options.setErrors(built.errors);
      return null;
    }
    return built.args;
  };
  const check = () => {
    const a = access();
    if (a) void job.check(port, a);
  };
  const adjust = () => {
    const a = access();
    if (a) void job.adjust(port, a);
  };
  const outcome = outcomeText(job);

  return (
    <section className="panel meter-clock" aria-label="Meter clock" data-status={job.status}>
      <div className="panel-head">
        <h2>Meter clock</h2>
        <span className="muted">{port ? `of the meter on ${portWords(port, ports)}` : 'choose a port'}</span>
        <div className="actions push-right">
          <button type="button" className="button button-light" onClick={check} disabled={locked || readDenied !== undefined} title={readDenied}>
            Check clock
          </button>
          <button type="button" className="button button-light" onClick={adjust} disabled={locked || blocked !== null || adjustDenied !== undefined} title={adjustDenied ?? blocked ?? undefined}>
            Adjust clock
          </button>
          <button type="button" className="button button-light" onClick={() => setConfirming(true)} disabled={locked || setDenied !== undefined} title={setDenied}>
            Set clock…
          </button>
          {busy && (
            <button type="button" className="button button-light" onClick={() => void job.cancel()} disabled={job.status !== 'running'}>
              Cancel
            </button>
          )}
        </div>
      </div>
      <ErrorBanner message={job.error} onDismiss={() => job.dismissError()} />
      {port && readingPort && readingPort !== port && (
        <p className="note-warning clock-hint" data-testid="clock-port-differs">
          The reading shown came from {portWords(readingPort, ports)}; these buttons act on the meter on {portWords(port, ports)}, the port chosen in the
          toolbar.
        </p>
      )}
      {busy && job.action && (
        <p className="clock-progress" aria-live="polite">
          {job.status === 'cancelling' ? 'Cancelling…' : RUNNING[job.action]} {job.progress?.message ?? ''}
        </p>
      )}
      {seen ? (
        <dl className="facts clock-facts">
          <dt>Meter time</dt>
          <dd className="mono">{formatMeterLocal(seen.meterLocal)}</dd>
          <dt>PC time</dt>
          <dd className="mono">{formatInstant(seen.readAtUtc, seen.timeZone)}</dd>
          <dt>{seen.from === 'check' ? 'Drift' : `Drift before the ${seen.from}`}</dt>
          <dd className="drift" data-drift-ms={seen.driftMs}>
            {driftSentence(seen.driftMs)}
          </dd>
        </dl>
      ) : (
        !busy && <p className="muted">Press “Check clock” to compare the meter clock with this PC.</p>
      )}
      {seen && seen.from === 'check' && blocked && <p className="note-warning clock-hint">{blocked}</p>}
      {outcome && (
        <p role="status" aria-label="Clock result" className="clock-result">
          {outcome}
        </p>
      )}
      {confirming && (
        <SetClockDialog
          port={port}
          seen={seen}
          onCancel={() => setConfirming(false)}
          onConfirm={(level3Password) => {
            const a = access();
            setConfirming(false);
            if (a) void job.set(port, a, level3Password);
          }}
        />
      )}
    </section>
  );
}
