/**
 * Handlers of the scheme-library calls (contract/schemes.ts): the folder tree, schemes and their saved
 * versions (main/store/schemes.ts), the diff of two versions (schemes/diff.ts), scheme files and folder bundles
 * (main/schemes-io/scheme-files.ts, written into `<data folder>/exports/` with a browser-mode download link and
 * returned as text), and holidays turned into special days (through the scheme services). Arguments arrive
 * validated by dispatch.ts; store refusals are plain StoreErrors (NOT_FOUND, CONFLICT, INVALID_DATA).
 * Every change is recorded in the audit trail under the calling user, in the same transaction as the change
 * (main/audit/record-change.ts): `scheme.saved` (a new version, before/after `{ version, sha256 }`), `scheme.renamed`,
 * `scheme.moved`, `scheme.deleted`, `scheme.imported`, `schemeFolder.saved` (created, renamed, moved),
 * `schemeFolder.deleted`; exports (`scheme.exported`) right after the file is written. A user limited to some scheme
 * folders sees only those (and their schemes) and is refused the others (./object-scope.ts).
 */
import path from 'node:path';
import { IANAZone } from 'luxon';
import type { SchemeSummaryView } from '../../../contract';
import type { schemeCalls } from '../../../contract/schemes';
import { diffSchemes } from '../../../schemes/diff';
import { dstRuleForZone } from '../../../schemes/dst-template';
import { newScheme } from '../../../schemes/model';
import { AtomicFile } from '../../core/atomic-file';
import { exportFolderBundle, exportSchemeFile, importSchemeText } from '../../schemes-io/scheme-files';
import type { AppContext } from '../../core/context';
import {
  createFolder, createScheme, deleteFolder, deleteScheme, getFolder, getSchemeEntry, getSchemeVersion, listSchemeTree,
  listSchemeVersions, moveFolder, moveScheme, renameFolder, renameScheme, saveSchemeVersion, type SchemeFolder,
} from '../../store/schemes';
import { appendAudit } from '../../audit/append';
import { recordChange } from '../../audit/record-change';
import { actorName } from '../actor';
import { acting, type CallContext } from '../call-context';
import type { Handlers } from '../dispatch';
import { ApiError } from '../errors';
import { exportsDir } from './files';
import { objectScope } from '../../services/object-scope';
import type { SchemeServices } from '../services-schemes';

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

/** The audit object of scheme `id` at `version`: `scheme:3 v2 Economy 7`. */
function schemeObject(id: number, version: number, name: string): string {
  return `scheme:${id} v${version} ${name}`;
}

/** The audit object of a folder: `schemeFolder:4 Domestic`. */
const folderObject = (f: SchemeFolder) => `schemeFolder:${f.id} ${f.name}`;

