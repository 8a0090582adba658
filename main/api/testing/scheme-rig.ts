/**
 * Test rig for the scheme and programming handlers: the real dispatcher (results checked against the contract)
 * over the real handlers, a context whose store is a fresh in-memory SQLite database, the fake services
 * (./fakes.ts, ./fake-schemes.ts), the events sent, and a way to wait for one. Used by main/api/*.test.ts only.
 */
import type { CallArgs, CallName, CallResult, ContractEvents, EventName } from '../../../preload/contract';
import { AccessControl } from '../../auth/access-control';
import { openDatabase } from '../../store/db';
import { createDispatcher } from '../dispatch';
import { createHandlers, type HandlerOptions } from '../handlers';
import { fakeContext, fakeServices, type FakeOptions, type FakeServices } from './fakes';

/** What {@link schemeRig} gives a test. */
export interface SchemeRig {
  readonly services: FakeServices;
  readonly ctx: ReturnType<typeof fakeContext>;
  readonly events: { name: EventName; payload: unknown }[];
  /** Technical details the handlers logged (failed background jobs). */
  readonly logged: string[];
  /** Call `name` and return its result; throws `code: message` of a refused call. */
  call<N extends CallName>(name: N, args: CallArgs<N>): Promise<CallResult<N>>;
  /** The error `{ code, message }` of a call that must fail (throws when it succeeds). */
  refused(name: CallName, args: unknown): Promise<{ code: string; message: string }>;
  /** Resolves with the first event `name` matching `match` (already sent, or sent later). */
  event<E extends EventName>(name: E, match?: (p: ContractEvents[E]) => boolean): Promise<ContractEvents[E]>;
  close(): void;
}

/** A rig over a fresh in-memory store in `dataDir` (exports go to `<dataDir>/exports`). */
export function schemeRig(dataDir: string, opts: FakeOptions & Partial<Pick<HandlerOptions, 'offerDownload'>> = {}): SchemeRig {
  const db = openDatabase(':memory:');
  const ctx = { ...fakeContext(dataDir), db };
  const services = fakeServices(opts);
  const events: { name: EventName; payload: unknown }[] = [];
  const logged: string[] = [];
  const waiters: { name: EventName; match: (p: never) => boolean; resolve: (p: never) => void }[] = [];
  const handlers = createHandlers(ctx, {
    mode: 'browser',
    services,
    log: (line) => logged.push(line),
    emit: (name, payload) => {
      events.push({ name, payload });
      for (const w of [...waiters]) {
        if (w.name === name && w.match(payload as never)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(payload as never);
        }
      }
    },
    ...(opts.offerDownload ? { offerDownload: opts.offerDownload } : {}),
  });
  // No user exists: setup mode, the OS user ('tester') acts with every permission.
  const dispatch = createDispatcher(handlers, { access: new AccessControl(ctx), checkResults: true, log: () => undefined });
  const reply = async (name: CallName, args: unknown) => dispatch(name, args);
  return {
    services,
    ctx,
    events,
    logged,
    async call(name, args) {
      const r = await reply(name, args);
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.result as never;
    },
    async refused(name, args) {
      const r = await reply(name, args);
      if (r.ok) throw new Error(`${name} succeeded but should have been refused`);
      return r.error;
    },
    event(name, match = () => true) {
      const seen = events.find((e) => e.name === name && match(e.payload as never));
      if (seen) return Promise.resolve(seen.payload as never);
      return new Promise((resolve) => waiters.push({ name, match: match as (p: never) => boolean, resolve: resolve as (p: never) => void }));
    },
    close: () => db.close(),
  };
}
