/**
 * Handlers of the file calls of the contract: meters list, import of uploaded files (with importProgress
 * events), CSV sniffing for the column mapping dialog, the import log (and quarantine), watched folders, and
 * exports into `<data folder>/exports/` with a download link in browser mode. Arguments arrive validated by
 * dispatch.ts; the checks here are the ones zod cannot do (folder exists, time zone known, job id unique).
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { IANAZone } from 'luxon';
import type { CsvMappingView, ImportOutcomeView, WatchedFolderView } from '../../../contract';
import { appendAudit } from '../../audit/append';
import { canAccessMeter } from '../../auth/actor';
import { AuthError } from '../../auth/errors';
import type { AppContext } from '../../core/context';
import { acting } from '../call-context';
import type { Handlers } from '../dispatch';
import { ApiError } from '../errors';
import type { EmitEvent } from './index';
import type { Services, WatchedFolderSettings } from '../services';
import type { WatcherControl } from '../watcher-control';

/** The file calls' names. */
type FileCalls =
  | 'listMeters' | 'importFiles' | 'sniffCsv' | 'listImportLog' | 'listQuarantine' | 'listWatchedFolders' | 'saveWatchedFolder'
  | 'deleteWatchedFolder' | 'scanWatchedFolderNow' | 'chooseFolder' | 'exportReadings' | 'exportMeters';

/** What the file handlers need besides the context. */
export interface FileHandlerOptions {
  readonly emit: EmitEvent;
  readonly services: Services;
  /** The app's one folder watcher (absent in tests without timers: scans are then refused). */
  readonly watcher?: WatcherControl;
  /** Browser mode: register `file` for download as `fileName`; returns the relative URL. Absent in the desktop app. */
  readonly offerDownload?: (file: string, fileName: string) => string;
  /** Desktop app: the system folder picker; absent in browser mode. */
  readonly chooseFolder?: () => Promise<string | null>;
}

/** Default number of import-log entries listed. */
export const DEFAULT_LOG_LIMIT = 200;

/** Folder where exports are written: `exports/` in the data folder (beside the RES folder). */
export function exportsDir(ctx: AppContext): string {
  return path.join(path.dirname(path.resolve(ctx.resDir)), 'exports');
}

/** `2026-03-29T04:10:00.123Z` → `20260329T041000123Z` (file names; milliseconds keep quick exports apart). */
function compactUtc(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

/** A safe file-name part: letters, digits, `.`, `_` and `-` only, at most 40 characters. */
function namePart(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 40) || 'x';
}

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
  const folderById = (id: number): WatchedFolderSettings => {
    const f = services.listWatchedFolders(ctx.db).find((x) => x.id === id);
    if (!f) throw new ApiError('NOT_FOUND', 'This watched folder no longer exists. Refresh the list.');
    return f;
  };
  const written = (file: string, fileName: string) => ({
    path: file,
    fileName,
    downloadUrl: opts.offerDownload ? opts.offerDownload(file, fileName) : null,
  });

  return {
    listMeters: async () => services.listMeters(ctx.db).map((m) => ({ ...m })),

    importFiles: async ({ jobId, mode, files }, call) => {
      if (importJobs.has(jobId)) throw new ApiError('BUSY', 'This import is already running.');
      for (const f of files) checkMapping(f.csvMapping, f.name);
      importJobs.add(jobId);
      const started = Date.now();
      const outcomes: ImportOutcomeView[] = [];
      try {
        for (const [i, f] of files.entries()) {
          emit('importProgress', { jobId, done: i, total: files.length, file: f.name, outcome: null });
          const bytes = Buffer.from(f.contentBase64, 'base64');
          const outcome = await services.importContent(acting(ctx, call), f.name, bytes, {
            mode: mode ?? 'append',
            ...(f.csvMapping ? { csvMapping: f.csvMapping } : {}),
            ...(f.modifiedUtc ? { modifiedUtc: f.modifiedUtc } : {}),
          });
          const view = { ...outcome, readingIds: [...outcome.readingIds] };
          outcomes.push(view);
          emit('importProgress', { jobId, done: i + 1, total: files.length, file: f.name, outcome: view });
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

    listWatchedFolders: async () => services.listWatchedFolders(ctx.db).map(withStatus),

    saveWatchedFolder: async (input, call) => {
      if (!path.isAbsolute(input.path)) {
        throw new ApiError('BAD_ARGUMENTS', `"${input.path}" is not a full folder path. Enter it from the drive or root, e.g. C:\\Readings or /home/tech/readings.`);
      }
      const info = await stat(input.path).catch(() => null);
      if (!info?.isDirectory()) {
        throw new ApiError('BAD_ARGUMENTS', `The folder "${input.path}" does not exist on this computer (or is not a folder). Check the path, or create the folder first.`);
      }
      const before = input.id !== undefined ? folderById(input.id) : null;
      const saved = services.saveWatchedFolder(ctx.db, { ...input, path: path.resolve(input.path) });
      appendAudit(acting(ctx, call), { action: 'watchedFolder.saved', object: `watchedFolder:${saved.id}`, summary: { before, after: saved } });
      watcher?.reload();
      return withStatus(saved);
    },

    deleteWatchedFolder: async ({ id }, call) => {
      const before = services.listWatchedFolders(ctx.db).find((x) => x.id === id) ?? null;
      const deleted = services.deleteWatchedFolder(ctx.db, id);
      if (deleted) appendAudit(acting(ctx, call), { action: 'watchedFolder.deleted', object: `watchedFolder:${id}`, summary: { before } });
      if (deleted) watcher?.reload();
      return { deleted };
    },

    scanWatchedFolderNow: async ({ id }) => {
      const folder = folderById(id);
      if (!watcher) throw new ApiError('NOT_RUNNING', 'Folder watching is not running in this window. Restart the app.');
      if (!folder.enabled) throw new ApiError('DISABLED', 'This folder is paused. Tick "Enabled" and save it, then scan.');
      await watcher.scanNow(id);
      return withStatus(folderById(id));
    },

    chooseFolder: async () => {
      if (!opts.chooseFolder) {
        throw new ApiError('NOT_SUPPORTED', 'The folder picker is only available in the desktop app. Type the folder path instead.');
      }
      return { path: await opts.chooseFolder() };
    },

    exportReadings: async (req, call) => {
      const actor = call?.actor;
      if (actor && actor.meterGroups !== null && (req.meterSerial === undefined || !canAccessMeter(ctx.db, actor, req.meterSerial))) {
        throw new AuthError('FORBIDDEN', 'Your account is limited to some meter groups: choose one of your meters to export.');
      }
      const dir = exportsDir(ctx);
      await mkdir(dir, { recursive: true });
      const who = req.meterSerial ? namePart(req.meterSerial) : 'all-meters';
      const fileName = `readings_${who}_${req.content ?? 'all'}_${compactUtc(new Date())}.${req.format}`;
      const out = await services.exportReadings(acting(ctx, call), req, path.join(dir, fileName));
      const files = (out.files.length > 0 ? out.files : [out.path]).map((f) => written(f, path.basename(f)));
      return { ...written(out.path, path.basename(out.path)), files, readings: out.readings, registers: out.registers, intervals: out.intervals };
    },

    exportMeters: async ({ format }, call) => {
      const dir = exportsDir(ctx);
      await mkdir(dir, { recursive: true });
      const fileName = `meters_${compactUtc(new Date())}.${format}`;
      const out = await services.exportMeters(acting(ctx, call), format, path.join(dir, fileName));
      return { ...written(out.path, path.basename(out.path)), meters: out.meters };
    },
  };
}