/** Build the scheme-library handlers over `ctx`. */
export function createSchemeHandlers(ctx: AppContext, opts: SchemeHandlerOptions): Pick<Handlers, SchemeCallNames> {
  const { services } = opts;
  const db = ctx.db;
  const summary = (id: number): SchemeSummaryView => {
    const s = listSchemeTree(db).schemes.find((x) => x.id === id);
    if (!s) throw new ApiError('NOT_FOUND', 'This scheme no longer exists. Refresh the scheme list.');
    return { ...s };
  };
  /** Version `version`'s record of scheme `id` without content: `{ version, sha256 }`. */
  const versionOf = (id: number, version: number) => {
    const v = listSchemeVersions(db, id).find((x) => x.version === version);
    return v ? { version: v.version, sha256: v.contentSha256 } : null;
  };
  /** A folder change (create, rename, move) with its `schemeFolder.saved` record. */
  const folderChange = (call: CallContext, change: () => { before: SchemeFolder | null; after: SchemeFolder }) =>
    recordChange(acting(ctx, call), change, ({ before, after }) => ({
      action: 'schemeFolder.saved',
      object: folderObject(after),
      summary: { ...(before ? { before: { name: before.name, parentId: before.parentId } } : {}), after: { name: after.name, parentId: after.parentId } },
    })).after;

  return {
    'schemes.tree': async (_a, call) => {
      // A user limited to some folders sees those folders (with their sub-folders) and the schemes in them.
      const scope = objectScope(db, call);
      const t = listSchemeTree(db);
      const folders = t.folders.filter((f) => scope.folderAllowed(f.id));
      const shown = new Set(folders.map((f) => f.id));
      const schemes = t.schemes.filter((x) => (x.folderId === null ? scope.folderAllowed(null) : shown.has(x.folderId)));
      return { folders: folders.map((f) => ({ ...f })), schemes: schemes.map((x) => ({ ...x })) };
    },

    'schemes.createFolder': async ({ parentId, name }, call) => {
      objectScope(db, call).requireFolder(parentId);
      return { ...folderChange(call, () => ({ before: null, after: createFolder(db, { parentId, name }) })) };
    },
    'schemes.renameFolder': async ({ id, name }, call) => {
      objectScope(db, call).requireFolder(id);
      return {
        ...folderChange(call, () => {
          const before = getFolder(db, id);
          renameFolder(db, id, name);
          return { before, after: getFolder(db, id) };
        }),
      };
    },
    'schemes.moveFolder': async ({ id, parentId }, call) => {
      const scope = objectScope(db, call);
      scope.requireFolder(id);
      scope.requireFolder(parentId);
      return {
        ...folderChange(call, () => {
          const before = getFolder(db, id);
          moveFolder(db, id, parentId);
          return { before, after: getFolder(db, id) };
        }),
      };
    },
    'schemes.deleteFolder': async ({ id }, call) => {
      objectScope(db, call).requireFolder(id);
      recordChange(
        acting(ctx, call),
        () => {
          const before = getFolder(db, id);
          deleteFolder(db, id);
          return before;
        },
        (before) => ({ action: 'schemeFolder.deleted', object: folderObject(before), summary: { before: { name: before.name, parentId: before.parentId } } }),
      );
      return { deleted: true };
    },

    'schemes.create': async ({ folderId, name, schemeId, meterModel, zone }, call) => {
      objectScope(db, call).requireFolder(folderId);
      if (!IANAZone.isValidZone(zone)) {
        throw new ApiError('BAD_ARGUMENTS', `The time zone "${zone}" is not known. Use a name such as Europe/London or Europe/Berlin.`);
      }
      // The template's DST rule follows the zone's real clock changes (newScheme's EU rule fits UTC+1 zones only).
      const content = { ...newScheme(schemeId, name, meterModel, zone), dst: dstRuleForZone(zone, new Date().getUTCFullYear()) };
      const made = recordChange(
        acting(ctx, call),
        () => createScheme(db, { folderId, name, content, by: actorName(ctx, call), note: 'created' }),
        (m) => ({
          action: 'scheme.saved',
          object: schemeObject(m.schemeStoreId, m.version, getSchemeEntry(db, m.schemeStoreId).name),
          summary: { after: { ...versionOf(m.schemeStoreId, m.version), folderId, schemeId, meterModel, note: 'created' } },
        }),
      );
      return { schemeStoreId: made.schemeStoreId, version: made.version };
    },

    'schemes.get': async ({ schemeStoreId, version }, call) => {
      objectScope(db, call).requireScheme(schemeStoreId);
      const v = getSchemeVersion(db, schemeStoreId, version);
      const entry = getSchemeEntry(db, schemeStoreId);
      return {
        schemeStoreId: v.schemeStoreId, version: v.version, contentSha256: v.contentSha256, savedUtc: v.savedUtc, savedBy: v.savedBy, note: v.note,
        content: v.content, name: entry.name, folderId: entry.folderId, deleted: entry.deletedUtc !== null,
        versions: listSchemeVersions(db, schemeStoreId).map((x) => ({ ...x })),
      };
    },

    'schemes.save': async ({ schemeStoreId, content, baseVersion, note }, call) => {
      objectScope(db, call).requireScheme(schemeStoreId);
      return recordChange(
        acting(ctx, call),
        () => saveSchemeVersion(db, { schemeStoreId, content, baseVersion, by: actorName(ctx, call), ...(note !== undefined ? { note } : {}) }),
        // Content equal to the latest version is not saved again: nothing to record.
        (r) =>
          r.unchanged
            ? null
            : {
                action: 'scheme.saved',
                object: schemeObject(schemeStoreId, r.version, getSchemeEntry(db, schemeStoreId).name),
                summary: { before: versionOf(schemeStoreId, r.version - 1), after: { ...versionOf(schemeStoreId, r.version), ...(note ? { note } : {}) } },
              },
      );
    },

    'schemes.rename': async ({ schemeStoreId, name }, call) => {
      objectScope(db, call).requireScheme(schemeStoreId);
      return recordChange(
        acting(ctx, call),
        () => {
          const before = getSchemeEntry(db, schemeStoreId).name;
          renameScheme(db, schemeStoreId, name);
          return { before, after: summary(schemeStoreId) };
        },
        ({ before, after: x }) => ({ action: 'scheme.renamed', object: schemeObject(x.id, x.latestVersion, x.name), summary: { before: { name: before }, after: { name: x.name } } }),
      ).after;
    },
    'schemes.move': async ({ schemeStoreId, folderId }, call) => {
      const scope = objectScope(db, call);
      scope.requireScheme(schemeStoreId);
      scope.requireFolder(folderId);
      return recordChange(
        acting(ctx, call),
        () => {
          const before = getSchemeEntry(db, schemeStoreId).folderId;
          moveScheme(db, schemeStoreId, folderId);
          return { before, after: summary(schemeStoreId) };
        },
        ({ before, after: x }) => ({ action: 'scheme.moved', object: schemeObject(x.id, x.latestVersion, x.name), summary: { before: { folderId: before }, after: { folderId: x.folderId } } }),
      ).after;
    },
    'schemes.delete': async ({ schemeStoreId }, call) => {
      objectScope(db, call).requireScheme(schemeStoreId);
      recordChange(
        acting(ctx, call),
        () => {
          const before = summary(schemeStoreId);
          deleteScheme(db, schemeStoreId);
          return before;
        },
        (x) => ({ action: 'scheme.deleted', object: schemeObject(x.id, x.latestVersion, x.name), summary: { before: { name: x.name, folderId: x.folderId, latestVersion: x.latestVersion } } }),
      );
      return { deleted: true };
    },

    'schemes.diff': async ({ left, right }, call) => {
      const scope = objectScope(db, call);
      scope.requireScheme(left.schemeStoreId);
      scope.requireScheme(right.schemeStoreId);
      return diffSchemes(getSchemeVersion(db, left.schemeStoreId, left.version).content, getSchemeVersion(db, right.schemeStoreId, right.version).content);
    },

    'schemes.exportFile': async ({ schemeStoreId, version }, call) => {
      objectScope(db, call).requireScheme(schemeStoreId);
      const f = exportSchemeFile(db, schemeStoreId, version, services);
      const written = await writeExportText(ctx, f.fileName, f.text, opts.offerDownload);
      const v = getSchemeVersion(db, schemeStoreId, version);
      // The file is written first (atomically); its record right after.
      appendAudit(acting(ctx, call), {
        action: 'scheme.exported',
        object: schemeObject(schemeStoreId, v.version, getSchemeEntry(db, schemeStoreId).name),
        summary: { after: { file: path.basename(written.path), sha256: v.contentSha256, schemes: f.schemes } },
      });
      return { ...written, schemes: f.schemes };
    },
    'schemes.exportFolder': async ({ folderId }, call) => {
      objectScope(db, call).requireFolder(folderId);
      const f = exportFolderBundle(db, folderId, services);
      const written = await writeExportText(ctx, f.fileName, f.text, opts.offerDownload);
      appendAudit(acting(ctx, call), {
        action: 'scheme.exported',
        object: folderId === null ? 'schemeFolder:all' : folderObject(getFolder(db, folderId)),
        summary: { after: { file: path.basename(written.path), schemes: f.schemes } },
      });
      return { ...written, schemes: f.schemes };
    },
    'schemes.importFile': async ({ folderId, name, content }, call) => {
      objectScope(db, call).requireFolder(folderId);
      const c = acting(ctx, call);
      const results = importSchemeText(db, { folderId, fileName: name, text: content, by: actorName(ctx, call) }, services, (imported) =>
        appendAudit(c, {
          action: 'scheme.imported',
          object: schemeObject(imported.result.schemeStoreId!, imported.result.version!, imported.name),
          summary: {
            after: { file: imported.result.source, folderId: imported.folderId, ...versionOf(imported.result.schemeStoreId!, imported.result.version!), problems: imported.result.problems.length },
          },
        }),
      );
      return { results };
    },

    'holidays.countries': async () => services.listHolidayCountries().map((c) => ({ code: c.code, name: c.name })),
    'holidays.regions': async ({ country }) => services.listHolidayRegions(country.toUpperCase()).map((c) => ({ code: c.code, name: c.name })),
    'holidays.fromPack': async ({ country, region, years, types, dayProfile }) =>
      services.holidaysFromPack({ country: country.toUpperCase(), years, dayProfile, ...(region ? { region } : {}), ...(types ? { types } : {}) }),
    'holidays.fromICal': async ({ content, dayProfile, years }) => services.specialDaysFromICal(content, { dayProfile, years }),
  };
}
