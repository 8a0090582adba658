/**
 * Workstation users, meter groups and stored meter passwords (contract/auth.ts calls; `pmu user …`): each use case
 * checks the acting user's permission (./authorize.ts) and writes its change and its audit record in one
 * transaction (`user.*`, `meterGroup.*`, `credential.*`). Results never carry a hash, token or password.
 * The rules live here once: nobody disables their own account; the first user (setup mode; main/auth/users.ts
 * refuses any role but administrator) is created by the OS user without signing in (`user.setupAdmin`).
 */
import type { CredentialInfoView, MeterGroupView, UserView } from '../../contract/auth';
import { appendAudit } from '../audit/append';
import { recordChange } from '../audit/record-change';
import { AuthError } from '../auth/errors';
import type { ScryptParams } from '../auth/passwords';
import { addUser, countUsers, listUsers, requireUser, setPassword, updateUser, type NewUser, type UserChanges, type UserRecord } from '../auth/users';
import type { AppContext } from '../core/context';
import { deleteCredential, listCredentials, setCredential, type CredentialTarget } from '../secrets/credentials';
import { deleteMeterGroup, listMeterGroups, meterGroup, saveMeterGroup } from '../store/meter-groups';
import { authorize } from './authorize';

/** Clock and hash cost of user changes (the app's AccessControl gives both; tests use a cheap hash). */
export interface UserOptions {
  readonly now?: Date;
  readonly scrypt?: ScryptParams;
}

/** The contract's view of a user (no row id, never the hash). */
export function userView(u: UserRecord): UserView {
  return {
    username: u.username, displayName: u.displayName, role: u.role, disabled: u.disabled, locked: u.locked, lockedUntilUtc: u.lockedUntilUtc,
    failedAttempts: u.failedAttempts, meterUserId: u.meterUserId, schemeFolderIds: [...u.schemeFolderIds], meterGroupIds: [...u.meterGroupIds],
    createdUtc: u.createdUtc, updatedUtc: u.updatedUtc, passwordChangedUtc: u.passwordChangedUtc,
  };
}

/** What an audit summary shows of a user. */
const userSummary = (u: UserRecord) => ({
  role: u.role, displayName: u.displayName, disabled: u.disabled, meterUserId: u.meterUserId, schemeFolderIds: u.schemeFolderIds, meterGroupIds: u.meterGroupIds,
});

/** Every user, by name. */
export function listUsersAs(ctx: AppContext, opts: UserOptions = {}): UserView[] {
  authorize(ctx, 'users.view');
  return listUsers(ctx.db, opts.now).map(userView);
}

/**
 * Add a user (`users.manage`, recorded `user.added`); in setup mode (no user yet) the first one, an administrator,
 * may be added by the OS user (recorded `user.setupAdmin`). @throws AuthError (FORBIDDEN, BAD_ARGUMENTS …).
 */
export async function addUserAs(ctx: AppContext, u: NewUser, opts: UserOptions = {}): Promise<UserView> {
  const setup = countUsers(ctx.db) === 0;
  if (!(setup && ctx.actor?.setupMode)) authorize(ctx, 'users.manage');
  const added = await addUser(ctx.db, u, { ...(opts.now ? { now: opts.now } : {}), ...(opts.scrypt ? { scrypt: opts.scrypt } : {}) });
  appendAudit(ctx, { action: setup ? 'user.setupAdmin' : 'user.added', object: `user:${added.username}`, summary: { after: { username: added.username, ...userSummary(added) } } });
  return userView(added);
}

/** Change a user (`users.manage`), recorded `user.updated` — or `user.disabled` when it disables them. */
export function updateUserAs(ctx: AppContext, username: string, changes: UserChanges, opts: UserOptions = {}): UserView {
  authorize(ctx, 'users.manage');
  const self = ctx.actor && !ctx.actor.setupMode && ctx.actor.username.toLowerCase() === username.toLowerCase();
  if (changes.disabled === true && self) throw new AuthError('BAD_ARGUMENTS', 'You cannot disable your own account. Ask another administrator.');
  const { after } = recordChange(
    ctx,
    () => ({ before: requireUser(ctx.db, username), after: updateUser(ctx.db, username, changes, opts.now) }),
    ({ before, after }) => ({
      action: changes.disabled === true ? 'user.disabled' : 'user.updated',
      object: `user:${after.username}`,
      summary: { before: userSummary(before), after: userSummary(after) },
    }),
  );
  return userView(after);
}

