/**
 * The programming calls and events of the contract (spread into `calls` / `events` of contract/index.ts):
 * staged programs (a scheme version + one meter's data, draft → approved), programming a meter with an approved
 * staged program as a background job with `programProgress` / `programFinished` events, the programming
 * certificates and a meter's programming state. Shapes from programming/plan.ts. Pure zod, no node/DOM.
 *
 * The meter password travels only in the `program.start` arguments (never in a result or event).
 */
import { z } from 'zod';
import {
  meterDataSchema,
  programmingCertificateSchema,
  programPlanSchema,
  STAGED_STATUSES,
  stagedProgramSchema,
} from '../programming/plan';
import { jobIdSchema, writtenFileSchema } from './files';
import { meterPasswordSchema, portPathSchema } from './meter';
import { schemeProblemSchema, storeIdSchema } from './schemes';

/** Steps of a programming job, in order (THE list: main/services/program.ts `ProgramProgress` and program-run.ts `RunStep` derive from it). */
export const PROGRAM_STEPS = [
  'open-port', 'sign-on', 'check-meter', 'counter-before', 'write', 'read-back', 'counter-after', 'store', 'done',
] as const;

/** One progress report of a programming job (main/services/program.ts `ProgramProgress` is this type). */
export const programProgressSchema = z.object({
  step: z.enum(PROGRAM_STEPS),
  message: z.string(),
  writesDone: z.number().int(),
  writesTotal: z.number().int(),
  /** Whole-job completion 0…100, or null when it cannot be estimated. */
  percent: z.number().nullable(),
});

/** How a programming job ended (the certificate's status). */
export const programOutcomeSchema = programmingCertificateSchema.shape.status;

/** A programming certificate in a list (main/store/programming-jobs.ts `CertificateSummary` is this type). */
export const certificateSummarySchema = z.object({
  /** The programming job's store id: `certificates.get { jobId }`. */
  jobId: z.number().int(),
  stagedId: z.number().int(),
  meterSerial: z.string(),
  port: z.string(),
  status: programOutcomeSchema,
  operator: z.string(),
  startedUtc: z.string(),
  finishedUtc: z.string(),
  schemeStoreId: z.number().int(),
  schemeVersion: z.number().int(),
  schemeId: z.string(),
  schemeName: z.string(),
  error: z.string().nullable(),
});

/** A staged program with what would be written and the scheme's problems for the meter model. */
export const stagedDetailSchema = z.object({
  staged: stagedProgramSchema,
  /** The writes in upload order, or null when the scheme cannot be compiled for the model (see `planError`). */
  plan: programPlanSchema.nullable(),
  planError: z.string().nullable(),
  /** Validation problems of the scheme version for the meter model (errors block approval and programming). */
  problems: z.array(schemeProblemSchema),
  /** The programmer's ID written to the meter for the current operator (≤ 8 ASCII characters). */
  meterUserId: z.string(),
  /**
   * For the calling user, before anything is pressed (issue 13.2): whether "Program meter" can work, whether they may
   * type the meter password, and in words which password is used or what to ask an administrator for. Null when the
   * user may not upload programs.
   */
  readiness: z.object({ canProgram: z.boolean(), mayType: z.boolean(), message: z.string() }).nullable(),
  /** Why the calling user may not approve this draft (separation of duties: they staged it), or null. */
  approvalRefusal: z.string().nullable(),
});

/** A written certificate file with its text. */
export const certificateFileSchema = writtenFileSchema.extend({ text: z.string() });

/** A meter's programming state (main/store/programming-jobs.ts `MeterProgrammingState` is this type). */
export const programmingStateSchema = z.object({
  status: z.enum(['never-programmed', 'verified', 'differences', 'partially-programmed', 'failed']),
  /** Latest finished job (certificate), or null. */
  jobId: z.number().int().nullable(),
  finishedUtc: z.string().nullable(),
});

