/** Live progress of a programming job: step, message, writes done of total, a bar; then how it ended. */
import type { ProgramProgressView } from '../../../contract';
import { useProgramJob } from '../../state/program-job';

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
  const { status, progress, outcome, error } = useProgramJob();
  const done = progress?.writesDone ?? 0;
  const total = progress?.writesTotal ?? 0;
  const finished = status === 'finished' || status === 'failed';
  const percent = finished ? 100 : (progress?.percent ?? (total ? (done / total) * 100 : null));
  return (
    <div className="progress-panel program-progress" role="group" aria-label="Programming progress" data-testid="program-progress" data-status={status} data-outcome={outcome ?? ''}>
      <div className="progress-head">
        <strong>{status === 'running' ? 'Programming…' : status === 'cancelling' ? 'Stopping…' : outcome ? 'Programming finished' : 'Programming failed'}</strong>
        {progress && <span className="step">{STEP_NAMES[progress.step]}</span>}
      </div>
      <p className="progress-message" aria-live="polite" data-testid="program-message">
        {finished ? (outcome ? OUTCOME_TEXT[outcome] : (error ?? 'Programming stopped.')) : (progress?.message ?? 'Starting…')}
      </p>
      {finished && outcome && error && <p className="field-error">{error}</p>}
      <div className="progress-row">
        <progress aria-label="Writes done" max={100} value={percent ?? undefined} />
        <span className="percent" data-testid="writes-done">
          {done} / {total} writes
        </span>
      </div>
    </div>
  );
}
