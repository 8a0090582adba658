/**
 * THE contract between the renderer (UI) and the main side (Electron main process or the browser-mode HTTP
 * server): every call with a zod schema of its one argument object and of its result, and every event with
 * the schema of its payload. The preload bridge, the main-side registration (IPC and HTTP) and the renderer's
 * API client are all generated from this module, so adding a call is one edit here plus its handler.
 *
 * Pure TypeScript + zod: imported by the renderer (browser), the preload script and main (node). No node,
 * electron or DOM APIs here. Types are derived with `z.infer` so schema and type cannot drift.
 * Time conventions follow protocol/reading.ts (`...Utc` = ISO instant in UTC, `...Local` = meter wall clock).
 */
import { z } from 'zod';
import { channelSchema, loadProfileSchemaOf, readingMeterSchema, readingNotesSchema, readingSessionSchema, registerBaseSchema } from './reading';
import { readProgressSchema } from '../protocol/iec62056-21/progress';
import { registerInterpretationSchema } from '../protocol/interpretation-schema';
import { fileCalls } from './file-calls';
import { importProgressSchema, utcInstantSchema, watchEventSchema } from './files';
import { meterCalls } from './meter';
import { authCalls } from './auth';
import { auditCalls } from './audit';
import { schemeCalls } from './schemes';
import { programmingCalls, programmingEvents } from './schemes-programming';
import { fleetCalls } from './fleet';
import { collectionCalls, collectionEvents } from './collection';
import { settingsCalls } from './settings';
import { probeCalls, probeDetectCalls, probeEvents } from './probe';
import { reportCalls } from './reports';

export * from './files';
export * from './meter';
export * from './auth';
export * from './audit';
export * from './schemes';
export * from './schemes-programming';
export * from './fleet';
export * from './collection';
export * from './settings';
export * from './probe';
export * from './reports';
export { fileCalls } from './file-calls';

/** A port the technician can pick (main/links/types.ts `PortInfo`, as main/services/ports.ts lists it). */
export const portInfoSchema = z.object({
  /** The port name to pass as `port`: `emulator`, `emulator:a1140`, `COM3`, `/dev/ttyUSB0`, `tcp://…`. */
  path: z.string(),
  label: z.string(),
  /** The link provider that offers it (main/links/): `emulated`, `serial`, `tcp`, `bus`, `modem` … */
  kind: z.string(),
  /** A built-in emulated meter (no hardware). */
  emulated: z.boolean(),
  detail: z.string().nullable(),
});

/** One progress report of a running reading: THE shape is protocol/iec62056-21/progress.ts (ReadProgress is derived from it). */
export { readProgressSchema };

/** A stored reading as listed in the "Readings" panel, newest first (main/store/queries.ts `ReadingSummary` is this type). */
export const readingSummarySchema = z.object({
  id: z.number().int(),
  /** Store id of the meter, to list one meter's readings. */
  meterId: z.number().int(),
  meterSerial: z.string().nullable(),
  /** Manufacturer flag in upper case, e.g. `ISK`. */
  meterManufacturer: z.string(),
  meterModel: z.string(),
  /** When the session started, UTC instant. */
  startedUtc: z.string(),
  port: z.string(),
  operator: z.string(),
  registerCount: z.number().int(),
  intervalCount: z.number().int(),
  /** `probe` = read by this workstation, `push` = heard from a push meter in listen mode; the others were imported (.RES file, raw readout capture, load-profile CSV, JSON export). */
  source: z.enum(['probe', 'push', 'res-import', 'readout-import', 'csv-import', 'json-import']),
  /** Path of the reading's .RES file, or null. */
  resPath: z.string().nullable(),
});

/** One register (data set) for display: protocol/reading.ts `Register` plus an English description. */
export const registerViewSchema = registerBaseSchema.extend({
  /** Plain-English name of the OBIS code (IEC 62056-61), or null when not a common code. */
  description: z.string().nullable(),
  /** Typed interpretation beside the text (date and time of the clock, status bits by name), or null. */
  interpretation: registerInterpretationSchema.nullable(),
  /** The interpretation in words (`03:16:29`, `2026-12-06 (summer time)`, `no bit set`), or null. */
  meaning: z.string().nullable(),
});

/** Load profile for display (protocol/reading.ts `LoadProfile`), channels with their English description. */
export const loadProfileViewSchema = loadProfileSchemaOf(channelSchema.extend({ description: z.string().nullable() }));

/**
 * One reading for the UI: protocol/reading.ts `ReadingResult` (contract/reading.ts) without the raw bytes, plus its
 * store id and English descriptions of the OBIS codes. (The .RES path is in the reading's `ReadingSummary`.)
 */
export const readingViewSchema = z.object({
  id: z.number().int(),
  meter: readingMeterSchema,
  session: readingSessionSchema,
  registers: z.array(registerViewSchema),
  loadProfile: loadProfileViewSchema.nullable(),
  notes: readingNotesSchema,
});

