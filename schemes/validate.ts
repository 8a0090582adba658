/**
 * Scheme validation: EVERY problem of a tariff scheme at once, each with a JSON path, a severity and a plain
 * message naming the object by its name. Errors make the scheme un-programmable; warnings are informational.
 *
 * Order of the checks (and of the returned problems):
 * 1. shape (schemes/validate-shape.ts): the zod model's issues as plain messages, plus warnings for unknown
 *    fields. When the shape is wrong the other checks are not run (they need a well-formed scheme), so a
 *    broken file lists its shape problems first; fix those and validate again for the rest.
 * 2. structure (validate-structure.ts) and dates (validate-dates.ts): references, duplicates, switch order,
 *    00:00 start, unused objects, MD sub-intervals and billing dates, impossible dates;
 * 3. capabilities (validate-capabilities.ts) against schemes/capabilities.ts for `options.model`
 *    (default: the scheme's own `meterModel`);
 * 4. DST (validate-dst.ts) for `options.years` (default: this year and next, by the local clock of the caller).
 * Every check and code is listed in docs/tariff-schemes.md "Validation" (PROBLEM_CODES in problems.ts).
 */
import { DateTime } from 'luxon';
import { capabilitiesOf } from './capabilities';
import { type MeterModel, type TariffScheme } from './model';
import { ProblemList, type SchemeProblem } from './problems';
import { checkCapabilities } from './validate-capabilities';
import { checkSeasonDates, checkSpecialDayDates } from './validate-dates';
import { checkDst } from './validate-dst';
import { checkShape } from './validate-shape';
import { checkChannelsAndOutputs, checkDayProfiles, checkMaximumDemand, checkRates, checkReferences, checkUsage } from './validate-structure';

export { hasErrors, type SchemeProblem } from './problems';

/** Options of {@link validateScheme}. */
export interface ValidateOptions {
  /** Meter model whose limits apply; default: the scheme's `meterModel`. */
  model?: MeterModel;
  /** Calendar years whose DST changes are checked (e.g. [2027]); default: this year and next; [] = check the zone name only. */
  years?: readonly number[];
}

/** Default DST years: the current calendar year and the next. */
export function defaultYears(): number[] {
  const year = DateTime.now().year;
  return [year, year + 1];
}

/**
 * Validate `input` (anything: parsed JSON, a form's state, a stored scheme) and also return the parsed scheme.
 * @returns `scheme`: the parsed scheme (defaults filled) when the SHAPE is right, even if other problems
 *   remain (so an editor can open it to fix them), else null; `problems`: every problem found.
 * @throws RangeError only for an `options.model` that is not one of METER_MODELS (a programming error).
 */
export function checkScheme(input: unknown, options: ValidateOptions = {}): { scheme: TariffScheme | null; problems: SchemeProblem[] } {
  const shape = checkShape(input);
  if (!shape.scheme) return shape;
  const scheme = shape.scheme;
  const out = new ProblemList();
  out.items.push(...shape.problems);
  checkRates(scheme, out);
  checkDayProfiles(scheme, out);
  checkReferences(scheme, out);
  checkUsage(scheme, out);
  checkSeasonDates(scheme, out);
  checkSpecialDayDates(scheme, out);
  checkMaximumDemand(scheme, out);
  checkChannelsAndOutputs(scheme, out);
  const caps = capabilitiesOf(options.model ?? scheme.meterModel);
  checkCapabilities(scheme, caps, out, capabilitiesOf(scheme.meterModel).label);
  checkDst(scheme, options.years ?? defaultYears(), out);
  return { scheme, problems: out.items };
}

/**
 * Every problem of `input` as a tariff scheme for `options.model` (default the scheme's own) and the DST years
 * `options.years` (default this year and next). Never throws for any input value (shape problems are
 * returned as problems); see {@link checkScheme} for the order of the checks. Empty array = valid.
 */
export function validateScheme(input: unknown, options: ValidateOptions = {}): SchemeProblem[] {
  return checkScheme(input, options).problems;
}
