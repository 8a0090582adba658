/**
 * Access control of one running app (desktop window(s), browser-mode server): which caller is signed in as whom.
 * A caller is a transport channel — `desktop:<web contents id>` for a window, `browser:<id>` for a browser tab's
 * session (main/api/browser-sessions.ts) — and main binds a user session token to it at sign-in; the renderer
 * never holds the user session token. Setup mode (no user exists): every caller acts as the OS user with every
 * permission, and `auth.setupAdmin` creates the first administrator. Once users exist every call needs a
 * signed-in user (main/api/dispatch.ts asks {@link AccessControl.identify} before each call).
 * Sign-in, failures, lock-outs and sign-out are recorded in the audit trail.
 */
import type { AuthStatusView } from '../../contract/auth';
import { appendAudit, type AuditContext, type AuditEntry } from '../audit/append';
import { AuditChainError } from '../audit/errors';
import { hasPermission, maxMeterLevel, setupActor, systemActor, type Actor } from './actor';
import { AuthError } from './errors';
import { DEFAULT_SCRYPT, verifyPassword, type ScryptParams } from './passwords';
import { PERMISSION_NAMES } from './permissions';
import { checkSignIn, createSession, endSession, lookupSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, tokenHash } from './sessions';
import { policies } from '../settings/policies';
import { FREE_FAILURES, sourceOf } from './throttle';
import { addUser, countUsers, passwordHashOf, setPassword, type NewUser, type UserRecord } from './users';

/** Who calls, as the transport knows it. */
export interface Caller {
  /** `desktop:<id>`, `browser:<id>`, `cli`, … — one sign-in per channel. */
  readonly channel: string;
}

/** A caller with no channel of its own (nothing can be bound to it: setup mode only). */
export const ANONYMOUS: Caller = { channel: 'anonymous' };

/** Options of {@link AccessControl}. */
export interface AccessOptions {
  /** Clock (tests). */
  readonly now?: () => Date;
  /** scrypt cost for new hashes (tests use a cheap one). */
  readonly scrypt?: ScryptParams;
}

/** The actor of a caller, or why there is none. */
export type Identity =
  | { readonly actor: Actor; readonly expiresUtc: string | null }
  | { readonly actor: null; readonly reason: 'signed-out' | 'expired' | 'idle' };

/** The actor of a stored user. */
export function actorOfUser(u: UserRecord): Actor {
  return {
    username: u.username,
    displayName: u.displayName || u.username,
    role: u.role,
    userId: u.id,
    setupMode: false,
    meterUserId: u.meterUserId,
    schemeFolders: u.schemeFolderIds.length > 0 ? u.schemeFolderIds : null,
    meterGroups: u.meterGroupIds.length > 0 ? u.meterGroupIds : null,
  };
}

/** The plain message for a call without a live session. */
export function signInRequiredMessage(reason: 'signed-out' | 'expired' | 'idle', session: { idleMs: number; absoluteMs: number } = { idleMs: SESSION_IDLE_MS, absoluteMs: SESSION_ABSOLUTE_MS }): string {
  if (reason === 'idle') return `Your session ended after ${session.idleMs / 60_000} minutes without activity. Sign in again.`;
  if (reason === 'expired') return `Your session ended (sessions last ${session.absoluteMs / 3_600_000} hours). Sign in again.`;
  return 'Sign in first: this workstation has users, and every action is recorded under the signed-in user.';
}

/**
 * Record a sign-in event. On a broken chain (AuditChainError) the event goes to the audit alerts instead
 * (appendAudit records it there) and signing in still works: it changes nothing, and an auditor must be able to sign
 * in to verify the broken trail. Every state-changing action stays refused until the break is acknowledged.
 */
function recordAuth(ctx: AuditContext, entry: AuditEntry): void {
  try {
    appendAudit(ctx, entry);
  } catch (err) {
    if (!(err instanceof AuditChainError)) throw err;
  }
}

