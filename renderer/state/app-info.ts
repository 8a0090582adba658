/** App-info slice: version, mode (desktop/browser), store path and operator, for the status bar. */
import { create } from 'zustand';
import type { AppInfo } from '../../contract';
import { api, messageOf } from '../api/client';
import { DEFAULT_PASSWORD_RULES, type PasswordRules } from '../lib/user-form';

export interface AppInfoState {
  readonly info: AppInfo | null;
  readonly error: string | null;
  load(): Promise<void>;
  dismissError(): void;
}

export const useAppInfo = create<AppInfoState>()((set) => ({
  info: null,
  error: null,
  async load() {
    try {
      set({ info: await api.appInfo({}), error: null });
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },
  dismissError: () => set({ error: null }),
}));

/** The password rules in force (appInfo `passwordRules`), or the policy's defaults before the app info arrived. */
export function usePasswordRules(): PasswordRules {
  return useAppInfo((a) => a.info?.passwordRules) ?? DEFAULT_PASSWORD_RULES;
}
