/**
 * Handlers of the file calls of the contract: meters list, import of uploaded files (with importProgress
 * events), CSV sniffing for the column mapping dialog, the import log (and quarantine), watched folders, and
 * exports into `<data folder>/exports/` with a download link in browser mode. Arguments arrive validated by
 * dispatch.ts; the checks here are the ones zod cannot do (folder exists, time zone known, job id unique).
 */
import path from 'node:path';
import { IANAZone } from 'luxon';
import type { CsvMappingView, ImportOutcomeView, WatchedFolderView } from '../../../contract';
import type { AppContext } from '../../core/context';
import { compactUtc, exportPath, namePart } from '../../services/export-files';
import { fileLocations } from '../../settings/locations';
import { deleteWatchedFolderAs, listWatchedFoldersAs, saveWatchedFolderAs, watchedFolderAs, type WatchedFolderSettings } from '../../services/watched-folders';
import { setWatchRoots, watchRootsAs } from '../../services/watch-roots';
import { callerAudience } from '../../auth/event-scope';
import { acting } from '../call-context';
import type { Handlers } from '../dispatch';
import { ApiError } from '../errors';
import { writtenFile, type EmitEvent, type OfferDownload } from '../events';
import type { Services } from '../services';
import type { WatcherControl } from '../watcher-control';

/** The file calls' names. */
type FileCalls =
  | 'listMeters' | 'importFiles' | 'sniffCsv' | 'listImportLog' | 'listQuarantine' | 'listWatchedFolders' | 'saveWatchedFolder'
  | 'deleteWatchedFolder' | 'scanWatchedFolderNow' | 'chooseFolder' | 'exportReadings' | 'exportMeters' | 'settings.watchRoots' | 'settings.setWatchRoots';

/** What the file handlers need besides the context. */
export interface FileHandlerOptions {
  readonly emit: EmitEvent;
  readonly services: Services;
  /** The app's one folder watcher (absent in tests without timers: scans are then refused). */
  readonly watcher?: WatcherControl;
  /** Browser mode: register `file` for download as `fileName`; returns the relative URL. Absent in the desktop app. */
  readonly offerDownload?: OfferDownload;
  /** Desktop app: the system folder picker; absent in browser mode. */
  readonly chooseFolder?: () => Promise<string | null>;
}

/** Default number of import-log entries listed. */
export const DEFAULT_LOG_LIMIT = 200;

/** True when `zone` is an IANA time zone luxon knows (or `UTC`). */
function knownZone(zone: string): boolean {
  return zone === 'UTC' || IANAZone.isValidZone(zone);
}

function checkMapping(mapping: CsvMappingView | undefined, file: string): void {
  if (mapping && !knownZone(mapping.timeZone)) {
    throw new ApiError(
      'BAD_ARGUMENTS',
      `The time zone "${mapping.timeZone}" given for ${file} is not known. Use a name such as Europe/Berlin, Europe/London or UTC.`,
    );
  }
}

/** Drop a cut last line (the text is only the start of the file) and a UTF-8 byte order mark. */
function completeLines(text: string, partial: boolean): string {
  const t = text.replace(/^\uFEFF/, '');
  if (!partial) return t;
  const end = t.lastIndexOf('\n');
  return end < 0 ? t : t.slice(0, end + 1);
}

