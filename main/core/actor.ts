/**
 * The actor: who performs a call or command — a signed-in user, the OS user in setup mode (no user exists yet),
 * or the workstation itself for background work (the folder watcher, closing abandoned jobs). Every floor of main/
 * names it in its records (`operator` fields, audit records), so its shape lives on the ground floor; what an actor
 * may do (permissions, meter levels, scopes) is decided above, in main/auth/actor.ts.
 */
import type { Role } from '../../contract/auth';

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
