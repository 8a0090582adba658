/**
 * Administration slice: users, meter groups and stored meter passwords (metadata only: the window never receives
 * a stored password, and sends one only inside `credentials.set`). Every change refreshes its list and leaves a
 * plain notice; a refused change (FORBIDDEN, LAST_ADMIN, CONFLICT, …) leaves the main process's plain message.
 */
import { create } from 'zustand';
import type { CallArgs, CredentialInfoView, MeterGroupView, UserView } from '../../contract';
import { api, messageOf } from '../api/client';

export interface AdminState {
  readonly users: readonly UserView[];
  readonly groups: readonly MeterGroupView[];
  readonly credentials: readonly CredentialInfoView[];
  readonly loading: boolean;
  /** A change is being sent. */
  readonly busy: boolean;
  readonly error: string | null;
  /** What the last change did, in words ("User tom added."). */
  readonly notice: string | null;
  refresh(): Promise<void>;
  addUser(args: CallArgs<'users.add'>): Promise<boolean>;
  updateUser(args: CallArgs<'users.update'>, notice: string): Promise<boolean>;
  disableUser(username: string): Promise<boolean>;
  resetPassword(username: string, newPassword: string): Promise<boolean>;
  saveGroup(args: CallArgs<'meterGroups.save'>): Promise<boolean>;
  deleteGroup(id: number, name: string): Promise<boolean>;
  setCredential(args: CallArgs<'credentials.set'>): Promise<boolean>;
  deleteCredential(id: number): Promise<boolean>;
  dismiss(): void;
}

export const useAdmin = create<AdminState>()((set, get) => {
  /** Run one change: busy while it runs, the refreshed lists and `notice` after, or the plain error. */
  const change = async (run: () => Promise<unknown>, notice: string): Promise<boolean> => {
    set({ busy: true, error: null, notice: null });
    try {
      await run();
      set({ busy: false, notice });
      await get().refresh();
      return true;
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
      return false;
    }
  };
  return {
    users: [],
    groups: [],
    credentials: [],
    loading: false,
    busy: false,
    error: null,
    notice: null,

    async refresh() {
      set({ loading: true });
      const [users, groups, credentials] = await Promise.allSettled([api['users.list']({}), api['meterGroups.list']({}), api['credentials.list']({})]);
      const failed = [users, groups, credentials].find((r) => r.status === 'rejected');
      set((s) => ({
        loading: false,
        users: users.status === 'fulfilled' ? users.value : s.users,
        groups: groups.status === 'fulfilled' ? groups.value : s.groups,
        credentials: credentials.status === 'fulfilled' ? credentials.value : s.credentials,
        ...(failed ? { error: messageOf(failed.reason) } : {}),
      }));
    },

    addUser: (args) => change(() => api['users.add'](args), `User ${args.username} added as ${args.role}.`),
    updateUser: (args, notice) => change(() => api['users.update'](args), notice),
    disableUser: (username) => change(() => api['users.disable']({ username }), `User ${username} disabled; their sessions have ended.`),
    resetPassword: (username, newPassword) =>
      change(() => api['users.resetPassword']({ username, newPassword }), `New password set for ${username}; their sessions have ended.`),
    saveGroup: (args) => change(() => api['meterGroups.save'](args), `Meter group “${args.name}” saved.`),
    deleteGroup: (id, name) => change(() => api['meterGroups.delete']({ id }), `Meter group “${name}” deleted.`),
    setCredential: (args) => change(() => api['credentials.set'](args), 'Meter password stored (encrypted). It is never shown again.'),
    deleteCredential: (id) => change(() => api['credentials.delete']({ id }), 'Stored meter password deleted.'),
    dismiss: () => set({ error: null, notice: null }),
  };
});
