/** Navigation slice: which screen is shown (the reading screen is the start screen). */
import { create } from 'zustand';

/** The screens of the workstation, in the order of the tab strip. */
export const SCREENS = [
  { id: 'read', label: 'Read meter' },
  { id: 'browse', label: 'Readings browser' },
  { id: 'import', label: 'Import' },
  { id: 'quarantine', label: 'Quarantine' },
  { id: 'folders', label: 'Watched folders' },
] as const;

export type Screen = (typeof SCREENS)[number]['id'];

export interface NavState {
  readonly screen: Screen;
  go(screen: Screen): void;
}

export const useNav = create<NavState>()((set) => ({
  screen: 'read',
  go: (screen) => set({ screen }),
}));
