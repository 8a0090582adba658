/**
 * The tariff-scheme library as use cases (contract/schemes.ts calls): the folder tree, schemes and their saved
 * versions (main/store/schemes.ts), the diff of two versions. Each checks the acting user's permission
 * (`schemes.view` / `schemes.edit`, ./authorize.ts) and scheme-folder scope (./object-scope.ts: a user limited to some
 * folders sees and changes only those, with their sub-folders), and records every change in the audit trail in the
 * same transaction (main/audit/record-change.ts): `scheme.saved`, `scheme.renamed`, `scheme.moved`, `scheme.deleted`,
 * `schemeFolder.saved` (created, renamed, moved), `schemeFolder.deleted`. Store refusals are plain StoreErrors
 * (NOT_FOUND, CONFLICT, INVALID_DATA). Scheme files and bundles: ./scheme-files.ts.
 */
import { IANAZone } from 'luxon';
import type { CallParsedArgs, SchemeSummaryView } from '../../contract';
import { diffSchemes } from '../../schemes/diff';
import { dstRuleForZone } from '../../schemes/dst-template';
import { newScheme } from '../../schemes/model';
import { recordChange } from '../audit/record-change';
import type { AppContext } from '../core/context';
import {
  createFolder, createScheme, deleteFolder, deleteScheme, getFolder, getSchemeEntry, getSchemeVersion, listSchemeTree,
  listSchemeVersions, moveFolder, moveScheme, renameFolder, renameScheme, saveSchemeVersion, type SchemeFolder,
} from '../store/schemes';
import { authorize } from './authorize';
import { ServiceError } from './errors';
import { objectScope } from './object-scope';

/** The audit object of scheme `id` at `version`: `scheme:3 v2 Economy 7`. */
export function schemeObject(id: number, version: number, name: string): string {
  return `scheme:${id} v${version} ${name}`;
}

/** The audit object of a folder: `schemeFolder:4 Domestic`. */
export const folderObject = (f: SchemeFolder): string => `schemeFolder:${f.id} ${f.name}`;

/** The scope checks of the acting user (./object-scope.ts). */
export const scopeOf = (ctx: AppContext) => objectScope(ctx.db, ctx.actor ? { actor: ctx.actor } : undefined);

/** Version `version`'s record of scheme `id` without content: `{ version, sha256 }`, or null. */
export function versionOf(ctx: AppContext, id: number, version: number): { version: number; sha256: string } | null {
  const v = listSchemeVersions(ctx.db, id).find((x) => x.version === version);
  return v ? { version: v.version, sha256: v.contentSha256 } : null;
}

function summaryOf(ctx: AppContext, id: number): SchemeSummaryView {
  const s = listSchemeTree(ctx.db).schemes.find((x) => x.id === id);
  if (!s) throw new ServiceError('NOT_FOUND', 'This scheme no longer exists. Refresh the scheme list.');
  return { ...s };
}

/** A folder change (create, rename, move) with its `schemeFolder.saved` record. */
function folderChange(ctx: AppContext, change: () => { before: SchemeFolder | null; after: SchemeFolder }): SchemeFolder {
  return recordChange(ctx, change, ({ before, after }) => ({
    action: 'schemeFolder.saved',
    object: folderObject(after),
    summary: { ...(before ? { before: { name: before.name, parentId: before.parentId } } : {}), after: { name: after.name, parentId: after.parentId } },
  })).after;
}

/** The folder tree and schemes the user may see (a user limited to some folders sees those, with their sub-folders). */
export function schemeTreeAs(ctx: AppContext) {
  authorize(ctx, 'schemes.view');
  // A user limited to some folders sees those folders (with their sub-folders) and the schemes in them.
  const scope = scopeOf(ctx);
  const t = listSchemeTree(ctx.db);
  const folders = t.folders.filter((f) => scope.folderAllowed(f.id));
  const shown = new Set(folders.map((f) => f.id));
  const schemes = t.schemes.filter((x) => (x.folderId === null ? scope.folderAllowed(null) : shown.has(x.folderId)));
  return { folders: folders.map((f) => ({ ...f })), schemes: schemes.map((x) => ({ ...x })) };
}

