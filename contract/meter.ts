/**
 * The meter calls of the contract (spread into `calls` of contract/index.ts) and their schemas: reading a
 * meter (meter type, password and security level, load-profile range, events) and the meter clock (check, set,
 * adjust). Pure zod, no node/DOM.
 *
 * Passwords are secrets: they travel only in call ARGUMENTS (validated here: exactly 8 printable ASCII
 * characters, reference ../shared/reference/elster-dialect.md "Passwords"); no result or event schema has a
 * field that could carry one, and the handlers build results field by field (main/api/handlers/meter.ts).
 * Time conventions follow protocol/reading.ts (`…Utc` ISO instants, `…Local` meter wall clock without offset).
 */
import { z } from 'zod';
import { jobIdSchema, utcInstantSchema } from './files';

/** Mode C baud rates a reading may be limited to, bit/s (IEC 62056-21 clause 6.3.14, baud character 0…6). */
export const BAUD_RATES = [300, 600, 1200, 2400, 4800, 9600, 19200] as const;

/** Length of a meter password (Elster A1140/A1700 passwords are exactly 8 characters; reference "Passwords"). */
export const METER_PASSWORD_LENGTH = 8;

/**
 * Which meter dialect to speak: `auto` = decide from the identification (protocol/meters/index.ts
 * chooseMeterProfile), `generic` = plain IEC 62056-21, `a1140` / `a1700` = the Elster dialect.
 */
export const meterTypeSchema = z.enum(['auto', 'generic', 'a1140', 'a1700']);

/**
 * A meter password: exactly 8 printable ASCII characters (0x20…0x7E). The messages never quote the value.
 */
export const meterPasswordSchema = z
  .string()
  .length(METER_PASSWORD_LENGTH, `must be exactly ${METER_PASSWORD_LENGTH} characters`)
  .regex(/^[\x20-\x7e]*$/, 'may only contain printable ASCII characters (letters, digits, symbols)');

/** Elster security level the password opens: 1 (read, clock adjust), 2, 3 (set the clock, program). */
export const passwordLevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3)], {
  error: 'must be security level 1, 2 or 3',
});

/** A port path from `listPorts` (`emulator`, `emulator:a1140`, `COM3`, `/dev/ttyUSB0`) or typed by the technician. */
export const portPathSchema = z
  .string()
  .trim()
  .min(1, 'choose a port')
  .max(260, 'is too long')
  .regex(/^[^\u0000-\u001f]+$/, 'must not contain control characters');

/** A meter serial number as stored (1…32 characters, no control characters). */
export const meterSerialSchema = z
  .string()
  .trim()
  .min(1, 'enter the meter serial number')
  .max(32, 'must be at most 32 characters')
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters');

/** How to reach and open the meter: port, sign-on address, dialect, password and its level. */
const meterAccess = {
  port: portPathSchema,
  /** Device address for the sign-on, '' = any meter. IEC 62056-21 clause 6.3.1: up to 32 of 0-9 A-Z a-z space. */
  address: z.string().regex(/^[0-9A-Za-z ]{0,32}$/, 'must be up to 32 letters, digits or spaces').optional(),
  /** Meter dialect; default `auto`. */
  meter: meterTypeSchema.optional(),
  /** Password for programming mode / the Elster security level (secret: never echoed back). */
  password: meterPasswordSchema.optional(),
  /** Security level of `password` (Elster); default per the service (level 1 for Elster reads). */
  passwordLevel: passwordLevelSchema.optional(),
  /**
   * Serial number of the meter the user says is on the probe (e.g. from the meter list or a clock check): chooses
   * its stored password when `password` is absent (main/secrets/credentials.ts), names the meter in the audit trail,
   * and — for users limited to meter groups — must be one of their meters (checked again against the meter itself).
   */
  meterSerial: meterSerialSchema.optional(),
};

/**
 * Arguments of `readMeter`: the service's ReadMeterRequest without `resOut` (the UI always saves the .RES file
 * into the store's RES folder; the renderer may not choose paths to write), plus the job id. Load-profile
 * range: default the last 48 h; `profileFromUtc`/`profileToUtc` (UTC instants, from < to) or `profileAll`.
 */
/** How to listen to a push meter (main/services/types.ts `ListenSettings`). */
export const listenSettingsSchema = z.strictObject({
  baud: z.union([z.literal(2400), z.literal(4800), z.literal(9600)]).optional(),
  line: z.enum(['7E1', '8N1']).optional(),
  telegrams: z.number().int().min(1).max(100).optional(),
  timeoutSeconds: z.number().int().min(1).max(3600).optional(),
});

