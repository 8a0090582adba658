/**
 * Collection use cases (issue 14 items 3–6): schedules, "collect now", cancel, run history, the dashboard and the
 * gaps report. Each checks the acting user's permission (`collection.view` / `run` / `manage`), does the work and
 * writes its audit record (`schedule.saved|deleted`, `collection.started|finished`); the api handlers and the
 * `pmu collect|collector|schedule` commands only parse, call these and map.
 * Meter passwords for collection: the level of each meter in the meter list (default 2), approved by whoever
 * manages the meter list (fleet.manage), so scheduled runs of the workstation itself can open Elster meters. They go
 * out only after the device proved to be the meter (main/collect/meter-identity.ts); one that answers as another
 * meter is recorded (`collection.wrongMeter`).
 */
import os from 'node:os';
import type {
  CollectionProgress, DashboardRow, LpGapView, RunCounts, RunDetailView, RunSummaryView, ScheduleInput, ScheduleView, TargetKind, TimeCheckView,
} from '../../contract/collection';
import { scheduleInputSchema } from '../../contract/collection';
import { systemActor } from '../auth/actor';
import { appendAudit } from '../audit/append';
import { recordChange } from '../audit/record-change';
import type { CollectDeps } from '../collect/collect-meter';
import type { ClockPolicy } from '../collect/clock-sync';
import { Collector, type CollectorHooks } from '../collect/collector';
import { checkWorkstationClock, measureClockPolicy } from '../collect/time/reference';
import type { KindLimits } from '../collect/run-collection';
import { CronError, nextStart, upcomingStarts } from '../collect/due';
import { resolveMeterPassword } from '../secrets/credentials';
import { crossCheckIdentification } from './identification-check';
import { collectionDashboard } from '../store/collection-dashboard';
import { createRun, finishRun, listRuns, runDetail, runSettings, runStopped } from '../store/collection-runs';
import { deleteSchedule, findTarget, getSchedule, listSchedules, saveSchedule, targetLabel, targetMeters } from '../store/collection-schedules';
import { emulatedSubstationCsv } from '../links/emulated/substation';
import { importMeterList } from './meter-manager';
import { StoreError } from '../core/errors';
import { listGaps } from '../store/lp-series';
import { authorize } from './authorize';
import type { AppContext } from '../core/context';

/** Everything collecting needs from the app context; `clock` = the fleet clock policy measured for the run. */
export function collectDepsOf(ctx: AppContext, clock?: ClockPolicy): CollectDeps {
  const collector = systemActor(ctx.operator);
  // Meter clock changes are recorded at once, by the workstation (the collector), naming the reference used.
  const record: ClockPolicy['record'] = (c) =>
    appendAudit({ ...ctx, actor: collector }, { action: c.action, meterSerial: c.serial, object: `meter:${c.serial}`, summary: { before: c.before, after: c.after } });
  // Sent only after the meter proved its serial number in the clock session (main/collect/clock-sync.ts).
  const level3Password = (serial: string) => resolveMeterPassword(ctx, collector, { serial, level: 3, approvedLevel: 3 })?.password;
  return {
    db: ctx.db,
    links: ctx.links,
    timeZone: ctx.timeZone,
    software: ctx.software,
    operator: `collector (${ctx.operator})`,
    ...(clock ? { clock: { level3Password, ...clock, record } } : {}),
    measureClock: async () => ({ ...(await measureClockPolicy(ctx.db, ctx.links, ctx.timeZone)), record, level3Password }),
    password: (serial, level) => {
      const found = resolveMeterPassword(ctx, collector, { serial, level, approvedLevel: level });
      return found ? { password: found.password, source: found.source } : undefined;
    },
    // The identification line has no checksum: read it a second time before the first reading of a meter is stored.
    confirmIdentification: (transport, c) => crossCheckIdentification(ctx, transport, c),
    // A device that answered as another meter (no password beyond the meter's own level-1 one went out to it).
    onWrongMeter: (w) =>
      void appendAudit({ ...ctx, actor: collector }, { action: 'collection.wrongMeter', meterSerial: w.expected, object: `link:${w.link}`.slice(0, 300), summary: { after: { ...w } } }),
  };
}

