import fc from 'fast-check';
import {
  type DayProfile, type DstRule, type LoadProfileSettings, type MaximumDemand, type PulseOutput, type Quantity, type Season, type SpecialDay,
  type TariffScheme, type WeekProfile, QUANTITIES, SCHEME_FORMAT, SCHEME_FORMAT_VERSION, WEEKDAYS, timeOfDay,
} from '../../schemes/model';
import { LP_INTERVAL_MINUTES } from '../../protocol/meters/elster/profile';
import { LP_QUANTITY_BITS } from '../elster/tariff-codec-config';

/**
 * fast-check arbitraries of tariff schemes whose every part fits the Elster and generic wire layouts (test helper
 * for the round-trip properties of the codecs and the program compiler; not used by the app): switch times
 * strictly ascending, dates that exist, load-profile channels the Elster mask can hold (in mask-bit order, the
 * order the meter reads them back in), pulse constants with at most 3 decimals.
 */

const name = fc.string({ minLength: 1, maxLength: 20 });
const DAYS_IN = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const monthDay = fc.integer({ min: 1, max: 12 }).chain((month) => fc.record({ month: fc.constant(month), day: fc.integer({ min: 1, max: DAYS_IN[month - 1]! }) }));
const realDate = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** A day profile with 1…16 strictly ascending switch times and rates from `rates`. */
export const dayProfileArb = (id: string, rates: readonly number[]): fc.Arbitrary<DayProfile> =>
  fc.record({
    id: fc.constant(id),
    name,
    switches: fc
      .uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 1, maxLength: 16 })
      .chain((mins) => fc.tuple(...[...mins].sort((a, b) => a - b).map((m) => fc.constantFrom(...rates).map((rate) => ({ time: timeOfDay(m), rate }))))),
  });

const moment = fc.record({
  week: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, 'last' as const),
  weekday: fc.constantFrom(...WEEKDAYS),
  month: fc.integer({ min: 1, max: 12 }),
  hour: fc.integer({ min: 0, max: 23 }),
});

/** A DST rule (zone fixed: it is not stored in a meter). */
export const dstArb = (zone: string): fc.Arbitrary<DstRule> =>
  fc.record({
    enabled: fc.boolean(), zone: fc.constant(zone), start: moment, end: moment,
    deviationMinutes: fc.constantFrom(30 as const, 60 as const, 120 as const), repeatedHour: fc.constantFrom('both-passes' as const, 'first-pass' as const),
  });

/** Maximum demand settings. */
export const maximumDemandArb: fc.Arbitrary<MaximumDemand> = fc.record({
  integrationPeriodMinutes: fc.constantFrom(5 as const, 10 as const, 15 as const, 30 as const, 60 as const),
  method: fc.constantFrom('block' as const, 'sliding' as const),
  subIntervals: fc.integer({ min: 1, max: 15 }),
  quantities: fc.array(fc.constantFrom(...QUANTITIES), { maxLength: 8 }),
  perRate: fc.boolean(),
  billingDates: fc.array(fc.record({ day: fc.integer({ min: 1, max: 28 }), month: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }) }).map((b) => (b.month === undefined ? { day: b.day } : { day: b.day, month: b.month })), { maxLength: 12 }),
  resetLockoutDays: fc.integer({ min: 0, max: 31 }),
});

const LP_QUANTITIES = (Object.entries(LP_QUANTITY_BITS) as [Quantity, number][]).sort((a, b) => a[1] - b[1]).map(([q]) => q);

/** Load-profile settings an Elster meter can record (channels in mask-bit order). */
export const loadProfileArb: fc.Arbitrary<LoadProfileSettings> = fc.record({
  capturePeriodMinutes: fc.constantFrom(...LP_INTERVAL_MINUTES),
  channels: fc.subarray(LP_QUANTITIES, { minLength: 1 }),
  depthDays: fc.integer({ min: 0, max: 1000 }),
});

/** Pulse outputs with distinct terminals, constants with at most 3 decimals. */
export const pulseOutputsArb: fc.Arbitrary<PulseOutput[]> = fc
  .uniqueArray(fc.integer({ min: 1, max: 8 }), { maxLength: 4 })
  .chain((outs) =>
    fc.tuple(...outs.map((output) => fc.record({
      output: fc.constant(output),
      quantity: fc.constantFrom(...QUANTITIES),
      pulsesPerUnit: fc.integer({ min: 1, max: 100_000_000 }).map((m) => m / 1000),
      widthMs: fc.integer({ min: 1, max: 1000 }),
    }))),
  );

/**
 * A whole scheme for `model` whose every part fits the wire layouts (references resolve; rate numbers within the
 * model's TOU registers: an Elster meter's rate n is its TOU register n).
 */
export const schemeArb = (model: TariffScheme['meterModel'] = 'A1140', zone = 'Europe/Berlin'): fc.Arbitrary<TariffScheme> =>
  fc
    .record({
      rates: fc.uniqueArray(fc.integer({ min: 1, max: model === 'A1140' ? 8 : 32 }), { minLength: 1, maxLength: 8 }),
      days: fc.integer({ min: 1, max: 5 }),
      weeks: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ rates, days, weeks }) => {
      const dayIds = Array.from({ length: days }, (_, i) => `d${i}`);
      const weekIds = Array.from({ length: weeks }, (_, i) => `w${i}`);
      const week = (id: string): fc.Arbitrary<WeekProfile> =>
        fc.record({ id: fc.constant(id), name, days: fc.record(Object.fromEntries(WEEKDAYS.map((d) => [d, fc.constantFrom(...dayIds)])) as Record<(typeof WEEKDAYS)[number], fc.Arbitrary<string>>) as fc.Arbitrary<WeekProfile['days']> });
      const season: fc.Arbitrary<Season> = fc.record({ name, start: monthDay, weekProfile: fc.constantFrom(...weekIds) });
      const special: fc.Arbitrary<SpecialDay> = fc.oneof(
        fc.record({ kind: fc.constant('fixed' as const), date: realDate, name, dayProfile: fc.constantFrom(...dayIds) }),
        monthDay.chain((md) => fc.record({ kind: fc.constant('recurring' as const), month: fc.constant(md.month), day: fc.constant(md.day), name, dayProfile: fc.constantFrom(...dayIds) })),
      );
      return fc.record({
        format: fc.constant(SCHEME_FORMAT),
        formatVersion: fc.constant(SCHEME_FORMAT_VERSION),
        id: fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/),
        name,
        version: fc.integer({ min: 1, max: 99 }),
        description: fc.constant(''),
        meterModel: fc.constant(model),
        rates: fc.constant(rates.map((n) => ({ number: n, name: `Rate ${n}` }))),
        dayProfiles: fc.tuple(...dayIds.map((id) => dayProfileArb(id, rates))),
        weekProfiles: fc.tuple(...weekIds.map(week)),
        seasons: fc.array(season, { minLength: 1, maxLength: 4 }),
        specialDays: fc.array(special, { maxLength: 8 }),
        dst: dstArb(zone),
        maximumDemand: maximumDemandArb,
        loadProfile: loadProfileArb,
        pulseOutputs: pulseOutputsArb,
      });
    });
