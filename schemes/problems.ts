/**
 * The result type of scheme validation (schemes/validate.ts) and the helpers the checks share: JSON paths,
 * how objects are named in messages, and the list of every problem code with its severity
 * ({@link PROBLEM_CODES}, printed in docs/tariff-schemes.md "Validation").
 */
import { z } from 'zod';


/**
 * One thing wrong with a scheme (THE shape: the contract's results carry this schema, and the type is derived from it).
 * - `path`: JSON path of the offending value, dot separated with array indices, e.g.
 *   `dayProfiles.0.switches.3.time`; `''` = the whole file.
 * - `severity`: `error` = the scheme cannot be programmed as it is; `warning` = informational (it can be
 *   programmed, but probably not as meant).
 * - `code`: stable machine name (see {@link PROBLEM_CODES}).
 * - `message`: plain language naming the object by its name and what to do, e.g.
 *   "Day profile 'Weekday': 17 switch times, the A1140 allows 16".
 */
export const schemeProblemSchema = z.object({
  path: z.string(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
});

/** One thing wrong with a scheme (see {@link schemeProblemSchema}). */
export type SchemeProblem = z.infer<typeof schemeProblemSchema>;

/** True when any problem is an error (the scheme cannot be programmed); warnings alone give false. */
export function hasErrors(problems: readonly SchemeProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** A JSON path from its parts: `['dayProfiles', 0, 'switches']` → `dayProfiles.0.switches`. */
export function jsonPath(...parts: readonly (string | number)[]): string {
  return parts.map(String).join('.');
}

/** Collects problems; every check adds to one of these. The severity of a code is fixed by {@link PROBLEM_CODES}. */
export class ProblemList {
  readonly items: SchemeProblem[] = [];
  /** Add a problem with the severity of its code. */
  add(path: string, code: ProblemCode, message: string): void {
    this.items.push({ path, severity: PROBLEM_CODES[code][0], code, message });
  }
}

/** `a, b and c` (or `a, b or c` with `word` 'or'). */
export function listWords(items: readonly string[], word: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** English month name of month 1…12 (`month 13` for anything else). */
export const monthName = (month: number): string => MONTHS[month - 1] ?? `month ${month}`;

/** `25 December`. */
export const dayMonth = (day: number, month: number): string => `${day} ${monthName(month)}`;

/**
 * Every problem code, its severity and what it means. Shape problems (`shape-…`) come from the zod model;
 * the others from the checks in validate-structure.ts, validate-capabilities.ts and validate-dst.ts.
 */
export const PROBLEM_CODES = {
  // shape (schemes/validate-shape.ts)
  'shape-missing': ['error', 'a required field is missing'],
  'shape-type': ['error', 'a field has the wrong type (text instead of a number, …)'],
  'shape-format': ['error', 'a text does not have its format (hh:mm time, YYYY-MM-DD date, id characters, colour)'],
  'shape-range': ['error', 'a number, text or list is too small or too large for the model'],
  'shape-value': ['error', 'a value is not one of the allowed values (quantity, weekday, MD period, …)'],
  'shape-other': ['error', 'any other shape problem the model reports'],
  'unknown-field': ['warning', 'a field the model does not know (probably misspelt); it is ignored'],
  // file (schemes/scheme-file.ts)
  'json-syntax': ['error', 'the file is not valid JSON (line and column given)'],
  'not-a-scheme-file': ['error', 'the file is JSON but not a PMU tariff scheme file (`format` tag)'],
  'format-version': ['error', 'the file was written by a newer PMU (`formatVersion`)'],
  // structure (schemes/validate-structure.ts)
  'duplicate-id': ['error', 'two day profiles or two week profiles have the same id'],
  'duplicate-rate': ['error', 'two rates have the same number'],
  'unused-rate': ['warning', 'a rate no switch time uses'],
  'unknown-rate': ['error', 'a switch time uses a rate that is not in `rates`'],
  'switch-order': ['error', 'switch times of a day profile are not in time order'],
  'duplicate-switch-time': ['error', 'two switch times of a day profile at the same time (overlap)'],
  'missing-midnight-switch': ['error', 'a day profile does not start at 00:00'],
  'unknown-day-profile': ['error', 'a week profile or special day names a day profile that does not exist'],
  'unknown-week-profile': ['error', 'a season names a week profile that does not exist'],
  'unused-day-profile': ['warning', 'a day profile no week profile of a season and no special day uses'],
  'unused-week-profile': ['warning', 'a week profile no season uses'],
  'duplicate-season-start': ['error', 'two seasons start on the same date'],
  'impossible-date': ['error', 'a date that does not exist (31 April, 30 February, 2027-02-29)'],
  'leap-day': ['warning', 'a recurring 29 February (only in leap years)'],
  'duplicate-special-day': ['error', 'two special days on the same date'],
  'special-day-overlap': ['warning', 'a fixed special day on the date of a recurring one (the fixed one wins)'],
  'md-sub-intervals': ['error', 'sliding MD whose sub-intervals do not divide the period, or block MD with sub-intervals'],
  'md-sliding-one-sub-interval': ['warning', 'sliding MD with one sub-interval is block demand'],
  'duplicate-md-quantity': ['error', 'a maximum demand quantity listed twice'],
  'duplicate-billing-date': ['error', 'a billing date listed twice'],
  'billing-date-covered': ['warning', 'a yearly billing date already covered by a monthly one'],
  'duplicate-lp-channel': ['error', 'a load-profile channel listed twice'],
  'duplicate-pulse-output': ['error', 'two pulse outputs on one terminal'],
  // capabilities (schemes/validate-capabilities.ts)
  'model-differs': ['warning', 'checked against another model than the scheme is written for'],
  'too-many-seasons': ['error', 'more seasons than the model holds'],
  'too-many-week-profiles': ['error', 'more week profiles than the model holds'],
  'too-many-day-profiles': ['error', 'more day profiles than the model holds'],
  'too-many-switch-times': ['error', 'more switch times in one day profile than the model allows'],
  'too-many-switching-operations': ['error', 'more switch times in all day profiles together than the model allows'],
  'too-many-special-days': ['error', 'more special days than the model holds'],
  'rate-not-in-model': ['error', 'a rate number above the model\'s TOU register count'],
  'rate-needs-variant': ['warning', 'a rate only the model\'s larger variant has (A1700 T17…T32)'],
  'too-many-md-registers': ['error', 'quantities × rates needs more MD registers than the model has'],
  'md-period-not-supported': ['error', 'an MD integration period the model does not offer'],
  'lp-period-not-supported': ['error', 'a load-profile capture period the model does not offer'],
  'lp-period-differs-from-md': ['error', 'load profile and MD periods differ on a model with one integration period'],
  'too-many-lp-channels': ['error', 'more load-profile channels than the model records'],
  'lp-channel-not-supported': ['error', 'a load-profile quantity the model cannot record'],
  'too-many-pulse-outputs': ['error', 'more pulse outputs than the model has, or a terminal it lacks'],
  'dst-deviation-not-supported': ['error', 'a DST deviation the model cannot apply'],
  // DST (schemes/validate-dst.ts)
  'unknown-time-zone': ['error', '`dst.zone` is not a time zone of the time-zone database'],
  'dst-disabled': ['warning', 'DST is off but the zone changes clocks (the meter keeps standard time)'],
  'dst-zone-has-no-dst': ['error', 'DST is on but the zone does not change clocks'],
  'dst-zone-irregular': ['error', 'the zone changes clocks more than once each way in a year'],
  'dst-rule-mismatch': ['error', 'the DST rule\'s start or end differs from the zone\'s real change'],
  'dst-deviation-mismatch': ['error', '`dst.deviationMinutes` differs from the zone\'s real change'],
  'switch-in-dst-gap': ['error', 'a switch time that does not exist on the day clocks go forward'],
  'switch-in-repeated-hour': ['warning', 'a switch time that happens twice on the day clocks go back'],
} as const satisfies Record<string, readonly ['error' | 'warning', string]>;

/** One of the codes in {@link PROBLEM_CODES}. */
export type ProblemCode = keyof typeof PROBLEM_CODES;

/** How messages name the objects of a scheme (by their names, as the engineer wrote them). */
export const named = {
  rate: (r: { name: string; number: number }): string => `Rate '${r.name}' (T${r.number})`,
  dayProfile: (p: { name: string }): string => `Day profile '${p.name}'`,
  weekProfile: (w: { name: string }): string => `Week profile '${w.name}'`,
  season: (s: { name: string }): string => `Season '${s.name}'`,
  specialDay: (d: { name: string }): string => `Special day '${d.name}'`,
  pulseOutput: (index: number): string => `Pulse output ${index + 1}`,
};
