/**
 * Recovery by the administrator at the computer (issue 11.5, docs/security.md "Recovery"): `pmu user recover <name>`
 * clears every sign-in wait of the name, enables the account and, when a new password is given, sets it (ending
 * the user's sessions) — WITHOUT signing in. What authorises it is operating-system access to the data directory:
 * whoever can open the store for writing could change these rows with any SQLite tool, so the command adds no power;
 * it does the change properly and records it (`user.recovered`, under the OS user with role `system`, signed when
 * the data key opens here). It refuses when the change would leave the store without an enabled administrator.
 */
import { appendAudit, type AuditContext } from '../audit/append';
import { systemActor } from './actor';
import { AuthError } from './errors';
import { DEFAULT_SCRYPT, hashPassword, passwordProblem, type ScryptParams } from './passwords';
import { policies } from '../settings/policies';
import { clearFailures, latestWait } from './throttle';
import { requireUser, type UserRecord } from './users';

/** What a recovery did. */
export interface Recovery {
  readonly user: UserRecord;
  readonly enabled: boolean;
  readonly waitsCleared: boolean;
  readonly passwordReset: boolean;
}

/**
 * Recover `username` (see the file comment).
 * @throws AuthError NOT_FOUND (no such user), BAD_ARGUMENTS (the new password breaks the rules).
 */
export async function recoverUser(ctx: AuditContext, username: string, opts: { newPassword?: string; now?: Date; scrypt?: ScryptParams } = {}): Promise<Recovery> {
  const now = opts.now ?? new Date();
  const before = requireUser(ctx.db, username, now);
  if (opts.newPassword !== undefined) {
    const problem = passwordProblem(opts.newPassword, before.username, policies(ctx).password);
    if (problem) throw new AuthError('BAD_ARGUMENTS', problem);
  }
  const hash = opts.newPassword !== undefined ? await hashPassword(opts.newPassword, opts.scrypt ?? DEFAULT_SCRYPT) : null;
  return ctx.db.transaction(() => {
    const u = requireUser(ctx.db, username, now);
    const waitsCleared = latestWait(ctx.db, u.username, now) !== null || u.failedAttempts > 0;
    clearFailures(ctx.db, u.username);
    const t = now.toISOString();
    ctx.db.prepare('UPDATE users SET failed_attempts = 0, locked_until_utc = NULL, disabled = 0, updated_utc = ? WHERE id = ?').run(t, u.id);
    if (hash !== null) {
      ctx.db.prepare('UPDATE users SET password_hash = ?, password_changed_utc = ? WHERE id = ?').run(hash, t, u.id);
      ctx.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(u.id);
    }
    const out = { enabled: u.disabled, waitsCleared, passwordReset: hash !== null };
    appendAudit(ctx, { action: 'user.recovered', actor: systemActor(ctx.operator), object: `user:${u.username}`, summary: { before: { disabled: u.disabled, failedAttempts: u.failedAttempts }, after: out } });
    return { user: requireUser(ctx.db, u.username, now), ...out };
  }).immediate();
}
