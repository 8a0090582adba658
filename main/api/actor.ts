/**
 * Who acts on a scheme, staging or programming call: the ONE place those handlers ask for the name recorded as
 * `savedBy`, `createdBy`, `approvedBy` and a certificate's operator, and for the programmer's ID written to the
 * meter. The dispatcher hands every handler its CallContext (./call-context.ts); the per-call AppContext
 * (`acting`) carries the signed-in user (setup mode: the OS user) as `operator`.
 */
import type { AppContext } from '../core/context';
import { acting, type CallContext } from './call-context';

/** The app context of this call: `ctx` with the call's actor and its user name as `operator`. */
export function actingContext(ctx: AppContext, call: CallContext | undefined): AppContext {
  return acting(ctx, call);
}

/** The user name of whoever makes the call (setup mode: the OS user). */
export function actorName(ctx: AppContext, call: CallContext | undefined): string {
  return acting(ctx, call).operator;
}

/**
 * The programmer's ID to write to the meter for this call's user: the user's own `meterUserId` when one is set,
 * else `fromName(user name)` (the programming service's `meterUserIdFor`).
 */
export function meterUserIdOf(ctx: AppContext, call: CallContext | undefined, fromName: (operator: string) => string): string {
  return call?.actor?.meterUserId ?? fromName(actorName(ctx, call));
}
