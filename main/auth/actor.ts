/**
 * What an actor (main/core/actor.ts) may do. The actor: who performs a call or command — a signed-in user, the OS user in setup mode (no user exists yet),
 * or the workstation itself for background work (the folder watcher). Services read it from the per-call context
 * (`ctx.actor`, main/services/context.ts) for `operator` fields and audit records; permission checks use it.
 * Object scopes: a user may be limited to some scheme folders and/or meter groups (user_scopes, migration 4);
 * {@link canAccessMeter} and {@link canAccessSchemeFolder} are the checks services call.
 */
import type { Database } from 'better-sqlite3';
import type { Actor } from '../core/actor';
import { MAX_METER_LEVEL, roleHas, type Permission } from './permissions';

export { setupActor, systemActor, type Actor } from '../core/actor';

/** True when `actor` may do what `permission` covers (setup mode: everything; system: nothing). */
export function hasPermission(actor: Actor | null, permission: Permission): boolean {
  if (permission === 'public') return true;
  if (actor === null) return false;
  if (actor.setupMode) return true;
  if (actor.role === 'system') return false;
  return roleHas(actor.role, permission);
}

/** Highest meter password security level `actor` may use (0 = none). */
export function maxMeterLevel(actor: Actor | null): 0 | 1 | 2 | 3 {
  if (actor === null || actor.role === 'system') return 0;
  return actor.setupMode ? 3 : MAX_METER_LEVEL[actor.role];
}

/** Serial numbers of the meters in `groups` (upper-cased for comparison). */
export function serialsOfGroups(db: Database, groups: readonly number[]): Set<string> {
  if (groups.length === 0) return new Set();
  const rows = db
    .prepare(`SELECT meter_serial AS s FROM meter_group_members WHERE group_id IN (${groups.map(() => '?').join(',')})`)
    .all(...groups) as { s: string }[];
  return new Set(rows.map((r) => r.s.toUpperCase()));
}

/**
 * The meters `actor` may work on: null = every meter; else the set of serial numbers (upper case) of its groups.
 */
export function allowedMeters(db: Database, actor: Actor): Set<string> | null {
  return actor.meterGroups === null ? null : serialsOfGroups(db, actor.meterGroups);
}

/** True when `actor` may work on the meter with `serial` (an unknown serial only for an unlimited actor). */
export function canAccessMeter(db: Database, actor: Actor, serial: string | null): boolean {
  const allowed = allowedMeters(db, actor);
  if (allowed === null) return true;
  return serial !== null && allowed.has(serial.trim().toUpperCase());
}

/**
 * True when `actor` may work in scheme folder `folderId` (null = the top level): the folder or one of its parent
 * folders is among the actor's folders. A limited actor cannot work at the top level.
 */
export function canAccessSchemeFolder(db: Database, actor: Actor, folderId: number | null): boolean {
  if (actor.schemeFolders === null) return true;
  const allowed = new Set(actor.schemeFolders);
  const parentOf = db.prepare('SELECT parent_id AS p FROM scheme_folders WHERE id = ?');
  const seen = new Set<number>();
  for (let id = folderId; id !== null && !seen.has(id); ) {
    if (allowed.has(id)) return true;
    seen.add(id);
    id = (parentOf.get(id) as { p: number | null } | undefined)?.p ?? null;
  }
  return false;
}