/**
 * A collector for this app (one per process), whose run ends are recorded in the audit trail
 * (`collection.finished`, by the workstation) with the counts and the meters that failed.
 */
export function createAppCollector(ctx: AppContext, hooks: CollectorHooks = {}, clock?: ClockPolicy, limits: KindLimits = {}): Collector {
  return new Collector(collectDepsOf(ctx, clock), {
    ...hooks,
    onRunEnd: (runId, counts) => {
      const detail = runDetail(ctx.db, runId);
      appendAudit({ ...ctx, actor: systemActor(ctx.operator) }, {
        action: 'collection.finished',
        object: `run:${runId}`,
        summary: { after: { label: detail?.label, status: detail?.status, counts, failed: detail?.tasks.filter((t) => t.status === 'failed').slice(0, 50).map((t) => `${t.serial}: ${t.error}`) } },
      });
      hooks.onRunEnd?.(runId, counts);
    },
  }, limits);
}

/** Every schedule. Needs `collection.view`. */
export function schedulesAs(ctx: AppContext): ScheduleView[] {
  authorize(ctx, 'collection.view');
  return listSchedules(ctx.db);
}

/**
 * Create or change a schedule (the cron expression and time window checked; next start computed) with its audit
 * record. Needs `collection.manage`. @throws StoreError INVALID_DATA with the plain reason (bad cron, unknown target).
 */
export function saveScheduleAs(ctx: AppContext, input: ScheduleInput, now: Date = new Date()): ScheduleView {
  authorize(ctx, 'collection.manage');
  const s = scheduleInputSchema.parse(input);
  const timing = { cron: s.cron, timeZone: s.timeZone, windowStart: s.windowStart ?? null, windowEnd: s.windowEnd ?? null };
  let next: Date | null;
  try {
    next = nextStart(timing, now);
  } catch (e) {
    if (e instanceof CronError) throw new StoreError('INVALID_DATA', e.message);
    throw e;
  }
  const before = s.id === undefined ? null : getSchedule(ctx.db, s.id);
  const data = { ...s, windowStart: timing.windowStart, windowEnd: timing.windowEnd };
  return recordChange(ctx, () => saveSchedule(ctx.db, data, s.enabled ? next : null, now), (after) => ({
    action: 'schedule.saved', object: `schedule:${after.id}`, summary: { ...(before ? { before } : {}), after },
  }));
}

/** The next `n` starts of a schedule's timing (the editor's preview). Needs `collection.view`. @throws StoreError. */
export function previewStarts(ctx: AppContext, timing: { cron: string; timeZone: string; windowStart: string | null; windowEnd: string | null }, n = 5): string[] {
  authorize(ctx, 'collection.view');
  try {
    return upcomingStarts(timing, new Date(), n).map((d) => d.toISOString());
  } catch (e) {
    if (e instanceof CronError) throw new StoreError('INVALID_DATA', e.message);
    throw e;
  }
}

/** Delete a schedule (audit `schedule.deleted`). Needs `collection.manage`. */
export function deleteScheduleAs(ctx: AppContext, id: number): boolean {
  authorize(ctx, 'collection.manage');
  const before = getSchedule(ctx.db, id);
  return recordChange(ctx, () => deleteSchedule(ctx.db, id), (done) => (done ? { action: 'schedule.deleted', object: `schedule:${id}`, summary: { before } } : null));
}

/** What to collect now: a schedule (its content and retries), or a target with the defaults. */
export type CollectTarget = { readonly scheduleId: number } | { readonly targetKind: TargetKind; readonly targetId: number };

/**
 * Create a run of `target` now (audit `collection.started`) and start it on `collector`; returns the run id, how
 * many meters, and the promise of its end. Needs `collection.run`.
 * @throws StoreError NOT_FOUND (schedule / target), INVALID_DATA (no enabled meter in the target).
 */
