/**
 * The tariff scheme: what a metering engineer builds and a technician uploads, with the DLMS/COSEM calendar
 * names (IEC 62056-62 activity calendar, class 20; special days table, class 11; reference note
 * tariff-model.md "Concepts"). Pure TypeScript + zod; the zod schemas are the validation at every boundary
 * (scheme files, the store, the UI contract) and the source of the published JSON Schema
 * (docs/scheme.schema.json, schemes/json-schema.ts).
 *
 * The zod schemas check SHAPE only (types, formats, ranges a field can never leave). Whether a scheme makes
 * sense and fits a meter model (references resolve, switch times ordered, capability limits, DST gap) is
 * schemes/validate.ts, which reports every problem with a path instead of stopping at the first.
 *
 * Time conventions: every time of day (`hh:mm`) and date in a scheme is the meter's LOCAL wall-clock time;
 * the meter's time zone is given where the scheme is simulated or staged (IANA name), not in the scheme.
 * Durations are in minutes unless the field name says otherwise (`widthMs`).
 */
import { z } from 'zod';
import { METER_MODELS, type MeterModel, QUANTITIES } from '../meter-definitions/models';

/** File format tag of a scheme file (`format` field). */
export const SCHEME_FORMAT = 'pmu-tariff-scheme';
/** Current version of the scheme file format (`formatVersion`). */
export const SCHEME_FORMAT_VERSION = 1;

/** Identifier used for cross references inside a scheme: letters, digits, `-` and `_`, 1…32 characters. */
export const refIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, 'use 1 to 32 letters, digits, "-" or "_"');

/** Local wall-clock time of day `hh:mm`, 00:00…23:59 (24-hour clock). */
export const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write the time as hh:mm, 00:00 to 23:59');

/** Rate (tariff) number, T1…T32: the script selector of the tariff script table. */
export const rateNumberSchema = z.number().int().min(1, 'rates are numbered from 1').max(32, 'no meter has more than 32 rates');

/** Day of the week, ISO order. */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
/** One of {@link WEEKDAYS}. */
export type Weekday = (typeof WEEKDAYS)[number];

/** A month and day without a year (recurring every year). Validation checks the day exists (29 Feb allowed). */
export const monthDaySchema = z.object({
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
});
/** See {@link monthDaySchema}. */
export type MonthDay = z.infer<typeof monthDaySchema>;

/**
 * A rate: what the meter's TOU register for this rate is called on bills. `number` is the tariff register index
 * (T1 = 1). Energy of the active rate accumulates into that rate's register.
 */
export const rateSchema = z.object({
  number: rateNumberSchema,
  name: z.string().min(1).max(40),
  /** Display colour `#rrggbb` for the heat-map (optional; the UI picks one when missing). */
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
});
/** See {@link rateSchema}. */
export type Rate = z.infer<typeof rateSchema>;

/** One switch time of a day profile (DLMS day_profile_action): from `time` on, `rate` is active. */
export const switchTimeSchema = z.object({
  time: timeOfDaySchema,
  rate: rateNumberSchema,
});
/** See {@link switchTimeSchema}. */
export type SwitchTime = z.infer<typeof switchTimeSchema>;

/**
 * Day profile (DLMS day_profile): ordered switch times. The rate of the last switch of the previous day
 * carries over midnight only if the profile does not start at 00:00; validation asks for a 00:00 entry.
 */
export const dayProfileSchema = z.object({
  id: refIdSchema,
  name: z.string().min(1).max(40),
  switches: z.array(switchTimeSchema).min(1, 'a day profile needs at least one switch time'),
});
/** See {@link dayProfileSchema}. */
export type DayProfile = z.infer<typeof dayProfileSchema>;

/** Week profile (DLMS week_profile): Monday…Sunday → day profile id. */
export const weekProfileSchema = z.object({
  id: refIdSchema,
  name: z.string().min(1).max(40),
  days: z.object({
    monday: refIdSchema,
    tuesday: refIdSchema,
    wednesday: refIdSchema,
    thursday: refIdSchema,
    friday: refIdSchema,
    saturday: refIdSchema,
    sunday: refIdSchema,
  }),
});
/** See {@link weekProfileSchema}. */
export type WeekProfile = z.infer<typeof weekProfileSchema>;

/**
 * Season (DLMS season_profile): from `start` (month/day, every year, 00:00 local) the week profile applies
 * until the next season's start. The season in force on a date is the one with the latest start on or before
 * it; before the first start of the year, the last season of the previous year carries on.
 */
export const seasonSchema = z.object({
  name: z.string().min(1).max(40),
  start: monthDaySchema,
  weekProfile: refIdSchema,
});
/** See {@link seasonSchema}. */
export type Season = z.infer<typeof seasonSchema>;

