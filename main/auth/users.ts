/**
 * Workstation users (table `users`, migration 4): add, list, change role / name / meter user ID / scopes, enable or
 * disable, unlock, set a password. Rules: user names are unique without regard to case; passwords follow
 * ./passwords.ts `passwordProblem` and are stored only as scrypt hashes; at least one enabled administrator
 * must remain once users exist; disabling a user or changing their password ends their sessions.
 * Setup mode = no user at all (./access-control.ts). The first user must be an administrator.
 * Callers record the audit entries (who did it is theirs to know).
 */
import type { Database } from 'better-sqlite3';
import type { UserView } from '../../contract/auth';
import { AuthError } from './errors';
import { DEFAULT_SCRYPT, hashPassword, passwordProblem, type ScryptParams } from './passwords';
import { policies } from '../settings/policies';
import { ROLES, type Role } from './permissions';
import { clearFailures, latestWait } from './throttle';

/** A stored user (never the hash) — the contract's UserView plus the row id. */
export interface UserRecord extends UserView {
  readonly id: number;
}

/** A new user. */
export interface NewUser {
  readonly username: string;
  readonly role: Role;
  readonly password: string;
  readonly displayName?: string;
  readonly meterUserId?: string;
  readonly schemeFolderIds?: readonly number[];
  readonly meterGroupIds?: readonly number[];
}

/** Changes to a user; absent fields stay. */
export interface UserChanges {
  readonly role?: Role;
  readonly disabled?: boolean;
  readonly unlock?: boolean;
  readonly displayName?: string;
  /** null removes it. */
  readonly meterUserId?: string | null;
  readonly schemeFolderIds?: readonly number[];
  readonly meterGroupIds?: readonly number[];
}

interface Row {
  id: number; username: string; display_name: string; role: Role; failed_attempts: number; locked_until_utc: string | null;
  disabled: number; meter_user_id: string | null; created_utc: string; updated_utc: string; password_changed_utc: string;
}

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;
const METER_USER_ID = /^[\x20-\x7e]{1,8}$/;
const COLUMNS = 'id, username, display_name, role, failed_attempts, locked_until_utc, disabled, meter_user_id, created_utc, updated_utc, password_changed_utc';

function scopesOf(db: Database, userId: number, kind: 'scheme-folder' | 'meter-group'): number[] {
  return (db.prepare('SELECT target_id AS t FROM user_scopes WHERE user_id = ? AND kind = ? ORDER BY target_id').all(userId, kind) as { t: number }[]).map((r) => r.t);
}

function toUser(db: Database, r: Row, now: Date): UserRecord {
  // `locked` = sign-ins of this name wait somewhere (main/auth/throttle.ts: per source, never a hard lock).
  const wait = latestWait(db, r.username, now);
  const locked = wait !== null;
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    disabled: r.disabled === 1,
    locked,
    lockedUntilUtc: wait ? wait.toISOString() : null,
    failedAttempts: r.failed_attempts,
    meterUserId: r.meter_user_id,
    schemeFolderIds: scopesOf(db, r.id, 'scheme-folder'),
    meterGroupIds: scopesOf(db, r.id, 'meter-group'),
    createdUtc: r.created_utc,
    updatedUtc: r.updated_utc,
    passwordChangedUtc: r.password_changed_utc,
  };
}

/** Number of users (0 = setup mode). */
export function countUsers(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

/** The user named `username` (any case), or null. */
export function findUser(db: Database, username: string, now: Date = new Date()): UserRecord | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM users WHERE username = ? COLLATE NOCASE`).get(username.trim()) as Row | undefined;
  return row ? toUser(db, row, now) : null;
}

/** The user with id `id`, or null. */
export function userById(db: Database, id: number, now: Date = new Date()): UserRecord | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as Row | undefined;
  return row ? toUser(db, row, now) : null;
}

/** The user named `username`, or AuthError NOT_FOUND. */
export function requireUser(db: Database, username: string, now: Date = new Date()): UserRecord {
  const u = findUser(db, username, now);
  if (!u) throw new AuthError('NOT_FOUND', `There is no user "${username}". Check the name in the user list.`);
  return u;
}

/** The stored hash of `username` (for sign-in only), or null. */
export function passwordHashOf(db: Database, username: string): string | null {
  return (db.prepare('SELECT password_hash AS h FROM users WHERE username = ? COLLATE NOCASE').get(username.trim()) as { h: string } | undefined)?.h ?? null;
}

/** Every user, by user name. */
export function listUsers(db: Database, now: Date = new Date()): UserRecord[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY username COLLATE NOCASE`).all() as Row[]).map((r) => toUser(db, r, now));
}

