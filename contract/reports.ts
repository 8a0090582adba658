/**
 * The report calls (issue 15; spread into `calls` of contract/index.ts): billing, balance and virtual-meter reports,
 * their stored runs (re-run to the same figures, export as PDF / XLSX / CSV, print), virtual meters (versioned
 * formulas) and each meter's tariff history (which scheme version was in force when). Result shapes:
 * ./report-views.ts. Pure zod, no node/DOM.
 */
import { z } from 'zod';
import { timeZoneSchema } from './fleet';
import { utcInstantSchema, writtenFileSchema } from './files';
import { meterSerialSchema } from './meter';
import { reportSchema } from './report-views';

export * from './report-views';

/** A local calendar date `YYYY-MM-DD`. */
export const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD');

/** What a billing report covers: one meter, every meter installed at a place (and below), a customer's meters, a virtual meter. */
export const reportTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('meter'), serial: meterSerialSchema }),
  z.strictObject({ kind: z.literal('place'), placeId: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('customer'), customerNumber: z.string().trim().min(1).max(40) }),
  z.strictObject({ kind: z.literal('virtual'), name: z.string().trim().min(1).max(80) }),
]);
export type ReportTarget = z.infer<typeof reportTargetSchema>;

/** The period (local dates, both inclusive) and the zone they are in (default: the target's, else the workstation's). */
const periodArgs = {
  fromDate: localDateSchema,
  toDate: localDateSchema,
  timeZone: timeZoneSchema.optional(),
};

export const billingArgsSchema = z.strictObject({ target: reportTargetSchema, ...periodArgs });
export type BillingArgs = z.infer<typeof billingArgsSchema>;

/** Energy flows a balance can be drawn for (OBIS C = 1 import, 2 export). */
export const balanceQuantitySchema = z.enum(['active-import', 'active-export']);
export const balanceArgsSchema = z.strictObject({ placeId: z.number().int().positive(), quantity: balanceQuantitySchema.optional(), ...periodArgs });
export type BalanceArgs = z.infer<typeof balanceArgsSchema>;

export const virtualArgsSchema = z.strictObject({ name: z.string().trim().min(1).max(80), ...periodArgs });
export type VirtualArgs = z.infer<typeof virtualArgsSchema>;

/** The parameters of any run, as stored with it (a re-run repeats them). */
export const runParamsSchema = z.discriminatedUnion('kind', [
  /** `virtualVersion`: with a virtual-meter target, the newest formula version the run used. */
  billingArgsSchema.extend({ kind: z.literal('billing'), virtualVersion: z.number().int().positive().optional() }),
  balanceArgsSchema.extend({ kind: z.literal('balance') }),
  virtualArgsSchema.extend({ kind: z.literal('virtual'), version: z.number().int().positive().optional() }),
]);
export type RunParams = z.infer<typeof runParamsSchema>;

/** A stored report run as listed. */
export const reportRunSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['billing', 'balance', 'virtual']),
  title: z.string(),
  createdUtc: z.string(),
  createdBy: z.string(),
  figuresSha256: z.string(),
  /** The run this one repeated, or null. */
  rerunOf: z.number().int().nullable(),
  params: runParamsSchema,
});
export type ReportRunView = z.infer<typeof reportRunSchema>;

/** One version of a virtual meter: a formula in force from `fromUtc` (null = from the beginning). */
export const virtualMeterVersionSchema = z.object({
  version: z.number().int(),
  formula: z.string(),
  unit: z.string(),
  fromUtc: z.string().nullable(),
  savedUtc: z.string(),
  savedBy: z.string(),
  note: z.string(),
});
export const virtualMeterViewSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  /** Zone of its reports, or null (the workstation's). */
  timeZone: z.string().nullable(),
  /** Tariff scheme its billing uses (store scheme id and version), or null (totals only). */
  scheme: z.object({ schemeId: z.number().int(), version: z.number().int(), name: z.string() }).nullable(),
  versions: z.array(virtualMeterVersionSchema),
});
export type VirtualMeterView = z.infer<typeof virtualMeterViewSchema>;

export const virtualMeterInputSchema = z.strictObject({
  /** Absent = a new virtual meter. */
  id: z.number().int().positive().optional(),
  name: z.string().trim().min(1, 'enter a name').max(80),
  formula: z.string().max(4000),
  /** From when this formula is in force (a meter exchange); absent = from the beginning (a correction of every time). */
  fromUtc: utcInstantSchema.optional(),
  description: z.string().trim().max(1000).optional(),
  timeZone: timeZoneSchema.nullable().optional(),
  scheme: z.strictObject({ schemeId: z.number().int().positive(), version: z.number().int().positive() }).nullable().optional(),
  note: z.string().trim().max(500).optional(),
});
export type VirtualMeterInput = z.infer<typeof virtualMeterInputSchema>;

