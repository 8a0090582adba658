/**
 * Staging and programming records shared by the compiler (programming/compile.ts, programming/<family>/tariff-plan.ts),
 * the programming service (main/services/program*.ts), the store (main/store/staging.ts, programming-jobs.ts), the UI
 * contract and the certificate export. Pure zod schemas; types derived with z.infer.
 *
 * - A STAGED PROGRAM joins one saved scheme version with one meter's data (reference tariff-model.md
 *   "Meter-specific data at staging"): serial number, CT/VT ratios, the password level to use, site, customer,
 *   and the meter's time zone. It is what gets approved and uploaded.
 * - A PROGRAM PLAN is the staged program compiled to the meter profile's writes (IEC 62056-21 `W5` data sets
 *   for a generic meter, Elster `W1` data IDs for the A1140/A1700), in upload order, each with a plain
 *   description and the scheme path it comes from, so the technician sees exactly what will be written.
 * - A PROGRAMMING CERTIFICATE records one upload: what was written, what was read back, the differences,
 *   the meter's programming counter before/after, who and when. Stored locally and exportable.
 */
import { z } from 'zod';
import { METER_MODELS } from '../meter-definitions/models';

/**
 * A CT or VT ratio as `primary/secondary` in A or V, e.g. `200/5` (CT) or `11000/110` (VT); null = direct
 * connected (1/1). Both numbers positive, up to 6 digits before an optional 3-digit decimal part.
 */
export const ratioSchema = z
  .string()
  .regex(/^\d{1,6}(\.\d{1,3})?\/\d{1,6}(\.\d{1,3})?$/, 'write the ratio as primary/secondary, e.g. 200/5')
  .refine((r) => r.split('/').every((n) => Number(n) > 0), 'both sides of a ratio must be above 0');

/** Primary ÷ secondary of a {@link ratioSchema} text (1 for null). */
export function ratioValue(ratio: string | null): number {
  if (ratio === null) return 1;
  const [p, s] = ratio.split('/').map(Number) as [number, number];
  return p / s;
}

/** Meter-specific data joined with a scheme version at staging. */
export const meterDataSchema = z.object({
  /** Serial number as the meter reports it; programming refuses a meter whose serial differs. */
  serial: z.string().trim().min(1, 'enter the meter serial number').max(32),
  ctRatio: ratioSchema.nullable(),
  vtRatio: ratioSchema.nullable(),
  /** Meter password level used to program (Elster 1…3; programming a tariff needs level 3). */
  passwordLevel: z.number().int().min(1).max(3),
  site: z.string().max(120).default(''),
  customer: z.string().max(120).default(''),
  /** IANA time zone of the meter's local clock, e.g. `Europe/London`. */
  timeZone: z.string().min(1).max(64),
});
/** See {@link meterDataSchema}. */
export type MeterData = z.infer<typeof meterDataSchema>;

/** Life of a staged program. */
export const STAGED_STATUSES = ['draft', 'approved', 'programmed', 'partially-programmed', 'failed'] as const;

/** A staged program as stored (main/store/staging.ts). Times UTC ISO. */
export const stagedProgramSchema = z.object({
  id: z.number().int(),
  schemeStoreId: z.number().int(),
  schemeVersion: z.number().int(),
  /** The scheme's own ID and name (as written to the meter) for lists. */
  schemeId: z.string(),
  schemeName: z.string(),
  meterModel: z.enum(METER_MODELS),
  meter: meterDataSchema,
  status: z.enum(STAGED_STATUSES),
  createdUtc: z.string(),
  createdBy: z.string(),
  approvedUtc: z.string().nullable(),
  approvedBy: z.string().nullable(),
});
/** See {@link stagedProgramSchema}. */
export type StagedProgram = z.infer<typeof stagedProgramSchema>;

/**
 * One write of a program plan.
 * - `command`: `W1` (Elster data ID, value = hex of the bytes) or `W5` (IEC 62056-21 data set `address(value)`).
 * - `address`: the Elster data ID (`667`) or the OBIS address (`0.0.13.0.0`).
 * - `value`: exactly what is sent: upper-case hex for W1, the value text between the brackets for W5.
 * - `part`: which part of the scheme or meter data it carries; `schemePath` the scheme JSON path
 *   (`dayProfiles.0`), or `meter.ctRatio` etc. for meter data; `description` one plain sentence.
 * - `verify`: false for writes that cannot be read back (e.g. the programmer's user ID on a meter that does not
 *   answer it); true otherwise.
 * - `provenance`: where the layout written comes from (meter-definitions/provenance.ts: `public:<path>:<line>`,
 *   `manual:<document>` or `assumption…`); `confirmedBy`: the definition file that confirmed an unproven layout.
 *   A real meter is only written when every write's layout is proven (programming/safety.ts).
 */
