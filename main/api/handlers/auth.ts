/**
 * Handlers of the sign-in, user, meter-group and meter-credential calls (contract/auth.ts). The dispatcher
 * has already checked the permission (main/auth/permissions.ts); these handlers run the change and record it in
 * the audit trail (AUDIT_ACTIONS `user.*`, `meterGroup.*`, `credential.*`; sign-in records are written by
 * main/auth/access-control.ts). Results are built field by field: never a hash, token, password or ciphertext.
 */
import type { UserView } from '../../../contract/auth';
import { appendAudit } from '../../audit/append';
import { AuthError } from '../../auth/errors';
import { addUser, listUsers, requireUser, setPassword, updateUser, type UserChanges, type UserRecord } from '../../auth/users';
import { deleteCredential, listCredentials, setCredential } from '../../secrets/credentials';
import type { AppContext } from '../../core/context';
import { deleteMeterGroup, listMeterGroups, meterGroup, saveMeterGroup } from '../../store/meter-groups';
import { acting, actorOf } from '../call-context';
import type { Handlers } from '../dispatch';

type AuthCalls =
  | 'auth.status' | 'auth.setupAdmin' | 'auth.signIn' | 'auth.signOut' | 'auth.changePassword'
  | 'users.list' | 'users.add' | 'users.update' | 'users.disable' | 'users.resetPassword'
  | 'meterGroups.list' | 'meterGroups.save' | 'meterGroups.delete'
  | 'credentials.list' | 'credentials.set' | 'credentials.delete';

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

/** `obj` without undefined members. */
function defined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Build the auth handlers over `ctx`. */
export function createAuthHandlers(ctx: AppContext): Pick<Handlers, AuthCalls> {
  const { db } = ctx;
  const change = (username: string, changes: UserChanges, call: Parameters<Handlers['users.update']>[1], action: 'user.updated' | 'user.disabled') => {
    // The change and its audit record commit together.
    return db.transaction(() => {
      const before = requireUser(db, username);
      const after = updateUser(db, username, changes, call.access.now());
      appendAudit(acting(ctx, call), { action, object: `user:${after.username}`, summary: { before: userSummary(before), after: userSummary(after) } });
      return userView(after);
    })();
  };

  return {
    'auth.status': async (_a, call) => call.access.status(call.caller),
    'auth.setupAdmin': async (a, call) => call.access.setupAdmin(call.caller, defined({ username: a.username, password: a.password, displayName: a.displayName, meterUserId: a.meterUserId }) as { username: string; password: string }),
    'auth.signIn': async (a, call) => call.access.signIn(call.caller, a.username, a.password),
    'auth.signOut': async (_a, call) => call.access.signOut(call.caller),
    'auth.changePassword': async (a, call) => {
      await call.access.changePassword(call.caller, a.currentPassword, a.newPassword);
      return { changed: true as const };
    },

    'users.list': async (_a, call) => listUsers(db, call.access.now()).map(userView),
    'users.add': async (a, call) => {
      const u = await addUser(db, { ...defined(a), username: a.username, role: a.role, password: a.password }, { now: call.access.now(), scrypt: call.access.scrypt });
      appendAudit(acting(ctx, call), { action: 'user.added', object: `user:${u.username}`, summary: { after: { username: u.username, ...userSummary(u) } } });
      return userView(u);
    },
    'users.update': async (a, call) => {
      const { username, ...changes } = a;
      return change(username, defined(changes), call, 'user.updated');
    },
    'users.disable': async (a, call) => {
      if (call.actor && !call.actor.setupMode && call.actor.username.toLowerCase() === a.username.toLowerCase()) {
        throw new AuthError('BAD_ARGUMENTS', 'You cannot disable your own account. Ask another administrator.');
      }
      return change(a.username, { disabled: true }, call, 'user.disabled');
    },
    'users.resetPassword': async (a, call) => {
      const u = await setPassword(db, a.username, a.newPassword, { now: call.access.now(), scrypt: call.access.scrypt });
      appendAudit(acting(ctx, call), { action: 'user.passwordReset', object: `user:${u.username}` });
      return userView(u);
    },

    'meterGroups.list': async () => listMeterGroups(db),
    'meterGroups.save': async (a, call) => {
      const before = a.id !== undefined ? meterGroup(db, a.id) : null;
      const g = saveMeterGroup(db, defined({ id: a.id, name: a.name, serials: a.serials }) as { name: string; serials: string[] }, call.access.now());
      appendAudit(acting(ctx, call), { action: 'meterGroup.saved', object: `meterGroup:${g.id}`, summary: { before, after: g } });
      return g;
    },
    'meterGroups.delete': async ({ id }, call) => {
      const before = meterGroup(db, id);
      const deleted = deleteMeterGroup(db, id);
      if (deleted) appendAudit(acting(ctx, call), { action: 'meterGroup.deleted', object: `meterGroup:${id}`, summary: { before } });
      return { deleted };
    },

    'credentials.list': async () => listCredentials(db),
    'credentials.set': async (a, call) => {
      const who = actorOf(call);
      const target = defined({ scope: a.scope, meterSerial: a.meterSerial, groupId: a.groupId, level: a.level }) as Parameters<typeof setCredential>[1];
      const saved = setCredential(acting(ctx, call), target, a.password, who.username, call.access.now());
      appendAudit(acting(ctx, call), {
        action: 'credential.set',
        meterSerial: saved.meterSerial,
        object: `credential:${saved.id}`,
        summary: { after: { scope: saved.scope, meterSerial: saved.meterSerial, groupId: saved.groupId, level: saved.level } },
      });
      return saved;
    },
    'credentials.delete': async ({ id }, call) => {
      const gone = deleteCredential(db, id);
      if (gone) {
        appendAudit(acting(ctx, call), {
          action: 'credential.deleted',
          meterSerial: gone.meterSerial,
          object: `credential:${id}`,
          summary: { before: { scope: gone.scope, meterSerial: gone.meterSerial, groupId: gone.groupId, level: gone.level } },
        });
      }
      return { deleted: gone !== null };
    },
  };
}
