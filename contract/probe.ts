/**
 * Optical-probe profiles and the probe-connection wizard (issue 16 items 1–2; spread into `calls` / `events` of
 * contract/index.ts). A probe profile says how the serial link drives a probe: the DTR and RTS modem lines (many probes
 * are powered from them or need them in a given state), echo (some optical transceivers echo what is sent), the highest
 * baud rate the probe passes, extra reaction time, a pause between sent characters, a pause before a baud change, and
 * how often a damaged message is asked for again. main/links/serial applies it; main/settings stores it. Pure zod.
 */
import { z } from 'zod';
import { BAUD_RATES, portPathSchema } from './meter';
import { jobIdSchema } from './files';

/** A modem control line: asserted, de-asserted, or left as the driver sets it when the port opens (asserted). */
export const lineStateSchema = z.enum(['on', 'off', 'leave']);
export type LineState = z.infer<typeof lineStateSchema>;

/**
 * Echo of what is sent: `none` = the probe echoes nothing; `echoes` = it echoes every sent byte, which the link removes
 * (as many bytes as were sent, even when the echo is damaged); `detect` = the link looks at the answer to the first
 * message and removes echoes from then on only if it saw one.
 */
export const echoModeSchema = z.enum(['none', 'echoes', 'detect']);
export type EchoMode = z.infer<typeof echoModeSchema>;

/** A profile name: 1…40 letters, digits, spaces and . _ - ( ) / + (case-insensitive unique). */
export const probeProfileNameSchema = z
  .string()
  .trim()
  .min(1, 'enter a profile name')
  .max(40, 'must be at most 40 characters')
  .regex(/^[A-Za-z0-9 ._()/+-]+$/, 'may contain only letters, digits, spaces and . _ - ( ) / +');

/** A USB adapter model `vendorId:productId` in hex, e.g. `0403:6001` (FTDI FT232R). */
export const usbIdSchema = z.string().trim().toLowerCase().regex(/^[0-9a-f]{4}:[0-9a-f]{4}$/, 'must be a USB id such as 0403:6001');

const ms = (max: number, what: string) => z.number().int(`${what} must be a whole number of milliseconds`).min(0, `${what} cannot be negative`).max(max, `${what} may be at most ${max} ms`);

/** One probe profile. Times in milliseconds. */
export const probeProfileSchema = z.strictObject({
  name: probeProfileNameSchema,
  /** What the profile is for, in words. */
  description: z.string().trim().max(300, 'must be at most 300 characters').default(''),
  dtr: lineStateSchema,
  rts: lineStateSchema,
  echo: echoModeSchema,
  /** Highest baud rate to negotiate through this probe (IEC 62056-21 mode C/E rates). */
  maxBaud: z.number().refine((b) => (BAUD_RATES as readonly number[]).includes(b), `must be one of ${BAUD_RATES.join(', ')} baud`),
  /** Added to the standard's reaction and inter-character time-outs (1500 ms) and to the wait before sending (200 ms). */
  reactionMarginMs: ms(5000, 'the reaction-time margin'),
  /** Pause between two sent characters (0 = send a message in one go). */
  interCharDelayMs: ms(200, 'the inter-character delay'),
  /** Pause before the line speed is changed after the option select (USB adapters may still be sending). */
  baudChangeDelayMs: ms(1000, 'the baud-change delay'),
  /** Wait after setting DTR / RTS before the first sign-on (probes powered from the lines need time to start). */
  powerUpMs: ms(5000, 'the power-up time'),
  /** How often a damaged or refused (NAK) message is asked for again (the standard allows up to 3). */
  retries: z.number().int('retries must be a whole number').min(0, 'retries cannot be negative').max(10, 'retries may be at most 10'),
  /** USB adapter models (vendorId:productId) this profile is for: a probe of such a model gets it on any port. */
  usbIds: z.array(usbIdSchema).max(20, 'at most 20 USB ids').default([]),
  /** Where the values come from (a manual, a driver, or ASSUMPTION). */
  source: z.string().trim().max(300).default(''),
});
export type ProbeProfile = z.infer<typeof probeProfileSchema>;
export type ProbeProfileInput = z.input<typeof probeProfileSchema>;

/**
 * The standard profile: what a link does without a profile — modem lines left as the driver sets them, echo detected,
 * the standard's limits (IEC 62056-21 clauses 6.3.14, 6.4: up to 19200 baud, 1500 ms time-outs, up to 3 repeats).
 */
export const STANDARD_PROBE_PROFILE: ProbeProfile = {
  name: 'Standard', description: '', dtr: 'leave', rts: 'leave', echo: 'detect', maxBaud: 19200,
  reactionMarginMs: 0, interCharDelayMs: 0, baudChangeDelayMs: 0, powerUpMs: 0, retries: 3, usbIds: [], source: '',
};

