/**
 * What each meter model can hold: ONE table per model (METER_MODELS in model.ts) of the limits a tariff scheme
 * must fit, so the editor and `pmu scheme validate` can refuse a scheme before it fails at programming time
 * (reference tariff-model.md "Capability limits"). Pure data; schemes/validate-capabilities.ts applies it.
 *
 * Sources, per number, are in {@link CAPABILITY_SOURCES} (shown in docs/tariff-schemes.md "Capabilities"):
 * - reference tariff-model.md: the published Itron ACE6000 example (12 seasons, 24 day profiles, 16 switch
 *   times per day profile, 100 switching operations in total; ACE6000 user guide §7.7.2–7.7.4, which also
 *   says a week profile belongs to one season and every day profile starts at 00:00);
 * - reference elster-dialect.md and protocol/meters/elster/profile.ts (ELSTER_MODELS, LP_INTERVAL_MINUTES,
 *   LP_CHANNELS): TOU and maximum demand register counts, load-profile interval codes and channel mask;
 * - the A1120/A1140 manual M181 001 §3.4.13: daylight saving "advanced or retarded by 1 or 2 hours".
 * Numbers no public source gives are marked ASSUMPTION; they are listed in {@link CAPABILITY_ASSUMPTIONS}
 * and can be corrected here, in one place.
 */
import { ELSTER_MODELS, LP_CHANNELS, LP_INTERVAL_MINUTES } from '../protocol/meters/elster/profile';
import { type MeterModel, type Quantity, METER_MODELS, QUANTITIES } from './model';

/** The limits of one meter model. Counts are numbers of objects; periods are minutes. */
export interface MeterCapabilities {
  readonly model: MeterModel;
  /** How messages name the model: "the A1140 allows 16", "the generic meter allows 12". */
  readonly label: string;
  /** Seasons (season profile entries). */
  readonly maxSeasons: number;
  /** Week profiles. */
  readonly maxWeekProfiles: number;
  /** Day profiles. */
  readonly maxDayProfiles: number;
  /** Switch times in one day profile (the 00:00 entry counts). */
  readonly maxSwitchTimesPerDayProfile: number;
  /** Switch times of all day profiles added up (switching operations in total). */
  readonly maxSwitchingOperations: number;
  /** Special days table entries (fixed and recurring together). */
  readonly maxSpecialDays: number;
  /** TOU rate registers of the standard variant: rates T1…T`rates` exist. */
  readonly rates: number;
  /** TOU rate registers of the largest variant (A1700: 32); rates above `rates` need that variant. */
  readonly ratesLargestVariant: number;
  /** Maximum demand registers (quantities × rates when MD is kept per rate). */
  readonly mdRegisters: number;
  /** Allowed MD integration (demand) periods, minutes. */
  readonly mdIntegrationPeriods: readonly number[];
  /** Allowed load-profile capture periods, minutes. */
  readonly lpCapturePeriods: readonly number[];
  /** True when the meter has ONE integration period for maximum demand and load profile (Elster ID 878). */
  readonly lpPeriodIsMdPeriod: boolean;
  /** Load-profile channels recorded at once. */
  readonly maxLpChannels: number;
  /** Quantities a load-profile channel can record. */
  readonly lpQuantities: readonly Quantity[];
  /** Pulse outputs (terminals 1…n). */
  readonly pulseOutputs: number;
  /** DST clock deviations the meter can apply, minutes. */
  readonly dstDeviations: readonly number[];
}

/** Names of the limits in {@link MeterCapabilities} (every field but `model` and `label`). */
export type CapabilityField = Exclude<keyof MeterCapabilities, 'model' | 'label'>;

/** Elster load-profile channel mask bits (reference "Load profile encoding") as scheme quantities. */
const ELSTER_LP_QUANTITIES: readonly Quantity[] = [
  'active-import', 'active-export', 'reactive-q1', 'reactive-q2', 'reactive-q3', 'reactive-q4', 'apparent-import', 'apparent-export',
];
/** MD integration periods the scheme model knows (reference tariff-model.md: 5/10/15/30/60 min). */
const MD_PERIODS = [5, 10, 15, 30, 60] as const;
/** Divisors of 60: capture periods that keep intervals aligned to the hour. */
const HOUR_DIVISORS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60] as const;
const elsterLpChannels = LP_CHANNELS.filter((c) => c.bit < 8).length; // 8 standard channels (2 customer-defined left out)

