import { type LoadedDefinitionFile, definitionFor } from '../meter-definitions';
import type { MeterModel, TariffScheme } from '../schemes/model';
import type { MeterData, ProgramDifference, ProgramPlan, ProgramWrite } from './plan';
import { compileElsterPlan, decodeElsterWrite } from './elster/tariff-plan';
import { compileGenericPlan, decodeGenericWrite } from './generic/tariff-plan';
import { type DecodedPart, compareFields, fieldsOf } from './tariff-parts';

/**
 * Compile a staged program (a saved scheme version + one meter's data) into its meter profile's writes, and explain
 * what the meter read back. Pure.
 * - Elster A1140 / A1700: W1 data IDs (elster/tariff-plan.ts, layouts elster/tariff-codec.ts);
 * - generic IEC 62056-21: W5 data sets (generic/tariff-plan.ts, addresses generic/tariff-writes.ts).
 * Upload order (both): programmer's user ID first, then the calendar (day profiles, week profiles, seasons, special
 * days, DST), the other settings and the meter data, and the scheme ID LAST as the commit marker, so a meter
 * whose upload stopped part way still shows its old scheme ID. Each write carries the provenance of its layout from
 * the meter definition (built-in, with the loaded definition files); safety.ts decides what a real meter may take.
 */

/**
 * Compile `scheme` for `meter` of `model`.
 * @param options.meterUserId the programmer's user ID written to the meter (≤ 8 ASCII characters; see
 *   main/services/program.ts meterUserIdFor).
 * @param options.definitions user meter definition files (data directory) merged into the built-in definition.
 * @throws RangeError with a plain message when the scheme cannot be compiled for the model (the scheme is for
 *   another model, more rates than TOU registers, a load-profile period the meter cannot record…). Run
 *   schemes/validate.ts first for the full list of problems.
 */
export function compileProgram(scheme: TariffScheme, meter: MeterData, model: MeterModel, options: { meterUserId: string; definitions?: readonly LoadedDefinitionFile[] }): ProgramPlan {
  if (scheme.meterModel !== model) {
    throw new RangeError(`Scheme ${scheme.id} is written for the ${scheme.meterModel === 'generic' ? 'generic IEC 62056-21 meter' : scheme.meterModel}; this meter is ${model === 'generic' ? 'a generic IEC 62056-21 meter' : `an ${model}`}. Choose a scheme for the ${model}.`);
  }
  const def = definitionFor(model, options.definitions ?? []);
  return model === 'generic' ? compileGenericPlan(scheme, meter, options.meterUserId, def) : compileElsterPlan(scheme, meter, def, options.meterUserId);
}

/**
 * Decode one write's value (as planned, or as read back from its address) into scheme terms.
 * @param zone IANA zone for a decoded DST rule (meters do not store it).
 * @throws ElsterDataError / TariffValueError for a value that is not valid; RangeError for an address no plan writes.
 */
export function decodePlanValue(model: MeterModel, address: string, value: string, zone: string): DecodedPart {
  return model === 'generic' ? decodeGenericWrite(address, value, zone) : decodeElsterWrite(address, value, zone, model);
}

/** True when the read-back value is byte-for-byte what was written (hex compared case-insensitively). */
function sameValue(w: ProgramWrite, actual: string): boolean {
  return w.command === 'W1' ? w.value.toUpperCase() === actual.toUpperCase() : w.value === actual.trim();
}

/**
 * Compare what the meter read back with the plan, explained in scheme terms:
 * `Day profile 'Weekday' switch 2: scheme 07:00 → rate 1, meter 07:30 → rate 1`.
 * A verified write whose address is missing from `readBack` is a difference ("was not read back"); a value that
 * decodes to the same meaning (e.g. `200/5` written as `200.000/5.000`) is not. Writes with `verify: false` are skipped.
 * @param readBack address → value as read (upper-case hex for W1, the text inside the brackets for W5).
 * @param scheme the scheme the plan was compiled from (for the names in the messages).
 */
export function compareReadBack(plan: ProgramPlan, readBack: ReadonlyMap<string, string>, scheme: TariffScheme): ProgramDifference[] {
  const out: ProgramDifference[] = [];
  const zone = scheme.dst.zone;
  for (const w of plan.writes) {
    if (!w.verify) continue;
    const actual = readBack.get(w.address);
    if (actual === undefined) {
      out.push({ path: w.schemePath, message: `${w.description}: was not read back from the meter (${w.address}).`, expected: w.value, actual: '' });
      continue;
    }
    if (sameValue(w, actual)) continue;
    const expected = fieldsOf(decodePlanValue(plan.meterModel, w.address, w.value, zone), scheme);
    let got: DecodedPart;
    try {
      got = decodePlanValue(plan.meterModel, w.address, actual, zone);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      out.push({ path: w.schemePath, message: `${w.description}: the meter holds a value this program cannot read (${w.address} = ${actual || 'empty'}): ${why}`, expected: w.value, actual });
      continue;
    }
    for (const d of compareFields(expected, fieldsOf(got, scheme))) out.push(d);
  }
  return out;
}