export const programWriteSchema = z.object({
  command: z.enum(['W1', 'W5']),
  address: z.string(),
  value: z.string(),
  part: z.enum(['scheme-id', 'user-id', 'rates', 'day-profiles', 'week-profiles', 'seasons', 'special-days', 'dst', 'maximum-demand', 'load-profile', 'pulse-outputs', 'ct-vt', 'activation']),
  schemePath: z.string(),
  description: z.string(),
  verify: z.boolean(),
  provenance: z.string().default('assumption'),
  confirmedBy: z.string().optional(),
});
/** See {@link programWriteSchema}. */
export type ProgramWrite = z.infer<typeof programWriteSchema>;

/** A staged program compiled for its meter model: the writes in upload order. */
export const programPlanSchema = z.object({
  meterModel: z.enum(METER_MODELS),
  /** The meter password level the writes need (the highest any write needs). */
  requiredLevel: z.number().int().min(1).max(3),
  writes: z.array(programWriteSchema),
  /** Total bytes of values (hex counted as bytes) — for the progress estimate. */
  totalBytes: z.number().int(),
});
/** See {@link programPlanSchema}. */
export type ProgramPlan = z.infer<typeof programPlanSchema>;

/** One difference between what was meant and what the meter holds (read back). `path` names the scheme part. */
export const programDifferenceSchema = z.object({
  path: z.string(),
  /** Plain description: `Day profile 'Weekday' switch 2: scheme 07:00 → rate 1, meter 07:30 → rate 1`. */
  message: z.string(),
  expected: z.string(),
  actual: z.string(),
});
/** See {@link programDifferenceSchema}. */
export type ProgramDifference = z.infer<typeof programDifferenceSchema>;

/** Programming counter snapshot (Elster data ID 680; generic meters may not have one → null). Times UTC ISO. */
export const programmingCounterSchema = z.object({
  count: z.number().int(),
  lastTimesUtc: z.array(z.string()),
});

/**
 * The programming certificate of one job. `status`:
 * - `verified`: every write done, read back equal to the plan;
 * - `differences`: every write done, read back differs (listed in `differences`);
 * - `partially-programmed`: the upload stopped part way (`written` vs `notWritten`);
 * - `failed`: nothing was written (e.g. wrong serial, password refused before any write).
 */
export const programmingCertificateSchema = z.object({
  certificateVersion: z.literal(1),
  jobId: z.number().int(),
  status: z.enum(['verified', 'differences', 'partially-programmed', 'failed']),
  scheme: z.object({ storeId: z.number().int(), version: z.number().int(), id: z.string(), name: z.string(), contentSha256: z.string() }),
  meter: meterDataSchema.extend({ model: z.enum(METER_MODELS), identification: z.string().nullable(), manufacturer: z.string().nullable() }),
  port: z.string(),
  /**
   * The serial number the meter on the probe gave (null when it was not read, or in certificates made before it was
   * kept): differs from `meter.serial` when the wrong meter was on the probe (issue 13.6).
   */
  seenSerial: z.string().nullable().default(null),
  /** Who: the application user (or OS user in setup mode) and the user ID written to the meter. */
  operator: z.string(),
  meterUserId: z.string(),
  /** Who staged (authored) and who approved the program (separation of duties, issue 13.3); null in older certificates. */
  stagedBy: z.string().nullable().default(null),
  approvedBy: z.string().nullable().default(null),
  approvedUtc: z.string().nullable().default(null),
  startedUtc: z.string(),
  finishedUtc: z.string(),
  /** Meter clock at the start (its local wall clock, ISO without offset), when it could be read. */
  meterTimeLocal: z.string().nullable(),
  counterBefore: programmingCounterSchema.nullable(),
  counterAfter: programmingCounterSchema.nullable(),
  written: z.array(programWriteSchema),
  notWritten: z.array(programWriteSchema),
  /** What each verified address held after programming: address → value as read (hex for W1, text for W5). */
  readBack: z.array(z.object({ address: z.string(), value: z.string() })),
  differences: z.array(programDifferenceSchema),
  /** Plain-language error when the job did not complete, else null. */
  error: z.string().nullable(),
  /** The meter was the built-in emulator (every layout accepted) rather than a real meter. */
  emulated: z.boolean().default(false),
  /** User meter definition files the plan was compiled with (names), in order. */
  definitionFiles: z.array(z.string()).default([]),
});
/** See {@link programmingCertificateSchema}. */
export type ProgrammingCertificate = z.infer<typeof programmingCertificateSchema>;
