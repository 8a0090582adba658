/**
 * Automatic collection's calls and events (issue 14 items 3–6; spread into `calls` / `events` of preload/contract.ts):
 * schedules (what, when, retries), runs with one task per meter, the collection dashboard, the gaps report and the
 * fleet clock-sync settings. View types are derived from these schemas. Pure zod, no node/DOM.
 */
import { z } from 'zod';
import { timeZoneSchema } from './fleet';

/** What a run collects from each meter. */
export const collectWhatSchema = z.strictObject({
  /** The data readout (registers, billing values, clock). */
  registers: z.boolean().default(true),
  /** Load profile from the last stored interval (and any open gap) to the meter's now. */
  loadProfile: z.boolean().default(true),
  /** Events / logbook where the dialect reads them (Elster 544). */
  events: z.boolean().default(false),
  /** Compare the meter clock with the reference (drift report). */
  clockCheck: z.boolean().default(true),
  /** Correct the meter clock: `adjust` = creep within ±7.5 min only; `adjust-or-set` = set (level 3) beyond it. */
  clockSync: z.enum(['off', 'adjust', 'adjust-or-set']).default('off'),
  /** A meter with nothing stored yet: read this many days of load profile back. */
  firstDays: z.number().int().min(1).max(400).default(1),
});
export type CollectWhat = z.infer<typeof collectWhatSchema>;
/** The defaults: registers, load profile, clock check; no clock correction; first collection 1 day back. */
export const DEFAULT_WHAT: CollectWhat = collectWhatSchema.parse({});

export const targetKindSchema = z.enum(['meter', 'group', 'place']);
export type TargetKind = z.infer<typeof targetKindSchema>;

/** 'HH:MM' (24 h). */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 22:00');

/** A schedule as the editor writes it. */
export const scheduleInputSchema = z.strictObject({
  id: z.number().int().positive().optional(),
  name: z.string().trim().min(1, 'enter a name').max(80),
  targetKind: targetKindSchema,
  targetId: z.number().int().positive(),
  what: collectWhatSchema,
  /** Cron expression: 5 fields (minute hour day month weekday) or 6 with seconds first. */
  cron: z.string().trim().min(1, 'enter when, e.g. */15 * * * *').max(120),
  timeZone: timeZoneSchema,
  windowStart: hhmm.nullable().optional(),
  windowEnd: hhmm.nullable().optional(),
  retries: z.number().int().min(0).max(10).default(2),
  backoffSeconds: z.number().int().min(1).max(86_400).default(60),
  enabled: z.boolean().default(true),
});
export type ScheduleInput = z.input<typeof scheduleInputSchema>;

/** A stored schedule. */
export const scheduleViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  targetKind: targetKindSchema,
  targetId: z.number().int(),
  /** "group North", "place Riverside / Feeder 3", "meter EMU-T0001". */
  targetLabel: z.string(),
  what: collectWhatSchema,
  cron: z.string(),
  timeZone: z.string(),
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
  retries: z.number().int(),
  backoffSeconds: z.number().int(),
  enabled: z.boolean(),
  /** Next start, UTC, or null (disabled, or the expression never fires again). */
  nextRunUtc: z.string().nullable(),
  lastRunId: z.number().int().nullable(),
});
export type ScheduleView = z.infer<typeof scheduleViewSchema>;

export const runStatusSchema = z.enum(['running', 'finished', 'cancelled', 'interrupted']);
export const taskStatusSchema = z.enum(['pending', 'running', 'retry', 'ok', 'failed']);

/** Counts of a run's tasks. */
export const runCountsSchema = z.object({
  total: z.number().int(),
  ok: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  running: z.number().int(),
  retry: z.number().int(),
});
export type RunCounts = z.infer<typeof runCountsSchema>;

/** One run in the history. */
export const runSummarySchema = z.object({
  id: z.number().int(),
  scheduleId: z.number().int().nullable(),
  label: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  status: runStatusSchema,
  startedBy: z.string(),
  startedUtc: z.string(),
  finishedUtc: z.string().nullable(),
  resumed: z.boolean(),
  counts: runCountsSchema,
  /** Intervals stored by the run (all meters). */
  intervals: z.number().int(),
});
export type RunSummaryView = z.infer<typeof runSummarySchema>;

/** One meter's task in a run. */
export const taskViewSchema = z.object({
  meterId: z.number().int(),
  serial: z.string(),
  link: z.string(),
  status: taskStatusSchema,
  attempts: z.number().int(),
  nextAttemptUtc: z.string().nullable(),
  startedUtc: z.string().nullable(),
  finishedUtc: z.string().nullable(),
  /** Plain error of the last failure (kept after a successful retry as what went wrong before), or null. */
  error: z.string().nullable(),
  errorCode: z.string().nullable(),
  readingId: z.number().int().nullable(),
  registers: z.number().int().nullable(),
  intervals: z.number().int().nullable(),
  backfilled: z.number().int().nullable(),
  seconds: z.number().nullable(),
  /** Meter clock minus reference, seconds (+ = meter fast), or null when not checked. */
  clockDriftSeconds: z.number().nullable(),
  /** What was done about the clock: none, adjusted, set, refused (with why), or null. */
  clockAction: z.string().nullable(),
});
export type TaskView = z.infer<typeof taskViewSchema>;

