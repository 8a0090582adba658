import type { TariffScheme } from '../../../schemes/model';
import type { MeterData, ProgramPlan, ProgramWrite } from '../../../schemes/program';
import * as text from '../plan-text';
import { type DecodedPart, type TouSource, UNUSED_TOU } from '../tariff-parts';
import { bytesToHex, hexToBytes } from './bcd';
import { decodeSchemeId, encodeSchemeId } from './decoders';
import { ELSTER_MODELS, ELSTER_TARIFF_IDS } from './profile';
import {
  decodeDayProfiles, decodeDstRule, decodeLoadProfileSettings, decodeMaximumDemand, decodePulseOutputs, decodeRatio, decodeSeasons,
  decodeSpecialDays, decodeTouSources, decodeUserIds, decodeWeekProfiles, encodeDayProfiles, encodeDstRule, encodeLoadProfileSettings,
  encodeMaximumDemand, encodePulseOutputs, encodeRatio, encodeSeasons, encodeSpecialDays, encodeTouSources, encodeUserId, encodeWeekProfiles,
} from './tariff-codec';

/**
 * A staged program compiled for an Elster A1140 / A1700: W1 writes of the tariff images (tariff-codec.ts) in a safe
 * upload order, all at security level 3:
 * 1. 681 programmer's user ID (so the meter records it with the programming counter, which its first programming
 *    write increments);
 * 2. the calendar: 901 day profiles, 902 week profiles, 903 seasons, 904 special days, 905 DST rule (the profiles
 *    first, so each later image refers to profiles the meter already holds);
 * 3. 667 TOU register sources (rates), 906 maximum demand, 907 load profile, 908 pulse outputs;
 * 4. the staged meter data: 616 CT ratio, 617 VT ratio;
 * 5. 795 scheme ID LAST: the "commit" marker, so a meter whose upload stopped part way still shows its old scheme ID.
 * Each write is verified by reading the same data ID back (R1, as many bytes as written).
 */

/** Elster models a plan can be compiled for. */
export type ElsterPlanModel = 'A1140' | 'A1700';

/**
 * The TOU register sources for `scheme` (ASSUMPTION of our layout, tariff-codec.ts): T1…Tn accumulate active import
 * during the scheme's rates in ascending rate number; the other registers are unused.
 * @throws RangeError (plain) when the scheme has more rates than the model has TOU registers.
 */
export function elsterTouSources(scheme: TariffScheme, registers: number, model: string = scheme.meterModel): TouSource[] {
  const rates = [...scheme.rates].sort((a, b) => a.number - b.number);
  if (rates.length > registers) throw new RangeError(`The scheme has ${rates.length} rates; the ${model} has ${registers} TOU registers.`);
  return Array.from({ length: registers }, (_, i) => (rates[i] ? { quantity: 'active-import' as const, rate: rates[i].number } : UNUSED_TOU));
}

/**
 * TOU register count a plan writes for a model and rate count: A1140 8; A1700 16 (its standard variant, which the
 * 32-register variant also takes: the remaining registers become unused), or 32 when the scheme has more than 16
 * rates (only the 32-register A1700 takes that; a 16-register one refuses the write with ERR3).
 */
export function planTouRegisters(model: ElsterPlanModel, rates = 0): number {
  const sizes = ELSTER_MODELS[model].touRegisters;
  return sizes.find((n) => n >= rates) ?? sizes[sizes.length - 1]!;
}

/**
 * Compile `scheme` + `meter` into the Elster W1 plan (order in the module comment).
 * @throws RangeError (plain) when a part does not fit the layouts (e.g. more rates than TOU registers, a capture
 *   period the load profile cannot record, a user ID over 8 characters).
 */
