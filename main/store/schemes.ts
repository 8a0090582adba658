/**
 * Tariff schemes in the local store (tables `schemes`, `scheme_versions`, migration 3) and, re-exported from
 * ./scheme-folders.ts, their folder tree. Every save is a new version 1, 2, 3… holding the whole scheme as
 * canonical JSON with its SHA-256 (./scheme-content.ts); a version is never changed or removed, and a deleted
 * scheme is only marked deleted, so staged programs and programming certificates keep pointing at the exact
 * content that was programmed. Functions of a better-sqlite3 `db`; writes run in one transaction and refuse
 * with plain StoreErrors (`NOT_FOUND`, `CONFLICT`, `INVALID_DATA`).
 */
import type { Database } from 'better-sqlite3';
import type { SchemeSummaryView } from '../../contract/schemes';
import type { MeterModel, TariffScheme } from '../../schemes/model';
import { StoreError } from '../core/errors';
import { canonicalSchemeJson, contentFromJson, parseSchemeContent, schemeContentHash } from './scheme-content';
import { cleanName, ensureFolderPath, getFolder, listFolders, write, type SchemeFolder } from './scheme-folders';

export {
  createFolder, deleteFolder, ensureFolderPath, getFolder, listFolders, moveFolder, renameFolder, type SchemeFolder,
} from './scheme-folders';
export { canonicalSchemeJson, parseSchemeContent, schemeContentHash } from './scheme-content';

/** A scheme as listed in the tree, its store row and its latest version: the contract's `SchemeSummaryView` (contract/schemes.ts). Times UTC ISO. */
export type SchemeSummary = Readonly<SchemeSummaryView>;

/** One saved version with its content. `savedUtc` UTC ISO; `contentSha256` of the canonical JSON. */
export interface StoredSchemeVersion {
  readonly schemeStoreId: number;
  readonly version: number;
  readonly content: TariffScheme;
  readonly contentSha256: string;
  readonly savedUtc: string;
  readonly savedBy: string;
  readonly note: string;
}

/** A version without its content (history lists). */
export type SchemeVersionInfo = Omit<StoredSchemeVersion, 'content'>;

interface VersionRow {
  scheme_id: number;
  version: number;
  content_json: string;
  content_sha256: string;
  saved_utc: string;
  saved_by: string;
  note: string;
}

interface SchemeRow {
  id: number;
  folder_id: number | null;
  name: string;
  deleted_utc: string | null;
}

/** Default folder of {@link findOrImportScheme}. */
export const IMPORTED_FOLDER = 'Imported schemes';

const info = (r: VersionRow): SchemeVersionInfo => ({
  schemeStoreId: r.scheme_id, version: r.version, contentSha256: r.content_sha256, savedUtc: r.saved_utc, savedBy: r.saved_by, note: r.note,
});

/** The scheme row `id` (deleted ones too when `allowDeleted`). @throws StoreError `NOT_FOUND`. */
function schemeRow(db: Database, id: number, allowDeleted: boolean): SchemeRow {
  const row = db.prepare('SELECT id, folder_id, name, deleted_utc FROM schemes WHERE id = ?').get(id) as SchemeRow | undefined;
  if (row === undefined || (!allowDeleted && row.deleted_utc !== null)) {
    throw new StoreError('NOT_FOUND', 'This scheme no longer exists (someone may have deleted it). Refresh the scheme list.');
  }
  return row;
}

function latestVersion(db: Database, id: number): number {
  return (db.prepare('SELECT max(version) AS v FROM scheme_versions WHERE scheme_id = ?').get(id) as { v: number | null }).v ?? 0;
}

/** Refuses `name` when another live scheme in `folderId` (other than `exceptId`) has it, ignoring case. */
function checkSchemeNameFree(db: Database, folderId: number | null, name: string, exceptId: number | null): void {
  const clash = db
    .prepare(
      `SELECT name FROM schemes WHERE coalesce(folder_id, 0) = ? AND name = ? COLLATE NOCASE AND deleted_utc IS NULL AND id IS NOT ?`,
    )
    .get(folderId ?? 0, name, exceptId) as { name: string } | undefined;
  if (clash !== undefined) throw new StoreError('CONFLICT', `There is already a scheme called '${clash.name}' here.`);
}

/** `name`, or `name (2)`, `name (3)`… — the first one free in `folderId`. */
function freeSchemeName(db: Database, folderId: number | null, name: string): string {
  const taken = (n: string) =>
    db.prepare('SELECT 1 FROM schemes WHERE coalesce(folder_id, 0) = ? AND name = ? COLLATE NOCASE AND deleted_utc IS NULL').get(folderId ?? 0, n) !== undefined;
  if (!taken(name)) return name;
  for (let k = 2; ; k++) {
    const suffix = ` (${k})`;
    const candidate = name.slice(0, 80 - suffix.length) + suffix;
    if (!taken(candidate)) return candidate;
  }
}

