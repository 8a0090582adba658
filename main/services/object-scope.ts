/**
 * Object scopes of the scheme, staging, programming and certificate calls (docs/security.md "Object scopes"): a user
 * limited to some scheme folders sees and changes only those folders (with their sub-folders) and their schemes; a
 * user limited to some meter groups sees and works on only those meters' staged programs, jobs and certificates.
 * The checks are main/auth/actor.ts `canAccessSchemeFolder` / `allowedMeters` (as `canAccessMeter`); refusals are AuthError FORBIDDEN
 * with a plain sentence. A call without an actor (handler tests that call a handler directly) is not limited: the
 * dispatcher always passes one for these calls (none of them is public).
 */
import type { Database } from 'better-sqlite3';
import { allowedMeters, canAccessSchemeFolder, type Actor } from '../auth/actor';
import { AuthError } from '../auth/errors';
import { getSchemeEntry } from '../store/schemes';

/** The scope checks of one call (see the file comment). */
export interface ObjectScope {
  /** True when the actor may see and work in folder `folderId` (null = the top level). */
  folderAllowed(folderId: number | null): boolean;
  /** @throws AuthError FORBIDDEN unless the actor may work in folder `folderId` (null = the top level). */
  requireFolder(folderId: number | null): void;
  /** @throws AuthError FORBIDDEN unless the actor may work in the folder of scheme `schemeStoreId`; StoreError NOT_FOUND. */
  requireScheme(schemeStoreId: number): void;
  /** True when the actor may work on meter `serial`. */
  meterAllowed(serial: string): boolean;
  /** @throws AuthError FORBIDDEN unless the actor may work on meter `serial`. */
  requireMeter(serial: string): void;
}

/** The plain refusal of folder `folderId` (null = the top level) outside the user's scheme folders. */
export function folderRefused(folderId: number | null): string {
  return folderId === null
    ? 'Your account is limited to some scheme folders: choose one of them (the top level of the library is outside them).'
    : 'This folder is outside your scheme folders. Ask an administrator for access.';
}

/** The plain refusal of a scheme in a folder outside the user's scheme folders. */
export const SCHEME_REFUSED = 'This scheme is outside your scheme folders. Ask an administrator for access.';

/** The plain refusal of a meter outside the user's meter groups (as main/services/meter-access.ts says it). */
export function meterRefused(serial: string): string {
  return `Meter ${serial} is not in your meter groups. Ask an administrator to add it.`;
}

/** The scope checks of `call`'s actor over `db`. */
export function objectScope(db: Database, call: { readonly actor?: Actor | null } | undefined): ObjectScope {
  const actor: Actor | null = call?.actor ?? null;
  let meters: Set<string> | null | undefined;
  const folderAllowed = (folderId: number | null) => actor === null || canAccessSchemeFolder(db, actor, folderId);
  const meterAllowed = (serial: string) => {
    if (actor === null || actor.meterGroups === null) return true;
    meters ??= allowedMeters(db, actor);
    return meters === null || meters.has(serial.trim().toUpperCase());
  };
  const requireFolder = (folderId: number | null) => {
    if (!folderAllowed(folderId)) throw new AuthError('FORBIDDEN', folderRefused(folderId));
  };
  return {
    folderAllowed,
    requireFolder,
    requireScheme: (id) => {
      if (actor === null || actor.schemeFolders === null) return;
      if (!folderAllowed(getSchemeEntry(db, id).folderId)) throw new AuthError('FORBIDDEN', SCHEME_REFUSED);
    },
    meterAllowed,
    requireMeter: (serial) => {
      if (!meterAllowed(serial)) throw new AuthError('FORBIDDEN', meterRefused(serial));
    },
  };
}
