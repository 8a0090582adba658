/**
 * The shapes of reports (issue 15): billing per meter / place / customer / virtual meter, balances over the place
 * hierarchy, virtual meters. Results are figures only (numbers rounded once, at the end, to Wh / W); the renderer,
 * the exports (CSV, XLSX, PDF) and the stored run all show the same object. Pure zod, no node/DOM.
 *
 * Conventions: energies in the kilo-unit of their family (`unit`: kWh, kvarh or kVAh), demand in kW (kvar, kVA);
 * `…Utc` ISO instants; `…Local` the report zone's wall time with its offset (`2025-10-26T02:15+02:00`, so the
 * repeated autumn hour is unambiguous); a figure that cannot be known (a gap) is null, never 0.
 */
import { z } from 'zod';

const num = z.number();
const numOrNull = z.number().nullable();

/** Share of the expected intervals that hold data. */
export const coverageSchema = z.object({ present: z.number().int(), expected: z.number().int(), share: num });
export type CoverageView = z.infer<typeof coverageSchema>;

/** A run of missing intervals of one source. */
export const gapViewSchema = z.object({
  source: z.string(),
  fromUtc: z.string(),
  toUtc: z.string(),
  fromLocal: z.string(),
  toLocal: z.string(),
  intervals: z.number().int(),
});
export type GapView = z.infer<typeof gapViewSchema>;

export const reportNoteSchema = z.object({ level: z.enum(['info', 'warning']), message: z.string() });
export type ReportNote = z.infer<typeof reportNoteSchema>;

/** Everything a report's header shows: who, when, period, parameters, data sources, coverage and gaps. */
export const reportHeaderSchema = z.object({
  runId: z.number().int(),
  title: z.string(),
  generatedUtc: z.string(),
  generatedBy: z.string(),
  timeZone: z.string(),
  fromDate: z.string(),
  toDate: z.string(),
  fromUtc: z.string(),
  toUtc: z.string(),
  /** The run's parameters in words, e.g. { name: 'Meter', value: 'F-0001' }. */
  parameters: z.array(z.object({ name: z.string(), value: z.string() })),
  /** Data sources: meters, channels, readings used. */
  sources: z.array(z.object({ label: z.string(), detail: z.string() })),
  coverage: coverageSchema,
  /** The first gaps (at most 200); `gapsTotal` counts all. */
  gaps: z.array(gapViewSchema),
  gapsTotal: z.number().int(),
  notes: z.array(reportNoteSchema),
  /** SHA-256 of the figures (everything but runId, generatedUtc, generatedBy and this hash): re-runs compare it. */
  figuresSha256: z.string(),
});
export type ReportHeader = z.infer<typeof reportHeaderSchema>;

/** Energy per day and rate, for the stacked chart. */
export const dailyRatesSchema = z.object({
  date: z.string(),
  hours: num,
  rates: z.array(z.object({ rate: z.number().int(), energy: num })),
  missing: z.number().int(),
});

/** Day × local hour heat map of energy (null = no data; the 25-hour day sums the repeated hour's two passes). */
export const heatMapSchema = z.object({
  days: z.array(z.object({ date: z.string(), values: z.array(numOrNull).length(24) })),
});
export type HeatMapView = z.infer<typeof heatMapSchema>;

/** One rate of a billing figure: load-profile method, register method, their difference. */
export const billingRateSchema = z.object({
  rate: z.number().int(),
  name: z.string(),
  profileEnergy: numOrNull,
  registerEnergy: numOrNull,
  /** Register − load profile, when both exist. */
  difference: numOrNull,
  profileMaxDemand: numOrNull,
  profileMaxDemandAtLocal: z.string().nullable(),
  registerMaxDemand: numOrNull,
  registerMaxDemandAtLocal: z.string().nullable(),
  missingIntervals: z.number().int(),
});
export type BillingRateView = z.infer<typeof billingRateSchema>;

/** Part of the period under one tariff scheme version. */
export const billingPieceSchema = z.object({
  scheme: z.string(),
  fromLocal: z.string(),
  toLocal: z.string(),
  rates: z.array(billingRateSchema),
  note: z.string().nullable(),
});

