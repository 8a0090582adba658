/**
 * What every handler receives besides its arguments (dispatch.ts calls `handler(args, call)`): the caller, the
 * actor the dispatcher found for it, and the app's AccessControl (for the sign-in calls). Handlers pass
 * `acting(ctx, call)` — the app context with the actor and its user name as `operator` — to services, so
 * readings, schemes, certificates and audit records name the signed-in user.
 */
import type { AccessControl, Caller } from '../auth/access-control';
import type { Actor } from '../auth/actor';
import { AuthError } from '../auth/errors';
import { withActor, type AppContext } from '../core/context';

/** The context of one call. */
export interface CallContext {
  readonly caller: Caller;
  /** Signed-in user, setup-mode OS user, or null (a public call made while signed out). */
  readonly actor: Actor | null;
  readonly access: AccessControl;
}

/** The per-call app context: `ctx` with the call's actor (unchanged when there is none). */
export function acting(ctx: AppContext, call: CallContext | undefined): AppContext {
  return call?.actor ? withActor(ctx, call.actor) : ctx;
}

/**
 * The call's actor. @throws AuthError SIGN_IN_REQUIRED when there is none (only public calls run without one;
 * a handler of a public call that needs a user says so).
 */
export function actorOf(call: CallContext | undefined): Actor {
  if (!call?.actor) throw new AuthError('SIGN_IN_REQUIRED', 'Sign in first.');
  return call.actor;
}
