/**
 * The meter models this program knows and the quantities a meter measures: the ground floor of the house
 * (meter-definitions/ imports nothing else of the project). schemes/model.ts re-exports both, so a tariff scheme,
 * a meter definition and the capability table name models and quantities the same way.
 */

/** Meter models: a generic IEC 62056-21 mode C meter, the Elster A1140 (and A1120), the Elster A1700. */
export const METER_MODELS = ['generic', 'A1140', 'A1700'] as const;
/** One of {@link METER_MODELS}. */
export type MeterModel = (typeof METER_MODELS)[number];

/** Quantities a register, maximum-demand register, load-profile channel or pulse output can measure. */
export const QUANTITIES = [
  'active-import', 'active-export',
  'reactive-q1', 'reactive-q2', 'reactive-q3', 'reactive-q4',
  'reactive-import', 'reactive-export',
  'apparent-import', 'apparent-export',
] as const;
/** One of {@link QUANTITIES}. */
export type Quantity = (typeof QUANTITIES)[number];
