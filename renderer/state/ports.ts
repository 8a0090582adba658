/**
 * Ports slice: the ports the technician can pick (listPorts: emulated meter first, then serial ports), the
 * selection, and a typed path for a port the OS does not list ("Other port…").
 */
import { create } from 'zustand';
import type { PortInfoView } from '../../contract';
import { api, messageOf } from '../api/client';

/** Select value of the "Other port…" entry (never a real port path: contains characters paths cannot start with). */
export const OTHER_PORT = '::other';

export interface PortsState {
  readonly ports: readonly PortInfoView[];
  readonly loading: boolean;
  readonly error: string | null;
  /** A `PortInfo.path`, or OTHER_PORT. '' until the list has loaded. */
  readonly selected: string;
  /** Path typed for "Other port…", e.g. `/dev/ttyUSB3` or `COM7`. */
  readonly otherPath: string;
  refresh(): Promise<void>;
  select(value: string): void;
  setOtherPath(path: string): void;
  dismissError(): void;
}

export const usePorts = create<PortsState>()((set, get) => ({
  ports: [],
  loading: false,
  error: null,
  selected: '',
  otherPath: '',
  async refresh() {
    set({ loading: true, error: null });
    try {
      const ports = await api.listPorts({});
      const { selected } = get();
      const keep = selected === OTHER_PORT || ports.some((p) => p.path === selected);
      set({ ports, loading: false, selected: keep ? selected : (ports[0]?.path ?? '') });
    } catch (err) {
      set({ loading: false, error: messageOf(err) });
    }
  },
  select: (value) => set({ selected: value }),
  setOtherPath: (path) => set({ otherPath: path }),
  dismissError: () => set({ error: null }),
}));

/** The port path to read from the current selection ('' when none). */
export function chosenPort(state: Pick<PortsState, 'selected' | 'otherPath'>): string {
  return state.selected === OTHER_PORT ? state.otherPath.trim() : state.selected;
}