/** Create a folder (`schemeFolder.saved`). */
export function createFolderAs(ctx: AppContext, args: CallParsedArgs<'schemes.createFolder'>) {
  authorize(ctx, 'schemes.edit');
  const { parentId, name } = args;
  scopeOf(ctx).requireFolder(parentId);
  return { ...folderChange(ctx, () => ({ before: null, after: createFolder(ctx.db, { parentId, name }) })) };
}

/** Rename a folder (`schemeFolder.saved`). */
export function renameFolderAs(ctx: AppContext, args: CallParsedArgs<'schemes.renameFolder'>) {
  authorize(ctx, 'schemes.edit');
  const { id, name } = args;
  scopeOf(ctx).requireFolder(id);
  return {
    ...folderChange(ctx, () => {
      const before = getFolder(ctx.db, id);
      renameFolder(ctx.db, id, name);
      return { before, after: getFolder(ctx.db, id) };
    }),
  };
}

/** Move a folder under another (`schemeFolder.saved`). */
export function moveFolderAs(ctx: AppContext, args: CallParsedArgs<'schemes.moveFolder'>) {
  authorize(ctx, 'schemes.edit');
  const { id, parentId } = args;
  const scope = scopeOf(ctx);
  scope.requireFolder(id);
  scope.requireFolder(parentId);
  return {
    ...folderChange(ctx, () => {
      const before = getFolder(ctx.db, id);
      moveFolder(ctx.db, id, parentId);
      return { before, after: getFolder(ctx.db, id) };
    }),
  };
}

/** Delete an empty folder (`schemeFolder.deleted`). */
export function deleteFolderAs(ctx: AppContext, args: CallParsedArgs<'schemes.deleteFolder'>) {
  authorize(ctx, 'schemes.edit');
  const { id } = args;
  scopeOf(ctx).requireFolder(id);
  recordChange(
    ctx,
    () => {
      const before = getFolder(ctx.db, id);
      deleteFolder(ctx.db, id);
      return before;
    },
    (before) => ({ action: 'schemeFolder.deleted', object: folderObject(before), summary: { before: { name: before.name, parentId: before.parentId } } }),
  );
  return { deleted: true };
}

/** Create a scheme from the template of its zone (`scheme.saved`, note "created"). */
export function createSchemeAs(ctx: AppContext, args: CallParsedArgs<'schemes.create'>) {
  authorize(ctx, 'schemes.edit');
  const { folderId, name, schemeId, meterModel, zone } = args;
  scopeOf(ctx).requireFolder(folderId);
  if (!IANAZone.isValidZone(zone)) {
    throw new ServiceError('BAD_ARGUMENTS', `The time zone "${zone}" is not known. Use a name such as Europe/London or Europe/Berlin.`);
  }
  // The template's DST rule follows the zone's real clock changes (newScheme's EU rule fits UTC+1 zones only).
  const content = { ...newScheme(schemeId, name, meterModel, zone), dst: dstRuleForZone(zone, new Date().getUTCFullYear()) };
  const made = recordChange(
    ctx,
    () => createScheme(ctx.db, { folderId, name, content, by: ctx.operator, note: 'created' }),
    (m) => ({
      action: 'scheme.saved',
      object: schemeObject(m.schemeStoreId, m.version, getSchemeEntry(ctx.db, m.schemeStoreId).name),
      summary: { after: { ...versionOf(ctx, m.schemeStoreId, m.version), folderId, schemeId, meterModel, note: 'created' } },
    }),
  );
  return { schemeStoreId: made.schemeStoreId, version: made.version };
}

/** One saved version of a scheme with its history. */
export function schemeAs(ctx: AppContext, args: CallParsedArgs<'schemes.get'>) {
  authorize(ctx, 'schemes.view');
  const { schemeStoreId, version } = args;
  scopeOf(ctx).requireScheme(schemeStoreId);
  const v = getSchemeVersion(ctx.db, schemeStoreId, version);
  const entry = getSchemeEntry(ctx.db, schemeStoreId);
  return {
    schemeStoreId: v.schemeStoreId, version: v.version, contentSha256: v.contentSha256, savedUtc: v.savedUtc, savedBy: v.savedBy, note: v.note,
    content: v.content, name: entry.name, folderId: entry.folderId, deleted: entry.deletedUtc !== null,
    versions: listSchemeVersions(ctx.db, schemeStoreId).map((x) => ({ ...x })),
  };
}

