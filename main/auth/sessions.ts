/**
 * Sign-in with throttling, and sessions (table `sessions`, migration 4).
 * - Throttling (./throttle.ts): failed sign-ins are counted in the store per user name and per source, for existing
 *   and unknown names alike; after 3 failures each further attempt from that source waits 2^(n−3) s (≤ 15 min).
 *   There is no hard lock a stranger could put on an account. Unknown names cost the same scrypt run as known ones,
 *   so neither the answers nor their timing tell whether a user exists.
 * - Sessions: a random 32-byte token (base64url) goes to the caller; the store keeps only its SHA-256. A session
 *   ends the policy's longest session after sign-in, or after its idle time without a call (policy `policy.session.*`,
 *   main/settings/policies.ts; defaults {@link SESSION_ABSOLUTE_MS} 8 h and {@link SESSION_IDLE_MS} 30 min),
 *   at sign-out, when the user is disabled, or when their password is changed/reset.
 * Time is injected (`now`) so expiry is testable. ASSUMPTION: 8 h = one working shift, 30 min idle = a laptop left
 * in a substation; both documented in docs/security.md.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { AuthError, SIGN_IN_FAILED_MESSAGE } from './errors';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './passwords';
import { clearFailures, countFailure, FREE_FAILURES, throttledMessage, waitUntil } from './throttle';
import { findUser, passwordHashOf, userById, type UserRecord } from './users';
import { policies } from '../settings/policies';

/** Default absolute session lifetime, ms (8 h; the policy `policy.session.maxHours` decides). */
export const SESSION_ABSOLUTE_MS = 8 * 3600_000;
/** Default idle time-out, ms (30 min; the policy `policy.session.idleMinutes` decides). */
export const SESSION_IDLE_MS = 30 * 60_000;
/** `last_seen_utc` is written at most this often, ms (fewer writes; the idle time-out is 30 min). */
const TOUCH_EVERY_MS = 30_000;

/** SHA-256 (hex) of a session token: what the store keeps. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What happened at a sign-in, for the audit record. */
export type SignInOutcome =
  | { readonly ok: true; readonly user: UserRecord }
  | {
      readonly ok: false;
      /** The user when the name exists and the attempt was not throttled (for the audit record only). */
      readonly user: UserRecord | null;
      /** Refused inside a wait: the password was not checked and nothing was counted. */
      readonly throttled: boolean;
      /** True when this failure starts the waits of its (name, source). */
      readonly delayStarts: boolean;
      readonly error: AuthError;
    };

/**
 * Check `username` / `password` from `source` (./throttle.ts `sourceOf`) with the throttling rules. Never throws for
 * a wrong password: returns the outcome (the caller records it and throws `error`). The same steps run for unknown
 * and existing names up to the password check.
 */
export async function checkSignIn(
  db: Database,
  username: string,
  password: string,
  opts: { now?: Date; scrypt?: ScryptParams; source: string },
): Promise<SignInOutcome> {
  const now = opts.now ?? new Date();
  const wait = waitUntil(db, username, opts.source, now);
  if (wait) return { ok: false, user: null, throttled: true, delayStarts: false, error: new AuthError('THROTTLED', throttledMessage(wait, now)) };
  const user = findUser(db, username, now);
  const stored = user ? passwordHashOf(db, user.username) : null;
  const ok = await verifyPassword(password, stored, opts.scrypt ?? DEFAULT_SCRYPT);
  if (!ok || !user) {
    const failures = countFailure(db, username, opts.source, now);
    if (user) db.prepare('UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ?').run(user.id);
    return { ok: false, user, throttled: false, delayStarts: failures === FREE_FAILURES, error: new AuthError('SIGN_IN_FAILED', SIGN_IN_FAILED_MESSAGE) };
  }
  if (user.disabled) {
    return { ok: false, user, throttled: false, delayStarts: false, error: new AuthError('DISABLED', 'This account is disabled. Ask an administrator to enable it.') };
  }
  clearFailures(db, username, opts.source);
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
  const expiresUtc = new Date(now.getTime() + policies({ db }).session.absoluteMs).toISOString();
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
 * the policy's longest session, `idle` after its idle time without a call, `unknown` when signed out, disabled or never
 * valid. `touch: false` (event delivery) looks without counting as activity, so events never keep an idle session alive.
 */
export function lookupSession(db: Database, token: string, now: Date = new Date(), opts: { touch?: boolean } = {}): SessionLookup {
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
  if (t - lastSeen >= policies({ db }).session.idleMs) return end('idle');
  const user = userById(db, row.user_id, now);
  if (!user || user.disabled) return end('unknown');
  if (opts.touch !== false && t - lastSeen >= TOUCH_EVERY_MS) db.prepare('UPDATE sessions SET last_seen_utc = ? WHERE token_sha256 = ?').run(now.toISOString(), hash);
  return { status: 'active', user, expiresUtc: row.expires_utc };
}

/** End the session of `token` (sign-out); false when there was none. */
export function endSession(db: Database, token: string): boolean {
  return db.prepare('DELETE FROM sessions WHERE token_sha256 = ?').run(tokenHash(token)).changes > 0;
}