export const readMeterArgsSchema = z
  .strictObject({
    jobId: jobIdSchema,
    ...meterAccess,
    /** Highest baud rate to negotiate, bit/s. */
    maxBaud: z
      .number()
      .int()
      .refine((b) => (BAUD_RATES as readonly number[]).includes(b), 'must be one of 300, 600, 1200, 2400, 4800, 9600, 19200')
      .optional(),
    /** Read the load profile through programming mode (default true). */
    loadProfile: z.boolean().optional(),
    /** Start of the load-profile range (inclusive), UTC. */
    profileFromUtc: utcInstantSchema.optional(),
    /** End of the load-profile range (exclusive), UTC. */
    profileToUtc: utcInstantSchema.optional(),
    /** Read the whole load profile the meter holds. */
    profileAll: z.boolean().optional(),
    /** Read the events (Elster 544 / logbook); default per the service. */
    events: z.boolean().optional(),
    /**
     * Listen to a push meter (IEC 62056-21 mode D: Elster A1100, eHZ) instead of signing on: its speed, line format,
     * how many telegrams (several also give a short load profile of power values) and the longest wait for each.
     * Implied for the built-in push meters `emulator:a1100` and `emulator:push`.
     */
    listen: listenSettingsSchema.optional(),
  })
  .refine((a) => !a.profileFromUtc || !a.profileToUtc || Date.parse(a.profileFromUtc) < Date.parse(a.profileToUtc), {
    message: 'the start of the load-profile range must be before its end',
    path: ['profileToUtc'],
  })
  .refine((a) => !a.profileAll || (a.profileFromUtc === undefined && a.profileToUtc === undefined), {
    message: 'choose either the whole load profile or a date range, not both',
    path: ['profileAll'],
  });

/** Result of a stored reading (main/services/read-meter.ts readMeter; main/services/types.ts `ReadMeterOutcome` is this type). */
export const readMeterOutcomeSchema = z.object({
  readingId: z.number().int(),
  duplicate: z.boolean(),
  resPath: z.string().nullable(),
  registerCount: z.number().int(),
  intervalCount: z.number().int(),
  serial: z.string().nullable(),
  identification: z.string(),
  /** Elapsed seconds of the whole session. */
  elapsedSeconds: z.number(),
  notes: z.array(z.string()),
});

/** The meter clock at one moment (protocol/meters/clock-types.ts `ClockReading`). */
export const clockInstantSchema = z.object({
  /** Meter wall clock as read, `YYYY-MM-DDThh:mm:ss`. */
  meterLocal: z.string(),
  /** The same instant in UTC. */
  meterUtc: z.string(),
  /** Workstation (PC) time when it was read, UTC. */
  readAtUtc: z.string(),
  /** meter − PC, ms (positive = meter fast). */
  driftMs: z.number(),
});

/** Result of `readClock` (main/services/clock.ts `readMeterClock`). */
export const clockReadingSchema = clockInstantSchema.extend({
  /** IANA time zone of the meter's wall clock. */
  timeZone: z.string(),
  identification: z.string(),
  serial: z.string().nullable(),
});

/** Result of `setClock`: the clock before, what was written, and the programming counter around the set. */
export const clockSetResultSchema = z.object({
  before: clockInstantSchema,
  timeZone: z.string(),
  /** Wall-clock time written, `YYYY-MM-DDThh:mm:ss`. */
  writtenLocal: z.string(),
  /** Programming counter before / after (a clock set must not change it), null when the meter has none. */
  programmingCounterBefore: z.number().int().nullable(),
  programmingCounterAfter: z.number().int().nullable(),
});

/** A level 1 clock-adjust plan (protocol/meters/elster/clock-plan.ts `ClockAdjustPlan`); times in ms / minutes. */
export const clockAdjustPlanSchema = z.object({
  driftMs: z.number(),
  correctionMs: z.number(),
  /** Correction per integration period, ms. */
  stepsMs: z.array(z.number()),
  integrationPeriodMin: z.number(),
  /** Minutes until the whole correction is applied. */
  completesAfterMin: z.number(),
});

/** Result of `adjustClock`. */
export const clockAdjustResultSchema = z.object({
  before: clockInstantSchema,
  timeZone: z.string(),
  plan: clockAdjustPlanSchema,
  /** Wall-clock time written as the target, or null when nothing needed adjusting. */
  writtenLocal: z.string().nullable(),
});

/** The meter calls: name → { summary, args schema, result schema }. */
export const meterCalls = {
  readMeter: {
    summary: 'Read a meter (registers, load profile, events), store it; progress arrives as readProgress events.',
    args: readMeterArgsSchema,
    result: readMeterOutcomeSchema,
  },
  cancelRead: {
    summary: 'Ask a running reading or clock job to stop; `cancelled` is false when no such job is running.',
    args: z.strictObject({ jobId: jobIdSchema }),
    result: z.object({ cancelled: z.boolean() }),
  },
  readClock: {
    summary: 'Read the meter clock and its drift from the PC clock; progress as readProgress events.',
    args: z.strictObject({ jobId: jobIdSchema, ...meterAccess }),
    result: clockReadingSchema,
  },
  adjustClock: {
    summary: 'Adjust (creep) the meter clock towards PC time: Elster security level 1, at most ±7.5 min.',
    args: z.strictObject({ jobId: jobIdSchema, ...meterAccess }),
    result: clockAdjustResultSchema,
  },
  setClock: {
    summary: 'Set the meter clock to PC time at once (Elster security level 3).',
    args: z.strictObject({
      jobId: jobIdSchema,
      ...meterAccess,
      /** The level 3 password when `password` opens another level. */
      level3Password: meterPasswordSchema.optional(),
    }),
    result: clockSetResultSchema,
  },
} as const;

export type MeterType = z.infer<typeof meterTypeSchema>;
export type PasswordLevel = z.infer<typeof passwordLevelSchema>;
export type ClockReadingView = z.infer<typeof clockReadingSchema>;
export type ClockSetView = z.infer<typeof clockSetResultSchema>;
export type ClockAdjustView = z.infer<typeof clockAdjustResultSchema>;
export type ReadMeterOutcomeView = z.infer<typeof readMeterOutcomeSchema>;
