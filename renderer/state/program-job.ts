/**
 * Programming-job slice: uploading an approved staged program to a meter (program.start runs in the
 * background; programProgress events report the writes, programFinished the outcome and the certificate).
 * The meter password is used for the one call and never kept in this slice. On finish the certificate opens.
 */
import { create } from 'zustand';
import type { ProgramProgressView } from '../../contract';
import type { ProgrammingCertificate } from '../../programming/plan';
import { api, eventsReady, messageOf, onEvent } from '../api/client';
import { useCertificates } from './certificates';
import { newJobId } from './reading-job';
import { useStaging } from './staging';

/** Where the job is. */
export type ProgramJobStatus = 'idle' | 'running' | 'cancelling' | 'finished' | 'failed';

/** State and actions of the programming-job slice. */
export interface ProgramJobState {
  readonly status: ProgramJobStatus;
  readonly jobId: string | null;
  readonly stagedId: number | null;
  readonly port: string | null;
  readonly progress: ProgramProgressView | null;
  /** When the job started and ended (Date.now() ms), for elapsed and time left. */
  readonly startedMs: number | null;
  readonly endedMs: number | null;
  /** How it ended (the certificate's status), when a certificate was made. */
  readonly outcome: ProgrammingCertificate['status'] | null;
  readonly certificateJobId: number | null;
  readonly error: string | null;
  /** Program the meter on `port` with staged program `stagedId`; `password` '' = none. */
  start(stagedId: number, port: string, password: string): Promise<void>;
  cancel(): Promise<void>;
  reset(): void;
}

const IDLE = { status: 'idle', jobId: null, stagedId: null, port: null, progress: null, startedMs: null, endedMs: null, outcome: null, certificateJobId: null, error: null } as const;

/** The programming-job slice (zustand hook). */
export const useProgramJob = create<ProgramJobState>()((set, get) => ({
  ...IDLE,
  async start(stagedId, port, password) {
    const { status } = get();
    if (status === 'running' || status === 'cancelling') return;
    const jobId = newJobId();
    set({ ...IDLE, status: 'running', jobId, stagedId, port, startedMs: Date.now() });
    const offProgress = onEvent('programProgress', (e) => {
      if (e.jobId === get().jobId) set({ progress: e.progress });
    });
    let offFinished = () => {};
    const done = new Promise<void>((resolve) => {
      offFinished = onEvent('programFinished', (e) => {
        if (e.jobId !== get().jobId) return;
        set({ status: e.status === null ? 'failed' : 'finished', outcome: e.status, certificateJobId: e.certificateJobId, error: e.error, endedMs: Date.now() });
        resolve();
      });
    });
    try {
      await eventsReady();
      await api['program.start']({ stagedId, port, jobId, ...(password ? { password } : {}) });
      await done;
      const cert = get().certificateJobId;
      await Promise.all([
        cert !== null ? useCertificates.getState().open(cert) : Promise.resolve(),
        useCertificates.getState().refresh(),
        useStaging.getState().refresh(),
        useStaging.getState().open(stagedId),
      ]);
    } catch (err) {
      set({ status: 'failed', error: messageOf(err), endedMs: get().endedMs ?? Date.now() });
    } finally {
      offProgress();
      offFinished();
    }
  },
  async cancel() {
    const { jobId, status } = get();
    if (!jobId || status !== 'running') return;
    set({ status: 'cancelling' });
    try {
      await api['program.cancel']({ jobId });
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },
  reset: () => set({ ...IDLE }),
}));
