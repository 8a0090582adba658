/**
 * Handlers of the scheme-library calls (preload/contract-schemes.ts): the folder tree, schemes and their saved
 * versions (main/store/schemes.ts), the diff of two versions (schemes/diff.ts), scheme files and folder bundles
 * (main/schemes-io/scheme-files.ts, written into `<data folder>/exports/` with a browser-mode download link and
 * returned as text), and holidays turned into special days (through the scheme services). Arguments arrive
 * validated by dispatch.ts; store refusals are plain StoreErrors (NOT_FOUND, CONFLICT, INVALID_DATA).
 */
import path from 'node:path';
import { IANAZone } from 'luxon';
import type { SchemeSummaryView } from '../../preload/contract';
import type { schemeCalls } from '../../preload/contract-schemes';
import { diffSchemes } from '../../schemes/diff';
import { dstRuleForZone } from '../../schemes/dst-template';
import { newScheme } from '../../schemes/model';
import { AtomicFile } from '../export/atomic-file';
import { exportFolderBundle, exportSchemeFile, importSchemeText } from '../schemes-io/scheme-files';
import type { AppContext } from '../services/context';
import {
  createFolder, createScheme, deleteFolder, deleteScheme, getFolder, getSchemeEntry, getSchemeVersion, listSchemeTree,
  listSchemeVersions, moveFolder, moveScheme, renameFolder, renameScheme, saveSchemeVersion,
} from '../store/schemes';
import { actorName } from './actor';
import type { Handlers } from './dispatch';
import { ApiError } from './errors';
import { exportsDir } from './handlers-files';
import type { SchemeServices } from './services-schemes';

type SchemeCallNames = keyof typeof schemeCalls;

/** What the scheme handlers need besides the context. */
export interface SchemeHandlerOptions {
  readonly services: SchemeServices;
  /** Browser mode: register `file` for download as `fileName`; returns the relative URL. Absent in the desktop app. */
  readonly offerDownload?: (file: string, fileName: string) => string;
}

/** A written export: disk path, the name to save it as, download link (browser mode) and its text. */
export interface WrittenText {
  readonly path: string;
  readonly fileName: string;
  readonly downloadUrl: string | null;
  readonly text: string;
}

/**
 * Writes `text` atomically into the exports folder as `<base>_<UTC stamp><ext>` (never over an earlier
 * export) and offers it for download as `fileName`.
 */
export async function writeExportText(
  ctx: AppContext,
  fileName: string,
  text: string,
  offerDownload?: (file: string, fileName: string) => string,
): Promise<WrittenText> {
  const ext = fileName.endsWith('.pmu-schemes.json') ? '.pmu-schemes.json' : path.extname(fileName);
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  const file = path.join(exportsDir(ctx), `${fileName.slice(0, fileName.length - ext.length)}_${stamp}${ext}`);
  const out = await AtomicFile.create(file);
  await out.write(text);
  await out.commit();
  return { path: file, fileName, downloadUrl: offerDownload ? offerDownload(file, fileName) : null, text };
}

