/**
 * Scheme files in and out of the store: one scheme version as a scheme file (schemes/scheme-file.ts format,
 * written by the injected codec), a folder as one bundle file, and importing either into a folder.
 *
 * Bundle format (JSON, no zip): `{ format: 'pmu-scheme-bundle', formatVersion: 1, exportedUtc, folder,
 * schemes: [{ name, folder, version, savedUtc, savedBy, note, scheme }] }` where `folder` of an entry is the
 * path of subfolder names below the exported folder (`[]` = the folder itself) and `scheme` the scheme file's
 * content. Import recreates that subfolder path below the target folder.
 *
 * Import is idempotent: a scheme whose canonical content hash is already stored is reported as
 * "Already present as 'Domestic' version 3." and not stored again. Each scheme is stored in its own
 * transaction: a bad scheme of a bundle does not stop the good ones, and nothing half-made is left.
 */
import type { Database } from 'better-sqlite3';
import type { SchemeImportResultView, SchemeProblemView } from '../../contract';
import type { TariffScheme } from '../../schemes/model';
import { StoreError, toStoreError } from '../core/errors';
import {
  ensureFolderPath, findOrImportScheme, findSchemeByContent, getFolder, getSchemeEntry, getSchemeVersion, listSchemeTree, type SchemeFolder,
} from '../store/schemes';

/** Reads and writes scheme files (schemes/scheme-file.ts). */
export interface SchemeFileCodec {
  /** A scheme file's text → the scheme (null when it cannot be used) and every problem found. Never throws. */
  parseSchemeFile(text: string): { scheme: TariffScheme | null; problems: SchemeProblemView[] };
  /** The scheme file text of `scheme` (stable: equal schemes give equal text). */
  serializeScheme(scheme: TariffScheme): string;
}

/** Format tag of a bundle file. */
export const BUNDLE_FORMAT = 'pmu-scheme-bundle';
/** Current bundle format version. */
export const BUNDLE_FORMAT_VERSION = 1;

/** A file to write: its suggested name and whole text. */
export interface SchemeFileOut {
  readonly fileName: string;
  readonly text: string;
  /** Schemes in the file. */
  readonly schemes: number;
}

/** A safe file-name part: letters, digits, `.`, `_` and `-`, at most 40 characters. */
export function fileNamePart(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 40) || 'scheme';
}

/**
 * Version `version` (default the latest) of scheme `schemeStoreId` as a scheme file named
 * `<tree name>_v<version>.json`. @throws StoreError `NOT_FOUND`.
 */
export function exportSchemeFile(db: Database, schemeStoreId: number, version: number | undefined, codec: SchemeFileCodec): SchemeFileOut {
  const v = getSchemeVersion(db, schemeStoreId, version);
  const entry = getSchemeEntry(db, schemeStoreId);
  return { fileName: `${fileNamePart(entry.name)}_v${v.version}.json`, text: codec.serializeScheme(v.content), schemes: 1 };
}

/**
 * The latest version of every live scheme in folder `folderId` and its subfolders (null = the whole tree) as
 * one bundle file `<folder name>.pmu-schemes.json` (`all-schemes…` for the whole tree).
 * @throws StoreError `NOT_FOUND` (folder missing, or no scheme in it).
 */
export function exportFolderBundle(db: Database, folderId: number | null, codec: SchemeFileCodec, nowUtc = new Date().toISOString()): SchemeFileOut {
  const root = folderId === null ? null : getFolder(db, folderId);
  const tree = listSchemeTree(db);
  const byId = new Map(tree.folders.map((f) => [f.id, f]));
  /** Subfolder names from `root` down to folder `id`, or null when `id` is not below `root`. */
  const relPath = (id: number | null): string[] | null => {
    const names: string[] = [];
    for (let at: SchemeFolder | undefined = id === null ? undefined : byId.get(id); ; at = at.parentId === null ? undefined : byId.get(at.parentId)) {
      if ((at?.id ?? null) === (root?.id ?? null)) return names.reverse();
      if (at === undefined) return null;
      names.push(at.name);
    }
  };
  const entries = tree.schemes
    .map((s) => ({ s, path: relPath(s.folderId) }))
    .filter((e): e is { s: (typeof tree.schemes)[number]; path: string[] } => e.path !== null)
    .sort((a, b) => a.path.join('/').localeCompare(b.path.join('/')) || a.s.name.localeCompare(b.s.name));
  if (entries.length === 0) {
    throw new StoreError('NOT_FOUND', root ? `The folder '${root.name}' holds no schemes to export.` : 'There are no schemes to export.');
  }
  const schemes = entries.map(({ s, path }) => {
    const v = getSchemeVersion(db, s.id);
    return { name: s.name, folder: path, version: v.version, savedUtc: v.savedUtc, savedBy: v.savedBy, note: v.note, scheme: JSON.parse(codec.serializeScheme(v.content)) as unknown };
  });
  const bundle = { format: BUNDLE_FORMAT, formatVersion: BUNDLE_FORMAT_VERSION, exportedUtc: nowUtc, folder: root?.name ?? null, schemes };
  return { fileName: `${root ? fileNamePart(root.name) : 'all-schemes'}.pmu-schemes.json`, text: `${JSON.stringify(bundle, null, 2)}\n`, schemes: schemes.length };
}