function checkFields(db: Database, f: { username?: string; role?: Role; meterUserId?: string | null; displayName?: string; schemeFolderIds?: readonly number[]; meterGroupIds?: readonly number[] }): void {
  if (f.username !== undefined && !USERNAME.test(f.username)) {
    throw new AuthError('BAD_ARGUMENTS', 'A user name has 1 to 64 letters, digits or . _ - @ (no spaces).');
  }
  if (f.role !== undefined && !ROLES.includes(f.role)) throw new AuthError('BAD_ARGUMENTS', `The role must be one of ${ROLES.join(', ')}.`);
  if (f.meterUserId !== undefined && f.meterUserId !== null && !METER_USER_ID.test(f.meterUserId)) {
    throw new AuthError('BAD_ARGUMENTS', 'The meter user ID has 1 to 8 printable ASCII characters (the meter keeps 8).');
  }
  if (f.displayName !== undefined && f.displayName.length > 100) throw new AuthError('BAD_ARGUMENTS', 'The display name may have at most 100 characters.');
  const missing = (table: string, ids: readonly number[] | undefined) =>
    (ids ?? []).filter((id) => db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) === undefined);
  const folders = missing('scheme_folders', f.schemeFolderIds);
  if (folders.length) throw new AuthError('NOT_FOUND', `Scheme folder ${folders.join(', ')} does not exist. Refresh the folder list.`);
  const groups = missing('meter_groups', f.meterGroupIds);
  if (groups.length) throw new AuthError('NOT_FOUND', `Meter group ${groups.join(', ')} does not exist. Refresh the group list.`);
}

function setScopes(db: Database, userId: number, kind: 'scheme-folder' | 'meter-group', ids: readonly number[] | undefined): void {
  if (ids === undefined) return;
  db.prepare('DELETE FROM user_scopes WHERE user_id = ? AND kind = ?').run(userId, kind);
  const add = db.prepare('INSERT OR IGNORE INTO user_scopes (user_id, kind, target_id) VALUES (?, ?, ?)');
  for (const id of ids) add.run(userId, kind, id);
}

/** Number of enabled administrators. */
export function activeAdministrators(db: Database): number {
  return (db.prepare("SELECT count(*) AS n FROM users WHERE role = 'administrator' AND disabled = 0").get() as { n: number }).n;
}

/**
 * Add a user (the first one must be an administrator). `onlyIfNoUsers`: refuse when a user exists by the time the
 * row is written (setup mode, two windows racing).
 * @throws AuthError BAD_ARGUMENTS (name, password, meter user ID rules), CONFLICT (name taken), NOT_FOUND (scope ids),
 *   NOT_SETUP_MODE (`onlyIfNoUsers` and a user exists).
 */