/**
 * Special day (DLMS special days table entry): on that date the day profile replaces the week profile's.
 * `fixed` is one calendar date (`YYYY-MM-DD`, e.g. Easter Monday 2027); `recurring` repeats every year on a
 * month/day (year wildcard, e.g. 25 December). `source` records where it came from (a holiday pack or an
 * iCal file) so an import can be repeated without duplicates.
 */
export const specialDaySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('fixed'),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD'),
    name: z.string().min(1).max(80),
    dayProfile: refIdSchema,
    source: z.string().max(120).optional(),
  }),
  z.object({
    kind: z.literal('recurring'),
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
    name: z.string().min(1).max(80),
    dayProfile: refIdSchema,
    source: z.string().max(120).optional(),
  }),
]);
/** See {@link specialDaySchema}. */
export type SpecialDay = z.infer<typeof specialDaySchema>;

/**
 * A DST change moment in the meter's rule form (reference tariff-model.md "DST rule"): the `week`-th (1…4) or
 * `last` `weekday` of `month`, at local `hour` (standard time for the start, summer time for the end).
 */
export const dstMomentSchema = z.object({
  week: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal('last')]),
  weekday: z.enum(WEEKDAYS),
  month: z.number().int().min(1).max(12),
  hour: z.number().int().min(0).max(23),
});
/** See {@link dstMomentSchema}. */
export type DstMoment = z.infer<typeof dstMomentSchema>;

/**
 * The meter's DST rule. `zone` is the IANA time zone the rule is meant to follow: validation compares the rule
 * with the zone's real changes (from the time-zone database, via luxon) and simulation uses the zone.
 * `enabled: false` = the meter keeps standard time all year.
 *
 * What the meter does with switch times on change days (documented in docs/tariff-schemes.md):
 * - clocks go forward: wall-clock times inside the gap do not happen; a switch inside the gap takes effect at
 *   the end of the gap (validation flags it so the engineer can move it);
 * - clocks go back: the repeated wall-clock hour happens twice; the rate is a function of the wall clock, so a
 *   switch inside the repeated hour takes effect in both passes (`repeatedHour: 'both-passes'`) or only in the
 *   first (`'first-pass'`, the meter remembers it has switched and keeps the rate through the second pass).
 */
export const dstRuleSchema = z.object({
  enabled: z.boolean(),
  zone: z.string().min(1).max(64),
  start: dstMomentSchema,
  end: dstMomentSchema,
  /** Clock deviation in summer, minutes (60 almost everywhere). */
  deviationMinutes: z.union([z.literal(30), z.literal(60), z.literal(120)]),
  repeatedHour: z.enum(['both-passes', 'first-pass']),
});
/** See {@link dstRuleSchema}. */
export type DstRule = z.infer<typeof dstRuleSchema>;

/** Quantities a register, MD register, load-profile channel or pulse output can measure (meter-definitions/models.ts). */
export { QUANTITIES, type Quantity } from '../meter-definitions/models';
/** Zod schema of {@link Quantity}. */
export const quantitySchema = z.enum(QUANTITIES);

/**
 * Maximum demand (reference tariff-model.md): the integration (demand) period, block or sliding with
 * `subIntervals` sub-periods, one MD register per quantity (× per rate when `perRate`), billing (reset) dates,
 * and the billing-reset lockout (minimum days between two resets).
 */
export const maximumDemandSchema = z.object({
  integrationPeriodMinutes: z.union([z.literal(5), z.literal(10), z.literal(15), z.literal(30), z.literal(60)]),
  method: z.enum(['block', 'sliding']),
  /** Sliding only: number of sub-intervals per integration period (1 for block). */
  subIntervals: z.number().int().min(1).max(15),
  quantities: z.array(quantitySchema).max(8),
  /** Separate MD registers per rate for each quantity (rates × quantities registers). */
  perRate: z.boolean(),
  /** Billing (MD reset) dates: day of month 1…28, every month (`month` absent) or once a year. */
  billingDates: z.array(z.object({ day: z.number().int().min(1).max(28), month: z.number().int().min(1).max(12).optional() })).max(12),
  /** Minimum days between two billing resets (manual resets inside the lockout are refused). */
  resetLockoutDays: z.number().int().min(0).max(31),
});
/** See {@link maximumDemandSchema}. */
export type MaximumDemand = z.infer<typeof maximumDemandSchema>;

/** Load-profile settings: capture (integration) period in minutes, channels, depth in days (0 = as deep as the meter's memory allows). */
export const loadProfileSettingsSchema = z.object({
  capturePeriodMinutes: z.number().int().min(1).max(60),
  channels: z.array(quantitySchema).min(1).max(8),
  depthDays: z.number().int().min(0).max(1000),
});
/** See {@link loadProfileSettingsSchema}. */
export type LoadProfileSettings = z.infer<typeof loadProfileSettingsSchema>;