/** A profile as listed: built-in (shipped), edited (a built-in changed here) or own. */
export const probeProfileViewSchema = probeProfileSchema.extend({
  origin: z.enum(['built-in', 'edited', 'own']),
  /** Ports this profile is assigned to. */
  ports: z.array(z.string()),
});
export type ProbeProfileView = z.infer<typeof probeProfileViewSchema>;

/** Which profile a port uses, and why. */
export const portProfileViewSchema = z.object({
  port: z.string(),
  profile: z.string(),
  /** `port` = assigned to this port; `usb` = the probe's USB model matches; `default` = the default profile. */
  reason: z.enum(['port', 'usb', 'default']),
});
export type PortProfileView = z.infer<typeof portProfileViewSchema>;

/** What one wizard try saw. */
export const detectOutcomeSchema = z.enum(['nothing', 'garbled', 'identification', 'session']);

/** One try of the probe-connection wizard. */
export const detectTrySchema = z.object({
  n: z.number().int(),
  dtr: lineStateSchema,
  rts: lineStateSchema,
  address: z.string(),
  maxBaud: z.number().int(),
  outcome: detectOutcomeSchema,
  /** The probe echoed what was sent (seen on this try), or null when nothing came back. */
  echoSeen: z.boolean().nullable(),
  /** Plain words: "nothing came back", "garbled bytes: 3F 7E …", "identification /ISK5MT174-0001, then 9600 baud worked". */
  words: z.string(),
  identification: z.string().nullable(),
  ms: z.number().int(),
});
export type DetectTry = z.infer<typeof detectTrySchema>;

/** The wizard's result. */
export const detectResultSchema = z.object({
  port: z.string(),
  found: z.boolean(),
  /** The working combination as a profile (saved when asked), or null. */
  profile: probeProfileSchema.nullable(),
  saved: z.boolean(),
  tries: z.array(detectTrySchema),
  /** Plain summary: what works, or what to check when nothing did. */
  summary: z.string(),
  seconds: z.number(),
});
export type DetectResult = z.infer<typeof detectResultSchema>;

const addressSchema = z.string().regex(/^[0-9A-Za-z ]{0,32}$/, 'must be up to 32 letters, digits or spaces');

export const probeCalls = {
  'probe.profiles': {
    summary: 'Every probe profile (built-in, edited, own) and which profile each known port uses.',
    args: z.strictObject({}),
    result: z.object({ profiles: z.array(probeProfileViewSchema), ports: z.array(portProfileViewSchema), defaultProfile: z.string() }),
  },
  'probe.saveProfile': {
    summary: 'Create or change a probe profile (a built-in one is kept and can be reset).',
    args: z.strictObject({ profile: probeProfileSchema, previousName: probeProfileNameSchema.optional() }),
    result: probeProfileViewSchema,
  },
  'probe.deleteProfile': {
    summary: 'Delete an own profile, or reset an edited built-in profile to its shipped values.',
    args: z.strictObject({ name: probeProfileNameSchema }),
    result: z.object({ deleted: z.boolean() }),
  },
  'probe.assign': {
    summary: 'Use a profile for a port (null = the port follows its USB model or the default profile).',
    args: z.strictObject({ port: portPathSchema, profile: probeProfileNameSchema.nullable() }),
    result: portProfileViewSchema,
  },
} as const;

/** The probe-connection wizard's calls (a background job, like a reading). */
export const probeDetectCalls = {
  'probe.detect': {
    summary: 'Start the probe-connection wizard on a port; progress as probeDetectProgress events, the end as probeDetectFinished.',
    args: z.strictObject({
      jobId: jobIdSchema,
      port: portPathSchema,
      /** Device addresses to try after the empty one (e.g. the meter serial number). */
      addresses: z.array(addressSchema).max(3).default([]),
      /** Save the working profile as "<port> (detected)" and assign it to the port. */
      save: z.boolean().default(true),
    }),
    result: z.object({ jobId: z.string(), tries: z.number().int(), maxSeconds: z.number() }),
  },
  'probe.cancelDetect': { summary: 'Stop a running wizard after the try in progress.', args: z.strictObject({ jobId: jobIdSchema }), result: z.object({ cancelled: z.boolean() }) },
} as const;

export const probeEvents = {
  /** A wizard try finished (or started: outcome null). */
  probeDetectProgress: z.object({ jobId: z.string(), done: z.number().int(), total: z.number().int(), current: z.string(), try: detectTrySchema.nullable() }),
  /** The wizard ended: its result, or a plain error. */
  probeDetectFinished: z.object({ jobId: z.string(), result: detectResultSchema.nullable(), error: z.object({ code: z.string(), message: z.string() }).nullable() }),
} as const;
