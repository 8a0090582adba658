/**
 * Test rig for the scheme and programming handlers: the real dispatcher (results checked against the contract)
 * over the real handlers, a context whose store is a fresh in-memory SQLite database, the fake services
 * (./fakes.ts, ./fake-schemes.ts), the events sent, and a way to wait for one; in setup mode, or with one signed-in
 * user per role (`schemeRigWithUsers`, then `as(role)`). Used by main/api/*.test.ts only.
 */
import type { CallArgs, CallName, CallResult, ContractEvents, EventName } from '../../../contract';
import { AccessControl, type Caller } from '../../auth/access-control';
import type { Role } from '../../auth/permissions';
import { addRoleUsers, CHEAP_SCRYPT, passwordOf } from '../../auth/test-helpers';
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
  /**
   * With `users: true`: one signed-in user per role (named after it, main/auth/test-helpers.ts), and the calls of
   * `role`'s window (the real permission matrix and object scopes apply). Without: setup mode only (throws).
   */
  as(role: Role): Promise<{ call: SchemeRig['call']; refused: SchemeRig['refused'] }>;
  /** Resolves with the first event `name` matching `match` (already sent, or sent later). */
  event<E extends EventName>(name: E, match?: (p: ContractEvents[E]) => boolean): Promise<ContractEvents[E]>;
  close(): void;
}

/**
 * A rig over a fresh in-memory store in `dataDir` (exports go to `<dataDir>/exports`). `users`: add one user per role
 * first (then every call needs a signed-in user: use {@link SchemeRig.as}); default setup mode (the OS user 'tester').
 */
export async function schemeRigWithUsers(dataDir: string, opts: FakeOptions = {}): Promise<SchemeRig> {
  return schemeRig(dataDir, { ...opts, users: await usersOf() });
}

/** The role users' rows, made once (scrypt is slow even when cheap) and copied into each rig's store. */
let roleUsers: Promise<Record<string, unknown>[]> | null = null;
function usersOf(): Promise<Record<string, unknown>[]> {
  roleUsers ??= (async () => {
    const db = openDatabase(':memory:');
    await addRoleUsers(db);
    const rows = db.prepare('SELECT * FROM users ORDER BY id').all() as Record<string, unknown>[];
    db.close();
    return rows;
  })();
  return roleUsers;
}

/** A rig over a fresh in-memory store in `dataDir` (exports go to `<dataDir>/exports`). */
export function schemeRig(
  dataDir: string,
  opts: FakeOptions & Partial<Pick<HandlerOptions, 'offerDownload'>> & { users?: readonly Record<string, unknown>[] } = {},
): SchemeRig {
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
  for (const u of opts.users ?? []) {
    const cols = Object.keys(u);
    db.prepare(`INSERT INTO users (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => u[c]));
  }
  // No user exists: setup mode, the OS user ('tester') acts with every permission.
  const access = new AccessControl(ctx, { scrypt: CHEAP_SCRYPT });
  const dispatch = createDispatcher(handlers, { access, checkResults: true, log: () => undefined });
  const callerOf = (caller?: Caller) => ({
    async call<N extends CallName>(name: N, args: CallArgs<N>): Promise<CallResult<N>> {
      const r = await dispatch(name, args, caller);
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.result as never;
    },
    async refused(name: CallName, args: unknown) {
      const r = await dispatch(name, args, caller);
      if (r.ok) throw new Error(`${name} succeeded but should have been refused`);
      return r.error;
    },
  });
  const anonymous = callerOf();
  return {
    services,
    ctx,
    events,
    logged,
    call: anonymous.call,
    refused: anonymous.refused,
    async as(role) {
      if (!opts.users?.length) throw new Error('schemeRig: made without users (use schemeRigWithUsers)');
      const caller = { channel: `test:${role}` };
      await access.signIn(caller, role, passwordOf(role));
      return callerOf(caller);
    },
    event(name, match = () => true) {
      const seen = events.find((e) => e.name === name && match(e.payload as never));
      if (seen) return Promise.resolve(seen.payload as never);
      return new Promise((resolve) => waiters.push({ name, match: match as (p: never) => boolean, resolve: resolve as (p: never) => void }));
    },
    close: () => db.close(),
  };
}
