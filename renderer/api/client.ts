/**
 * The renderer's API client, generated from the contract (contract/index.ts): `api.<call>(args)` for every
 * call and `onEvent(name, listener)` for every event. Two transports:
 * - desktop: `window.pmu` (preload bridge over Electron IPC);
 * - browser mode: `POST api/call/<name>` (JSON, with this tab's bearer token: ./browser-session.ts) and one
 *   EventSource on `api/events?session=<token>` (Server-Sent Events).
 * Every reply and event payload is validated with the contract before the UI sees it. Failures are thrown as
 * ApiCallError with a plain-language message (shown in the error banner as is).
 */
import { z } from 'zod';
import { browserSessionToken, forgetBrowserSession } from './browser-session';
import {
  callNames,
  callReplySchema,
  calls,
  events,
  type CallArgs,
  type CallName,
  type CallResult,
  type ContractApi,
  type ContractEvents,
  eventNames,
  type EventName,
  type PmuBridge,
} from '../../contract';

// The UI's CSP forbids eval: tell zod not to probe `new Function` (that probe logs a CSP violation).
z.config({ jitless: true });

declare global {
  interface Window {
    /** Present in the desktop app (preload/index.ts); absent in browser mode. */
    pmu?: PmuBridge;
  }
}

/** A failed call: `code` from the contract reply (`BAD_ARGUMENTS`, `NO_ANSWER`, `OFFLINE`…), plain `message`. */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** How calls and events travel. */
interface Transport {
  call(name: CallName, args: unknown): Promise<unknown>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
  /** Resolves once events can arrive (the event stream is open); at most `waitMs` later. */
  ready(waitMs: number): Promise<void>;
}

const OFFLINE =
  'This window lost contact with the workstation (the "pmu serve" process may have stopped). Start it again, then reload this page.';

function bridgeTransport(bridge: PmuBridge): Transport {
  return {
    call: (name, args) => bridge.call(name, args),
    on: (event, listener) => bridge.on(event, listener),
    ready: async () => undefined,
  };
}

const NO_SESSION =
  'This window is not connected to the workstation. Open the address that "pmu serve" printed (it ends with ?launch=…).';

function httpTransport(): Transport {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let opening: Promise<EventSource | null> | null = null;
  // One stream for every event, opened once this tab has its token (EventSource cannot send headers: query).
  const open = (): Promise<EventSource | null> => {
    opening ??= browserSessionToken().then((token) => {
      if (token === null) return null;
      const source = new EventSource(`api/events?session=${encodeURIComponent(token)}`);
      for (const name of eventNames) {
        source.addEventListener(name, (msg: MessageEvent<string>) => {
          let payload: unknown;
          try {
            payload = JSON.parse(msg.data);
          } catch {
            console.warn(`pmu: ignored an unreadable "${name}" event`);
            return;
          }
          for (const listener of listeners.get(name) ?? []) listener(payload);
        });
      }
      return source;
    });
    return opening;
  };
  return {
    async call(name, args) {
      const token = await browserSessionToken();
      if (token === null) return { ok: false, error: { code: 'NO_SESSION', message: NO_SESSION } };
      let res: Response;
      try {
        res = await fetch(`api/call/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(args ?? {}),
        });
      } catch {
        throw new ApiCallError('OFFLINE', OFFLINE);
      }
      if (res.status === 401) forgetBrowserSession();
      try {
        return await res.json();
      } catch {
        throw new ApiCallError('OFFLINE', OFFLINE);
      }
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      void open();
      return () => {
        set.delete(listener);
      };
    },
    ready(waitMs) {
      return new Promise((resolve) => {
        let stream: EventSource | null = null;
        const done = (): void => {
          clearTimeout(timer);
          stream?.removeEventListener('open', done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        void open().then((s) => {
          stream = s;
          if (s === null || s.readyState === EventSource.OPEN) done();
          else s.addEventListener('open', done);
        });
      });
    },
  };
}

let transport: Transport | null = null;
function currentTransport(): Transport {
  transport ??= window.pmu ? bridgeTransport(window.pmu) : httpTransport();
  return transport;
}

/** What {@link onCallOutcome} listeners hear after each answered call: its name, and the error code or null. */
export interface CallOutcome {
  readonly name: CallName;
  /** Null when the call succeeded; else the reply's error code (`SIGN_IN_REQUIRED`, `FORBIDDEN`, …). */
  readonly code: string | null;
  readonly message: string | null;
}

const outcomeListeners = new Set<(outcome: CallOutcome) => void>();

/**
 * Hear the outcome of every answered call (the sign-in slice uses it: a `SIGN_IN_REQUIRED` reply shows the sign-in
 * dialog, and each call counts as activity for the idle time-out). Returns unsubscribe.
 */
export function onCallOutcome(listener: (outcome: CallOutcome) => void): () => void {
  outcomeListeners.add(listener);
  return () => {
    outcomeListeners.delete(listener);
  };
}

function tell(outcome: CallOutcome): void {
  for (const listener of outcomeListeners) listener(outcome);
}

/** Call `name` with `args`; resolves with the validated result or throws ApiCallError. */
export async function invoke<N extends CallName>(name: N, args: CallArgs<N>): Promise<CallResult<N>> {
  const reply = callReplySchema.safeParse(await currentTransport().call(name, args));
  if (!reply.success) throw new ApiCallError('BAD_REPLY', 'The workstation sent an answer this window does not understand. Restart the app.');
  tell(reply.data.ok ? { name, code: null, message: null } : { name, code: reply.data.error.code, message: reply.data.error.message });
  if (!reply.data.ok) throw new ApiCallError(reply.data.error.code, reply.data.error.message);
  const result = calls[name].result.safeParse(reply.data.result);
  if (!result.success) {
    console.warn(`pmu: result of ${name} does not match the contract`, result.error.issues);
    throw new ApiCallError('BAD_REPLY', 'The workstation sent an answer this window does not understand. Restart the app.');
  }
  return result.data as CallResult<N>;
}

/** The whole API, one function per contract call (generated by iterating the contract). */
export const api = Object.fromEntries(
  callNames.map((name) => [name, (args: unknown) => invoke(name, args as never)]),
) as unknown as ContractApi;

/** Subscribe to event `name`; payloads that fail the contract schema are dropped. Returns unsubscribe. */
export function onEvent<E extends EventName>(name: E, listener: (payload: ContractEvents[E]) => void): () => void {
  return currentTransport().on(name, (payload) => {
    const parsed = events[name].safeParse(payload);
    if (parsed.success) listener(parsed.data as ContractEvents[E]);
    else console.warn(`pmu: dropped a "${name}" event that does not match the contract`);
  });
}

/**
 * Resolves when events can be received (browser mode: the event stream is open), or after `waitMs` at most.
 * Call before starting a job whose progress must not be missed.
 */
export function eventsReady(waitMs = 3000): Promise<void> {
  return currentTransport().ready(waitMs);
}

/** Plain message of anything thrown by a call (ApiCallError messages are already plain). */
export function messageOf(err: unknown): string {
  if (err instanceof ApiCallError) return err.message;
  return 'Something went wrong in this window. Reload it; if that does not help, restart the app.';
}