/** One pulse output: terminal number, quantity, constant (pulses per kWh or kvarh), pulse width (ms). */
export const pulseOutputSchema = z.object({
  output: z.number().int().min(1).max(8),
  quantity: quantitySchema,
  pulsesPerUnit: z.number().positive().max(100_000),
  widthMs: z.number().int().min(1).max(1000),
});
/** See {@link pulseOutputSchema}. */
export type PulseOutput = z.infer<typeof pulseOutputSchema>;

/** Meter model families a scheme can be written for (schemes/capabilities.ts holds their limits). */
export { METER_MODELS, type MeterModel } from '../meter-definitions/models';

/**
 * A whole tariff scheme as stored, exported and uploaded.
 * - `id`: the scheme ID written to the meter (Elster: 8 ASCII characters, data ID 795), 1…8 letters/digits/`-`/`_`.
 * - `version`: the engineer's version number of the content (the store's save history is separate).
 * - `meterModel`: the model family whose limits the scheme must fit.
 */
export const tariffSchemeSchema = z.object({
  format: z.literal(SCHEME_FORMAT),
  formatVersion: z.literal(SCHEME_FORMAT_VERSION),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,8}$/, 'the scheme ID is 1 to 8 letters, digits, "-" or "_" (it is written to the meter)'),
  name: z.string().min(1).max(80),
  version: z.number().int().min(1),
  description: z.string().max(2000).default(''),
  meterModel: z.enum(METER_MODELS),
  rates: z.array(rateSchema).min(1, 'a scheme needs at least one rate'),
  dayProfiles: z.array(dayProfileSchema).min(1, 'a scheme needs at least one day profile'),
  weekProfiles: z.array(weekProfileSchema).min(1, 'a scheme needs at least one week profile'),
  seasons: z.array(seasonSchema).min(1, 'a scheme needs at least one season'),
  specialDays: z.array(specialDaySchema).default([]),
  dst: dstRuleSchema,
  maximumDemand: maximumDemandSchema,
  loadProfile: loadProfileSettingsSchema,
  pulseOutputs: z.array(pulseOutputSchema).default([]),
});
/** A tariff scheme after parsing (defaults filled). */
export type TariffScheme = z.infer<typeof tariffSchemeSchema>;
/** A tariff scheme as written in a file (defaulted fields optional). */
export type TariffSchemeInput = z.input<typeof tariffSchemeSchema>;

/** EU DST rule (Directive 2000/84/EC: last Sunday of March 01:00 UTC → last Sunday of October 01:00 UTC), for a zone at UTC+1. */
export function euDstRule(zone = 'Europe/Berlin'): DstRule {
  return {
    enabled: true,
    zone,
    start: { week: 'last', weekday: 'sunday', month: 3, hour: 2 },
    end: { week: 'last', weekday: 'sunday', month: 10, hour: 3 },
    deviationMinutes: 60,
    repeatedHour: 'both-passes',
  };
}

/**
 * A small, valid starting scheme for a model: day/night weekday tariff, weekend all-day rate, one season,
 * EU DST. Used by "New scheme" in the UI and by tests.
 */
export function newScheme(id: string, name: string, meterModel: MeterModel = 'A1140', zone = 'Europe/Berlin'): TariffScheme {
  return tariffSchemeSchema.parse({
    format: SCHEME_FORMAT,
    formatVersion: SCHEME_FORMAT_VERSION,
    id,
    name,
    version: 1,
    meterModel,
    rates: [
      { number: 1, name: 'Day', colour: '#e07b39' },
      { number: 2, name: 'Night', colour: '#3960e0' },
      { number: 3, name: 'Weekend', colour: '#39a857' },
    ],
    dayProfiles: [
      { id: 'weekday', name: 'Weekday', switches: [{ time: '00:00', rate: 2 }, { time: '07:00', rate: 1 }, { time: '23:00', rate: 2 }] },
      { id: 'weekend', name: 'Weekend', switches: [{ time: '00:00', rate: 3 }] },
    ],
    weekProfiles: [
      {
        id: 'standard',
        name: 'Standard week',
        days: { monday: 'weekday', tuesday: 'weekday', wednesday: 'weekday', thursday: 'weekday', friday: 'weekday', saturday: 'weekend', sunday: 'weekend' },
      },
    ],
    seasons: [{ name: 'All year', start: { month: 1, day: 1 }, weekProfile: 'standard' }],
    specialDays: [],
    dst: euDstRule(zone),
    maximumDemand: { integrationPeriodMinutes: 30, method: 'block', subIntervals: 1, quantities: ['active-import'], perRate: false, billingDates: [{ day: 1 }], resetLockoutDays: 7 },
    loadProfile: { capturePeriodMinutes: 30, channels: ['active-import', 'active-export'], depthDays: 0 },
    pulseOutputs: [],
  });
}

export { minuteOfDay, timeOfDay } from './time-of-day';
