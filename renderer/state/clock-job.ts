/**
 * Meter-clock slice: one clock job at a time — check (readClock), adjust (adjustClock, level 1 creep) or set
 * (setClock, level 3) — with live progress (readProgress events of its job id), the latest clock seen, the
 * last adjust / set result, and a plain-language error. Cancel asks main to stop the job (cancelRead).
 */
import { create } from 'zustand';
import type { ClockAdjustView, ClockReadingView, ClockSetView, ReadProgressView } from '../../contract';
import { api, ApiCallError, eventsReady, messageOf, onEvent } from '../api/client';
import type { MeterAccessArgs } from './read-options';
import { cancelJob, newJobId, type JobStatus } from './reading-job';

/** What the clock job does. */
export type ClockAction = 'check' | 'adjust' | 'set';

/** The meter clock as last seen: from a check, or the "before" of an adjust / set. */
export interface SeenClock {
  readonly meterLocal: string;
  readonly readAtUtc: string;
  readonly driftMs: number;
  readonly timeZone: string;
  /** Which call saw it. */
  readonly from: ClockAction;
}

export interface ClockJobState {
  readonly status: JobStatus;
  readonly action: ClockAction | null;
  readonly jobId: string | null;
  readonly port: string | null;
  readonly progress: ReadProgressView | null;
  /** Latest clock seen on `port`. */
  readonly seen: SeenClock | null;
  /** Result of the last check (who the meter is). */
  readonly checked: ClockReadingView | null;
  readonly adjusted: ClockAdjustView | null;
  readonly setDone: ClockSetView | null;
  readonly error: string | null;
  check(port: string, access: MeterAccessArgs): Promise<void>;
  adjust(port: string, access: MeterAccessArgs): Promise<void>;
  /** Set the clock; `level3Password` when the session password opens another level ('' = none). */
  set(port: string, access: MeterAccessArgs, level3Password: string): Promise<void>;
  cancel(): Promise<void>;
  dismissError(): void;
  /** Forget everything shown (another meter was read). */
  reset(): void;
}

const CLEAN = { status: 'idle', action: null, jobId: null, port: null, progress: null, seen: null, checked: null, adjusted: null, setDone: null, error: null } as const;

export const useClockJob = create<ClockJobState>()((set, get) => {
  /** Run one clock call as a job; `onDone` stores its result. */
  async function run<T>(action: ClockAction, port: string, call: (jobId: string) => Promise<T>, onDone: (result: T) => void): Promise<void> {
    const { status } = get();
    if (status === 'running' || status === 'cancelling') return;
    const jobId = newJobId();
    // A new port means another meter: what was seen before no longer applies.
    const keep = get().port === port ? {} : { seen: null, checked: null };
    set({ ...keep, status: 'running', action, jobId, port, progress: null, adjusted: null, setDone: null, error: null });
    const unsubscribe = onEvent('readProgress', (e) => {
      if (e.jobId === get().jobId) set({ progress: e.progress });
    });
    try {
      await eventsReady();
      const result = await call(jobId);
      set({ status: 'done' });
      onDone(result);
    } catch (err) {
      if (err instanceof ApiCallError && err.code === 'CANCELLED') set({ status: 'cancelled' });
      else set({ status: 'failed', error: messageOf(err) });
    } finally {
      unsubscribe();
    }
  }
  const seenOf = (c: { meterLocal: string; readAtUtc: string; driftMs: number }, timeZone: string, from: ClockAction): SeenClock => ({
    meterLocal: c.meterLocal, readAtUtc: c.readAtUtc, driftMs: c.driftMs, timeZone, from,
  });

  return {
    ...CLEAN,
    check: (port, access) =>
      run('check', port, (jobId) => api.readClock({ jobId, port, ...access }), (r) => set({ checked: r, seen: seenOf(r, r.timeZone, 'check') })),
    adjust: (port, access) =>
      run('adjust', port, (jobId) => api.adjustClock({ jobId, port, ...access }), (r) => set({ adjusted: r, seen: seenOf(r.before, r.timeZone, 'adjust') })),
    set: (port, access, level3Password) =>
      run(
        'set',
        port,
        (jobId) => api.setClock({ jobId, port, ...access, ...(level3Password ? { level3Password } : {}) }),
        (r) => set({ setDone: r, seen: seenOf(r.before, r.timeZone, 'set') }),
      ),
    cancel: () => cancelJob(get, set),
    dismissError: () => set({ error: null }),
    reset: () => {
      const { status } = get();
      if (status !== 'running' && status !== 'cancelling') set({ ...CLEAN });
    },
  };
});
