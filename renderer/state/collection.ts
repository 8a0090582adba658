/**
 * Collection slice (issue 14 items 3–6): the dashboard (a row per meter), the schedules, the run history with the
 * open run's tasks, the gaps report, and the live progress of runs (`collectionProgress` events: counts, an estimate
 * of the time left, the meter that changed). Changes are single calls; the main process checks permissions.
 */
import { create } from 'zustand';
import type { CallArgs, CollectionProgress, DashboardRow, LpGapView, MeterGroupView, RunDetailView, RunSummaryView, ScheduleView } from '../../contract';
import { api, messageOf, onEvent } from '../api/client';

export interface CollectionState {
  readonly dashboard: readonly DashboardRow[];
  readonly schedules: readonly ScheduleView[];
  readonly runs: readonly RunSummaryView[];
  readonly run: RunDetailView | null;
  readonly gaps: readonly LpGapView[];
  /** Meter groups a schedule or "Collect now" may name (empty when they cannot be listed). */
  readonly groups: readonly MeterGroupView[];
  /** Latest progress per run id, and the last lines of what happened. */
  readonly progress: Readonly<Record<number, CollectionProgress>>;
  readonly lines: readonly string[];
  readonly busy: boolean;
  readonly error: string | null;
  readonly notice: string | null;
  refresh(): Promise<void>;
  openRun(runId: number): Promise<void>;
  start(args: CallArgs<'collection.start'>): Promise<number | null>;
  cancel(runId: number): Promise<void>;
  saveSchedule(args: CallArgs<'collection.saveSchedule'>): Promise<boolean>;
  deleteSchedule(id: number, name: string): Promise<void>;
  listen(): () => void;
  dismiss(): void;
}

export const useCollection = create<CollectionState>()((set, get) => {
  const guard = async <T,>(run: () => Promise<T>, notice?: (r: T) => string): Promise<T | null> => {
    set({ busy: true, error: null, notice: null });
    try {
      const r = await run();
      set({ busy: false, ...(notice ? { notice: notice(r) } : {}) });
      return r;
    } catch (err) {
      set({ busy: false, error: messageOf(err) });
      return null;
    }
  };
  return {
    dashboard: [],
    schedules: [],
    runs: [],
    run: null,
    gaps: [],
    groups: [],
    progress: {},
    lines: [],
    busy: false,
    error: null,
    notice: null,
    async refresh() {
      try {
        const [dashboard, schedules, runs, gaps] = await Promise.all([
          api['collection.dashboard']({}), api['collection.schedules']({}), api['collection.runs']({ limit: 50 }), api['collection.gaps']({ status: 'open' }),
        ]);
        set({ dashboard, schedules, runs, gaps });
        set({ groups: await api['meterGroups.list']({}).catch(() => []) });
        const open = get().run;
        if (open) set({ run: await api['collection.run']({ runId: open.id }) });
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },
    async openRun(runId) {
      const run = await guard(() => api['collection.run']({ runId }));
      if (run !== null) set({ run });
    },
    async start(args) {
      const r = await guard(() => api['collection.start'](args), (x) => `Run ${x.runId} started: ${x.meters} meter${x.meters === 1 ? '' : 's'}.`);
      if (r) await get().openRun(r.runId);
      await get().refresh();
      return r?.runId ?? null;
    },
    async cancel(runId) {
      await guard(() => api['collection.cancel']({ runId }), (r) => (r.cancelled ? `Run ${runId} is stopping.` : `Run ${runId} had already ended.`));
      await get().refresh();
    },
    async saveSchedule(args) {
      const r = await guard(() => api['collection.saveSchedule'](args), (s) => `Schedule “${s.name}” saved; next run ${s.nextRunUtc ?? 'never'}.`);
      await get().refresh();
      return r !== null;
    },
    async deleteSchedule(id, name) {
      await guard(() => api['collection.deleteSchedule']({ id }), () => `Schedule “${name}” deleted.`);
      await get().refresh();
    },
    listen() {
      let pending: ReturnType<typeof setTimeout> | null = null;
      return onEvent('collectionProgress', (p) => {
        set((s) => ({ progress: { ...s.progress, [p.runId]: p }, lines: p.meter ? [p.meter.message, ...s.lines].slice(0, 8) : s.lines }));
        // Refresh the lists at most every 2 s while a run goes on, and at its end.
        if (p.finished) void get().refresh();
        else pending ??= setTimeout(() => ((pending = null), void get().refresh()), 2000);
      });
    },
    dismiss: () => set({ error: null, notice: null }),
  };
});
