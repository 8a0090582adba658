/**
 * The audit-trail calls of the contract (spread into `calls` of contract/index.ts) and their schemas: list with
 * filters and paging, verify the chain, export as CSV or as a signed JSON bundle, the installation's public key,
 * and the meter's own programming log beside ours. Also THE vocabulary of audit actions (AUDIT_ACTIONS), shared by
 * main/audit (which refuses any other action) and the UI's filter. Pure zod, no node/DOM.
 */
import { z } from 'zod';
import { utcInstantSchema, writtenFileSchema } from './files';
import { meterSerialSchema } from './meter';

/**
 * Every action an audit record can name. Add new actions HERE (one line, with a comment): main/audit/append.ts
 * refuses unknown ones. `…Failed` actions record attempts that changed nothing but matter to an auditor.
 */
export const AUDIT_ACTIONS = [
  /** Meter manager (main/services/meter-manager.ts): a place, customer or fleet meter created or changed (before/after). */
  'place.saved',
  'place.deleted',
  'customer.saved',
  'customer.deleted',
  'fleetMeter.saved',
  'fleetMeter.deleted',
  /** A meter was installed at a place (place, customer, CT/VT, from). */
  'meter.installed',
  /** A meter's installation was closed (removed at). */
  'meter.removed',
  /** A meter-list CSV was imported: counts and the refused lines. */
  'meterList.imported',
  'meterList.exported',
  /** A collection schedule was created or changed (before/after), or deleted. */
  'schedule.saved',
  'schedule.deleted',
  /** A collection run started (who, what, how many meters) and ended (counts, the meters that failed). */
  'collection.started',
  'collection.finished',
  /**
   * A device at a meter's link answered as another serial number (or gave none) during a collection: no password
   * beyond the meter's own level-1 one was sent, nothing stored (main/collect/meter-identity.ts); summary after
   * `{expected, seen, link, identification, sent}`.
   */
  'collection.wrongMeter',
  /** A report was run (kind, parameters, figures hash); `object` = `reportRun:<id>`. */
  'report.run',
  /** A stored report run was written to a file (format, file name). */
  'report.exported',
  /** A virtual meter was created or a new formula version saved; or deleted. */
  'virtualMeter.saved',
  'virtualMeter.deleted',
  /** A tariff scheme version was recorded as in force on a meter from a time; or such a record deleted. */
  'tariffAssignment.saved',
  'tariffAssignment.deleted',
  /** A user signed in (UI or CLI). */
  'auth.signedIn',
  /** A sign-in failed (wrong password, unknown or disabled user); `object` names the user only when it exists. */
  'auth.signInFailed',
  /** Sign-ins of a user name from one source now wait (3 failures in a row; main/auth/throttle.ts); summary `{source}`. */
  'auth.lockedOut',
  'auth.signedOut',
  /** A user changed their own password. */
  'auth.passwordChanged',
  /** The first administrator was created in setup mode. */
  'user.setupAdmin',
  'user.added',
  /** Role, display name, meter user ID, scopes, enabled/disabled, unlocked. */
  'user.updated',
  'user.disabled',
  'user.passwordReset',
  /**
   * `pmu user recover` by the administrator at the computer (no sign-in; OS access to the data directory): sign-in
   * waits cleared, account enabled, password reset when given. Recorded under the OS user, role `system`.
   */
  'user.recovered',
  'meterGroup.saved',
  'meterGroup.deleted',
  /** A meter password was stored or replaced (never the password itself). */
  'credential.set',
  'credential.deleted',
  /**
   * A meter's own stored password was sent on behalf of a user above their role (an approved upload), after the meter
   * on the probe matched the staged model and serial; summary `{port, identification, serial, level}`.
   */
  'credential.delegated',
  /** A reading read through the probe was stored (trace_ref `reading:<id>` = its raw readout). */
  'reading.stored',
  /**
   * A reading through the probe failed (refused password, no answer, wrong meter…): nothing was stored; the record
   * names the port, the step, the identification when seen and the plain error (issue 13.6). Cancelled reads are not recorded.
   */
  'reading.failed',
  /** A file's readings were imported (or replaced stored ones). */
  'readings.imported',
  'readings.exported',
  'meters.exported',
  'watchedFolder.saved',
  'watchedFolder.deleted',
  /** The meter clock was set (security level 3). */
  'clock.set',
  /** The meter clock was asked to creep (security level 1). */
  'clock.adjusted',
  /**
   * Tariff schemes and programs (main/api/handlers/schemes.ts, handlers/programming.ts, main/services/program-records.ts).
   * A new version of a scheme's content (created = version 1); summary before/after `{ version, sha256 }`.
   */
  'scheme.saved',
  /** A scheme was renamed in the library tree (content unchanged); summary before/after `{ name }`. */
  'scheme.renamed',
  /** A scheme was moved to another folder; summary before/after `{ folderId }`. */
  'scheme.moved',
  /** A scheme was marked deleted (its versions stay for staged programs and certificates). */
  'scheme.deleted',
  /** A scheme file or bundle entry was stored as a new scheme (content already stored records nothing). */
  'scheme.imported',
  /** A scheme version or a folder of schemes was written as a file. */
  'scheme.exported',
  /** A scheme folder was created, renamed or moved; summary before/after `{ name, parentId }` (no `before` = created). */
  'schemeFolder.saved',
  'schemeFolder.deleted',
  /** A scheme version was staged for a meter (meter serial, CT/VT, password level, site, customer). */
  'program.staged',
  'program.approved',
  /** A staged program that was never uploaded was deleted. */
  'program.deleted',
  /**
   * Every write of an upload was acknowledged (certificate verified, or differences in the read back); the meter's
   * programming counter should have grown by one. trace_ref `certificate:<job id>`.
   */
  'program.uploaded',
  /**
   * An upload that stopped part-way or wrote nothing (certificate partially-programmed or failed), or a job the
   * workstation left unfinished when it stopped (the meter may hold part of the program).
   */
  'program.uploadFailed',
  'certificate.exported',
  'audit.exported',
  /**
   * The administrator at the computer acknowledged a broken chain (`pmu audit acknowledge-break`) so work can resume;
   * summary: the finding, their reason, and any signed heads of records that are gone. Verification keeps reporting
   * the break.
   */
  'audit.breakAcknowledged',
  /** Settings changed (pmu settings set, the Settings screen, or a settings file); summary before/after of the changed keys. */
  'settings.changed',
  /** The settings were written as a settings file. */
  'settings.exported',
  /** A probe profile was created, changed or reset (before/after). */
  'probeProfile.saved',
  'probeProfile.deleted',
  /** A port was given a probe profile (or went back to its USB model's / the default one). */
  'probePort.assigned',
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

/** A record's before/after summary (any JSON; never a secret). */
export const auditSummarySchema = z.object({ before: z.unknown().optional(), after: z.unknown().optional() });

/** One audit record as stored and shown. */
export const auditRecordSchema = z.object({
  seq: z.number().int(),
  timeUtc: z.string(),
  username: z.string(),
  role: z.string(),
  action: z.string(),
  meterSerial: z.string().nullable(),
  /** What the action was about, e.g. `reading:42`, `user:alice`, `scheme:7 v3`. */
  object: z.string().nullable(),
  summary: auditSummarySchema,
  /** Link to the raw probe trace, e.g. `reading:42` (the stored readout bytes). */
  traceRef: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

/** Filters of `audit.list` and `audit.exportCsv`; time range [fromUtc, toUtc). */
const auditFilter = {
  meterSerial: meterSerialSchema.optional(),
  username: z.string().trim().min(1).max(64).optional(),
  action: auditActionSchema.optional(),
  fromUtc: utcInstantSchema.optional(),
  toUtc: utcInstantSchema.optional(),
};

/** Largest anchor text `audit.verify` takes, characters (an anchor file is about 1 000). */
export const MAX_ANCHOR_CHARS = 16_000;

/** Kinds of break the verifier reports (main/audit/verify.ts). */
export const auditBreakKindSchema = z.enum(['edited', 'deleted', 'reordered', 'truncated', 'rewritten', 'signature', 'missing-head', 'unsigned']);

/** One finding of a verification: what is wrong with records `seq`…`toSeq`. */
export const auditFindingSchema = z.object({ seq: z.number().int(), toSeq: z.number().int(), kind: auditBreakKindSchema, message: z.string() });

/** Result of verifying the chain (main/audit/verify.ts `VerifyResult`). */
export const auditVerifySchema = z.object({
  intact: z.boolean(),
  records: z.number().int(),
  /** The latest record whose own signed head is valid, or null. */
  signedThroughSeq: z.number().int().nullable(),
  /** SHA-256 fingerprint of the public key the head was checked with. */
  keyFingerprint: z.string().nullable(),
  /** The first broken record, or null when intact. */
  firstBroken: z.object({ seq: z.number().int(), kind: auditBreakKindSchema, message: z.string() }).nullable(),
  /** One plain sentence: intact, or what is broken where. */
  message: z.string(),
  /** Every finding (breaks, forged or missing heads, unsigned stretches, anchor mismatches), by record; empty when intact. */
  findings: z.array(auditFindingSchema),
  /** The seq of the anchor the trail was proven to extend (nothing cut or rewritten since), or null (no anchor / not proven). */
  anchoredSeq: z.number().int().nullable(),
  warnings: z.array(z.string()),
});

/** The meter's own programming log beside ours (main/audit/meter-log.ts). */
export const meterLogSchema = z.object({
  meterSerial: z.string(),
  /** Programming counter readings from stored readings, oldest first. */
  meter: z.array(
    z.object({
      readingId: z.number().int(),
      readUtc: z.string(),
      programmingCounter: z.number().int().nullable(),
      /** Newest programming time the meter reported, meter local time. */
      lastProgrammedLocal: z.string().nullable(),
    }),
  ),
  /** Our records of programming and clock sets of this meter, oldest first. */
  ours: z.array(auditRecordSchema),
  /** Intervals between two readings where the meter's counter and our records disagree. */
  mismatches: z.array(
    z.object({ fromReadingId: z.number().int(), toReadingId: z.number().int(), meterCount: z.number().int(), ourCount: z.number().int(), message: z.string() }),
  ),
});

const range = <T extends { fromUtc?: string; toUtc?: string }>(a: T) => !a.fromUtc || !a.toUtc || Date.parse(a.fromUtc) < Date.parse(a.toUtc);
const rangeIssue = { message: 'the start of the date range must be before its end', path: ['toUtc'] };

/** The audit calls: name → { summary, args schema, result schema }. */
export const auditCalls = {
  'audit.list': {
    summary: 'Audit records, newest first; filters: meter, user, action, time [fromUtc, toUtc); page with beforeSeq.',
    args: z
      .strictObject({ ...auditFilter, beforeSeq: z.number().int().positive().optional(), limit: z.number().int().min(1).max(1000).optional() })
      .refine(range, rangeIssue),
    result: z.object({ records: z.array(auditRecordSchema), total: z.number().int(), nextBeforeSeq: z.number().int().nullable() }),
  },
  'audit.verify': {
    summary: 'Check the whole chain against all its signed heads (and an anchor kept elsewhere, when given); lists every finding.',
    /** `anchorText`: the text of an anchor file, or of an audit bundle (its latest head). */
    args: z.strictObject({ anchorText: z.string().max(MAX_ANCHOR_CHARS).optional() }),
    result: auditVerifySchema,
  },
  'audit.exportCsv': {
    summary: 'Write the (filtered) audit records as CSV into the exports folder.',
    args: z.strictObject(auditFilter).refine(range, rangeIssue),
    result: writtenFileSchema.extend({ records: z.number().int() }),
  },
  'audit.exportBundle': {
    summary: 'Write the whole chain with its signed head and public key as a JSON bundle (pmu audit verify --bundle checks it offline).',
    args: z.strictObject({}),
    result: writtenFileSchema.extend({ records: z.number().int(), keyFingerprint: z.string() }),
  },
  'audit.exportAnchor': {
    summary: 'Write the latest signed head with the public key (an anchor) into the exports folder, to keep away from the workstation.',
    args: z.strictObject({}),
    result: writtenFileSchema.extend({ seq: z.number().int(), signedUtc: z.string(), keyFingerprint: z.string() }),
  },
  'audit.publicKey': {
    summary: 'The installation\'s audit-signing public key (Ed25519, PEM) and its fingerprint.',
    args: z.strictObject({}),
    result: z.object({ algorithm: z.literal('Ed25519'), publicKeyPem: z.string(), fingerprint: z.string() }),
  },
  'audit.meterLog': {
    summary: 'The meter\'s own programming counter from stored readings beside our records, mismatches flagged.',
    args: z.strictObject({ meterSerial: meterSerialSchema }),
    result: meterLogSchema,
  },
} as const;

export type AuditRecordView = z.infer<typeof auditRecordSchema>;
export type AuditVerifyView = z.infer<typeof auditVerifySchema>;
export type MeterLogView = z.infer<typeof meterLogSchema>;
