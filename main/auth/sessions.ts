/**
 * Sign-in with lock-out, and sessions (table `sessions`, migration 4).
 * - Lock-out: {@link LOCKOUT_THRESHOLD} failed sign-ins in a row lock the account for {@link LOCKOUT_MS}
 *   (15 min); an administrator can unlock sooner. Unknown user names are counted the same way in memory, so the
 *   answers (and their timing: one scrypt run either way) never tell whether a user exists.
 * - Sessions: a random 32-byte token (base64url) goes to the caller; the store keeps only its SHA-256. A session
 *   ends {@link SESSION_ABSOLUTE_MS} (8 h) after sign-in, or after {@link SESSION_IDLE_MS} (30 min) without a call,
 *   at sign-out, when the user is disabled, or when their password is changed/reset.
 * Time is injected (`now`) so expiry is testable. ASSUMPTION: 8 h = one working shift, 30 min idle = a laptop left
 * in a substation; both documented in docs/security.md.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { AuthError, SIGN_IN_FAILED_MESSAGE } from './errors';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './passwords';
import { findUser, passwordHashOf, userById, type UserRecord } from './users';

/** Failed sign-ins in a row that lock an account. */
export const LOCKOUT_THRESHOLD = 5;
/** How long a lock-out lasts, ms (15 min). */
export const LOCKOUT_MS = 15 * 60_000;
/** Absolute session lifetime, ms (8 h). */
export const SESSION_ABSOLUTE_MS = 8 * 3600_000;
/** Idle time-out, ms (30 min). */
export const SESSION_IDLE_MS = 30 * 60_000;
/** `last_seen_utc` is written at most this often, ms (fewer writes; the idle time-out is 30 min). */
const TOUCH_EVERY_MS = 30_000;

/** SHA-256 (hex) of a session token: what the store keeps. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const lockedMessage = (until: Date) =>
  `This account is locked after ${LOCKOUT_THRESHOLD} failed sign-ins, until ${until.toISOString().slice(11, 16)} UTC. Try again then, or ask an administrator to unlock it.`;

/** In-memory failure counts of user names that do not exist (bounded). */
export class UnknownUserFailures {
  private readonly counts = new Map<string, { n: number; lockedUntil: number }>();
  /** Record a failure of `name` at `now`; returns the lock end when this locks it. */
  fail(name: string, now: number): number | null {
    const key = name.trim().toLowerCase();
    const c = this.counts.get(key) ?? { n: 0, lockedUntil: 0 };
    c.n += 1;
    if (c.n >= LOCKOUT_THRESHOLD) (c.lockedUntil = now + LOCKOUT_MS), (c.n = 0);
    this.counts.delete(key);
    this.counts.set(key, c);
    if (this.counts.size > 1000) this.counts.delete(this.counts.keys().next().value!);
    return c.lockedUntil > now ? c.lockedUntil : null;
  }
  /** Lock end of `name` when locked at `now`, else null. */
  lockedUntil(name: string, now: number): number | null {
    const c = this.counts.get(name.trim().toLowerCase());
    return c && c.lockedUntil > now ? c.lockedUntil : null;
  }
}

/** What happened at a sign-in, for the audit record. */
export type SignInOutcome =
  | { readonly ok: true; readonly user: UserRecord }
  | { readonly ok: false; readonly user: UserRecord | null; readonly lockedNow: boolean; readonly error: AuthError };

/**
 * Check `username` / `password` with the lock-out rules. Never throws for a wrong password: returns the outcome
 * (the caller records it and throws `error`).
 */