/** One scheme to import: where it came from, its file text, and (bundles) its name and subfolder path. */
interface Candidate {
  readonly source: string;
  readonly text: string;
  readonly name?: string;
  readonly folder: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A bundle's schemes as candidates, or null when `text` is not a bundle; throws plain problems of a broken bundle. */
function bundleCandidates(fileName: string, text: string): Candidate[] | SchemeImportResultView | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(json) || json.format !== BUNDLE_FORMAT) return null;
  const refuse = (message: string): SchemeImportResultView => ({
    source: fileName, result: 'problems', schemeStoreId: null, version: null, message,
    problems: [{ path: '', severity: 'error', code: 'bad-bundle', message }],
  });
  if (json.formatVersion !== undefined && json.formatVersion !== BUNDLE_FORMAT_VERSION) {
    return refuse(`This scheme bundle has format version ${String(json.formatVersion)}; this app reads version ${BUNDLE_FORMAT_VERSION}. Update PMU Workstation to import it.`);
  }
  if (!Array.isArray(json.schemes)) return refuse('This scheme bundle has no list of schemes ("schemes"). The file is damaged; export it again.');
  return json.schemes.map((entry: unknown, i): Candidate => {
    const e = isRecord(entry) ? entry : {};
    const name = typeof e.name === 'string' && e.name.trim() !== '' ? e.name.trim() : undefined;
    const folder = Array.isArray(e.folder) ? e.folder.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : [];
    return { source: `${fileName} › ${name ?? `scheme ${i + 1}`}`, text: JSON.stringify(e.scheme ?? null), folder, ...(name ? { name } : {}) };
  });
}

/** A scheme stored by an import: its result and the folder it went into (for the caller's audit record). */
export interface ImportedScheme {
  readonly result: SchemeImportResultView;
  readonly folderId: number | null;
  readonly name: string;
}

/**
 * Imports the scheme file or bundle `text` (named `fileName`, a label) into folder `folderId` (null = top
 * level) as `by`. One result per scheme: `imported` (a new scheme; validation problems that remain are
 * listed), `already-present` (same content stored: nothing changed) or `problems` (cannot be read: nothing
 * stored). `onImported` runs for each new scheme INSIDE the transaction that stores it (the audit record of
 * main/api/handlers/schemes.ts commits with the scheme; when it throws, that scheme is not stored).
 * @throws StoreError `NOT_FOUND` when the folder does not exist; store failures.
 */
export function importSchemeText(
  db: Database,
  input: { folderId: number | null; fileName: string; text: string; by: string; nowUtc?: string },
  codec: SchemeFileCodec,
  onImported?: (imported: ImportedScheme) => void,
): SchemeImportResultView[] {
  if (input.folderId !== null) getFolder(db, input.folderId);
  const bundle = bundleCandidates(input.fileName, input.text);
  if (bundle !== null && !Array.isArray(bundle)) return [bundle];
  const candidates: Candidate[] = bundle ?? [{ source: input.fileName, text: input.text, folder: [] }];
  if (candidates.length === 0) {
    return [{ source: input.fileName, result: 'problems', schemeStoreId: null, version: null, message: 'This scheme bundle holds no schemes.', problems: [] }];
  }
  return candidates.map((c) => importOne(db, c, input, codec, onImported));
}

/** Imports one candidate: parse and validate first (an unreadable scheme stores nothing), then folders and scheme in one transaction. */
function importOne(
  db: Database,
  c: Candidate,
  input: { folderId: number | null; by: string; nowUtc?: string },
  codec: SchemeFileCodec,
  onImported?: (imported: ImportedScheme) => void,
): SchemeImportResultView {
  const parsed = codec.parseSchemeFile(c.text);
  const problems: SchemeProblemView[] = parsed.problems.map((p) => ({ path: p.path, severity: p.severity, code: p.code, message: p.message }));
  if (parsed.scheme === null) {
    const first = problems.find((p) => p.severity === 'error')?.message ?? 'The file is not a tariff scheme.';
    return { source: c.source, result: 'problems', schemeStoreId: null, version: null, message: `Not imported: ${first}`, problems };
  }
  const scheme = parsed.scheme;
  const store = (): SchemeImportResultView => {
    const found = findSchemeByContent(db, scheme);
    if (found !== null) {
      return { source: c.source, result: 'already-present', schemeStoreId: found.schemeStoreId, version: found.version, message: `Already present as '${found.name}' version ${found.version}.`, problems: [] };
    }
    const folderId = ensureFolderPath(db, input.folderId, c.folder, input.nowUtc);
    const r = findOrImportScheme(db, scheme, { by: input.by, folderId, ...(c.name ? { name: c.name } : {}), ...(input.nowUtc ? { nowUtc: input.nowUtc } : {}) });
    const result: SchemeImportResultView = {
      source: c.source, result: 'imported', schemeStoreId: r.schemeStoreId, version: r.version, message: `Imported as '${r.name}' version ${r.version}.`, problems,
    };
    onImported?.({ result, folderId, name: r.name });
    return result;
  };
  try {
    return db.transaction(store)();
  } catch (err) {
    // Store failures become plain StoreErrors; the hook's own errors (e.g. an audit key file others can read) stay as they are.
    if (err instanceof StoreError || (err instanceof Error && /^SQLITE_/.test(String((err as { code?: unknown }).code)))) throw toStoreError(err, db.name, 'import the scheme');
    throw err;
  }
}
