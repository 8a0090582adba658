/**
 * Reading-job slice: one meter reading at a time — its job id, live progress (readProgress events), outcome,
 * and a plain-language error. Cancel asks main to stop the session (cancelRead).
 */
import { create } from 'zustand';
import type { CallResult, ReadProgressView } from '../../contract';
import { api, ApiCallError, eventsReady, messageOf, onEvent } from '../api/client';
import type { ReadOptionArgs } from './read-options';

/** Where the job is: idle (never started), running, cancelling, or how it ended. */
export type JobStatus = 'idle' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';

export type ReadOutcome = CallResult<'readMeter'>;

export interface ReadingJobState {
  readonly status: JobStatus;
  readonly jobId: string | null;
  readonly port: string | null;
  readonly progress: ReadProgressView | null;
  /** When the job started and ended (Date.now() ms; null before / while running), for elapsed and time left. */
  readonly startedMs: number | null;
  readonly endedMs: number | null;
  readonly outcome: ReadOutcome | null;
  readonly error: string | null;
  /**
   * Read the meter on `port` with `options` (meter type, password, load-profile range, events); resolves with
   * the outcome, or null when it failed or was cancelled.
   */
  start(port: string, options?: ReadOptionArgs): Promise<ReadOutcome | null>;
  cancel(): Promise<void>;
  dismissError(): void;
}

/** A fresh job id (matches the contract's jobIdSchema). */
/**
 * Ask main to stop the running job of a job slice (`cancelRead` serves readings and clock jobs alike): the
 * status goes running → cancelling; the job's own call then ends as cancelled. A failed request sets `error`.
 */
export async function cancelJob(
  get: () => { readonly jobId: string | null; readonly status: JobStatus },
  set: (patch: { status: JobStatus } | { error: string }) => void,
): Promise<void> {
  const { jobId, status } = get();
  if (!jobId || status !== 'running') return;
  set({ status: 'cancelling' });
  try {
    await api.cancelRead({ jobId });
  } catch (err) {
    set({ error: messageOf(err) });
  }
}

export function newJobId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export const useReadingJob = create<ReadingJobState>()((set, get) => ({
  status: 'idle',
  jobId: null,
  port: null,
  progress: null,
  startedMs: null,
  endedMs: null,
  outcome: null,
  error: null,
  async start(port, options = {}) {
    const { status } = get();
    if (status === 'running' || status === 'cancelling') return null;
    const jobId = newJobId();
    set({ status: 'running', jobId, port, progress: null, outcome: null, error: null, startedMs: Date.now(), endedMs: null });
    const unsubscribe = onEvent('readProgress', (event) => {
      if (event.jobId === get().jobId) set({ progress: event.progress });
    });
    try {
      await eventsReady();
      const outcome = await api.readMeter({ ...options, jobId, port });
      set({ status: 'done', outcome, endedMs: Date.now() });
      return outcome;
    } catch (err) {
      if (err instanceof ApiCallError && err.code === 'CANCELLED') set({ status: 'cancelled', endedMs: Date.now() });
      else set({ status: 'failed', error: messageOf(err), endedMs: Date.now() });
      return null;
    } finally {
      unsubscribe();
    }
  },
  cancel: () => cancelJob(get, set),
  dismissError: () => set({ error: null }),
}));