/** One meter (or virtual meter) of a billing report, over its part of the period. */
export const billingMeterSchema = z.object({
  serial: z.string(),
  /** Place path and customer, or the virtual meter's formula. */
  label: z.string(),
  fromLocal: z.string(),
  toLocal: z.string(),
  /** CT and VT ratios and their product; `values` says which side the meter's figures carry. */
  ct: z.string(),
  vt: z.string(),
  factor: num,
  values: z.enum(['direct', 'secondary', 'primary', 'virtual']),
  channel: z.string(),
  coverage: coverageSchema,
  pieces: z.array(billingPieceSchema),
  /** Per rate number over the whole part (pieces added), with the register method beside it. */
  rates: z.array(billingRateSchema),
  /** Which billing snapshots the register method used, or why it could not be used. */
  registerSource: z.string(),
  total: billingRateSchema,
});
export type BillingMeterView = z.infer<typeof billingMeterSchema>;

export const billingReportSchema = reportHeaderSchema.extend({
  kind: z.literal('billing'),
  unit: z.string(),
  meters: z.array(billingMeterSchema),
  /** Σ over meters per rate number (energies are additive; demand is not: see aggregateMaxDemand). */
  totals: z.array(billingRateSchema),
  /** Maximum demand of the aggregate's own interval series (several meters), kW, or null. */
  aggregateMaxDemand: numOrNull,
  aggregateMaxDemandAtLocal: z.string().nullable(),
  daily: z.array(dailyRatesSchema),
  rateNames: z.array(z.object({ rate: z.number().int(), name: z.string(), colour: z.string().nullable() })),
  heatMap: heatMapSchema,
});
export type BillingReport = z.infer<typeof billingReportSchema>;

/** A balance figure over a run of intervals (see reporting/balance.ts BalanceTotals). */
export const balanceTotalsSchema = z.object({
  intervals: z.number().int(),
  completeIntervals: z.number().int(),
  input: numOrNull,
  downstream: numOrNull,
  difference: numOrNull,
  percent: numOrNull,
  inputAll: num,
  inputCoverage: num,
  downstreamAll: num,
  downstreamCoverage: num,
});
export type BalanceTotalsView = z.infer<typeof balanceTotalsSchema>;

/** A meter taking part in a balance. */
export const balanceMeterSchema = z.object({ serial: z.string(), place: z.string(), factor: num, energy: num, coverage: coverageSchema });

export const balanceReportSchema = reportHeaderSchema.extend({
  kind: z.literal('balance'),
  place: z.object({ id: z.number().int(), name: z.string(), kind: z.string(), path: z.string() }),
  quantity: z.string(),
  unit: z.string(),
  periodMinutes: z.number().int(),
  inputMeters: z.array(balanceMeterSchema),
  downstreamMeters: z.array(balanceMeterSchema),
  totals: balanceTotalsSchema,
  daily: z.array(balanceTotalsSchema.extend({ date: z.string() })),
  /** Every interval of the period: [startUtc, input, downstream] with null for unknown; difference = input − downstream. */
  intervals: z.array(z.tuple([z.string(), numOrNull, numOrNull])),
  /** Each node of the subtree: its own meters (input) against its nearest metered descendants, over the period. */
  nodes: z.array(z.object({
    id: z.number().int(), name: z.string(), kind: z.string(), depth: z.number().int(),
    input: numOrNull, downstream: numOrNull, difference: numOrNull, percent: numOrNull, inputCoverage: num, downstreamCoverage: num,
  })),
});
export type BalanceReport = z.infer<typeof balanceReportSchema>;

export const virtualReportSchema = reportHeaderSchema.extend({
  kind: z.literal('virtual'),
  name: z.string(),
  version: z.number().int(),
  formula: z.string(),
  unit: z.string(),
  periodMinutes: z.number().int(),
  terms: z.array(z.object({ text: z.string(), coefficient: num, channel: z.string(), factor: num, coverage: coverageSchema, energy: num })),
  total: numOrNull,
  maxDemand: numOrNull,
  maxDemandAtLocal: z.string().nullable(),
  daily: z.array(z.object({ date: z.string(), energy: numOrNull, coverage: num })),
  intervals: z.array(z.tuple([z.string(), numOrNull])),
  heatMap: heatMapSchema,
});
export type VirtualReport = z.infer<typeof virtualReportSchema>;

/** Any report. */
export const reportSchema = z.discriminatedUnion('kind', [billingReportSchema, balanceReportSchema, virtualReportSchema]);
export type Report = z.infer<typeof reportSchema>;
export type ReportKind = Report['kind'];