export async function checkSignIn(
  db: Database,
  username: string,
  password: string,
  opts: { now?: Date; scrypt?: ScryptParams; unknown: UnknownUserFailures },
): Promise<SignInOutcome> {
  const now = opts.now ?? new Date();
  const t = now.getTime();
  const user = findUser(db, username, now);
  const stored = user ? passwordHashOf(db, user.username) : null;
  const ok = await verifyPassword(password, stored, opts.scrypt ?? DEFAULT_SCRYPT);
  if (!user) {
    const lockEnd = opts.unknown.lockedUntil(username, t) ?? opts.unknown.fail(username, t);
    const error = lockEnd ? new AuthError('LOCKED', lockedMessage(new Date(lockEnd))) : new AuthError('SIGN_IN_FAILED', SIGN_IN_FAILED_MESSAGE);
    return { ok: false, user: null, lockedNow: false, error };
  }
  if (user.locked && user.lockedUntilUtc) {
    return { ok: false, user, lockedNow: false, error: new AuthError('LOCKED', lockedMessage(new Date(user.lockedUntilUtc))) };
  }
  if (!ok) {
    const failures = user.failedAttempts + 1;
    const lock = failures >= LOCKOUT_THRESHOLD ? new Date(t + LOCKOUT_MS) : null;
    db.prepare('UPDATE users SET failed_attempts = ?, locked_until_utc = ? WHERE id = ?').run(lock ? 0 : failures, lock ? lock.toISOString() : null, user.id);
    const error = lock ? new AuthError('LOCKED', lockedMessage(lock)) : new AuthError('SIGN_IN_FAILED', SIGN_IN_FAILED_MESSAGE);
    return { ok: false, user, lockedNow: lock !== null, error };
  }
  if (user.disabled) {
    return { ok: false, user, lockedNow: false, error: new AuthError('DISABLED', 'This account is disabled. Ask an administrator to enable it.') };
  }
  db.prepare('UPDATE users SET failed_attempts = 0, locked_until_utc = NULL WHERE id = ?').run(user.id);
  if (stored && needsRehash(stored, opts.scrypt ?? DEFAULT_SCRYPT)) {
    db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(await hashPassword(password, opts.scrypt ?? DEFAULT_SCRYPT), user.id);
  }
  return { ok: true, user: userById(db, user.id, now)! };
}

/** A new session: the token (give it to the caller, never store it) and its absolute end. */
export interface NewSession {
  readonly token: string;
  readonly tokenHash: string;
  readonly expiresUtc: string;
}

/** Open a session for `userId` on `channel` (`desktop`, `browser`, `cli`). */
export function createSession(db: Database, userId: number, channel: string, now: Date = new Date()): NewSession {
  const token = randomBytes(32).toString('base64url');
  const hash = tokenHash(token);
  const expiresUtc = new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString();
  db.prepare('DELETE FROM sessions WHERE expires_utc <= ?').run(now.toISOString());
  db.prepare('INSERT INTO sessions (token_sha256, user_id, channel, created_utc, last_seen_utc, expires_utc) VALUES (?, ?, ?, ?, ?, ?)').run(
    hash, userId, channel.slice(0, 40), now.toISOString(), now.toISOString(), expiresUtc,
  );
  return { token, tokenHash: hash, expiresUtc };
}

/** A live session's user, or why there is none. */
export type SessionLookup =
  | { readonly status: 'active'; readonly user: UserRecord; readonly expiresUtc: string }
  | { readonly status: 'expired' | 'idle' | 'unknown' };

/**
 * The session of `token` at `now`: active (its last-seen time is updated), or ended (removed) — `expired` after
 * 8 h, `idle` after 30 min without a call, `unknown` when signed out, disabled or never valid.
 */
export function lookupSession(db: Database, token: string, now: Date = new Date()): SessionLookup {
  const hash = tokenHash(token);
  const row = db.prepare('SELECT user_id, last_seen_utc, expires_utc FROM sessions WHERE token_sha256 = ?').get(hash) as
    | { user_id: number; last_seen_utc: string; expires_utc: string }
    | undefined;
  if (!row) return { status: 'unknown' };
  const t = now.getTime();
  const end = (status: 'expired' | 'idle' | 'unknown'): SessionLookup => {
    db.prepare('DELETE FROM sessions WHERE token_sha256 = ?').run(hash);
    return { status };
  };
  if (t >= Date.parse(row.expires_utc)) return end('expired');
  const lastSeen = Date.parse(row.last_seen_utc);
  if (t - lastSeen >= SESSION_IDLE_MS) return end('idle');
  const user = userById(db, row.user_id, now);
  if (!user || user.disabled) return end('unknown');
  if (t - lastSeen >= TOUCH_EVERY_MS) db.prepare('UPDATE sessions SET last_seen_utc = ? WHERE token_sha256 = ?').run(now.toISOString(), hash);
  return { status: 'active', user, expiresUtc: row.expires_utc };
}

/** End the session of `token` (sign-out); false when there was none. */
export function endSession(db: Database, token: string): boolean {
  return db.prepare('DELETE FROM sessions WHERE token_sha256 = ?').run(tokenHash(token)).changes > 0;
}