/** Build the file handlers over `ctx`. */
export function createFileHandlers(ctx: AppContext, opts: FileHandlerOptions): Pick<Handlers, FileCalls> {
  const { services, emit, watcher } = opts;
  const importJobs = new Set<string>();

  const withStatus = (f: WatchedFolderSettings): WatchedFolderView => {
    const s = watcher?.status().find((x) => x.id === f.id);
    return {
      ...f,
      status: s
        ? { lastScanUtc: s.lastScanUtc, nextScanUtc: s.nextScanUtc, lastResult: s.lastResult, lastError: s.lastError, importedTotal: s.importedTotal }
        : null,
    };
  };
  const written = (file: string, fileName: string) => writtenFile(file, fileName, opts.offerDownload);

  return {
    listMeters: async (_a, call) => services.listMeters(acting(ctx, call)).map((m) => ({ ...m })),

    importFiles: async ({ jobId, mode, files }, call) => {
      if (importJobs.has(jobId)) throw new ApiError('BUSY', 'This import is already running.');
      for (const f of files) checkMapping(f.csvMapping, f.name);
      importJobs.add(jobId);
      const audience = callerAudience(call.caller, call.actor);
      const started = Date.now();
      const outcomes: ImportOutcomeView[] = [];
      try {
        for (const [i, f] of files.entries()) {
          emit('importProgress', { jobId, done: i, total: files.length, file: f.name, outcome: null }, audience);
          const bytes = Buffer.from(f.contentBase64, 'base64');
          const outcome = await services.importContent(acting(ctx, call), f.name, bytes, {
            mode: mode ?? fileLocations(ctx).importMode,
            ...(f.csvMapping ? { csvMapping: f.csvMapping } : {}),
            ...(f.modifiedUtc ? { modifiedUtc: f.modifiedUtc } : {}),
          });
          const view = { ...outcome, readingIds: [...outcome.readingIds] };
          outcomes.push(view);
          emit('importProgress', { jobId, done: i + 1, total: files.length, file: f.name, outcome: view }, audience);
        }
      } finally {
        importJobs.delete(jobId);
      }
      const count = (r: string) => outcomes.filter((o) => o.result === r).length;
      return {
        files: outcomes.length,
        imported: count('imported'),
        duplicates: count('duplicate'),
        replaced: count('replaced'),
        quarantined: count('quarantined'),
        intervals: outcomes.reduce((n, o) => n + (o.result === 'duplicate' ? 0 : o.intervals), 0),
        durationMs: Date.now() - started,
        outcomes,
      };
    },

    sniffCsv: async ({ text, partial }) => {
      const body = completeLines(text, partial);
      if (body.trim() === '') {
        throw new ApiError('BAD_ARGUMENTS', 'This file is empty: there is nothing to import. Check you chose the right file.');
      }
      return services.sniffCsv(body);
    },

    listImportLog: async ({ limit, result }) =>
      services.listImportLog(ctx.db, { limit: limit ?? DEFAULT_LOG_LIMIT, ...(result ? { result } : {}) }).map((e) => ({ ...e })),

    listQuarantine: async ({ limit }) => services.listQuarantine(ctx.db, { limit: limit ?? DEFAULT_LOG_LIMIT }).map((e) => ({ ...e })),

    listWatchedFolders: async (_a, call) => listWatchedFoldersAs(acting(ctx, call)).map(withStatus),

    saveWatchedFolder: async (input, call) => {
      const saved = await saveWatchedFolderAs(acting(ctx, call), input);
      watcher?.reload();
      return withStatus(saved);
    },

    'settings.watchRoots': async (_a, call) => ({ roots: watchRootsAs(acting(ctx, call)) }),

    'settings.setWatchRoots': async ({ roots }, call) => ({ roots: await setWatchRoots(acting(ctx, call), roots) }),

    deleteWatchedFolder: async ({ id }, call) => {
      const deleted = deleteWatchedFolderAs(acting(ctx, call), id);
      if (deleted) watcher?.reload();
      return { deleted };
    },

    scanWatchedFolderNow: async ({ id }, call) => {
      const folder = watchedFolderAs(acting(ctx, call), id);
      if (!watcher) throw new ApiError('NOT_RUNNING', 'Folder watching is not running in this window. Restart the app.');
      if (!folder.enabled) throw new ApiError('DISABLED', 'This folder is paused. Tick "Enabled" and save it, then scan.');
      await watcher.scanNow(id);
      return withStatus(watchedFolderAs(acting(ctx, call), id));
    },

    chooseFolder: async () => {
      if (!opts.chooseFolder) {
        throw new ApiError('NOT_SUPPORTED', 'The folder picker is only available in the desktop app. Type the folder path instead.');
      }
      return { path: await opts.chooseFolder() };
    },

    exportReadings: async (req, call) => {
      const who = req.meterSerial ? namePart(req.meterSerial) : 'all-meters';
      const file = await exportPath(ctx, `readings_${who}_${req.content ?? 'all'}_${compactUtc()}.${req.format}`);
      const out = await services.exportReadings(acting(ctx, call), req, file);
      const files = (out.files.length > 0 ? out.files : [out.path]).map((f) => written(f, path.basename(f)));
      return { ...written(out.path, path.basename(out.path)), files, readings: out.readings, registers: out.registers, intervals: out.intervals };
    },

    exportMeters: async ({ format }, call) => {
      const file = await exportPath(ctx, `meters_${compactUtc()}.${format}`);
      const out = await services.exportMeters(acting(ctx, call), format, file);
      return { ...written(out.path, path.basename(out.path)), meters: out.meters };
    },
  };
}