/** The capability table, one row per meter model. */
export const METER_CAPABILITIES: Readonly<Record<MeterModel, MeterCapabilities>> = {
  generic: {
    model: 'generic',
    label: 'generic meter',
    maxSeasons: 12,
    maxWeekProfiles: 12,
    maxDayProfiles: 24,
    maxSwitchTimesPerDayProfile: 16,
    maxSwitchingOperations: 100,
    maxSpecialDays: 100,
    rates: 8,
    ratesLargestVariant: 8,
    mdRegisters: 24,
    mdIntegrationPeriods: MD_PERIODS,
    lpCapturePeriods: HOUR_DIVISORS,
    lpPeriodIsMdPeriod: false,
    maxLpChannels: 8,
    lpQuantities: QUANTITIES,
    pulseOutputs: 4,
    dstDeviations: [30, 60, 120],
  },
  A1140: {
    model: 'A1140',
    label: 'A1140',
    maxSeasons: 12,
    maxWeekProfiles: 12,
    maxDayProfiles: 24,
    maxSwitchTimesPerDayProfile: 16,
    maxSwitchingOperations: 100,
    maxSpecialDays: 32,
    rates: Math.min(...ELSTER_MODELS.A1140.touRegisters),
    ratesLargestVariant: Math.max(...ELSTER_MODELS.A1140.touRegisters),
    mdRegisters: ELSTER_MODELS.A1140.maxDemandRegisters,
    mdIntegrationPeriods: MD_PERIODS.filter((m) => LP_INTERVAL_MINUTES.includes(m)),
    lpCapturePeriods: LP_INTERVAL_MINUTES,
    lpPeriodIsMdPeriod: true,
    maxLpChannels: elsterLpChannels,
    lpQuantities: ELSTER_LP_QUANTITIES,
    pulseOutputs: 2,
    dstDeviations: [60, 120],
  },
  A1700: {
    model: 'A1700',
    label: 'A1700',
    maxSeasons: 12,
    maxWeekProfiles: 12,
    maxDayProfiles: 24,
    maxSwitchTimesPerDayProfile: 16,
    maxSwitchingOperations: 100,
    maxSpecialDays: 64,
    rates: Math.min(...ELSTER_MODELS.A1700.touRegisters),
    ratesLargestVariant: Math.max(...ELSTER_MODELS.A1700.touRegisters),
    mdRegisters: ELSTER_MODELS.A1700.maxDemandRegisters,
    mdIntegrationPeriods: MD_PERIODS.filter((m) => LP_INTERVAL_MINUTES.includes(m)),
    lpCapturePeriods: LP_INTERVAL_MINUTES,
    lpPeriodIsMdPeriod: true,
    maxLpChannels: elsterLpChannels,
    lpQuantities: ELSTER_LP_QUANTITIES,
    pulseOutputs: 4,
    dstDeviations: [60, 120],
  },
};

const ACE = 'Itron ACE6000 published example (reference tariff-model.md; ACE6000 user guide §7.7)';
const ACE_STANDIN = 'ASSUMPTION: no public Elster figure; the published ACE6000 example (reference tariff-model.md) is used';

/** Where each number of the table comes from, per model and field (ASSUMPTION = no public source). */
export const CAPABILITY_SOURCES: Readonly<Record<MeterModel, Readonly<Record<CapabilityField, string>>>> = {
  generic: {
    maxSeasons: ACE,
    maxWeekProfiles: 'ACE6000 user guide §7.7.3: a week profile belongs to one season, so one per season',
    maxDayProfiles: ACE,
    maxSwitchTimesPerDayProfile: ACE,
    maxSwitchingOperations: ACE,
    maxSpecialDays: 'ASSUMPTION: not in the published example; 100 covers 10 years of national holidays',
    rates: 'ASSUMPTION: 8, the A1140\'s TOU register count (the smallest model we program), so a generic scheme also fits an A1140; every tariff we serve (Economy 7/10, HT/NT, US TOU) needs 2–4',
    ratesLargestVariant: 'same as rates (no variants)',
    mdRegisters: 'ASSUMPTION: 24, as the A1700 (no published generic figure)',
    mdIntegrationPeriods: 'reference tariff-model.md "Maximum demand": 5/10/15/30/60 min',
    lpCapturePeriods: 'ASSUMPTION: divisors of 60 min, so intervals stay aligned to the hour (IEC 62056-21 P.01 allows any period)',
    lpPeriodIsMdPeriod: 'ASSUMPTION: separate settings (DLMS profile capture_period is its own attribute)',
    maxLpChannels: 'ASSUMPTION: 8, the scheme model\'s limit',
    lpQuantities: 'every quantity of the scheme model',
    pulseOutputs: 'ASSUMPTION: 4',
    dstDeviations: 'DLMS clock deviation (any of the model\'s 30/60/120 min)',
  },
  A1140: {
    maxSeasons: ACE_STANDIN,
    maxWeekProfiles: ACE_STANDIN,
    maxDayProfiles: ACE_STANDIN,
    maxSwitchTimesPerDayProfile: ACE_STANDIN,
    maxSwitchingOperations: ACE_STANDIN,
    maxSpecialDays: 'ASSUMPTION: 32 (no public figure)',
    rates: 'reference elster-dialect.md: ID 508, 8 TOU rate registers (ELSTER_MODELS.A1140)',
    ratesLargestVariant: 'reference elster-dialect.md: the A1140 has one variant',
    mdRegisters: 'reference elster-dialect.md: ID 510, 12 maximum demand registers (ELSTER_MODELS.A1140)',
    mdIntegrationPeriods: 'ASSUMPTION: the model\'s MD periods that are also load-profile interval codes (reference elster-dialect.md)',
    lpCapturePeriods: 'reference elster-dialect.md: interval codes 0..A = 1, 2, 3, 4, 5, 6, 10, 15, 20, 30, 60 min (LP_INTERVAL_MINUTES)',
    lpPeriodIsMdPeriod: 'ASSUMPTION: one integration period, ID 878, for demand and load profile (as the emulator models it)',
    maxLpChannels: 'reference elster-dialect.md: channel mask low byte, 8 standard channels (customer-defined channels not offered)',
    lpQuantities: 'reference elster-dialect.md: import W, export W, Q1–Q4, VA import, VA export',
    pulseOutputs: 'ASSUMPTION: 2 (no public figure)',
    dstDeviations: 'A1120/A1140 manual M181 001 §3.4.13: advanced or retarded by 1 or 2 hours',
  },
  A1700: {
    maxSeasons: ACE_STANDIN,
    maxWeekProfiles: ACE_STANDIN,
    maxDayProfiles: ACE_STANDIN,
    maxSwitchTimesPerDayProfile: ACE_STANDIN,
    maxSwitchingOperations: ACE_STANDIN,
    maxSpecialDays: 'ASSUMPTION: 64 (no public figure)',
    rates: 'reference elster-dialect.md: 16 TOU registers on the standard A1700 (ELSTER_MODELS.A1700)',
    ratesLargestVariant: 'reference elster-dialect.md: 32 TOU registers on the 32-register variant',
    mdRegisters: 'reference elster-dialect.md: 24 maximum demand registers (ELSTER_MODELS.A1700)',
    mdIntegrationPeriods: 'ASSUMPTION: as the A1140',
    lpCapturePeriods: 'reference elster-dialect.md: interval codes (LP_INTERVAL_MINUTES)',
    lpPeriodIsMdPeriod: 'ASSUMPTION: as the A1140 (ID 878)',
    maxLpChannels: 'reference elster-dialect.md: channel mask, 8 standard channels',
    lpQuantities: 'reference elster-dialect.md: channel mask',
    pulseOutputs: 'ASSUMPTION: 4 (no public figure)',
    dstDeviations: 'ASSUMPTION: as the A1140 (same PMU DST rule, reference elster-dialect.md "DST rule: ±1 h (or 2 h)")',
  },
};