/** Set a new password for `username` (`users.manage`), recorded `user.passwordReset`. */
export async function resetPasswordAs(ctx: AppContext, username: string, newPassword: string, opts: UserOptions = {}): Promise<UserView> {
  authorize(ctx, 'users.manage');
  const u = await setPassword(ctx.db, username, newPassword, { ...(opts.now ? { now: opts.now } : {}), ...(opts.scrypt ? { scrypt: opts.scrypt } : {}) });
  appendAudit(ctx, { action: 'user.passwordReset', object: `user:${u.username}` });
  return userView(u);
}

/** The meter groups (`meterGroups.view`). */
export function listMeterGroupsAs(ctx: AppContext): MeterGroupView[] {
  authorize(ctx, 'meterGroups.view');
  return listMeterGroups(ctx.db);
}

/** Create (no id) or change a meter group (`meterGroups.manage`), recorded `meterGroup.saved`. */
export function saveMeterGroupAs(ctx: AppContext, g: { id?: number; name: string; serials: readonly string[] }, now?: Date): MeterGroupView {
  authorize(ctx, 'meterGroups.manage');
  return recordChange(
    ctx,
    () => ({ before: g.id !== undefined ? meterGroup(ctx.db, g.id) : null, after: saveMeterGroup(ctx.db, g, now) }),
    ({ before, after }) => ({ action: 'meterGroup.saved', object: `meterGroup:${after.id}`, summary: { before, after } }),
  ).after;
}

/** Delete meter group `id` (`meterGroups.manage`), recorded `meterGroup.deleted`; false when there was none. */
export function deleteMeterGroupAs(ctx: AppContext, id: number): boolean {
  authorize(ctx, 'meterGroups.manage');
  return recordChange(
    ctx,
    () => ({ before: meterGroup(ctx.db, id), deleted: deleteMeterGroup(ctx.db, id) }),
    ({ before, deleted }) => (deleted ? { action: 'meterGroup.deleted', object: `meterGroup:${id}`, summary: { before } } : null),
  ).deleted;
}

/** The stored meter passwords as metadata only (`credentials.view`). */
export function listCredentialsAs(ctx: AppContext): CredentialInfoView[] {
  authorize(ctx, 'credentials.view');
  return listCredentials(ctx.db);
}

/** Store a meter password (`credentials.manage`, encrypted), recorded `credential.set` (never the password). */
export function setCredentialAs(ctx: AppContext, target: CredentialTarget, password: string, now?: Date): CredentialInfoView {
  authorize(ctx, 'credentials.manage');
  return recordChange(
    ctx,
    () => setCredential(ctx, target, password, ctx.actor!.username, now),
    (saved) => ({
      action: 'credential.set',
      meterSerial: saved.meterSerial,
      object: `credential:${saved.id}`,
      summary: { after: { scope: saved.scope, meterSerial: saved.meterSerial, groupId: saved.groupId, level: saved.level } },
    }),
  );
}

/** Delete stored meter password `id` (`credentials.manage`), recorded `credential.deleted`; false when there was none. */
export function deleteCredentialAs(ctx: AppContext, id: number): boolean {
  authorize(ctx, 'credentials.manage');
  const gone = recordChange(
    ctx,
    () => deleteCredential(ctx.db, id),
    (g) => (g ? { action: 'credential.deleted', meterSerial: g.meterSerial, object: `credential:${id}`, summary: { before: { scope: g.scope, meterSerial: g.meterSerial, groupId: g.groupId, level: g.level } } } : null),
  );
  return gone !== null;
}
