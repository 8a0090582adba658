/**
 * The implementation of every contract call (contract/index.ts) on one AppContext. Thin: arguments arrive
 * validated (dispatch.ts); each handler calls a service or the store and shapes the answer for the UI.
 * The meter calls (reading and clock jobs, cancellable by job id, one per port) are in handlers/meter.ts, the
 * file calls in handlers/files.ts, the tariff-scheme calls in handlers/schemes.ts and the staging, programming
 * and certificate calls in handlers/programming.ts, sign-in/users/meter groups/meter passwords in handlers/auth.ts,
 * the audit trail in handlers/audit.ts. Each handler gets `(args, call)`: `acting(ctx, call)` is the per-call
 * context naming the signed-in user (call-context.ts).
 */
import { collectionProgressAudience } from '../../auth/event-scope';
import type { EmitEvent } from '../events';
import type { AppContext } from '../../core/context';
import type { EventAudience } from '../../auth/event-scope';
import { fileLocations } from '../../settings/locations';
import { policies } from '../../settings/policies';
import { acting } from '../call-context';
import type { Handlers } from '../dispatch';
import { createAuditHandlers } from './audit';
import { createAuthHandlers } from './auth';
import { exportsDir } from '../../services/export-files';
import { createFileHandlers, type FileHandlerOptions } from './files';
import { createFleetHandlers } from './fleet';
import { createMeterHandlers } from './meter';
import { createProgrammingHandlers } from './programming';
import { createReportHandlers } from './reports';
import { createSchemeHandlers } from './schemes';
import { createSettingsHandlers } from './settings';
import { createProbeHandlers } from './probe';
import { MeterJobs } from '../jobs';
import type { Services } from '../services';
import { createCollectionHandlers } from './collection';
import type { Collector } from '../../collect/collector';
import { createAppCollector } from '../../services/collection';
import { toReadingView } from './views';

export type { EmitEvent } from '../events';

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
  /** The desktop shell's printer for reports (an HTML page → the print dialog); absent in browser mode. */
  readonly print?: (html: string, title: string) => Promise<boolean>;
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
      resDir: fileLocations(ctx).resDir,
      exportsDir: exportsDir(ctx),
      operator: acting(ctx, call).operator,
      timeZone: ctx.timeZone,
      importDefaults: (({ importMode, afterImport, scanIntervalSeconds }) => ({ mode: importMode, after: afterImport, scanIntervalSeconds }))(fileLocations(ctx)),
      passwordRules: policies(ctx).password,
    }),

    listPorts: async (_a, call) => [...(await services.listPorts(acting(ctx, call)))],

    listReadings: async ({ meterId, fromUtc, toUtc, source, limit }, call) =>
      services
        .listReadings(acting(ctx, call), {
          ...(meterId !== undefined ? { meterId } : {}),
          ...(fromUtc !== undefined ? { fromUtc } : {}),
          ...(toUtc !== undefined ? { toUtc } : {}),
          ...(source !== undefined ? { source } : {}),
          limit: limit ?? DEFAULT_LIST_LIMIT,
        })
        .map((s) => ({ ...s })),

    getReading: async ({ id }, call) => {
      const reading = services.getReading(acting(ctx, call), id);
      return reading ? toReadingView(id, reading) : null;
    },

    ...createMeterHandlers(ctx, { emit, services, jobs }),
    ...createFileHandlers(ctx, options),
    ...createAuthHandlers(ctx),
    ...createAuditHandlers(ctx, options.offerDownload ? { offerDownload: options.offerDownload } : {}),
    ...createSchemeHandlers(ctx, { services, ...(options.offerDownload ? { offerDownload: options.offerDownload } : {}) }),
    ...createFleetHandlers(ctx, options.offerDownload ? { offerDownload: options.offerDownload } : {}),
    ...createCollectionHandlers(ctx, options.collector ?? createAppCollector(ctx, { onProgress: (p) => emit('collectionProgress', p, collectionProgressAudience(p)) })),
    ...createProbeHandlers(ctx, { emit, jobs, ...(options.log ? { log: options.log } : {}) }),
    ...createSettingsHandlers(ctx, {
      ...(options.offerDownload ? { offerDownload: options.offerDownload } : {}), ...(options.chooseSaveFile ? { chooseSaveFile: options.chooseSaveFile } : {}),
    }),
    ...createReportHandlers(ctx, { ...(options.offerDownload ? { offerDownload: options.offerDownload } : {}), ...(options.print ? { print: options.print } : {}) }),
    ...createProgrammingHandlers(ctx, {
      services, emit, jobs, ...(options.offerDownload ? { offerDownload: options.offerDownload } : {}), ...(options.log ? { log: options.log } : {}),
    }),
  };
}