/** What the UI shows about the running application. */
export const appInfoSchema = z.object({
  /** Application version, e.g. `0.1.0`. */
  version: z.string(),
  mode: z.enum(['desktop', 'browser']),
  dbPath: z.string(),
  resDir: z.string(),
  /** Folder where exports are written (`exports/` in the data folder). */
  exportsDir: z.string(),
  operator: z.string(),
  timeZone: z.string(),
  /** The administrator's import defaults (settings `files.*`): the mode and move of a new import or watched folder. */
  importDefaults: z.object({ mode: z.enum(['append', 'overwrite']), after: z.enum(['leave', 'move']), scanIntervalSeconds: z.number().int() }).optional(),
  /** The rules for new workstation passwords in force (settings `policy.password.*`), so forms check what main will. */
  passwordRules: z.object({ minLength: z.number().int(), minClasses: z.number().int() }).optional(),
});

const noArgs = z.strictObject({});

/** Every call: name → { summary, args schema, result schema }. */
export const calls = {
  appInfo: { summary: 'Version, mode and where data is kept.', args: noArgs, result: appInfoSchema },
  listPorts: { summary: 'The ports of every link provider: the emulated meters, serial ports, remote links.', args: noArgs, result: z.array(portInfoSchema) },
  ...meterCalls,
  listReadings: {
    summary: 'Stored readings, newest first; filters: meter, session start in [fromUtc, toUtc), source.',
    args: z
      .strictObject({
        meterId: z.number().int().positive().optional(),
        fromUtc: utcInstantSchema.optional(),
        toUtc: utcInstantSchema.optional(),
        source: readingSummarySchema.shape.source.optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .refine((a) => !a.fromUtc || !a.toUtc || Date.parse(a.fromUtc) < Date.parse(a.toUtc), {
        message: 'the start of the date range must be before its end',
        path: ['toUtc'],
      }),
    result: z.array(readingSummarySchema),
  },
  getReading: {
    summary: 'One stored reading for display, or null when it does not exist.',
    args: z.strictObject({ id: z.number().int().positive() }),
    result: readingViewSchema.nullable(),
  },
  ...fileCalls,
  ...authCalls,
  ...auditCalls,
  ...schemeCalls,
  ...programmingCalls,
  ...fleetCalls,
  ...collectionCalls,
  ...settingsCalls,
  ...probeCalls,
  ...probeDetectCalls,
  ...reportCalls,
} as const;

/** Every event main sends to the renderer: name → payload schema. */
export const events = {
  /** Live progress of the reading or clock job started with `jobId`. */
  readProgress: z.object({ jobId: z.string(), progress: readProgressSchema }),
  /** Progress of the `importFiles` call with `jobId`. */
  importProgress: importProgressSchema,
  /** A watched folder was scanned or failed (refresh its status). */
  watchEvent: watchEventSchema,
  ...programmingEvents,
  ...collectionEvents,
  ...probeEvents,
} as const;

/** Name of a call. */
export type CallName = keyof typeof calls;
/** Name of an event. */
export type EventName = keyof typeof events;
/** Argument object of a call as the caller writes it. */
export type CallArgs<N extends CallName> = z.input<(typeof calls)[N]['args']>;
/** Argument object of a call after validation (what handlers receive). */
export type CallParsedArgs<N extends CallName> = z.infer<(typeof calls)[N]['args']>;
/** Result of a call. */
export type CallResult<N extends CallName> = z.infer<(typeof calls)[N]['result']>;
/** The whole API as functions: name → (args) => Promise<result>. */
export type ContractApi = { [N in CallName]: (args: CallArgs<N>) => Promise<CallResult<N>> };
/** Payload of every event, by name. */
export type ContractEvents = { [E in EventName]: z.infer<(typeof events)[E]> };

export type PortInfoView = z.infer<typeof portInfoSchema>;
export type ReadProgressView = z.infer<typeof readProgressSchema>;
export type ReadingSummaryView = z.infer<typeof readingSummarySchema>;
export type ReadingView = z.infer<typeof readingViewSchema>;
export type RegisterView = z.infer<typeof registerViewSchema>;
export type LoadProfileView = z.infer<typeof loadProfileViewSchema>;
export type AppInfo = z.infer<typeof appInfoSchema>;

/** Call names, in contract order (for generated clients and registrations). */
export const callNames = Object.keys(calls) as CallName[];
/** Event names, in contract order. */
export const eventNames = Object.keys(events) as EventName[];

/** Type guard: is `name` a call of the contract? */
export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(calls, name);
}

/** Type guard: is `name` an event of the contract? */
export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

/**
 * The wire reply of every call, in both transports (IPC and HTTP): the result, or a plain-language error.
 * `code` is stable for programs (`BAD_ARGUMENTS`, `UNKNOWN_CALL`, `BUSY`, `FAILED`, or a ProtocolError code
 * such as `NO_ANSWER`); `message` is for the technician.
 */
export const callReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type CallReply = z.infer<typeof callReplySchema>;

/** Channel names used over Electron IPC: `pmu:<call>` for calls, `pmu-event:<event>` for events. */
export const ipcCallChannel = (name: CallName): string => `pmu:${name}`;
export const ipcEventChannel = (name: EventName): string => `pmu-event:${name}`;

/**
 * What the preload script exposes as `window.pmu` in the desktop app (generated from this contract).
 * `call` resolves to a `CallReply`; `on` returns an unsubscribe function.
 */
export interface PmuBridge {
  call(name: string, args: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