/** Every ASSUMPTION of the table, as `model field: text`, for reports and the docs. */
export const CAPABILITY_ASSUMPTIONS: readonly string[] = METER_MODELS.flatMap((m) =>
  Object.entries(CAPABILITY_SOURCES[m])
    .filter(([, s]) => s.startsWith('ASSUMPTION'))
    .map(([f, s]) => `${m} ${f}: ${s}`),
);

/**
 * The capabilities of `model`.
 * @throws RangeError for a name that is not one of METER_MODELS (callers pass validated models).
 */
export function capabilitiesOf(model: MeterModel): MeterCapabilities {
  const caps = (METER_CAPABILITIES as Partial<Record<string, MeterCapabilities>>)[model];
  if (!caps) throw new RangeError(`Unknown meter model "${String(model)}"; use one of ${METER_MODELS.join(', ')}`);
  return caps;
}

const FIELD_LABELS: Readonly<Record<CapabilityField, string>> = {
  maxSeasons: 'seasons',
  maxWeekProfiles: 'week profiles',
  maxDayProfiles: 'day profiles',
  maxSwitchTimesPerDayProfile: 'switch times per day profile',
  maxSwitchingOperations: 'switching operations in total',
  maxSpecialDays: 'special days',
  rates: 'TOU rates (registers)',
  ratesLargestVariant: 'TOU rates, largest variant',
  mdRegisters: 'maximum demand registers',
  mdIntegrationPeriods: 'MD integration periods (min)',
  lpCapturePeriods: 'load-profile capture periods (min)',
  lpPeriodIsMdPeriod: 'load profile uses the MD period',
  maxLpChannels: 'load-profile channels',
  lpQuantities: 'load-profile quantities',
  pulseOutputs: 'pulse outputs',
  dstDeviations: 'DST deviations (min)',
};

/**
 * The table as Markdown (one row per limit, one column per model, then the sources), as printed in
 * docs/tariff-schemes.md "Capabilities"; a test keeps the two identical.
 */
export function capabilitiesMarkdown(): string {
  const fields = Object.keys(FIELD_LABELS) as CapabilityField[];
  const cell = (v: MeterCapabilities[CapabilityField]) => (Array.isArray(v) ? v.join(', ') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));
  const lines = [`| limit | ${METER_MODELS.join(' | ')} |`, `|---|${METER_MODELS.map(() => '---').join('|')}|`];
  for (const f of fields) lines.push(`| ${FIELD_LABELS[f]} | ${METER_MODELS.map((m) => cell(METER_CAPABILITIES[m][f])).join(' | ')} |`);
  lines.push('', 'Sources:', '');
  for (const m of METER_MODELS) {
    for (const f of fields) lines.push(`- ${m} ${FIELD_LABELS[f]}: ${CAPABILITY_SOURCES[m][f]}`);
  }
  return `${lines.join('\n')}\n`;
}
