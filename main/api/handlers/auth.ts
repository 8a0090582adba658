/**
 * Handlers of the sign-in, user, meter-group and meter-credential calls (contract/auth.ts): sign-in goes to the app's
 * AccessControl (main/auth/access-control.ts, which records it); everything else is parse → main/services/users.ts
 * (permission check, change and audit record) → map.
 */
import type { AppContext } from '../../core/context';
import {
  addUserAs, deleteCredentialAs, deleteMeterGroupAs, listCredentialsAs, listMeterGroupsAs, listUsersAs, resetPasswordAs, saveMeterGroupAs, setCredentialAs, updateUserAs,
} from '../../services/users';
import type { CredentialTarget } from '../../secrets/credentials';
import { defined } from '../args';
import { acting } from '../call-context';
import type { Handlers } from '../dispatch';

type AuthCalls =
  | 'auth.status' | 'auth.setupAdmin' | 'auth.signIn' | 'auth.signOut' | 'auth.changePassword'
  | 'users.list' | 'users.add' | 'users.update' | 'users.disable' | 'users.resetPassword'
  | 'meterGroups.list' | 'meterGroups.save' | 'meterGroups.delete'
  | 'credentials.list' | 'credentials.set' | 'credentials.delete';

/** Build the auth handlers over `ctx`. */
export function createAuthHandlers(ctx: AppContext): Pick<Handlers, AuthCalls> {
  const hashing = (call: Parameters<Handlers['users.add']>[1]) => ({ now: call.access.now(), scrypt: call.access.scrypt });
  return {
    'auth.status': async (_a, call) => call.access.status(call.caller),
    'auth.setupAdmin': async (a, call) => call.access.setupAdmin(call.caller, defined({ username: a.username, password: a.password, displayName: a.displayName, meterUserId: a.meterUserId }) as { username: string; password: string }),
    'auth.signIn': async (a, call) => call.access.signIn(call.caller, a.username, a.password),
    'auth.signOut': async (_a, call) => call.access.signOut(call.caller),
    'auth.changePassword': async (a, call) => {
      await call.access.changePassword(call.caller, a.currentPassword, a.newPassword);
      return { changed: true as const };
    },

    'users.list': async (_a, call) => listUsersAs(acting(ctx, call), { now: call.access.now() }),
    'users.add': async (a, call) => addUserAs(acting(ctx, call), { ...defined(a), username: a.username, role: a.role, password: a.password }, hashing(call)),
    'users.update': async ({ username, ...changes }, call) => updateUserAs(acting(ctx, call), username, defined(changes), { now: call.access.now() }),
    'users.disable': async (a, call) => updateUserAs(acting(ctx, call), a.username, { disabled: true }, { now: call.access.now() }),
    'users.resetPassword': async (a, call) => resetPasswordAs(acting(ctx, call), a.username, a.newPassword, hashing(call)),

    'meterGroups.list': async (_a, call) => listMeterGroupsAs(acting(ctx, call)),
    'meterGroups.save': async (a, call) => saveMeterGroupAs(acting(ctx, call), defined({ id: a.id, name: a.name, serials: a.serials }) as { name: string; serials: string[] }, call.access.now()),
    'meterGroups.delete': async ({ id }, call) => ({ deleted: deleteMeterGroupAs(acting(ctx, call), id) }),

    'credentials.list': async (_a, call) => listCredentialsAs(acting(ctx, call)),
    'credentials.set': async (a, call) =>
      setCredentialAs(acting(ctx, call), defined({ scope: a.scope, meterSerial: a.meterSerial, groupId: a.groupId, level: a.level }) as CredentialTarget, a.password, call.access.now()),
    'credentials.delete': async ({ id }, call) => ({ deleted: deleteCredentialAs(acting(ctx, call), id) }),
  };
}
