/**
 * Handlers of the scheme-library calls (contract/schemes.ts): parse → main/services/scheme-library.ts,
 * scheme-files.ts (permission, folder scope, change and audit record) → map (a written file gets its download link in
 * browser mode); holidays turned into special days through the scheme services (schemes/holidays.ts).
 */
import type { schemeCalls } from '../../../contract/schemes';
import type { AppContext } from '../../core/context';
import { exportSchemeFileAs, exportSchemeFolderAs, importSchemeFileAs } from '../../services/scheme-files';
import {
  createFolderAs, createSchemeAs, deleteFolderAs, deleteSchemeAs, diffSchemesAs, moveFolderAs, moveSchemeAs, renameFolderAs, renameSchemeAs, saveSchemeAs,
  schemeAs, schemeTreeAs,
} from '../../services/scheme-library';
import { acting } from '../call-context';
import type { Handlers } from '../dispatch';
import type { OfferDownload } from '../events';
import { deliverExport, type ChooseSaveFile } from '../save-as';
import type { SchemeServices } from '../services-schemes';

type SchemeCallNames = keyof typeof schemeCalls;

/** What the scheme handlers need besides the context. */
export interface SchemeHandlerOptions {
  readonly services: SchemeServices;
  /** Browser mode: register `file` for download as `fileName`; returns the relative URL. Absent in the desktop app. */
  readonly offerDownload?: OfferDownload;
  /** Desktop app: the native "Save as" dialog (../save-as.ts). */
  readonly chooseSaveFile?: ChooseSaveFile;
}

/** Build the scheme-library handlers over `ctx`. */
export function createSchemeHandlers(ctx: AppContext, opts: SchemeHandlerOptions): Pick<Handlers, SchemeCallNames> {
  const { services } = opts;
  const saved = async <T extends { path: string; fileName: string }>(w: T, saveAs?: boolean) => ({ ...w, ...(await deliverExport(w.path, w.fileName, { ...opts, saveAs })) });
  return {
    'schemes.tree': async (_a, call) => schemeTreeAs(acting(ctx, call)),
    'schemes.createFolder': async (a, call) => createFolderAs(acting(ctx, call), a),
    'schemes.renameFolder': async (a, call) => renameFolderAs(acting(ctx, call), a),
    'schemes.moveFolder': async (a, call) => moveFolderAs(acting(ctx, call), a),
    'schemes.deleteFolder': async (a, call) => deleteFolderAs(acting(ctx, call), a),
    'schemes.create': async (a, call) => createSchemeAs(acting(ctx, call), a),
    'schemes.get': async (a, call) => schemeAs(acting(ctx, call), a),
    'schemes.save': async (a, call) => saveSchemeAs(acting(ctx, call), a),
    'schemes.rename': async (a, call) => renameSchemeAs(acting(ctx, call), a),
    'schemes.move': async (a, call) => moveSchemeAs(acting(ctx, call), a),
    'schemes.delete': async (a, call) => deleteSchemeAs(acting(ctx, call), a),
    'schemes.diff': async (a, call) => diffSchemesAs(acting(ctx, call), a),
    'schemes.exportFile': async ({ saveAs, ...a }, call) => saved(await exportSchemeFileAs(acting(ctx, call), a), saveAs),
    'schemes.exportFolder': async ({ saveAs, ...a }, call) => saved(await exportSchemeFolderAs(acting(ctx, call), a), saveAs),
    'schemes.importFile': async (a, call) => importSchemeFileAs(acting(ctx, call), a),

    'holidays.countries': async () => (await services.listHolidayCountries()).map((c) => ({ code: c.code, name: c.name })),
    'holidays.regions': async ({ country }) => (await services.listHolidayRegions(country.toUpperCase())).map((c) => ({ code: c.code, name: c.name })),
    'holidays.fromPack': async ({ country, region, years, types, dayProfile }) =>
      services.holidaysFromPack({ country: country.toUpperCase(), years, dayProfile, ...(region ? { region } : {}), ...(types ? { types } : {}) }),
    'holidays.fromICal': async ({ content, dayProfile, years }) => services.specialDaysFromICal(content, { dayProfile, years }),
  };
}