/** Sign-in state of every channel of one app. */
export class AccessControl {
  private readonly bound = new Map<string, string>();

  constructor(
    readonly ctx: AuditContext,
    private readonly opts: AccessOptions = {},
  ) {}

  /** scrypt cost of new password hashes (tests use a cheap one). */
  get scrypt(): ScryptParams {
    return this.opts.scrypt ?? DEFAULT_SCRYPT;
  }

  /** The current time (injected clock). */
  now(): Date {
    return (this.opts.now ?? (() => new Date()))();
  }

  /** True while no user exists. */
  isSetupMode(): boolean {
    return countUsers(this.ctx.db) === 0;
  }

  /** Who `caller` is: the setup-mode OS user, its signed-in user, or nobody (and why). */
  identify(caller: Caller, opts: { touch?: boolean } = {}): Identity {
    if (this.isSetupMode()) return { actor: setupActor(this.ctx.operator), expiresUtc: null };
    const token = this.bound.get(caller.channel);
    if (token === undefined) return { actor: null, reason: 'signed-out' };
    const s = lookupSession(this.ctx.db, token, this.now(), opts);
    if (s.status === 'active') return { actor: actorOfUser(s.user), expiresUtc: s.expiresUtc };
    this.bound.delete(caller.channel);
    return { actor: null, reason: s.status === 'unknown' ? 'signed-out' : s.status };
  }

  /** What the UI shows and hides for `caller`. */
  status(caller: Caller): AuthStatusView {
    const who = this.identify(caller);
    const actor = who.actor;
    return {
      setupMode: actor?.setupMode ?? false,
      user: actor && actor.role !== 'system' ? { username: actor.username, displayName: actor.displayName, role: actor.role, meterUserId: actor.meterUserId } : null,
      permissions: PERMISSION_NAMES.filter((p) => hasPermission(actor, p)),
      maxMeterPasswordLevel: maxMeterLevel(actor),
      sessionExpiresUtc: who.actor ? who.expiresUtc : null,
      idleTimeoutMinutes: policies(this.ctx).session.idleMs / 60_000,
    };
  }

  /**
   * Sign `caller` in as `username` (ends a session the channel held). Records success or failure.
   * @throws AuthError SIGN_IN_FAILED, THROTTLED, DISABLED; NOT_SETUP_MODE while no user exists (create one first).
   */
  async signIn(caller: Caller, username: string, password: string): Promise<AuthStatusView> {
    const user = await this.authenticate(username, password, caller.channel);
    this.endBound(caller);
    const session = createSession(this.ctx.db, user.id, caller.channel.split(':')[0] ?? 'unknown', this.now());
    this.bound.set(caller.channel, session.token);
    return this.status(caller);
  }

  /**
   * Check a user's password with the lock-out rules, record the outcome in the audit trail, and return the user
   * (the CLI acts as this user without a stored session).
   * @throws AuthError as {@link signIn}.
   */
  async authenticate(username: string, password: string, channel: string): Promise<UserRecord> {
    if (this.isSetupMode()) {
      throw new AuthError('NOT_SETUP_MODE', 'No user exists yet, so nobody can sign in. Create the first administrator.');
    }
    const scrypt = this.opts.scrypt ?? DEFAULT_SCRYPT;
    const source = sourceOf(channel, this.ctx.operator);
    const outcome = await checkSignIn(this.ctx.db, username, password, { now: this.now(), scrypt, source });
    const via = { channel: channel.split(':')[0] };
    if (outcome.ok) {
      recordAuth(this.ctx, { action: 'auth.signedIn', actor: actorOfUser(outcome.user), object: `user:${outcome.user.username}`, summary: { after: via } });
      return outcome.user;
    }
    // An attempt inside a wait is refused unchecked and not recorded (a script hammering away must not flood the trail).
    if (outcome.throttled) throw outcome.error;
    // Only an existing user is named: a password typed into the user-name field must not end up in the trail.
    const who = outcome.user ? actorOfUser(outcome.user) : { ...systemActor(this.ctx.operator), username: '(unknown user)' };
    const object = outcome.user ? `user:${outcome.user.username}` : null;
    recordAuth(this.ctx, { action: 'auth.signInFailed', actor: who, object, summary: { after: { ...via, reason: outcome.error.code } } });
    if (outcome.delayStarts) recordAuth(this.ctx, { action: 'auth.lockedOut', actor: who, object, summary: { after: { source, failures: FREE_FAILURES } } });
    throw outcome.error;
  }

