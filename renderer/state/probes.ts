/**
 * Probe slice (issue 16 items 1–2): the probe profiles (built-in, edited, own), which profile each port uses, the
 * profile being edited, and the connection wizard's run on a port — each try as it ends (`probeDetectProgress`), the
 * result (`probeDetectFinished`), cancel. Main checks the permissions and records every change.
 */
import { create } from 'zustand';
import type { DetectResult, DetectTry, PortProfileView, ProbeProfile, ProbeProfileView } from '../../contract';
import { STANDARD_PROBE_PROFILE } from '../../contract';
import { api, messageOf, onEvent } from '../api/client';

/** The wizard's run. */
export interface WizardRun {
  readonly jobId: string;
  readonly port: string;
  readonly status: 'running' | 'done' | 'failed' | 'cancelling';
  readonly tries: readonly DetectTry[];
  readonly done: number;
  readonly total: number;
  readonly current: string;
  readonly maxSeconds: number;
  readonly startedMs: number;
  readonly result: DetectResult | null;
  readonly error: string | null;
}

export interface ProbesState {
  readonly profiles: readonly ProbeProfileView[];
  readonly ports: readonly PortProfileView[];
  readonly defaultProfile: string;
  /** The profile in the edit dialog (`previousName` = its name before this edit), or null. */
  readonly editing: { readonly profile: ProbeProfile; readonly previousName?: string } | null;
  /** The port the wizard dialog is open for, or null. */
  readonly wizardPort: string | null;
  readonly wizard: WizardRun | null;
  readonly busy: boolean;
  readonly error: string | null;
  readonly notice: string | null;
  load(): Promise<void>;
  edit(e: ProbesState['editing']): void;
  saveProfile(profile: ProbeProfile, previousName?: string): Promise<boolean>;
  deleteProfile(name: string): Promise<void>;
  assign(port: string, profile: string | null): Promise<void>;
  openWizard(port: string): void;
  startWizard(port: string, addresses: string[], save: boolean): Promise<void>;
  cancelWizard(): Promise<void>;
  closeWizard(): void;
  dismiss(): void;
}

/** A new own profile: the standard values under a name to change. */
export const NEW_PROFILE: ProbeProfile = { ...STANDARD_PROBE_PROFILE, name: 'My probe', description: '', source: '' };

let unsubscribe: (() => void)[] = [];

export const useProbes = create<ProbesState>()((set, get) => ({
  profiles: [],
  ports: [],
  defaultProfile: STANDARD_PROBE_PROFILE.name,
  editing: null,
  wizardPort: null,
  wizard: null,
  busy: false,
  error: null,
  notice: null,
  async load() {
    try {
      const v = await api['probe.profiles']({});
      set({ profiles: v.profiles, ports: v.ports, defaultProfile: v.defaultProfile });
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },
  edit: (editing) => set({ editing, error: null }),
  async saveProfile(profile, previousName) {
    set({ busy: true, error: null, notice: null });
    try {
      const saved = await api['probe.saveProfile']({ profile, ...(previousName !== undefined ? { previousName } : {}) });
      set({ busy: false, editing: null, notice: `Profile "${saved.name}" saved.` });
      await get().load();
      return true;
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
      return false;
    }
  },
  async deleteProfile(name) {
    set({ busy: true, error: null, notice: null });
    try {
      const r = await api['probe.deleteProfile']({ name });
      set({ busy: false, notice: r.deleted ? `Profile "${name}" deleted (a built-in one is back to its shipped values).` : `Nothing to delete for "${name}".` });
      await get().load();
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
    }
  },
  async assign(port, profile) {
    set({ busy: true, error: null, notice: null });
    try {
      const r = await api['probe.assign']({ port, profile });
      set({ busy: false, notice: `${r.port} now uses "${r.profile}"${r.reason === 'port' ? '' : r.reason === 'usb' ? ' (by its USB model)' : ' (the default profile)'}.` });
      await get().load();
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
    }
  },
  openWizard: (port) => set({ wizardPort: port, wizard: null }),
  async startWizard(port, addresses, save) {
    const jobId = `probe-${Date.now().toString(36)}`;
    for (const u of unsubscribe) u();
    unsubscribe = [
      onEvent('probeDetectProgress', (e) => {
        const w = get().wizard;
        if (!w || e.jobId !== w.jobId) return;
        set({ wizard: { ...w, done: e.done, total: e.total, current: e.current, tries: e.try ? [...w.tries, e.try] : w.tries } });
      }),
      onEvent('probeDetectFinished', (e) => {
        const w = get().wizard;
        if (!w || e.jobId !== w.jobId) return;
        set({ wizard: { ...w, status: e.result ? 'done' : 'failed', result: e.result, error: e.error?.message ?? null } });
        if (e.result?.saved) void get().load();
      }),
    ];
    set({ wizard: { jobId, port, status: 'running', tries: [], done: 0, total: 4, current: 'Starting…', maxSeconds: 0, startedMs: Date.now(), result: null, error: null }, error: null });
    try {
      const started = await api['probe.detect']({ jobId, port, addresses, save });
      const w = get().wizard;
      if (w && w.jobId === jobId) set({ wizard: { ...w, maxSeconds: started.maxSeconds, total: Math.max(w.total, started.tries) } });
    } catch (err) {
      const w = get().wizard;
      if (w && w.jobId === jobId) set({ wizard: { ...w, status: 'failed', error: messageOf(err) } });
    }
  },
  async cancelWizard() {
    const w = get().wizard;
    if (!w || w.status !== 'running') return;
    set({ wizard: { ...w, status: 'cancelling' } });
    await api['probe.cancelDetect']({ jobId: w.jobId }).catch(() => undefined);
  },
  closeWizard() {
    for (const u of unsubscribe) u();
    unsubscribe = [];
    set({ wizard: null, wizardPort: null });
  },
  dismiss: () => set({ error: null, notice: null }),
}));
