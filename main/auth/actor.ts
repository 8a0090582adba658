/**
 * The actor: who performs a call or command — a signed-in user, the OS user in setup mode (no user exists yet),
 * or the workstation itself for background work (the folder watcher). Services read it from the per-call context
 * (`ctx.actor`, main/services/context.ts) for `operator` fields and audit records; permission checks use it.
 * Object scopes: a user may be limited to some scheme folders and/or meter groups (user_scopes, migration 4);
 * {@link canAccessMeter} and {@link canAccessSchemeFolder} are the checks services call.
 */
import type { Database } from 'better-sqlite3';
import { MAX_METER_LEVEL, roleHas, type Permission, type Role } from './permissions';

/** Who acts. */
export interface Actor {
  /** User name (setup mode: the OS user; background work: the OS user too). */
  readonly username: string;
  readonly displayName: string;
  /** The user's role; `system` = background work of the workstation itself (holds no permission). */
  readonly role: Role | 'system';
  /** users.id, or null in setup mode and for system work. */
  readonly userId: number | null;
  /** True while no user exists: the OS user acts with every permission. */
  readonly setupMode: boolean;
  /** ID written to the meter as the programmer's user ID (≤ 8 ASCII characters), or null. */
  readonly meterUserId: string | null;
  /** Scheme folder ids this actor is limited to (and their sub-folders), or null = all. */
  readonly schemeFolders: readonly number[] | null;
  /** Meter group ids this actor is limited to, or null = all meters. */
  readonly meterGroups: readonly number[] | null;
}

/** The setup-mode actor: the OS user with the administrator role and every permission. */
export function setupActor(osUser: string): Actor {
  return { username: osUser, displayName: osUser, role: 'administrator', userId: null, setupMode: true, meterUserId: null, schemeFolders: null, meterGroups: null };
}

/** The workstation's own background work (e.g. the folder watcher), recorded under the OS user with role `system`. */
export function systemActor(osUser: string): Actor {
  return { username: osUser, displayName: `${osUser} (workstation)`, role: 'system', userId: null, setupMode: false, meterUserId: null, schemeFolders: null, meterGroups: null };
}

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