function insertVersion(db: Database, id: number, version: number, content: TariffScheme, by: string, note: string, nowUtc: string): void {
  db.prepare(
    'INSERT INTO scheme_versions (scheme_id, version, content_json, content_sha256, saved_utc, saved_by, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(id, version, canonicalSchemeJson(content), schemeContentHash(content), nowUtc, by, note);
}

/** Folders and live schemes (each with its latest version), by name (case-insensitive). */
export function listSchemeTree(db: Database): { folders: SchemeFolder[]; schemes: SchemeSummary[] } {
  const rows = db
    .prepare(
      `SELECT s.id, s.folder_id, s.name, v.version, v.saved_utc, v.saved_by,
              json_extract(v.content_json, '$.id') AS scheme_id, json_extract(v.content_json, '$.meterModel') AS meter_model
       FROM schemes s JOIN scheme_versions v ON v.scheme_id = s.id
       WHERE s.deleted_utc IS NULL AND v.version = (SELECT max(version) FROM scheme_versions WHERE scheme_id = s.id)
       ORDER BY s.name COLLATE NOCASE, s.id`,
    )
    .all() as { id: number; folder_id: number | null; name: string; version: number; saved_utc: string; saved_by: string; scheme_id: string; meter_model: MeterModel }[];
  return {
    folders: listFolders(db),
    schemes: rows.map((r) => ({
      id: r.id, folderId: r.folder_id, name: r.name, schemeId: r.scheme_id, meterModel: r.meter_model,
      latestVersion: r.version, savedUtc: r.saved_utc, savedBy: r.saved_by,
    })),
  };
}

/**
 * Creates a scheme in `folderId` (null = top level) with `content` as version 1. `name` (default the
 * content's name) is the tree name; `by` who saves it.
 * @throws StoreError `INVALID_DATA` (content fails the model, empty name), `NOT_FOUND` (folder), `CONFLICT` (name taken).
 */
export function createScheme(
  db: Database,
  input: { folderId: number | null; content: TariffScheme; by: string; note?: string; name?: string; nowUtc?: string },
): { schemeStoreId: number; version: number } {
  const content = parseSchemeContent(input.content);
  const name = cleanName(input.name ?? content.name, 'scheme');
  const now = input.nowUtc ?? new Date().toISOString();
  return write(db, 'create the scheme', () => {
    if (input.folderId !== null) getFolder(db, input.folderId);
    checkSchemeNameFree(db, input.folderId, name, null);
    const id = Number(
      db.prepare('INSERT INTO schemes (folder_id, name, created_utc, created_by) VALUES (?, ?, ?, ?)').run(input.folderId, name, now, input.by).lastInsertRowid,
    );
    insertVersion(db, id, 1, content, input.by, input.note ?? '', now);
    return { schemeStoreId: id, version: 1 };
  });
}

/**
 * Saves `content` as the next version of scheme `schemeStoreId`. `baseVersion` is the version the editor
 * opened: when someone saved after it, the save is refused (nothing is lost: the editor keeps its text).
 * Content equal to the latest version's is not saved again: the latest version is returned with `unchanged`.
 * @throws StoreError `NOT_FOUND` (scheme or base version), `CONFLICT` (stale base), `INVALID_DATA` (content).
 */
export function saveSchemeVersion(
  db: Database,
  input: { schemeStoreId: number; content: TariffScheme; by: string; note?: string; baseVersion?: number; nowUtc?: string },
): { version: number; unchanged: boolean } {
  const content = parseSchemeContent(input.content);
  return write(db, 'save the scheme', () => {
    schemeRow(db, input.schemeStoreId, false);
    const latest = latestVersion(db, input.schemeStoreId);
    if (input.baseVersion !== undefined && input.baseVersion > latest) {
      throw new StoreError('NOT_FOUND', `Version ${input.baseVersion} of this scheme does not exist (the latest is ${latest}). Reload the scheme.`);
    }
    if (input.baseVersion !== undefined && input.baseVersion < latest) {
      throw new StoreError(
        'CONFLICT',
        `Someone saved version ${latest} of this scheme after you opened version ${input.baseVersion}. Reload it and apply your change again.`,
      );
    }
    const latestHash = (db.prepare('SELECT content_sha256 AS h FROM scheme_versions WHERE scheme_id = ? AND version = ?').get(input.schemeStoreId, latest) as { h: string }).h;
    if (latestHash === schemeContentHash(content)) return { version: latest, unchanged: true };
    insertVersion(db, input.schemeStoreId, latest + 1, content, input.by, input.note ?? '', input.nowUtc ?? new Date().toISOString());
    return { version: latest + 1, unchanged: false };
  });
}

/**
 * Version `version` (default the latest) of scheme `schemeStoreId`, with its content. Works for deleted
 * schemes too (staged programs and certificates refer to them). @throws StoreError `NOT_FOUND`.
 */
export function getSchemeVersion(db: Database, schemeStoreId: number, version?: number): StoredSchemeVersion {
  schemeRow(db, schemeStoreId, true);
  const v = version ?? latestVersion(db, schemeStoreId);
  const row = db.prepare('SELECT * FROM scheme_versions WHERE scheme_id = ? AND version = ?').get(schemeStoreId, v) as VersionRow | undefined;
  if (row === undefined) throw new StoreError('NOT_FOUND', `This scheme has no version ${v}. Choose one from its history.`);
  return { ...info(row), content: contentFromJson(row.content_json) };
}

/** Every version of scheme `schemeStoreId` without content, newest first. @throws StoreError `NOT_FOUND`. */
export function listSchemeVersions(db: Database, schemeStoreId: number): SchemeVersionInfo[] {
  schemeRow(db, schemeStoreId, true);
  return (db.prepare('SELECT * FROM scheme_versions WHERE scheme_id = ? ORDER BY version DESC').all(schemeStoreId) as VersionRow[]).map(info);
}

/** The tree entry of scheme `id` (live or deleted): its store row. @throws StoreError `NOT_FOUND`. */
export function getSchemeEntry(db: Database, id: number): { id: number; folderId: number | null; name: string; deletedUtc: string | null } {
  const r = schemeRow(db, id, true);
  return { id: r.id, folderId: r.folder_id, name: r.name, deletedUtc: r.deleted_utc };
}

/** Renames scheme `id` in the tree (its content is unchanged). @throws StoreError `NOT_FOUND`, `INVALID_DATA`, `CONFLICT`. */
export function renameScheme(db: Database, id: number, name: string): void {
  const clean = cleanName(name, 'scheme');
  write(db, 'rename the scheme', () => {
    const row = schemeRow(db, id, false);
    checkSchemeNameFree(db, row.folder_id, clean, id);
    db.prepare('UPDATE schemes SET name = ? WHERE id = ?').run(clean, id);
  });
}

/** Moves scheme `id` into `folderId` (null = top level). @throws StoreError `NOT_FOUND`, `CONFLICT` (name taken there). */
export function moveScheme(db: Database, id: number, folderId: number | null): void {
  write(db, 'move the scheme', () => {
    const row = schemeRow(db, id, false);
    if (folderId !== null) getFolder(db, folderId);
    checkSchemeNameFree(db, folderId, row.name, id);
    db.prepare('UPDATE schemes SET folder_id = ? WHERE id = ?').run(folderId, id);
  });
}

/** Marks scheme `id` deleted (its versions stay for staged programs and certificates). @throws StoreError `NOT_FOUND`. */
export function deleteScheme(db: Database, id: number, nowUtc?: string): void {
  write(db, 'delete the scheme', () => {
    schemeRow(db, id, false);
    db.prepare('UPDATE schemes SET deleted_utc = ? WHERE id = ?').run(nowUtc ?? new Date().toISOString(), id);
  });
}

/**
 * The live scheme version whose content equals `content` (same canonical hash), newest save first, with
 * the scheme's tree name; null when there is none.
 */
export function findSchemeByContent(db: Database, content: TariffScheme): { schemeStoreId: number; version: number; name: string } | null {
  const hash = schemeContentHash(parseSchemeContent(content));
  const row = db
    .prepare(
      `SELECT v.scheme_id, v.version, s.name FROM scheme_versions v JOIN schemes s ON s.id = v.scheme_id
       WHERE v.content_sha256 = ? AND s.deleted_utc IS NULL ORDER BY v.saved_utc DESC, v.scheme_id DESC, v.version DESC LIMIT 1`,
    )
    .get(hash) as { scheme_id: number; version: number; name: string } | undefined;
  return row === undefined ? null : { schemeStoreId: row.scheme_id, version: row.version, name: row.name };
}

/**
 * The stored version holding exactly `content` (see {@link findSchemeByContent}), or a new scheme with it:
 * in folder `folderId` when given (null = top level), else in folder `folderName` at the top level (default
 * {@link IMPORTED_FOLDER}, created when missing). The new scheme is called `name` (default the content's
 * name); a name taken in that folder gets ` (2)`, ` (3)`…. Idempotent: importing the same content twice gives
 * the same version. `created` says which happened, `name` is the tree name of the scheme found or made.
 * @throws StoreError `INVALID_DATA` (content), `NOT_FOUND` (folder).
 */
export function findOrImportScheme(
  db: Database,
  content: TariffScheme,
  opts: { by: string; folderName?: string; folderId?: number | null; name?: string; note?: string; nowUtc?: string },
): { schemeStoreId: number; version: number; created: boolean; name: string } {
  const parsed = parseSchemeContent(content);
  return write(db, 'import the scheme', () => {
    const found = findSchemeByContent(db, parsed);
    if (found !== null) return { ...found, created: false };
    const folderId = opts.folderId !== undefined ? opts.folderId : ensureFolderPath(db, null, [opts.folderName ?? IMPORTED_FOLDER], opts.nowUtc);
    if (folderId !== null) getFolder(db, folderId);
    const name = freeSchemeName(db, folderId, cleanName(opts.name ?? parsed.name, 'scheme'));
    const made = createScheme(db, { folderId, content: parsed, by: opts.by, name, note: opts.note ?? 'imported', ...(opts.nowUtc ? { nowUtc: opts.nowUtc } : {}) });
    return { ...made, created: true, name };
  });
}