/** Build the scheme-library handlers over `ctx`. */
export function createSchemeHandlers(ctx: AppContext, opts: SchemeHandlerOptions): Pick<Handlers, SchemeCallNames> {
  const { services } = opts;
  const db = ctx.db;
  const summary = (id: number): SchemeSummaryView => {
    const s = listSchemeTree(db).schemes.find((x) => x.id === id);
    if (!s) throw new ApiError('NOT_FOUND', 'This scheme no longer exists. Refresh the scheme list.');
    return { ...s };
  };

  return {
    'schemes.tree': async () => {
      const t = listSchemeTree(db);
      return { folders: t.folders.map((f) => ({ ...f })), schemes: t.schemes.map((s) => ({ ...s })) };
    },

    'schemes.createFolder': async ({ parentId, name }) => ({ ...createFolder(db, { parentId, name }) }),
    'schemes.renameFolder': async ({ id, name }) => {
      renameFolder(db, id, name);
      return { ...getFolder(db, id) };
    },
    'schemes.moveFolder': async ({ id, parentId }) => {
      moveFolder(db, id, parentId);
      return { ...getFolder(db, id) };
    },
    'schemes.deleteFolder': async ({ id }) => {
      deleteFolder(db, id);
      return { deleted: true };
    },

    'schemes.create': async ({ folderId, name, schemeId, meterModel, zone }, call) => {
      if (!IANAZone.isValidZone(zone)) {
        throw new ApiError('BAD_ARGUMENTS', `The time zone "${zone}" is not known. Use a name such as Europe/London or Europe/Berlin.`);
      }
      // The template's DST rule follows the zone's real clock changes (newScheme's EU rule fits UTC+1 zones only).
      const content = { ...newScheme(schemeId, name, meterModel, zone), dst: dstRuleForZone(zone, new Date().getUTCFullYear()) };
      const made = createScheme(db, { folderId, name, content, by: actorName(ctx, call), note: 'created' });
      return { schemeStoreId: made.schemeStoreId, version: made.version };
    },

    'schemes.get': async ({ schemeStoreId, version }) => {
      const v = getSchemeVersion(db, schemeStoreId, version);
      const entry = getSchemeEntry(db, schemeStoreId);
      return {
        schemeStoreId: v.schemeStoreId, version: v.version, contentSha256: v.contentSha256, savedUtc: v.savedUtc, savedBy: v.savedBy, note: v.note,
        content: v.content, name: entry.name, folderId: entry.folderId, deleted: entry.deletedUtc !== null,
        versions: listSchemeVersions(db, schemeStoreId).map((x) => ({ ...x })),
      };
    },

    'schemes.save': async ({ schemeStoreId, content, baseVersion, note }, call) =>
      saveSchemeVersion(db, { schemeStoreId, content, baseVersion, by: actorName(ctx, call), ...(note !== undefined ? { note } : {}) }),

    'schemes.rename': async ({ schemeStoreId, name }) => {
      renameScheme(db, schemeStoreId, name);
      return summary(schemeStoreId);
    },
    'schemes.move': async ({ schemeStoreId, folderId }) => {
      moveScheme(db, schemeStoreId, folderId);
      return summary(schemeStoreId);
    },
    'schemes.delete': async ({ schemeStoreId }) => {
      deleteScheme(db, schemeStoreId);
      return { deleted: true };
    },

    'schemes.diff': async ({ left, right }) =>
      diffSchemes(getSchemeVersion(db, left.schemeStoreId, left.version).content, getSchemeVersion(db, right.schemeStoreId, right.version).content),

    'schemes.exportFile': async ({ schemeStoreId, version }) => {
      const f = exportSchemeFile(db, schemeStoreId, version, services);
      return { ...(await writeExportText(ctx, f.fileName, f.text, opts.offerDownload)), schemes: f.schemes };
    },
    'schemes.exportFolder': async ({ folderId }) => {
      const f = exportFolderBundle(db, folderId, services);
      return { ...(await writeExportText(ctx, f.fileName, f.text, opts.offerDownload)), schemes: f.schemes };
    },
    'schemes.importFile': async ({ folderId, name, content }, call) => ({
      results: importSchemeText(db, { folderId, fileName: name, text: content, by: actorName(ctx, call) }, services),
    }),

    'holidays.countries': async () => services.listHolidayCountries().map((c) => ({ code: c.code, name: c.name })),
    'holidays.regions': async ({ country }) => services.listHolidayRegions(country.toUpperCase()).map((c) => ({ code: c.code, name: c.name })),
    'holidays.fromPack': async ({ country, region, years, types, dayProfile }) =>
      services.holidaysFromPack({ country: country.toUpperCase(), years, dayProfile, ...(region ? { region } : {}), ...(types ? { types } : {}) }),
    'holidays.fromICal': async ({ content, dayProfile, years }) => services.specialDaysFromICal(content, { dayProfile, years }),
  };
}