export function startCollectionAs(ctx: AppContext, collector: Collector, target: CollectTarget, defaults: { what?: ScheduleView['what']; retries?: number; backoffSeconds?: number } = {}) {
  authorize(ctx, 'collection.run');
  const s = 'scheduleId' in target ? getSchedule(ctx.db, target.scheduleId) : null;
  if ('scheduleId' in target && !s) throw new StoreError('NOT_FOUND', 'This schedule no longer exists. Refresh the list.');
  const kind = s?.targetKind ?? (target as { targetKind: TargetKind }).targetKind;
  const id = s?.targetId ?? (target as { targetId: number }).targetId;
  const meterIds = targetMeters(ctx.db, kind, id);
  const label = s ? `${s.name} (${targetLabel(ctx.db, kind, id)})` : targetLabel(ctx.db, kind, id);
  if (meterIds.length === 0) throw new StoreError('INVALID_DATA', `There is no enabled meter in ${label}: add meters to it (or enable them) first.`);
  const what = s?.what ?? defaults.what ?? scheduleInputSchema.shape.what.parse({});
  const runId = recordChange(
    ctx,
    () => createRun(ctx.db, { scheduleId: s?.id ?? null, label, trigger: 'manual', what, retries: s?.retries ?? defaults.retries ?? 2, backoffSeconds: s?.backoffSeconds ?? defaults.backoffSeconds ?? 60, startedBy: ctx.operator, meterIds }),
    (run) => ({ action: 'collection.started', object: `run:${run}`, summary: { after: { label, meters: meterIds.length, what, host: os.hostname() } } }),
  );
  return { runId, meters: meterIds.length, done: collector.start(runId) };
}

/** Stop a run: here at once, in another process at its next check. Needs `collection.run`. */
export function cancelCollectionAs(ctx: AppContext, collector: Collector, runId: number): boolean {
  authorize(ctx, 'collection.run');
  if (!runSettings(ctx.db, runId) || runStopped(ctx.db, runId)) return false;
  finishRun(ctx.db, runId, 'cancelled', new Date());
  collector.cancel(runId);
  return true;
}

/** Run history, newest first. Needs `collection.view`. */
export function runsAs(ctx: AppContext, limit = 100): RunSummaryView[] {
  authorize(ctx, 'collection.view');
  return listRuns(ctx.db, limit);
}

/** One run with its tasks. Needs `collection.view`. */
export function runAs(ctx: AppContext, runId: number): RunDetailView | null {
  authorize(ctx, 'collection.view');
  return runDetail(ctx.db, runId);
}

/** The dashboard. Needs `collection.view`. */
export function dashboardAs(ctx: AppContext): DashboardRow[] {
  authorize(ctx, 'collection.view');
  return collectionDashboard(ctx.db);
}

/** The gaps report. Needs `collection.view`. */
export function gapsAs(ctx: AppContext, f: { meterId?: number; status?: LpGapView['status'] }): LpGapView[] {
  authorize(ctx, 'collection.view');
  return listGaps(ctx.db, f);
}

/**
 * Add the built-in "emulated substation" (20 meters behind a bus, TCP and a modem; main/links/emulated/substation.ts)
 * to the meter manager, and a schedule collecting it every 15 minutes: a newcomer can try collection at once.
 * Needs `fleet.manage` and `collection.manage`. Idempotent: a second call changes nothing.
 */
export function addEmulatedSubstation(ctx: AppContext): { meters: number; scheduleId: number } {
  authorize(ctx, 'collection.manage');
  const imported = importMeterList(ctx, { fileName: 'emulated-substation.csv', content: emulatedSubstationCsv() });
  if (imported.errors.length > 0) throw new StoreError('CONFLICT', `The emulated substation could not be added: ${imported.errors[0]!.message}`);
  const place = findTarget(ctx.db, 'place:Emulated/Emulated substation');
  const existing = listSchedules(ctx.db).find((x) => x.name === 'Emulated substation');
  const schedule =
    existing ??
    saveScheduleAs(ctx, { name: 'Emulated substation', targetKind: 'place', targetId: place.id, what: {}, cron: '*/15 * * * *', timeZone: ctx.timeZone, retries: 2, backoffSeconds: 60 });
  return { meters: imported.lines, scheduleId: schedule.id };
}

/** Check this computer's clock against the reference now. Needs `collection.view`. */
export async function checkTimeAs(ctx: AppContext): Promise<TimeCheckView> {
  authorize(ctx, 'collection.view');
  return checkWorkstationClock(ctx.db, ctx.links, ctx.timeZone);
}

export type { CollectionProgress, RunCounts };
