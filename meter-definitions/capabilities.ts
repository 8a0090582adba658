import { A1140_DEFINITION } from './a1140';
import { A1700_DEFINITION } from './a1700';
import { METER_MODELS, type MeterModel, QUANTITIES, type Quantity } from './models';
import { type Fact, a1700Src, fact } from './provenance';

/**
 * What each meter model can hold: the limits a tariff scheme must fit, so the editor and `pmu scheme validate` can
 * refuse a scheme before it fails at programming time (reference tariff-model.md "Capability limits";
 * schemes/validate-capabilities.ts applies them). Each number is a {@link Fact} with its provenance; the Elster
 * register counts and load-profile facts are read from the meter definitions (a1140.ts, a1700.ts), so a correction
 * there reaches the scheme checks too. Numbers no public source gives are `assumption`s and listed in
 * {@link CAPABILITY_ASSUMPTIONS}.
 */

/** The limits of one meter model. Counts are numbers of objects; periods are minutes. */
export interface MeterCapabilities {
  readonly model: MeterModel;
  /** How messages name the model: "the A1140 allows 16", "the generic meter allows 12". */
  readonly label: string;
  readonly maxSeasons: number;
  readonly maxWeekProfiles: number;
  readonly maxDayProfiles: number;
  /** Switch times in one day profile (the 00:00 entry counts). */
  readonly maxSwitchTimesPerDayProfile: number;
  /** Switch times of all day profiles added up. */
  readonly maxSwitchingOperations: number;
  readonly maxSpecialDays: number;
  /** TOU rate registers of the standard variant: rates T1…T`rates` exist. */
  readonly rates: number;
  /** TOU rate registers of the largest variant (A1700: 32). */
  readonly ratesLargestVariant: number;
  readonly mdRegisters: number;
  readonly mdIntegrationPeriods: readonly number[];
  readonly lpCapturePeriods: readonly number[];
  /** True when the meter has ONE integration period for maximum demand and load profile (Elster ID 878). */
  readonly lpPeriodIsMdPeriod: boolean;
  readonly maxLpChannels: number;
  readonly lpQuantities: readonly Quantity[];
  readonly pulseOutputs: number;
  readonly dstDeviations: readonly number[];
}

/** Names of the limits (every field but `model` and `label`). */
export type CapabilityField = Exclude<keyof MeterCapabilities, 'model' | 'label'>;
type Facts = { readonly [K in CapabilityField]: Fact<MeterCapabilities[K]> };

const ACE = 'manual:Itron ACE6000 user guide §7.7.2–7.7.4 (published example, reference tariff-model.md)';
const ACE_STANDIN = 'assumption:no public Elster figure; the published ACE6000 example (reference tariff-model.md) is used';
const MD_PERIODS = [5, 10, 15, 30, 60] as const;
const HOUR_DIVISORS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60] as const;
/** Interval codes 0…A (public:abba1700/ABBA1700ProfileEntry.java:160). */
const LP_CODES = [1, 2, 3, 4, 5, 6, 10, 15, 20, 30, 60] as const;
const LP_CODES_SRC = a1700Src('ABBA1700ProfileEntry.java', '160-163');

const GENERIC: Facts = {
  maxSeasons: fact(12, ACE),
  maxWeekProfiles: fact(12, 'manual:ACE6000 user guide §7.7.3: a week profile belongs to one season, so one per season'),
  maxDayProfiles: fact(24, ACE),
  maxSwitchTimesPerDayProfile: fact(16, ACE),
  maxSwitchingOperations: fact(100, ACE),
  maxSpecialDays: fact(100, 'assumption:not in the published example; 100 covers 10 years of national holidays'),
  rates: fact(8, 'assumption:8, the A1140\'s TOU register count, so a generic scheme also fits an A1140'),
  ratesLargestVariant: fact(8, 'assumption:same as rates (no variants)'),
  mdRegisters: fact(24, 'assumption:24, as the A1700 (no published generic figure)'),
  mdIntegrationPeriods: fact(MD_PERIODS, 'manual:reference tariff-model.md "Maximum demand": 5/10/15/30/60 min'),
  lpCapturePeriods: fact(HOUR_DIVISORS, 'assumption:divisors of 60 min, so intervals stay aligned to the hour'),
  lpPeriodIsMdPeriod: fact(false, 'assumption:separate settings (DLMS profile capture_period is its own attribute)'),
  maxLpChannels: fact(8, 'assumption:8, the scheme model\'s limit'),
  lpQuantities: fact(QUANTITIES, 'assumption:every quantity of the scheme model'),
  pulseOutputs: fact(4, 'assumption:4'),
  dstDeviations: fact([30, 60, 120], 'manual:DLMS clock deviation (any of the model\'s 30/60/120 min)'),
};

