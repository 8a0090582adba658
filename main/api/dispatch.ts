/**
 * The boundary of every renderer → main call, shared by the Electron IPC registration and the browser-mode
 * HTTP server: look the call up in the contract (contract/index.ts), check that the caller may make it
 * (main/auth/permissions.ts PERMISSIONS, before anything else runs), validate its argument object with the
 * contract's zod schema, run the handler with the caller's actor, and wrap the outcome in a `CallReply` envelope
 * whose error message is plain language. Never throws.
 *
 * How handlers get the actor: every handler is called as `handler(args, call)` where `call` (./call-context.ts
 * `CallContext`) carries the caller, the actor (signed-in user, setup-mode OS user, or null for a public call made
 * signed out) and the app's AccessControl; `acting(ctx, call)` gives the per-call AppContext to hand to services
 * (its `operator` is the actor's user name). The handler also runs inside main/auth/call-scope.ts `runAs(actor)`.
 */
import type { z } from 'zod';
import {
  calls,
  isCallName,
  type CallName,
  type CallParsedArgs,
  type CallReply,
  type CallResult,
} from '../../contract';
import { ANONYMOUS, signInRequiredMessage, type AccessControl, type Caller } from '../auth/access-control';
import { hasPermission, setupActor } from '../auth/actor';
import { runAs } from '../core/call-scope';
import { forbiddenMessage, permissionFor } from '../auth/permissions';
import type { CallContext } from './call-context';
import { plainError } from './errors';
import { policies } from '../settings/policies';

/** The session times in force, for the "session ended" message (test dispatchers have no store). */
function sessionPolicy(access: AccessControl): { idleMs: number; absoluteMs: number } | undefined {
  return access.ctx ? policies(access.ctx).session : undefined;
}

/** One implementation per contract call; receives validated arguments and the call's context (actor, caller). */
export type Handlers = { [N in CallName]: (args: CallParsedArgs<N>, call: CallContext) => Promise<CallResult<N>> };

/**
 * A call dispatcher: (call name, untrusted argument value, who calls) → reply envelope. Never rejects.
 * `caller` defaults to {@link ANONYMOUS} (a channel nobody can sign in on: fine in setup mode, SIGN_IN_REQUIRED after).
 */
export type Dispatch = (name: string, args: unknown, caller?: Caller) => Promise<CallReply>;

/** Options of {@link createDispatcher}. */
export interface DispatchOptions {
  /**
   * Sign-in state of the app's callers: who each caller is (main/auth/access-control.ts). REQUIRED in the app
   * (http-server.ts, electron/main.ts; main/api/layering.test.ts checks it). Omitted only by handler tests: every
   * call then runs as the setup-mode actor `tester` with every permission (the permission matrix is still looked up,
   * so a call missing from PERMISSIONS is refused).
   */
  readonly access?: AccessControl;
  /** Also validate each result with the contract's result schema (tests; a mismatch becomes a FAILED reply). */
  readonly checkResults?: boolean;
  /** Where technical details of failures go (stack traces never reach the UI). Default: console.error. */
  readonly log?: (line: string) => void;
}

/** Test dispatchers without an AccessControl: everyone is the setup-mode actor `tester` (see DispatchOptions.access). */
const UNGUARDED = {
  identify: () => ({ actor: setupActor('tester'), expiresUtc: null }),
} as unknown as AccessControl;

/** Turn zod issues into one plain sentence: `port: choose a port; maxBaud: must be one of …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.map(String).join('.');
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * Build the dispatcher over a complete set of handlers. Unknown call → `UNKNOWN_CALL`; a call without a line in
 * PERMISSIONS → `FORBIDDEN` (fail closed); nobody signed in (once users exist) → `SIGN_IN_REQUIRED`; the actor's
 * role lacks the permission → `FORBIDDEN` with a plain message ("Auditors cannot program meters. Ask …");
 * arguments that fail the contract schema → `BAD_ARGUMENTS` (handler not run); handler failure → its plain
 * message (see errors.ts).
 */
export function createDispatcher(handlers: Handlers, options: DispatchOptions = {}): Dispatch {
  const log = options.log ?? ((line: string) => console.error(line));
  const access = options.access ?? UNGUARDED;
  return async (name, args, caller = ANONYMOUS) => {
    if (!isCallName(name)) {
      return {
        ok: false,
        error: {
          code: 'UNKNOWN_CALL',
          message: `The workstation has no function called "${name.slice(0, 60)}". The window and the app may be from different versions: restart the app.`,
        },
      };
    }
    const permission = permissionFor(name);
    if (permission === null) {
      log(`pmu: call ${name} has no line in PERMISSIONS (main/auth/permissions.ts): refused`);
      return { ok: false, error: { code: 'FORBIDDEN', message: `"${name}" has no permission rule yet, so nobody may use it. Update the workstation.` } };
    }
    let who: ReturnType<AccessControl['identify']>;
    try {
      who = access.identify(caller);
    } catch (err) {
      const plain = plainError(err);
      if (plain.logDetail) log(`pmu: sign-in check for ${name} failed: ${plain.logDetail}`);
      return { ok: false, error: { code: plain.code, message: plain.message } };
    }
    const actor = who.actor;
    if (permission !== 'public') {
      if (actor === null) {
        return { ok: false, error: { code: 'SIGN_IN_REQUIRED', message: signInRequiredMessage(who.actor === null ? who.reason : 'signed-out', sessionPolicy(access)) } };
      }
      if (!hasPermission(actor, permission)) {
        const message = actor.role === 'system' ? 'The workstation itself cannot make this call.' : forbiddenMessage(actor.role, permission);
        return { ok: false, error: { code: 'FORBIDDEN', message } };
      }
    }
    const spec = calls[name];
    const parsed = spec.args.safeParse(args ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'BAD_ARGUMENTS', message: `The request "${name}" was not valid: ${describeIssues(parsed.error)}.` },
      };
    }
    try {
      const handler = handlers[name] as (a: unknown, c: CallContext) => Promise<unknown>;
      const call: CallContext = { caller, actor, access };
      const result = await runAs(actor, () => handler(parsed.data, call));
      if (options.checkResults) {
        const checked = spec.result.safeParse(result);
        if (!checked.success) {
          log(`pmu: result of ${name} does not match the contract: ${describeIssues(checked.error)}`);
          return {
            ok: false,
            error: { code: 'BAD_RESULT', message: `The workstation produced an invalid answer to "${name}": ${describeIssues(checked.error)}.` },
          };
        }
      }
      return { ok: true, result };
    } catch (err) {
      const plain = plainError(err);
      if (plain.logDetail) log(`pmu: ${name} failed: ${plain.logDetail}`);
      return { ok: false, error: { code: plain.code, message: plain.message } };
    }
  };
}
