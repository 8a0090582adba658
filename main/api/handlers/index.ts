/**
 * The implementation of every contract call (contract/index.ts) on one AppContext. Thin: arguments arrive
 * validated (dispatch.ts); each handler calls a service or the store and shapes the answer for the UI.
 * The meter calls (reading and clock jobs, cancellable by job id, one per port) are in handlers/meter.ts, the
 * file calls in handlers/files.ts, the tariff-scheme calls in handlers/schemes.ts and the staging, programming
 * and certificate calls in handlers/programming.ts, sign-in/users/meter groups/meter passwords in handlers/auth.ts,
 * the audit trail in handlers/audit.ts. Each handler gets `(args, call)`: `acting(ctx, call)` is the per-call
 * context naming the signed-in user (call-context.ts).
 */
import type { ContractEvents, EventName } from '../../../contract';
import type { AppContext } from '../../core/context';
import { allowedMeters, canAccessMeter } from '../../auth/actor';
import { acting } from '../call-context';
import type { Handlers } from '../dispatch';
import { createAuditHandlers } from './audit';
import { createAuthHandlers } from './auth';
import { createFileHandlers, exportsDir, type FileHandlerOptions } from './files';
import { createFleetHandlers } from './fleet';
import { createMeterHandlers } from './meter';
import { createProgrammingHandlers } from './programming';
import { createSchemeHandlers } from './schemes';
import { createSettingsHandlers } from './settings';
import { MeterJobs } from '../jobs';
import type { Services } from '../services';
import { createCollectionHandlers } from './collection';
import type { Collector } from '../../collect/collector';
import { createAppCollector } from '../../services/collection';
import { toReadingView } from './views';

/** Sends one contract event to the UI (IPC to the window, or SSE in browser mode). */
export type EmitEvent = <E extends EventName>(event: E, payload: ContractEvents[E]) => void;

/** Options of {@link createHandlers} (watcher, offerDownload and chooseFolder: see handlers/files.ts). */
export interface HandlerOptions extends Omit<FileHandlerOptions, 'emit' | 'services'> {
  /** How the UI is hosted: the Electron window, or browser mode. */
  readonly mode: 'desktop' | 'browser';
  readonly emit: EmitEvent;
  readonly services: Services;
  /** The app's collector (one per process; the schedule loop uses it too); default a new one for these handlers. */
  readonly collector?: Collector;
  /** Desktop app: the native "Save as" dialog (settings file); resolves to the chosen path, or null when cancelled. */
  readonly chooseSaveFile?: (suggestedName: string) => Promise<string | null>;
  /** Where technical details of failed background jobs (programming) go; default console.error. */
  readonly log?: (line: string) => void;
}

/** Default number of readings listed when the UI gives no limit. */
export const DEFAULT_LIST_LIMIT = 200;

/** Build the handlers of every call over `ctx`. */
export function createHandlers(ctx: AppContext, options: HandlerOptions): Handlers {
  const { mode, emit, services } = options;
  // One registry for every job that talks to a meter (reading, clock, programming): one job per port.
  const jobs = new MeterJobs();

  return {
    appInfo: async (_a, call) => ({
      version: ctx.software.replace(/^pmu-workstation\s+/, ''),
      mode,
      dbPath: ctx.dbPath,
      resDir: ctx.resDir,
      exportsDir: exportsDir(ctx),
      operator: acting(ctx, call).operator,
      timeZone: ctx.timeZone,
    }),

    listPorts: async () => [...(await services.listPorts(ctx))],

    listReadings: async ({ meterId, fromUtc, toUtc, source, limit }, call) => {
      // A user limited to meter groups sees only the readings of those meters.
      const allowed = call?.actor ? allowedMeters(ctx.db, call.actor) : null;
      return services
        .listReadings(ctx.db, {
          ...(meterId !== undefined ? { meterId } : {}),
          ...(fromUtc !== undefined ? { fromUtc } : {}),
          ...(toUtc !== undefined ? { toUtc } : {}),
          ...(source !== undefined ? { source } : {}),
          limit: limit ?? DEFAULT_LIST_LIMIT,
        })
        .filter((s) => allowed === null || (s.meterSerial !== null && allowed.has(s.meterSerial.toUpperCase())))
        .map((s) => ({ ...s }));
    },

    getReading: async ({ id }, call) => {
      const reading = services.getReading(ctx.db, id);
      if (reading && call?.actor && !canAccessMeter(ctx.db, call.actor, reading.meter.serial)) return null;
      return reading ? toReadingView(id, reading) : null;
    },

    ...createMeterHandlers(ctx, { emit, services, jobs }),
    ...createFileHandlers(ctx, options),
    ...createAuthHandlers(ctx),
    ...createAuditHandlers(ctx, options.offerDownload ? { offerDownload: options.offerDownload } : {}),
    ...createSchemeHandlers(ctx, { services, ...(options.offerDownload ? { offerDownload: options.offerDownload } : {}) }),
    ...createFleetHandlers(ctx, options.offerDownload ? { offerDownload: options.offerDownload } : {}),
    ...createCollectionHandlers(ctx, options.collector ?? createAppCollector(ctx, { onProgress: (p) => emit('collectionProgress', p) })),
    ...createSettingsHandlers(ctx, {
      ...(options.offerDownload ? { offerDownload: options.offerDownload } : {}), ...(options.chooseSaveFile ? { chooseSaveFile: options.chooseSaveFile } : {}),
    }),
    ...createProgrammingHandlers(ctx, {
      services, emit, jobs, ...(options.offerDownload ? { offerDownload: options.offerDownload } : {}), ...(options.log ? { log: options.log } : {}),
    }),
  };
}