/** Capabilities of an Elster model from its definition's facts. */
function elster(def: typeof A1140_DEFINITION, extra: Pick<Facts, 'maxSpecialDays' | 'pulseOutputs' | 'lpQuantities' | 'maxLpChannels' | 'lpCapturePeriods' | 'dstDeviations'>): Facts {
  const e = def.elster!;
  const periods = extra.lpCapturePeriods.value;
  return {
    maxSeasons: fact(12, ACE_STANDIN), maxWeekProfiles: fact(12, ACE_STANDIN), maxDayProfiles: fact(24, ACE_STANDIN),
    maxSwitchTimesPerDayProfile: fact(16, ACE_STANDIN), maxSwitchingOperations: fact(100, ACE_STANDIN),
    maxSpecialDays: extra.maxSpecialDays,
    rates: fact(Math.min(...e.touRegisters.value), e.touRegisters.provenance),
    ratesLargestVariant: fact(Math.max(...e.touRegisters.value), e.touRegisters.provenance),
    mdRegisters: fact(e.maxDemandRegisters.value, e.maxDemandRegisters.provenance),
    mdIntegrationPeriods: fact(MD_PERIODS.filter((m) => periods.includes(m)), 'assumption:the model\'s MD periods that are also load-profile interval codes'),
    lpCapturePeriods: extra.lpCapturePeriods,
    lpPeriodIsMdPeriod: fact(true, `${def.items.find((i) => i.id === '878')!.provenance}`),
    maxLpChannels: extra.maxLpChannels,
    lpQuantities: extra.lpQuantities,
    pulseOutputs: extra.pulseOutputs,
    dstDeviations: extra.dstDeviations,
  };
}

const STANDARD_LP: Quantity[] = ['active-import', 'active-export', 'reactive-q1', 'reactive-q2', 'reactive-q3', 'reactive-q4'];

/** Every limit with its provenance, per model. */
export const CAPABILITY_FACTS: Readonly<Record<MeterModel, Facts>> = {
  generic: GENERIC,
  A1140: elster(A1140_DEFINITION, {
    maxSpecialDays: fact(32, 'assumption:no public figure'),
    pulseOutputs: fact(2, 'assumption:no public figure'),
    lpQuantities: fact([...STANDARD_LP, 'apparent-import', 'apparent-export'], 'public:' + 'upl/com.energyict.mdc.upl.impl/protocolimpl/src/main/java/com/energyict/protocolimpl/iec1107/abba1140/LoadProfileConfigRegister.java:60-131'),
    maxLpChannels: A1140_DEFINITION.elster!.lpMaxChannels,
    lpCapturePeriods: fact(LP_CODES, 'assumption:the A1700 driver\'s interval-code table (ABBA1700ProfileEntry.java:160); the A1140\'s (DataType.java) was not read'),
    dstDeviations: fact([60, 120], 'manual:A1120/A1140 manual M181 001 §3.4.13: advanced or retarded by 1 or 2 hours'),
  }),
  A1700: elster(A1700_DEFINITION, {
    maxSpecialDays: fact(64, 'assumption:no public figure'),
    pulseOutputs: fact(4, 'assumption:no public figure'),
    lpQuantities: fact([...STANDARD_LP, 'apparent-import'], a1700Src('ABBA1700Profile.java', '145-189')),
    maxLpChannels: fact(7, a1700Src('ABBA1700Profile.java', '145-189')),
    lpCapturePeriods: fact(LP_CODES, LP_CODES_SRC),
    dstDeviations: fact([60, 120], 'assumption:as the A1140 (same PMU DST rule, reference elster-dialect.md "DST rule: ±1 h (or 2 h)")'),
  }),
};

const LABELS: Readonly<Record<MeterModel, string>> = { generic: 'generic meter', A1140: 'A1140', A1700: 'A1700' };

/** The capability table, one row per model (the values of {@link CAPABILITY_FACTS}). */
export const METER_CAPABILITIES: Readonly<Record<MeterModel, MeterCapabilities>> = Object.fromEntries(
  METER_MODELS.map((m) => [m, { model: m, label: LABELS[m], ...Object.fromEntries(Object.entries(CAPABILITY_FACTS[m]).map(([k, f]) => [k, f.value])) }]),
) as unknown as Record<MeterModel, MeterCapabilities>;

/** Where each number comes from, per model and field (provenance texts). */
export const CAPABILITY_SOURCES: Readonly<Record<MeterModel, Readonly<Record<CapabilityField, string>>>> = Object.fromEntries(
  METER_MODELS.map((m) => [m, Object.fromEntries(Object.entries(CAPABILITY_FACTS[m]).map(([k, f]) => [k, f.provenance]))]),
) as unknown as Record<MeterModel, Record<CapabilityField, string>>;

/** Every assumption of the table, as `model field: text`, for reports and the docs. */
export const CAPABILITY_ASSUMPTIONS: readonly string[] = METER_MODELS.flatMap((m) =>
  Object.entries(CAPABILITY_SOURCES[m])
    .filter(([, s]) => s.startsWith('assumption'))
    .map(([f, s]) => `${m} ${f}: ${s}`),
);