  /** Sign `caller` out (recorded when someone was signed in). */
  signOut(caller: Caller): AuthStatusView {
    const who = this.identify(caller);
    if (who.actor && !who.actor.setupMode) recordAuth(this.ctx, { action: 'auth.signedOut', actor: who.actor, object: `user:${who.actor.username}` });
    this.endBound(caller);
    return this.status(caller);
  }

  /**
   * Setup mode only: create the first administrator and sign `caller` in as them.
   * @throws AuthError NOT_SETUP_MODE once a user exists; BAD_ARGUMENTS for the password/name rules.
   */
  async setupAdmin(caller: Caller, u: Omit<NewUser, 'role'>): Promise<AuthStatusView> {
    if (!this.isSetupMode()) throw new AuthError('NOT_SETUP_MODE', 'An administrator already exists. Sign in, or ask an administrator to add you.');
    const osActor = setupActor(this.ctx.operator);
    const user = await addUser(this.ctx.db, { ...u, role: 'administrator' }, { now: this.now(), scrypt: this.opts.scrypt ?? DEFAULT_SCRYPT, onlyIfNoUsers: true });
    appendAudit(this.ctx, { action: 'user.setupAdmin', actor: osActor, object: `user:${user.username}`, summary: { after: { username: user.username, role: user.role } } });
    const session = createSession(this.ctx.db, user.id, caller.channel.split(':')[0] ?? 'unknown', this.now());
    this.endBound(caller);
    this.bound.set(caller.channel, session.token);
    recordAuth(this.ctx, { action: 'auth.signedIn', actor: actorOfUser(user), object: `user:${user.username}`, summary: { after: { channel: caller.channel.split(':')[0] } } });
    return this.status(caller);
  }

  /**
   * Change the signed-in user's own password (their other sessions end; this one stays).
   * @throws AuthError SIGN_IN_REQUIRED, SIGN_IN_FAILED (current password wrong), BAD_ARGUMENTS.
   */
  async changePassword(caller: Caller, current: string, next: string): Promise<void> {
    const who = this.identify(caller);
    if (!who.actor || who.actor.setupMode || who.actor.userId === null) {
      throw new AuthError('SIGN_IN_REQUIRED', 'Sign in first to change your password.');
    }
    const scrypt = this.opts.scrypt ?? DEFAULT_SCRYPT;
    if (!(await verifyPassword(current, passwordHashOf(this.ctx.db, who.actor.username), scrypt))) {
      throw new AuthError('SIGN_IN_FAILED', 'The current password is not right.');
    }
    const token = this.bound.get(caller.channel);
    await setPassword(this.ctx.db, who.actor.username, next, { now: this.now(), scrypt, ...(token ? { keepSessionHash: tokenHash(token) } : {}) });
    appendAudit(this.ctx, { action: 'auth.passwordChanged', actor: who.actor, object: `user:${who.actor.username}` });
  }

  /** A channel went away (window closed): end its session without a record. */
  forget(channel: string): void {
    const token = this.bound.get(channel);
    if (token !== undefined) endSession(this.ctx.db, token);
    this.bound.delete(channel);
  }

  private endBound(caller: Caller): void {
    const token = this.bound.get(caller.channel);
    if (token !== undefined) endSession(this.ctx.db, token);
    this.bound.delete(caller.channel);
  }
}