export function compileElsterPlan(scheme: TariffScheme, meter: MeterData, model: ElsterPlanModel, meterUserId: string): ProgramPlan {
  const T = ELSTER_TARIFF_IDS;
  const dayIds = scheme.dayProfiles.map((p) => p.id);
  const weekIds = scheme.weekProfiles.map((w) => w.id);
  const tou = elsterTouSources(scheme, planTouRegisters(model, scheme.rates.length), model);
  const w = (id: { id: string }, bytes: Uint8Array, part: ProgramWrite['part'], schemePath: string, description: string): ProgramWrite => ({
    command: 'W1', address: id.id, value: bytesToHex(bytes), part, schemePath, description, verify: true,
  });
  const writes: ProgramWrite[] = [
    w(T.userId, encodeUserId(meterUserId), 'user-id', 'operator', text.userIdText(meterUserId)),
    w(T.dayProfiles, encodeDayProfiles(scheme.dayProfiles), 'day-profiles', 'dayProfiles', text.dayProfilesText(scheme)),
    w(T.weekProfiles, encodeWeekProfiles(scheme.weekProfiles, dayIds), 'week-profiles', 'weekProfiles', `Week profiles: ${scheme.weekProfiles.map((x) => text.weekProfileText(x, scheme).replace(/^Week profile /, '')).join('; ')}`),
    w(T.seasons, encodeSeasons(scheme.seasons, weekIds), 'seasons', 'seasons', text.seasonsText(scheme)),
    w(T.specialDays, encodeSpecialDays(scheme.specialDays, dayIds), 'special-days', 'specialDays', text.specialDaysText(scheme)),
    w(T.dstRule, encodeDstRule(scheme.dst), 'dst', 'dst', text.dstText(scheme)),
    w(T.touSources, encodeTouSources(tou), 'rates', 'rates', text.touText(tou, scheme)),
    w(T.maximumDemand, encodeMaximumDemand(scheme.maximumDemand), 'maximum-demand', 'maximumDemand', text.maximumDemandText(scheme)),
    w(T.loadProfile, encodeLoadProfileSettings(scheme.loadProfile, model), 'load-profile', 'loadProfile', text.loadProfileText(scheme)),
    w(T.pulseOutputs, encodePulseOutputs(scheme.pulseOutputs), 'pulse-outputs', 'pulseOutputs', text.pulseOutputsText(scheme)),
    w(T.ctRatio, encodeRatio(meter.ctRatio), 'ct-vt', 'meter.ctRatio', text.ratioText('CT', meter.ctRatio)),
    w(T.vtRatio, encodeRatio(meter.vtRatio), 'ct-vt', 'meter.vtRatio', text.ratioText('VT', meter.vtRatio)),
    w(T.schemeId, encodeSchemeId(scheme.id), 'scheme-id', 'id', text.schemeIdText(scheme.id)),
  ];
  return { meterModel: model, requiredLevel: 3, writes, totalBytes: writes.reduce((n, x) => n + x.value.length / 2, 0) };
}

/**
 * Decode the value of an Elster plan write (or what R1 read back from its data ID) into scheme terms.
 * @param zone the IANA zone given to the decoded DST rule (the meter does not store it).
 * @throws ElsterDataError for bytes that are not a valid image; RangeError for a data ID no plan writes.
 */
export function decodeElsterWrite(address: string, hex: string, zone: string): DecodedPart {
  const T = ELSTER_TARIFF_IDS;
  const bytes = hexToBytes(hex, `value of data item ${address}`);
  switch (address) {
    case T.userId.id: return { kind: 'value', path: 'operator', label: "Programmer's user ID", value: decodeUserIds(bytes)[0] ?? '' };
    case T.schemeId.id: return { kind: 'value', path: 'id', label: 'Scheme ID', value: decodeSchemeId(bytes).text };
    case T.dayProfiles.id: return { kind: 'day-profiles', first: 0, profiles: decodeDayProfiles(bytes) };
    case T.weekProfiles.id: return { kind: 'week-profiles', first: 0, weeks: decodeWeekProfiles(bytes) };
    case T.seasons.id: return { kind: 'seasons', first: 0, seasons: decodeSeasons(bytes) };
    case T.specialDays.id: return { kind: 'special-days', first: 0, days: decodeSpecialDays(bytes) };
    case T.dstRule.id: return { kind: 'dst', rule: decodeDstRule(bytes, zone) };
    case T.touSources.id: return { kind: 'tou-sources', sources: decodeTouSources(bytes) };
    case T.maximumDemand.id: return { kind: 'maximum-demand', md: decodeMaximumDemand(bytes) };
    case T.loadProfile.id: return { kind: 'load-profile', lp: decodeLoadProfileSettings(bytes) };
    case T.pulseOutputs.id: return { kind: 'pulse-outputs', outputs: decodePulseOutputs(bytes) };
    case T.ctRatio.id: return { kind: 'value', path: 'meter.ctRatio', label: 'CT ratio', value: decodeRatio(bytes, 'CT ratio (616)') };
    case T.vtRatio.id: return { kind: 'value', path: 'meter.vtRatio', label: 'VT ratio', value: decodeRatio(bytes, 'VT ratio (617)') };
    default: throw new RangeError(`data item ${address} is not written by a tariff program`);
  }
}
