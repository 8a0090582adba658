import { type DataItem, type DataItemInput, dataItemSchema } from './schema';

/**
 * Build a data item of a built-in definition (checked by the same zod schema as user files, so a built-in table
 * with a mistake fails at start-up and in the tests, never silently).
 * @throws ZodError for an item that does not fit dataItemSchema.
 */
export function item(i: DataItemInput): DataItem {
  return dataItemSchema.parse(i);
}

/** The tariff-programming images no public source describes (IDs 617, 681, 901…908): this program's own layouts. */
export const TARIFF_IMAGE_NOTE =
  'assumption:no public source gives this layout; it is this program\'s own (programming/elster/tariff-codec.ts). A real meter is not written until a definition file confirms it';

/**
 * The tariff-programming data IDs (writes at security level 3) with this program's own layouts. Shared by the A1140
 * and the A1700 (both are assumptions on both models).
 */
export function tariffImageItems(): DataItem[] {
  const img = (id: string, name: string, bytes: number | null, layout: string): DataItem =>
    item({ id, name, description: `${name} of the tariff scheme (programming)`, bytes, encoding: 'image', layout, readLevel: 1, writeLevel: 3, provenance: TARIFF_IMAGE_NOTE });
  return [
    img('681', "programmer's user ID", 8, "8 ASCII characters, space-padded; reads 3 × 8, newest first"),
    img('901', 'day profiles', null, 'N, then per profile: S, S × (hour, minute, TOU register number 1…32)'),
    img('902', 'week profiles', null, 'N, then per week profile 7 day-profile numbers, Monday first'),
    img('903', 'seasons', null, 'N, then per season: month, day, week-profile number'),
    img('904', 'special days', null, 'N, then per day: year − 2000 (FF = every year), month, day, day-profile number'),
    img('905', 'DST rule', 11, 'enabled, start week/weekday/month/hour/minute, end week/weekday/month/hour/minute, deviation'),
    img('906', 'maximum demand configuration', null, 'period, method, sub-intervals, per-rate, lockout, quantities, billing dates'),
    img('907', 'load-profile configuration', 5, 'interval code, channel mask (2 bytes), depth (2 bytes)'),
    img('908', 'pulse outputs', null, 'N, then per output 8 bytes'),
  ];
}
