/**
 * A programming job's progress in words (the "Program meter" panel): the heading for how it stands or ended, the
 * writes line and the bar's value. A job that failed is never headed "finished" nor shown as a full bar; a job
 * whose plan is not known yet (total 0) says so instead of "0 / 0 writes". Pure: no DOM, no API.
 */
import type { ProgramProgressView } from '../../contract';

/** How the job stands: running, stopping, ended with a certificate status, or failed before any certificate. */
export type ProgramJobPhase = 'idle' | 'running' | 'cancelling' | 'finished' | 'failed';
/** The certificate statuses (programmingCertificateSchema). */
export type ProgramOutcome = 'verified' | 'differences' | 'partially-programmed' | 'failed';

const HEADINGS: Readonly<Record<ProgramOutcome, string>> = {
  verified: 'Programmed and verified',
  differences: 'Programmed — the read-back differs',
  'partially-programmed': 'Only partly programmed',
  failed: 'Programming failed',
};

/** The heading: `Programming…`, `Stopping…`, or how it ended. */
export function programHeading(status: ProgramJobPhase, outcome: ProgramOutcome | null): string {
  if (status === 'running' || status === 'idle') return 'Programming…';
  if (status === 'cancelling') return 'Stopping…';
  return outcome ? HEADINGS[outcome] : 'Programming failed';
}

/**
 * The writes line: `3 of 18 writes`, `Preparing the writes…` (total not known yet), and once ended `18 of 18 writes
 * done`, `No writes were sent` (nothing written), `5 of 18 writes done`.
 */
export function writesLine(status: ProgramJobPhase, progress: Pick<ProgramProgressView, 'writesDone' | 'writesTotal'> | null): string {
  const done = progress?.writesDone ?? 0;
  const total = progress?.writesTotal ?? 0;
  const ended = status === 'finished' || status === 'failed';
  if (!ended) return total > 0 ? `${done} of ${total} writes` : 'Preparing the writes…';
  if (done === 0) return total > 0 ? `No writes were sent (0 of ${total})` : 'No writes were sent';
  return `${done} of ${total} writes done`;
}

/**
 * The bar's value 0–100, or null for an indeterminate bar: the job's own percent while running (else writes done of
 * total); once ended 100 only for a completed upload (verified or differences), else the share of writes sent.
 */
export function programBarValue(
  status: ProgramJobPhase,
  outcome: ProgramOutcome | null,
  progress: Pick<ProgramProgressView, 'writesDone' | 'writesTotal' | 'percent'> | null,
): number | null {
  const done = progress?.writesDone ?? 0;
  const total = progress?.writesTotal ?? 0;
  const share = total > 0 ? (done / total) * 100 : 0;
  if (status === 'finished' || status === 'failed') return outcome === 'verified' || outcome === 'differences' ? 100 : share;
  return progress?.percent ?? (total > 0 ? share : null);
}
