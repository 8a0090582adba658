/**
 * The implementation of every contract call (preload/contract.ts) on one AppContext. Thin: arguments arrive
 * validated (dispatch.ts); each handler calls a service or the store and shapes the answer for the UI.
 * The meter calls (reading and clock jobs, cancellable by job id, one per port) are in handlers-meter.ts, the
 * file calls in handlers-files.ts.
 */
import type { ContractEvents, EventName } from '../../preload/contract';
import type { AppContext } from '../services/context';
import type { Handlers } from './dispatch';
import { createFileHandlers, exportsDir, type FileHandlerOptions } from './handlers-files';
import { createMeterHandlers } from './handlers-meter';
import type { Services } from './services';
import { toReadingView } from './views';

/** Sends one contract event to the UI (IPC to the window, or SSE in browser mode). */
export type EmitEvent = <E extends EventName>(event: E, payload: ContractEvents[E]) => void;

/** Options of {@link createHandlers} (watcher, offerDownload and chooseFolder: see handlers-files.ts). */
export interface HandlerOptions extends Omit<FileHandlerOptions, 'emit' | 'services'> {
  /** How the UI is hosted: the Electron window, or browser mode. */
  readonly mode: 'desktop' | 'browser';
  readonly emit: EmitEvent;
  readonly services: Services;
}

/** Default number of readings listed when the UI gives no limit. */
export const DEFAULT_LIST_LIMIT = 200;

/** Build the handlers of every call over `ctx`. */
export function createHandlers(ctx: AppContext, options: HandlerOptions): Handlers {
  const { mode, emit, services } = options;

  return {
    appInfo: async () => ({
      version: ctx.software.replace(/^pmu-workstation\s+/, ''),
      mode,
      dbPath: ctx.dbPath,
      resDir: ctx.resDir,
      exportsDir: exportsDir(ctx),
      operator: ctx.operator,
      timeZone: ctx.timeZone,
    }),

    listPorts: async () => [...(await services.listPorts())],

    listReadings: async ({ meterId, fromUtc, toUtc, source, limit }) =>
      services
        .listReadings(ctx.db, {
          ...(meterId !== undefined ? { meterId } : {}),
          ...(fromUtc !== undefined ? { fromUtc } : {}),
          ...(toUtc !== undefined ? { toUtc } : {}),
          ...(source !== undefined ? { source } : {}),
          limit: limit ?? DEFAULT_LIST_LIMIT,
        })
        .map((s) => ({ ...s })),

    getReading: async ({ id }) => {
      const reading = services.getReading(ctx.db, id);
      return reading ? toReadingView(id, reading) : null;
    },

    ...createMeterHandlers(ctx, { emit, services }),
    ...createFileHandlers(ctx, options),
  };
}
