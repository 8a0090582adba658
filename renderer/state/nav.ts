/** Navigation slice: which screen is shown (the reading screen is the start screen). */
import { create } from 'zustand';
import type { PermissionName } from '../../contract';

/**
 * The screens of the workstation, in the order of the tab strip, with the permission a screen's tab needs (the tab
 * is hidden without it: ../components/ScreenTabs.tsx; the main process refuses the calls anyway).
 */
export const SCREENS = [
  { id: 'read', label: 'Read meter', needs: 'readings.view' },
  { id: 'browse', label: 'Readings browser', needs: 'readings.view' },
  { id: 'import', label: 'Import', needs: 'readings.import' },
  { id: 'quarantine', label: 'Quarantine', needs: 'readings.view' },
  { id: 'folders', label: 'Watched folders', needs: 'readings.view' },
  { id: 'schemes', label: 'Tariff schemes', needs: 'schemes.view' },
  { id: 'staging', label: 'Staging', needs: 'schemes.view' },
  { id: 'certificates', label: 'Certificates', needs: 'schemes.view' },
  { id: 'fleet', label: 'Meter manager', needs: 'fleet.view' },
  { id: 'collection', label: 'Collection', needs: 'collection.view' },
  { id: 'reports', label: 'Reports', needs: 'reports.view' },
  { id: 'audit', label: 'Audit trail', needs: 'audit.view' },
  { id: 'admin', label: 'Administration', needs: 'users.view' },
  { id: 'settings', label: 'Settings', needs: 'signedIn' },
] as const satisfies readonly { id: string; label: string; needs: PermissionName }[];

export type Screen = (typeof SCREENS)[number]['id'];

/**
 * The screens in the groups of the tab strip (every screen in exactly one group: nav.test.ts). A group wraps to the
 * next row as a whole, so the strip fits from 1024 px up without cutting a tab off, and a group's tabs stay together.
 */
export const SCREEN_GROUPS: readonly { readonly label: string; readonly screens: readonly Screen[] }[] = [
  { label: 'Readings', screens: ['read', 'browse', 'import', 'quarantine', 'folders'] },
  { label: 'Tariff schemes', screens: ['schemes', 'staging', 'certificates'] },
  { label: 'Fleet', screens: ['fleet', 'collection', 'reports'] },
  { label: 'Oversight', screens: ['audit', 'admin', 'settings'] },
];

/**
 * Where a user lands after signing in: the Read meter screen for those who read meters; the Audit trail for those
 * who may not read meters but audit (auditors: not a Read screen with a greyed button); else the first screen the
 * permissions show.
 */
export function homeScreen(permissions: readonly PermissionName[]): Screen {
  if (permissions.includes('meter.read')) return 'read';
  if (permissions.includes('audit.view')) return 'audit';
  return SCREENS.find((s) => permissions.includes(s.needs))?.id ?? 'read';
}

export interface NavState {
  readonly screen: Screen;
  go(screen: Screen): void;
}

export const useNav = create<NavState>()((set) => ({
  screen: 'read',
  go: (screen) => set({ screen }),
}));
