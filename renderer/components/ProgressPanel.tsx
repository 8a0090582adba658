/**
 * Live progress of the running reading: step, message, line speed, bytes, a percent bar, the time elapsed and — where
 * the total is known — the time left. Once it ends, the heading says how (never a step name after "Reading complete");
 * a failed reading names the step it stopped at.
 */
import type { ReadProgressView } from '../../contract';
import { formatBytes } from '../lib/format';
import { durationShort, portWords, progressTiming } from '../lib/progress';
import { usePorts } from '../state/ports';
import { useReadingJob, type JobStatus, type ReadOutcome } from '../state/reading-job';
import { useNow } from './useNow';

/** Plain names of the session steps (IEC 62056-21 message names). */
const STEP_NAMES: Readonly<Record<ReadProgressView['step'], string>> = {
  'open-port': 'Opening port',
  'sign-on': 'Sign-on',
  identification: 'Identification',
  'option-select': 'Option select',
  'data-readout': 'Data readout',
  'programming-mode': 'Programming mode',
  'load-profile': 'Load profile',
  break: 'Break (end of session)',
  store: 'Saving',
  done: 'Done',
};

const STATUS_TEXT: Readonly<Record<JobStatus, string>> = {
  idle: '',
  running: 'Reading…',
  cancelling: 'Cancelling…',
  done: 'Reading complete',
  failed: 'Reading failed',
  cancelled: 'Reading cancelled',
};

function panelMessage(status: JobStatus, progress: ReadProgressView | null, outcome: ReadOutcome | null): string {
  if (status === 'done' && outcome) {
    const dup = outcome.duplicate ? ' (identical to a stored reading)' : '';
    return `Reading ${outcome.readingId} stored: ${outcome.registerCount} registers, ${outcome.intervalCount} load-profile intervals in ${outcome.elapsedSeconds.toFixed(1)} s${dup}.`;
  }
  if (status === 'failed') return 'The reading stopped at the step shown; nothing was stored. See the message above.';
  if (status === 'cancelled') return 'The reading was cancelled; nothing was stored.';
  return progress?.message ?? 'Starting…';
}

export function ProgressPanel() {
  const { status, progress, port, outcome, startedMs, endedMs } = useReadingJob();
  const ports = usePorts((s) => s.ports);
  const live = status === 'running' || status === 'cancelling';
  const now = useNow(live);
  if (status === 'idle') return null;
  const percent = progress?.percent ?? null;
  const elapsed = startedMs === null ? 0 : (endedMs ?? now) - startedMs;
  return (
    <section className="panel progress-panel" aria-label="Reading progress" data-status={status}>
      <div className="progress-head">
        <strong>{STATUS_TEXT[status]}</strong>
        {port && <span className="muted">on {portWords(port, ports)}</span>}
        {progress && live && <span className="step">{STEP_NAMES[progress.step]}</span>}
        {progress && status === 'failed' && <span className="step step-failed">stopped at: {STEP_NAMES[progress.step]}</span>}
        <span className="muted push-right" data-testid="read-timing">
          {live ? progressTiming(elapsed, percent) : startedMs !== null ? `took ${durationShort(elapsed)}` : ''}
        </span>
      </div>
      <p className="progress-message" aria-live="polite">
        {panelMessage(status, progress, outcome)}
      </p>
      <div className="progress-row">
        <progress aria-label="Percent complete" max={100} value={status === 'done' ? 100 : (percent ?? undefined)} />
        <span className="percent">{status === 'done' ? '100 %' : percent === null ? '' : `${Math.round(percent)} %`}</span>
      </div>
      {progress && status !== 'done' && (
        <dl className="progress-facts">
          <dt>Baud</dt>
          <dd>{progress.baud}</dd>
          <dt>Bytes</dt>
          <dd>
            {formatBytes(progress.bytes)}
            {progress.expectedBytes !== null ? ` of ~${formatBytes(progress.expectedBytes)}` : ''}
          </dd>
          {progress.identification && (
            <>
              <dt>Meter</dt>
              <dd>{progress.identification}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