/** Save a new version (stale saves refused; unchanged content records nothing). */
export function saveSchemeAs(ctx: AppContext, args: CallParsedArgs<'schemes.save'>) {
  authorize(ctx, 'schemes.edit');
  const { schemeStoreId, content, baseVersion, note } = args;
  scopeOf(ctx).requireScheme(schemeStoreId);
  return recordChange(
    ctx,
    () => saveSchemeVersion(ctx.db, { schemeStoreId, content, baseVersion, by: ctx.operator, ...(note !== undefined ? { note } : {}) }),
    // Content equal to the latest version is not saved again: nothing to record.
    (r) =>
      r.unchanged
        ? null
        : {
            action: 'scheme.saved',
            object: schemeObject(schemeStoreId, r.version, getSchemeEntry(ctx.db, schemeStoreId).name),
            summary: { before: versionOf(ctx, schemeStoreId, r.version - 1), after: { ...versionOf(ctx, schemeStoreId, r.version), ...(note ? { note } : {}) } },
          },
  );
}

/** Rename a scheme (`scheme.renamed`). */
export function renameSchemeAs(ctx: AppContext, args: CallParsedArgs<'schemes.rename'>) {
  authorize(ctx, 'schemes.edit');
  const { schemeStoreId, name } = args;
  scopeOf(ctx).requireScheme(schemeStoreId);
  return recordChange(
    ctx,
    () => {
      const before = getSchemeEntry(ctx.db, schemeStoreId).name;
      renameScheme(ctx.db, schemeStoreId, name);
      return { before, after: summaryOf(ctx, schemeStoreId) };
    },
    ({ before, after: x }) => ({ action: 'scheme.renamed', object: schemeObject(x.id, x.latestVersion, x.name), summary: { before: { name: before }, after: { name: x.name } } }),
  ).after;
}

/** Move a scheme to a folder (`scheme.moved`). */
export function moveSchemeAs(ctx: AppContext, args: CallParsedArgs<'schemes.move'>) {
  authorize(ctx, 'schemes.edit');
  const { schemeStoreId, folderId } = args;
  const scope = scopeOf(ctx);
  scope.requireScheme(schemeStoreId);
  scope.requireFolder(folderId);
  return recordChange(
    ctx,
    () => {
      const before = getSchemeEntry(ctx.db, schemeStoreId).folderId;
      moveScheme(ctx.db, schemeStoreId, folderId);
      return { before, after: summaryOf(ctx, schemeStoreId) };
    },
    ({ before, after: x }) => ({ action: 'scheme.moved', object: schemeObject(x.id, x.latestVersion, x.name), summary: { before: { folderId: before }, after: { folderId: x.folderId } } }),
  ).after;
}

/** Soft-delete a scheme (`scheme.deleted`). */
export function deleteSchemeAs(ctx: AppContext, args: CallParsedArgs<'schemes.delete'>) {
  authorize(ctx, 'schemes.edit');
  const { schemeStoreId } = args;
  scopeOf(ctx).requireScheme(schemeStoreId);
  recordChange(
    ctx,
    () => {
      const before = summaryOf(ctx, schemeStoreId);
      deleteScheme(ctx.db, schemeStoreId);
      return before;
    },
    (x) => ({ action: 'scheme.deleted', object: schemeObject(x.id, x.latestVersion, x.name), summary: { before: { name: x.name, folderId: x.folderId, latestVersion: x.latestVersion } } }),
  );
  return { deleted: true };
}

/** What differs between two versions (schemes/diff.ts). */
export function diffSchemesAs(ctx: AppContext, args: CallParsedArgs<'schemes.diff'>) {
  authorize(ctx, 'schemes.view');
  const { left, right } = args;
  const scope = scopeOf(ctx);
  scope.requireScheme(left.schemeStoreId);
  scope.requireScheme(right.schemeStoreId);
  return diffSchemes(getSchemeVersion(ctx.db, left.schemeStoreId, left.version).content, getSchemeVersion(ctx.db, right.schemeStoreId, right.version).content);
}