/** The check of a formula as typed: its terms, unit, and every problem in plain words. */
export const formulaCheckSchema = z.object({
  ok: z.boolean(),
  unit: z.string().nullable(),
  canonical: z.string().nullable(),
  terms: z.array(z.object({ text: z.string(), serial: z.string(), channel: z.string(), coefficient: z.number(), quantity: z.string() })),
  problems: z.array(z.object({ message: z.string(), position: z.number().int().nullable() })),
});
export type FormulaCheckView = z.infer<typeof formulaCheckSchema>;

/** One entry of a meter's tariff history. */
export const tariffHistoryEntrySchema = z.object({
  /** Id of a recorded assignment, or null for an entry derived from a programming certificate. */
  id: z.number().int().nullable(),
  source: z.enum(['assignment', 'certificate']),
  /** Programming job of a certificate entry. */
  jobId: z.number().int().nullable(),
  fromUtc: z.string(),
  schemeId: z.number().int(),
  schemeVersion: z.number().int(),
  schemeName: z.string(),
  /** True when the meter applies the CT/VT ratios itself (its values are primary). */
  valuesPrimary: z.boolean(),
  note: z.string(),
  by: z.string(),
});
export type TariffHistoryEntry = z.infer<typeof tariffHistoryEntrySchema>;

export const tariffAssignInputSchema = z.strictObject({
  meterId: z.number().int().positive(),
  fromUtc: utcInstantSchema,
  schemeId: z.number().int().positive(),
  schemeVersion: z.number().int().positive(),
  valuesPrimary: z.boolean().optional(),
  note: z.string().trim().max(500).optional(),
});
export type TariffAssignInput = z.infer<typeof tariffAssignInputSchema>;

const runIdArg = z.strictObject({ runId: z.number().int().positive() });

export const reportCalls = {
  'reports.billing': { summary: 'Run a billing report (energy and maximum demand per rate, both methods) for a meter, place, customer or virtual meter.', args: billingArgsSchema, result: reportSchema },
  'reports.balance': { summary: 'Run a balance of a place (feeder or substation meter − Σ downstream meters) per interval and per period.', args: balanceArgsSchema, result: reportSchema },
  'reports.virtual': { summary: 'Run a virtual meter over a period: its interval values, daily totals and coverage.', args: virtualArgsSchema, result: reportSchema },
  'reports.runs': { summary: 'Stored report runs, newest first.', args: z.strictObject({ limit: z.number().int().min(1).max(1000).optional() }), result: z.array(reportRunSchema) },
  'reports.get': { summary: 'The figures of a stored run, exactly as they were.', args: runIdArg, result: reportSchema },
  'reports.rerun': {
    summary: 'Run a stored report again with its parameters and compare the figures.',
    args: runIdArg,
    result: z.object({ report: reportSchema, same: z.boolean(), differences: z.array(z.string()) }),
  },
  'reports.export': {
    summary: 'Write a stored run as PDF, XLSX or CSV into the exports folder.',
    args: z.strictObject({ runId: z.number().int().positive(), format: z.enum(['pdf', 'xlsx', 'csv']) }),
    result: writtenFileSchema,
  },
  'reports.print': {
    summary: 'Print a stored run: the desktop app opens the print dialog; browser mode offers the PDF instead.',
    args: runIdArg,
    result: z.object({ printed: z.boolean(), pdf: writtenFileSchema.nullable() }),
  },
  'virtualMeters.list': { summary: 'Every virtual meter with its formula versions.', args: z.strictObject({}), result: z.array(virtualMeterViewSchema) },
  'virtualMeters.check': { summary: 'Check a formula: terms, unit, and every problem in plain words.', args: z.strictObject({ formula: z.string().max(4000) }), result: formulaCheckSchema },
  'virtualMeters.save': { summary: 'Create a virtual meter or save a new version of its formula.', args: virtualMeterInputSchema, result: virtualMeterViewSchema },
  'virtualMeters.delete': { summary: 'Delete a virtual meter (its versions stay for the runs that used them).', args: z.strictObject({ id: z.number().int().positive() }), result: z.object({ deleted: z.boolean() }) },
  'tariffHistory.list': { summary: 'A meter’s tariff history: recorded assignments and verified programming certificates.', args: z.strictObject({ meterId: z.number().int().positive() }), result: z.array(tariffHistoryEntrySchema) },
  'tariffHistory.assign': { summary: 'Record that a scheme version is in force on a meter from a time.', args: tariffAssignInputSchema, result: tariffHistoryEntrySchema },
  'tariffHistory.delete': { summary: 'Delete a recorded tariff assignment.', args: z.strictObject({ id: z.number().int().positive() }), result: z.object({ deleted: z.boolean() }) },
} as const;
