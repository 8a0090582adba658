/**
 * Live progress of a programming job: step, message, writes done of total, a bar, time elapsed and left; then how it
 * ended (the heading says so — a failed job is never "finished", and shows no full bar; ../../lib/program-progress.ts).
 */
import type { ProgramProgressView } from '../../../contract';
import { programBarValue, programHeading, writesLine } from '../../lib/program-progress';
import { durationShort, progressTiming } from '../../lib/progress';
import { useProgramJob } from '../../state/program-job';
import { useNow } from '../useNow';

const STEP_NAMES: Readonly<Record<ProgramProgressView['step'], string>> = {
  'open-port': 'Opening port',
  'sign-on': 'Sign-on',
  'check-meter': 'Checking the meter',
  'counter-before': 'Programming counter (before)',
  write: 'Writing',
  'read-back': 'Reading back',
  'counter-after': 'Programming counter (after)',
  store: 'Saving the certificate',
  done: 'Done',
};

const OUTCOME_TEXT = {
  verified: 'Programmed and verified: the meter holds exactly the plan.',
  differences: 'Programmed, but the meter reads back differently — see the differences in the certificate.',
  'partially-programmed': 'Only partly programmed: the upload stopped part way — see what was not written.',
  failed: 'Programming failed: nothing was written.',
} as const;

/** Progress and outcome of the programming job in the program-job slice. */
export function ProgramProgress() {
  const { status, progress, outcome, error, startedMs, endedMs } = useProgramJob();
  const live = status === 'running' || status === 'cancelling';
  const now = useNow(live);
  const finished = status === 'finished' || status === 'failed';
  const failed = finished && outcome !== 'verified' && outcome !== 'differences';
  const bar = programBarValue(status, outcome, progress);
  const elapsed = startedMs === null ? 0 : (endedMs ?? now) - startedMs;
  // A failed job's message is its reason (the certificate's error); "nothing was written" only when it is true.
  const message = finished
    ? outcome && !(outcome === 'failed' && error)
      ? OUTCOME_TEXT[outcome]
      : (error ?? 'Programming stopped.')
    : (progress?.message ?? 'Starting…');
  return (
    <div className="progress-panel program-progress" role="group" aria-label="Programming progress" data-testid="program-progress" data-status={status} data-outcome={outcome ?? ''}>
      <div className="progress-head">
        <strong data-testid="program-heading">{programHeading(status, outcome)}</strong>
        {progress && live && <span className="step">{STEP_NAMES[progress.step]}</span>}
        {progress && failed && progress.step !== 'done' && <span className="step step-failed">stopped at: {STEP_NAMES[progress.step]}</span>}
        <span className="muted push-right">{live ? progressTiming(elapsed, progress?.percent ?? null) : startedMs !== null ? `took ${durationShort(elapsed)}` : ''}</span>
      </div>
      <p className={failed ? 'progress-message field-error' : 'progress-message'} aria-live="polite" data-testid="program-message">
        {message}
      </p>
      {finished && outcome && outcome !== 'failed' && error && <p className="field-error">{error}</p>}
      <div className="progress-row">
        <progress aria-label="Writes done" max={100} value={bar ?? undefined} />
        <span className="percent" data-testid="writes-done">
          {writesLine(status, progress)}
        </span>
      </div>
    </div>
  );
}
