/**
 * The permission check every use case makes first (issue 12 item 1: services own the check): the acting user of
 * the context (`ctx.actor`, set per call or command by main/api/call-context.ts and main/cli/acting-user.ts) must
 * hold `permission` (main/auth/permissions.ts). A context without an actor is the workstation itself (system),
 * which holds no permission: background work (the collector) calls the lower layers, never these services' checks.
 */
import { hasPermission } from '../auth/actor';
import { AuthError } from '../auth/errors';
import { forbiddenMessage, type Permission } from '../auth/permissions';
import type { AppContext } from '../core/context';

/** @throws AuthError SIGN_IN_REQUIRED (no actor) or FORBIDDEN (the role lacks `permission`; plain message). */
export function authorize(ctx: AppContext, permission: Permission): void {
  const actor = ctx.actor;
  if (!actor) throw new AuthError('SIGN_IN_REQUIRED', 'Sign in first.');
  if (hasPermission(actor, permission)) return;
  const role = actor.role === 'system' ? null : actor.role;
  throw new AuthError('FORBIDDEN', role ? forbiddenMessage(role, permission) : 'The workstation itself cannot do this: a user must.');
}
