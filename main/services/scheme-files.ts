/**
 * Scheme files in and out of the library as use cases (contract calls `schemes.exportFile`, `schemes.exportFolder`,
 * `schemes.importFile`): one version as a scheme file, a folder as a `pmu-scheme-bundle`, written into the exports
 * folder (./export-files.ts) and recorded `scheme.exported` right after; imports of either into a folder
 * (main/schemes-io/scheme-files.ts, idempotent by content hash) recorded `scheme.imported` per stored scheme. The
 * scheme file codec is schemes/scheme-file.ts.
 */
import path from 'node:path';
import type { CallParsedArgs } from '../../contract';
import { parseSchemeFile, serializeScheme } from '../../schemes/scheme-file';
import { appendAudit } from '../audit/append';
import type { AppContext } from '../core/context';
import { exportFolderBundle, exportSchemeFile, importSchemeText, type SchemeFileCodec } from '../schemes-io/scheme-files';
import { getFolder, getSchemeEntry, getSchemeVersion } from '../store/schemes';
import { authorize } from './authorize';
import { writeExportText } from './export-files';
import { folderObject, schemeObject, scopeOf, versionOf } from './scheme-library';

/** The scheme file codec (schemes/scheme-file.ts). */
const CODEC: SchemeFileCodec = { parseSchemeFile: (text) => parseSchemeFile(text), serializeScheme };

/** Write one version as a scheme file into the exports folder (or to file `to`); recorded `scheme.exported` after. */
export async function exportSchemeFileAs(ctx: AppContext, args: CallParsedArgs<'schemes.exportFile'>, to?: string) {
  authorize(ctx, 'schemes.view');
  const { schemeStoreId, version } = args;
  scopeOf(ctx).requireScheme(schemeStoreId);
  const f = exportSchemeFile(ctx.db, schemeStoreId, version, CODEC);
  const written = await writeExportText(ctx, f.fileName, f.text, to);
  const v = getSchemeVersion(ctx.db, schemeStoreId, version);
  // The file is written first (atomically); its record right after.
  appendAudit(ctx, {
    action: 'scheme.exported',
    object: schemeObject(schemeStoreId, v.version, getSchemeEntry(ctx.db, schemeStoreId).name),
    summary: { after: { file: path.basename(written.path), sha256: v.contentSha256, schemes: f.schemes } },
  });
  return { ...written, schemes: f.schemes };
}

/** Write a folder as a scheme bundle into the exports folder (or to file `to`); recorded `scheme.exported` after. */
export async function exportSchemeFolderAs(ctx: AppContext, args: CallParsedArgs<'schemes.exportFolder'>, to?: string) {
  authorize(ctx, 'schemes.view');
  const { folderId } = args;
  scopeOf(ctx).requireFolder(folderId);
  const f = exportFolderBundle(ctx.db, folderId, CODEC);
  const written = await writeExportText(ctx, f.fileName, f.text, to);
  appendAudit(ctx, {
    action: 'scheme.exported',
    object: folderId === null ? 'schemeFolder:all' : folderObject(getFolder(ctx.db, folderId)),
    summary: { after: { file: path.basename(written.path), schemes: f.schemes } },
  });
  return { ...written, schemes: f.schemes };
}

/** Import a scheme file or bundle into a folder (`scheme.imported` per stored scheme). */
export function importSchemeFileAs(ctx: AppContext, args: CallParsedArgs<'schemes.importFile'>) {
  authorize(ctx, 'schemes.edit');
  const { folderId, name, content } = args;
  scopeOf(ctx).requireFolder(folderId);
  const c = ctx;
  const results = importSchemeText(ctx.db, { folderId, fileName: name, text: content, by: ctx.operator }, CODEC, (imported) =>
    appendAudit(c, {
      action: 'scheme.imported',
      object: schemeObject(imported.result.schemeStoreId!, imported.result.version!, imported.name),
      summary: {
        after: { file: imported.result.source, folderId: imported.folderId, ...versionOf(ctx, imported.result.schemeStoreId!, imported.result.version!), problems: imported.result.problems.length },
      },
    }),
  );
  return { results };
}
