/**
 * The permission check every use case makes first (issue 12 item 1: services own the check): the acting user of
 * the context (`ctx.actor`, set per call or command by main/api/call-context.ts and main/cli/acting-user.ts) must
 * hold `permission` (main/auth/permissions.ts). A context without an actor acts as the CLI does before the first user
 * exists: in setup mode (no user in the store) the OS user with every permission (main/core/actor.ts setupActor);
 * once users exist it is refused (SIGN_IN_REQUIRED). Background work (the collector, the folder watcher) calls the
 * lower layers, never these services' checks.
 */
import { hasPermission } from '../auth/actor';
import { countUsers } from '../auth/users';
import { setupActor, type Actor } from '../core/actor';
import { AuthError } from '../auth/errors';
import { forbiddenMessage, type Permission } from '../auth/permissions';
import type { AppContext } from '../core/context';

/** The acting actor. @throws AuthError SIGN_IN_REQUIRED (no actor once users exist) or FORBIDDEN (the role lacks `permission`; plain message). */
export function authorize(ctx: AppContext, permission: Permission): Actor {
  const actor = ctx.actor ?? (countUsers(ctx.db) === 0 ? setupActor(ctx.operator) : null);
  if (!actor) throw new AuthError('SIGN_IN_REQUIRED', 'Sign in first.');
  if (hasPermission(actor, permission)) return actor;
  const role = actor.role === 'system' ? null : actor.role;
  throw new AuthError('FORBIDDEN', role ? forbiddenMessage(role, permission) : 'The workstation itself cannot do this: a user must.');
}
