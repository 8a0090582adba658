/**
 * The actor of the call being run, for code that only holds the app-wide context. The dispatcher passes the actor
 * EXPLICITLY to every handler (`(args, call)`, main/api/call-context.ts) and handlers hand services a per-call
 * context (`withActor`, main/services/context.ts); this AsyncLocalStorage scope is only the safety net that lets
 * `appendAudit` (and `actorName`) still name the right user when some code passed the app-wide context instead.
 * Work a call starts in the background (a programming job) keeps the caller's actor. Source: node:async_hooks
 * AsyncLocalStorage.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from './actor';

const scope = new AsyncLocalStorage<Actor>();

/** Run `fn` with `actor` as the current call's actor (null: no actor). */
export function runAs<T>(actor: Actor | null, fn: () => T): T {
  return actor === null ? scope.exit(fn) : scope.run(actor, fn);
}

/** The actor of the call running now, if any. */
export function currentActor(): Actor | undefined {
  return scope.getStore();
}