/** The staging, programming and certificate calls: name → { summary, args schema, result schema }. */
export const programmingCalls = {
  'staging.list': {
    summary: 'Staged programs, newest first; filters: meter serial, status.',
    args: z.strictObject({ serial: z.string().trim().min(1).max(32).optional(), status: z.enum(STAGED_STATUSES).optional() }),
    result: z.array(stagedProgramSchema),
  },
  'staging.create': {
    summary: 'Stage a saved scheme version for one meter (serial, CT/VT ratios, password level, site, customer, time zone) as a draft.',
    args: z.strictObject({ schemeStoreId: storeIdSchema, schemeVersion: z.number().int().positive(), meter: meterDataSchema }),
    result: stagedProgramSchema,
  },
  'staging.get': {
    summary: 'A staged program with its compiled program plan and the scheme problems for the meter model.',
    args: z.strictObject({ id: storeIdSchema }),
    result: stagedDetailSchema,
  },
  'staging.approve': {
    summary: 'Approve a draft (refused while the scheme has validation errors for the meter model).',
    args: z.strictObject({ id: storeIdSchema }),
    result: stagedProgramSchema,
  },
  'staging.delete': {
    summary: 'Delete a staged program never uploaded.',
    args: z.strictObject({ id: storeIdSchema }),
    result: z.object({ deleted: z.boolean() }),
  },
  'program.start': {
    summary: 'Program the meter on `port` with an approved staged program, in the background: programProgress and programFinished events.',
    args: z.strictObject({
      stagedId: storeIdSchema,
      port: portPathSchema,
      /** Meter password of the staged password level (secret: never echoed back). */
      password: meterPasswordSchema.optional(),
      /** Job id chosen by the window so it can match events from the start; default one is made. */
      jobId: jobIdSchema.optional(),
    }),
    result: z.object({ jobId: z.string() }),
  },
  'program.cancel': {
    summary: 'Ask a programming job to stop (it stops between writes; the certificate says what was written).',
    args: z.strictObject({ jobId: jobIdSchema }),
    result: z.object({ cancelled: z.boolean() }),
  },
  'certificates.list': {
    summary: 'Programming certificates, newest first; filter: meter serial.',
    args: z.strictObject({ serial: z.string().trim().min(1).max(32).optional() }),
    result: z.array(certificateSummarySchema),
  },
  'certificates.get': {
    summary: 'The programming certificate of one job.',
    args: z.strictObject({ jobId: storeIdSchema }),
    result: programmingCertificateSchema,
  },
  'certificates.export': {
    summary: 'Write a programming certificate as JSON, plain text or CSV (one row per write) into the exports folder.',
    args: z.strictObject({ jobId: storeIdSchema, format: z.enum(['json', 'txt', 'csv']) }),
    result: certificateFileSchema,
  },
  'meters.programmingState': {
    summary: 'A meter’s programming state: the outcome of its latest programming job.',
    args: z.strictObject({ serial: z.string().trim().min(1, 'enter the meter serial number').max(32) }),
    result: programmingStateSchema,
  },
} as const;

/** The programming events: name → payload schema. */
export const programmingEvents = {
  /** Live progress of programming job `jobId` (from `program.start`). */
  programProgress: z.object({ jobId: z.string(), stagedId: z.number().int(), progress: programProgressSchema }),
  /**
   * Programming job `jobId` ended: `status` and `certificateJobId` (for `certificates.get`) when a certificate
   * was made (null when the job could not run at all); `error` in plain language: why the upload did not
   * complete (the certificate's error) or why the job could not run; null when it completed.
   */
  programFinished: z.object({
    jobId: z.string(),
    stagedId: z.number().int(),
    status: programOutcomeSchema.nullable(),
    certificateJobId: z.number().int().nullable(),
    error: z.string().nullable(),
  }),
} as const;

export type ProgramProgressView = z.infer<typeof programProgressSchema>;
export type CertificateSummaryView = z.infer<typeof certificateSummarySchema>;
export type StagedDetailView = z.infer<typeof stagedDetailSchema>;
export type ProgrammingStateView = z.infer<typeof programmingStateSchema>;