export async function addUser(db: Database, u: NewUser, opts: { now?: Date; scrypt?: ScryptParams; onlyIfNoUsers?: boolean } = {}): Promise<UserRecord> {
  const username = u.username.trim();
  checkFields(db, { ...u, username });
  const problem = passwordProblem(u.password, username, policies({ db }).password);
  if (problem) throw new AuthError('BAD_ARGUMENTS', problem);
  if (countUsers(db) === 0 && u.role !== 'administrator') {
    throw new AuthError('BAD_ARGUMENTS', 'The first user must be an administrator (someone has to be able to manage users).');
  }
  if (findUser(db, username)) throw new AuthError('CONFLICT', `A user named "${username}" already exists. Choose another name.`);
  const hash = await hashPassword(u.password, opts.scrypt ?? DEFAULT_SCRYPT);
  const now = (opts.now ?? new Date()).toISOString();
  const id = db.transaction(() => {
    if (opts.onlyIfNoUsers && countUsers(db) > 0) throw new AuthError('NOT_SETUP_MODE', 'An administrator already exists. Sign in, or ask an administrator to add you.');
    if (findUser(db, username)) throw new AuthError('CONFLICT', `A user named "${username}" already exists. Choose another name.`);
    const info = db
      .prepare('INSERT INTO users (username, display_name, role, password_hash, meter_user_id, created_utc, updated_utc, password_changed_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(username, u.displayName?.trim() ?? '', u.role, hash, u.meterUserId ?? null, now, now, now);
    const userId = Number(info.lastInsertRowid);
    setScopes(db, userId, 'scheme-folder', u.schemeFolderIds);
    setScopes(db, userId, 'meter-group', u.meterGroupIds);
    return userId;
  })();
  return userById(db, id)!;
}

/**
 * Change a user. Disabling ends their sessions. Refused when it would leave no enabled administrator.
 * @throws AuthError NOT_FOUND, BAD_ARGUMENTS, LAST_ADMIN.
 */
export function updateUser(db: Database, username: string, c: UserChanges, now: Date = new Date()): UserRecord {
  checkFields(db, c);
  return db.transaction(() => {
    const u = requireUser(db, username, now);
    const losesAdmin = u.role === 'administrator' && !u.disabled && ((c.role !== undefined && c.role !== 'administrator') || c.disabled === true);
    if (losesAdmin && activeAdministrators(db) <= 1) {
      throw new AuthError('LAST_ADMIN', `"${u.username}" is the last enabled administrator. Make another user an administrator first.`);
    }
    const sets: string[] = ['updated_utc = ?'];
    const params: unknown[] = [now.toISOString()];
    const set = (col: string, v: unknown) => (sets.push(`${col} = ?`), params.push(v));
    if (c.role !== undefined) set('role', c.role);
    if (c.disabled !== undefined) set('disabled', c.disabled ? 1 : 0);
    if (c.unlock) (set('failed_attempts', 0), set('locked_until_utc', null), clearFailures(db, u.username));
    if (c.displayName !== undefined) set('display_name', c.displayName.trim());
    if (c.meterUserId !== undefined) set('meter_user_id', c.meterUserId);
    db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...params, u.id);
    setScopes(db, u.id, 'scheme-folder', c.schemeFolderIds);
    setScopes(db, u.id, 'meter-group', c.meterGroupIds);
    if (c.disabled === true) db.prepare('DELETE FROM sessions WHERE user_id = ?').run(u.id);
    return userById(db, u.id, now)!;
  })();
}

/**
 * Set a user's password (clears the sign-in waits of the name) and end their sessions except `keepSessionHash` (the caller's own).
 * @throws AuthError NOT_FOUND, BAD_ARGUMENTS (password rules).
 */
export async function setPassword(
  db: Database,
  username: string,
  password: string,
  opts: { now?: Date; scrypt?: ScryptParams; keepSessionHash?: string } = {},
): Promise<UserRecord> {
  const u = requireUser(db, username);
  const problem = passwordProblem(password, u.username, policies({ db }).password);
  if (problem) throw new AuthError('BAD_ARGUMENTS', problem);
  const hash = await hashPassword(password, opts.scrypt ?? DEFAULT_SCRYPT);
  const now = (opts.now ?? new Date()).toISOString();
  db.transaction(() => {
    db.prepare('UPDATE users SET password_hash = ?, password_changed_utc = ?, updated_utc = ?, failed_attempts = 0, locked_until_utc = NULL WHERE id = ?').run(hash, now, now, u.id);
    clearFailures(db, u.username);
    db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_sha256 <> ?').run(u.id, opts.keepSessionHash ?? '');
  })();
  return userById(db, u.id)!;
}