export const runDetailSchema = runSummarySchema.extend({ what: collectWhatSchema, tasks: z.array(taskViewSchema) });
export type RunDetailView = z.infer<typeof runDetailSchema>;

/** One meter on the collection dashboard. */
export const dashboardRowSchema = z.object({
  meterId: z.number().int(),
  serial: z.string(),
  link: z.string(),
  placePath: z.string().nullable(),
  enabled: z.boolean(),
  lastRunId: z.number().int().nullable(),
  lastRunUtc: z.string().nullable(),
  outcome: taskStatusSchema.nullable(),
  error: z.string().nullable(),
  /** Next scheduled start covering this meter, or null. */
  nextRunUtc: z.string().nullable(),
  /** End of the last stored load-profile interval (any channel), or null. */
  lastIntervalUtc: z.string().nullable(),
  openGaps: z.number().int(),
  /** Missing intervals in the open gaps (all channels). */
  missingIntervals: z.number().int(),
  clockDriftSeconds: z.number().nullable(),
});
export type DashboardRow = z.infer<typeof dashboardRowSchema>;

/** One gap of the gaps report. */
export const lpGapViewSchema = z.object({
  id: z.number().int(),
  meterId: z.number().int(),
  serial: z.string(),
  obis: z.string(),
  fromUtc: z.string(),
  toUtc: z.string(),
  intervals: z.number().int(),
  status: z.enum(['open', 'filled', 'unavailable']),
  foundUtc: z.string(),
  attempts: z.number().int(),
  resolvedUtc: z.string().nullable(),
});
export type LpGapView = z.infer<typeof lpGapViewSchema>;

/** Live progress of a run (event `collectionProgress`). */
export const collectionProgressSchema = z.object({
  runId: z.number().int(),
  counts: runCountsSchema,
  /** Estimated seconds to the end (from the meters done so far and the concurrency), or null early on. */
  etaSeconds: z.number().nullable(),
  /** The meter whose state just changed, with a plain line ("EMU-T0003: 96 intervals stored"). */
  meter: z.object({ serial: z.string(), status: taskStatusSchema, message: z.string() }).nullable(),
  finished: z.boolean(),
});
export type CollectionProgress = z.infer<typeof collectionProgressSchema>;

/** The workstation clock checked against the reference now. */
export const timeCheckSchema = z.object({
  /** "NTP pool.ntp.org:123 (stratum …)", "GPS on /dev/ttyUSB1 (NMEA 0183)", or null (none set up). */
  source: z.string().nullable(),
  /** Reference − workstation, ms (positive: the workstation is slow), or null when not measured. */
  offsetMs: z.number().nullable(),
  delayMs: z.number().nullable(),
  /** Why meter clocks would not be corrected now, or null when they may be. */
  refused: z.string().nullable(),
});
export type TimeCheckView = z.infer<typeof timeCheckSchema>;

const idArg = z.strictObject({ id: z.number().int().positive() });

export const collectionCalls = {
  'collection.schedules': { summary: 'Every collection schedule with its next run.', args: z.strictObject({}), result: z.array(scheduleViewSchema) },
  'collection.saveSchedule': { summary: 'Create or change a schedule (the cron expression is checked).', args: scheduleInputSchema, result: scheduleViewSchema },
  'collection.deleteSchedule': { summary: 'Delete a schedule (its runs stay in the history).', args: idArg, result: z.object({ deleted: z.boolean() }) },
  'collection.start': {
    summary: 'Collect now: a schedule, or a meter, group or place with the default content.',
    args: z.strictObject({ scheduleId: z.number().int().positive().optional(), targetKind: targetKindSchema.optional(), targetId: z.number().int().positive().optional() }),
    result: z.object({ runId: z.number().int(), meters: z.number().int() }),
  },
  'collection.cancel': { summary: 'Stop a running collection after the sessions in progress.', args: z.strictObject({ runId: z.number().int().positive() }), result: z.object({ cancelled: z.boolean() }) },
  'collection.runs': {
    summary: 'Run history, newest first.',
    args: z.strictObject({ limit: z.number().int().min(1).max(500).optional() }),
    result: z.array(runSummarySchema),
  },
  'collection.run': { summary: 'One run with a task per meter, or null.', args: z.strictObject({ runId: z.number().int().positive() }), result: runDetailSchema.nullable() },
  'collection.dashboard': { summary: 'Per meter: last run, outcome with the plain error, next run, gaps, clock drift.', args: z.strictObject({}), result: z.array(dashboardRowSchema) },
  'fleet.addEmulatedSubstation': {
    summary: 'Add the built-in emulated substation (20 meters behind a bus, TCP and a modem) and its 15-minute schedule.',
    args: z.strictObject({}),
    result: z.object({ meters: z.number().int(), scheduleId: z.number().int() }),
  },
  'timeSync.check': { summary: 'Check the workstation clock against the reference now.', args: z.strictObject({}), result: timeCheckSchema },
  'collection.gaps': {
    summary: 'The gaps report: missing load-profile intervals per meter and channel.',
    args: z.strictObject({ meterId: z.number().int().positive().optional(), status: z.enum(['open', 'filled', 'unavailable']).optional() }),
    result: z.array(lpGapViewSchema),
  },
} as const;

export const collectionEvents = {
  /** Progress of a collection run (counts, estimate, the meter that changed). */
  collectionProgress: collectionProgressSchema,
} as const;
