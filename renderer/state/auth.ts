/**
 * Sign-in slice: setup mode, who is signed in in this window, their permissions (to hide or disable what the role
 * may not do — the main process checks every call anyway), and the session's end. `auth.status` is asked once at
 * start and after every sign-in change; a call refused with `SIGN_IN_REQUIRED` (session ended: idle 30 min,
 * 8 h, disabled, password reset) opens the sign-in dialog over the current screen, which is kept when the same
 * user signs in again. Signing out, or signing in as someone else after a session ended, reloads the window so
 * nothing of the previous user's work stays in memory.
 *
 * User passwords pass through here only as call arguments; nothing here keeps one.
 */
import { create } from 'zustand';
import type { AuthStatusView, CallArgs, PermissionName } from '../../contract';
import { api, ApiCallError, messageOf, onCallOutcome } from '../api/client';
import { deniedReason } from '../lib/permissions';

export interface AuthState {
  /** The last `auth.status`; null until it arrived. */
  readonly status: AuthStatusView | null;
  /** Why `auth.status` could not be read (the window shows it with a Retry button). */
  readonly loadError: string | null;
  /** User name whose workstation screens are on show (null: none yet, or setup mode before the first user). */
  readonly shownFor: string | null;
  /** Set when a call found the session ended: the sign-in dialog shows over the screen with this message. */
  readonly sessionEnded: string | null;
  /** A sign-in, setup or password change is running. */
  readonly busy: boolean;
  /** Plain error of the last sign-in / setup / password change. */
  readonly error: string | null;
  load(): Promise<void>;
  signIn(username: string, password: string): Promise<boolean>;
  setupAdmin(args: CallArgs<'auth.setupAdmin'>): Promise<boolean>;
  signOut(): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<boolean>;
  /** A call was refused with SIGN_IN_REQUIRED: ask for a sign-in (keeps the screen). */
  sessionLost(message: string): void;
  dismissError(): void;
}

/** Reload the window (tests replace it). */
export const windowControl = { reload: () => window.location.reload() };

export const useAuth = create<AuthState>()((set, get) => ({
  status: null,
  loadError: null,
  shownFor: null,
  sessionEnded: null,
  busy: false,
  error: null,

  async load() {
    try {
      const status = await api['auth.status']({});
      const user = status.user && !status.setupMode ? status.user.username : null;
      set((s) => ({ status, loadError: null, shownFor: user ?? s.shownFor }));
    } catch (err) {
      set({ loadError: messageOf(err) });
    }
  },

  async signIn(username, password) {
    set({ busy: true, error: null });
    try {
      const status = await api['auth.signIn']({ username, password });
      const who = status.user?.username ?? null;
      const before = get().shownFor;
      if (before !== null && who !== null && before.toLowerCase() !== who.toLowerCase()) {
        // Someone else took over a window that shows another user's work: start clean.
        windowControl.reload();
        return true;
      }
      set({ status, busy: false, sessionEnded: null, shownFor: who });
      return true;
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
      return false;
    }
  },

  async setupAdmin(args) {
    set({ busy: true, error: null });
    try {
      const status = await api['auth.setupAdmin'](args);
      set({ status, busy: false, sessionEnded: null, shownFor: status.user?.username ?? null });
      return true;
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
      // Someone else created the first user meanwhile: show the sign-in.
      if (err instanceof ApiCallError && err.code === 'NOT_SETUP_MODE') void get().load();
      return false;
    }
  },

  async signOut() {
    set({ busy: true, error: null });
    try {
      await api['auth.signOut']({});
    } catch {
      /* the session is gone either way: the reload shows the sign-in */
    }
    windowControl.reload();
  },

  async changePassword(currentPassword, newPassword) {
    set({ busy: true, error: null });
    try {
      await api['auth.changePassword']({ currentPassword, newPassword });
      set({ busy: false });
      return true;
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
      return false;
    }
  },

  sessionLost(message) {
    const s = get().status;
    if (s && s.setupMode) {
      // Setup mode ended in another window (the first user exists now): ask for a sign-in.
      void get().load();
    }
    // Nobody is signed in now; the permissions are kept so the screen behind the sign-in dialog does not change.
    set((old) => ({ sessionEnded: message, status: old.status ? { ...old.status, user: null, setupMode: false, sessionExpiresUtc: null } : old.status }));
  },

  dismissError: () => set({ error: null }),
}));

/** True when a user is needed but nobody is signed in (sign-in screen or dialog). */
export function needsSignIn(s: Pick<AuthState, 'status'>): boolean {
  return s.status !== null && !s.status.setupMode && s.status.user === null;
}

/** True when the signed-in user (or setup-mode operator) holds `permission`. */
export function useCan(permission: PermissionName): boolean {
  return useAuth((s) => permission === 'public' || (s.status?.permissions.includes(permission) ?? false));
}

/** The plain reason a control needing `permission` is disabled (its title), or undefined when allowed. */
export function useDenied(permission: PermissionName): string | undefined {
  return useAuth((s) => deniedReason(s.status?.user?.role ?? null, s.status?.permissions ?? [], permission));
}

let lastActivity = Date.now();

/** Milliseconds since this window's last answered call (activity for the idle time-out). */
export function idleFor(now = Date.now()): number {
  return now - lastActivity;
}

/**
 * Listen to every call's outcome: SIGN_IN_REQUIRED opens the sign-in dialog; any answer counts as activity.
 * Called once by the app root; returns unsubscribe.
 */
export function watchCalls(): () => void {
  return onCallOutcome((o) => {
    lastActivity = Date.now();
    if (o.code === 'SIGN_IN_REQUIRED' && !o.name.startsWith('auth.')) useAuth.getState().sessionLost(o.message ?? 'Sign in again.');
  });
}
