/**
 * The implementation of every contract call (preload/contract.ts) on one AppContext. Thin: arguments arrive
 * validated (dispatch.ts); each handler calls a service or the store and shapes the answer for the UI.
 * Running readings are tracked by job id so `cancelRead` can stop them and a port is never read twice at once.
 */
import type { ContractEvents, EventName } from '../../preload/contract';
import type { AppContext } from '../services/context';
import type { Handlers } from './dispatch';
import { ApiError } from './errors';
import type { Services } from './services';
import { toReadingView } from './views';

/** Sends one contract event to the UI (IPC to the window, or SSE in browser mode). */
export type EmitEvent = <E extends EventName>(event: E, payload: ContractEvents[E]) => void;

/** Options of {@link createHandlers}. */
export interface HandlerOptions {
  /** How the UI is hosted: the Electron window, or browser mode. */
  readonly mode: 'desktop' | 'browser';
  readonly emit: EmitEvent;
  readonly services: Services;
}

/** Default number of readings listed when the UI gives no limit. */
export const DEFAULT_LIST_LIMIT = 200;

/** Build the handlers of every call over `ctx`. */
export function createHandlers(ctx: AppContext, { mode, emit, services }: HandlerOptions): Handlers {
  const jobs = new Map<string, { port: string; abort: AbortController }>();

  return {
    appInfo: async () => ({
      version: ctx.software.replace(/^pmu-workstation\s+/, ''),
      mode,
      dbPath: ctx.dbPath,
      resDir: ctx.resDir,
      operator: ctx.operator,
      timeZone: ctx.timeZone,
    }),

    listPorts: async () => [...(await services.listPorts())],

    readMeter: async ({ jobId, port, address, maxBaud, loadProfile }) => {
      if (jobs.has(jobId)) throw new ApiError('BUSY', 'This reading is already running.');
      for (const job of jobs.values()) {
        if (job.port === port) {
          throw new ApiError('BUSY', `A reading is already running on ${port}. Wait for it to finish or cancel it.`);
        }
      }
      const abort = new AbortController();
      jobs.set(jobId, { port, abort });
      try {
        const outcome = await services.readMeter(
          ctx,
          {
            port,
            ...(address !== undefined ? { address } : {}),
            ...(maxBaud !== undefined ? { maxBaud } : {}),
            ...(loadProfile !== undefined ? { loadProfile } : {}),
          },
          (progress) => emit('readProgress', { jobId, progress: { ...progress } }),
          abort.signal,
        );
        return { ...outcome, notes: [...outcome.notes] };
      } finally {
        jobs.delete(jobId);
      }
    },

    cancelRead: async ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job) return { cancelled: false };
      job.abort.abort();
      return { cancelled: true };
    },

    listReadings: async ({ meterId, limit }) =>
      services.listReadings(ctx.db, { ...(meterId !== undefined ? { meterId } : {}), limit: limit ?? DEFAULT_LIST_LIMIT }).map((s) => ({ ...s })),

    getReading: async ({ id }) => {
      const reading = services.getReading(ctx.db, id);
      return reading ? toReadingView(id, reading) : null;
    },
  };
}
