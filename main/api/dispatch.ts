/**
 * The boundary of every renderer → main call, shared by the Electron IPC registration and the browser-mode
 * HTTP server: look the call up in the contract (preload/contract.ts), validate its argument object with the
 * contract's zod schema, run the handler, and wrap the outcome in a `CallReply` envelope whose error message is
 * plain language. Never throws.
 */
import type { z } from 'zod';
import {
  calls,
  isCallName,
  type CallName,
  type CallParsedArgs,
  type CallReply,
  type CallResult,
} from '../../preload/contract';
import { plainError } from './errors';

/** One implementation per contract call; receives validated arguments. */
export type Handlers = { [N in CallName]: (args: CallParsedArgs<N>) => Promise<CallResult<N>> };

/** A call dispatcher: (call name, untrusted argument value) → reply envelope. Never rejects. */
export type Dispatch = (name: string, args: unknown) => Promise<CallReply>;

/** Options of {@link createDispatcher}. */
export interface DispatchOptions {
  /** Also validate each result with the contract's result schema (tests; a mismatch becomes a FAILED reply). */
  readonly checkResults?: boolean;
  /** Where technical details of failures go (stack traces never reach the UI). Default: console.error. */
  readonly log?: (line: string) => void;
}

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
 * Build the dispatcher over a complete set of handlers. Unknown call → `UNKNOWN_CALL`; arguments that fail the
 * contract schema → `BAD_ARGUMENTS` (handler not run); handler failure → its plain message (see errors.ts).
 */
export function createDispatcher(handlers: Handlers, options: DispatchOptions = {}): Dispatch {
  const log = options.log ?? ((line: string) => console.error(line));
  return async (name, args) => {
    if (!isCallName(name)) {
      return {
        ok: false,
        error: {
          code: 'UNKNOWN_CALL',
          message: `The workstation has no function called "${name.slice(0, 60)}". The window and the app may be from different versions: restart the app.`,
        },
      };
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
      const handler = handlers[name] as (a: unknown) => Promise<unknown>;
      const result = await handler(parsed.data);
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
