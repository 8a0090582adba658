import { type MeterDefinition, findItem } from '../../meter-definitions';
import { bytesToHex, hexToBytes } from '../../protocol/meters/elster/bcd';
import { asciiText, decodeRatio as decodeMeterRatio, encodeAscii, encodeRatio as encodeMeterRatio } from '../../protocol/meters/elster/decoders';
import type { TariffScheme } from '../../schemes/model';
import type { MeterData, ProgramPlan, ProgramWrite } from '../plan';
import * as text from '../plan-text';
import { type DecodedPart, type TouSource, UNUSED_TOU } from '../tariff-parts';
import { ELSTER_TARIFF_IDS as T } from './ids';
import {
  decodeDayProfiles, decodeDstRule, decodeLoadProfileSettings, decodeMaximumDemand, decodePulseOutputs, decodeRatio, decodeSeasons,
  decodeSpecialDays, decodeTouSources, decodeUserIds, decodeWeekProfiles, encodeDayProfiles, encodeDstRule, encodeLoadProfileSettings,
  encodeMaximumDemand, encodePulseOutputs, encodeRatio, encodeSeasons, encodeSpecialDays, encodeTouSources, encodeUserId, encodeWeekProfiles,
} from './tariff-codec';

/**
 * A staged program compiled for an Elster A1140 / A1700: W1 writes in a safe upload order, all at security level 3:
 * 1. 681 programmer's user ID (so the meter records it with its programming log);
 * 2. the calendar: 901 day profiles, 902 week profiles, 903 seasons, 904 special days, 905 DST rule;
 * 3. 667 TOU register sources (public layout), 906 maximum demand, 907 load profile, 908 pulse outputs;
 * 4. the staged meter data: 616 CT ratio (public layout of the model), VT ratio (A1700 614, public; A1140 617, ours);
 * 5. 795 scheme ID LAST: the "commit" marker, so a meter whose upload stopped part way still shows its old scheme ID.
 * Each write carries the provenance of its layout from the meter definition; each is verified by reading the same
 * data ID back (R1, as many bytes as written).
 */

/** Elster models a plan can be compiled for. */
export type ElsterPlanModel = 'A1140' | 'A1700';

/**
 * The TOU register sources for `scheme`: register i counts active import during rate i + 1 (an Elster meter's rate
 * registers are numbered like the rates); registers whose rate the scheme does not use count nothing.
 * @throws RangeError (plain) when a rate number is above the model's TOU register count.
 */
export function elsterTouSources(scheme: TariffScheme, registers: number, model: string = scheme.meterModel): TouSource[] {
  const high = Math.max(0, ...scheme.rates.map((r) => r.number));
  if (high > registers) throw new RangeError(`The scheme uses rate ${high}; the ${model} has ${registers} TOU registers (rates 1…${registers}).`);
  return Array.from({ length: registers }, (_, i) => (scheme.rates.some((r) => r.number === i + 1) ? { quantity: 'active-import' as const, rate: i + 1 } : UNUSED_TOU));
}

/**
 * TOU register count a plan writes for a model and its highest rate: the smallest variant that holds the rates
 * (A1140 8; A1700 16, or 32 — only the 32-register A1700 takes that; a 16-register one refuses the write).
 */
export function planTouRegisters(def: MeterDefinition, highestRate = 0): number {
  const sizes = def.elster!.touRegisters.value;
  return sizes.find((n) => n >= highestRate) ?? sizes[sizes.length - 1]!;
}

/** `200/5` (null = 1/1) → the meter's ratio. */
function ratioOf(r: string | null): { primary: number; secondary: number } {
  const [p, s] = (r ?? '1/1').split('/').map(Number) as [number, number];
  return { primary: p, secondary: s };
}

/**
 * Compile `scheme` + `meter` into the Elster W1 plan (order in the module comment), with `def`'s provenance per write.
 * @throws RangeError (plain) when a part does not fit the layouts (a rate above the TOU registers, a capture period the
 *   load profile cannot record, a user ID over 8 characters, a scheme ID longer than the model's 795).
 */
export function compileElsterPlan(scheme: TariffScheme, meter: MeterData, def: MeterDefinition, meterUserId: string): ProgramPlan {
  const model = def.model as ElsterPlanModel;
  const dayIds = scheme.dayProfiles.map((p) => p.id);
  const weekIds = scheme.weekProfiles.map((w) => w.id);
  const tou = elsterTouSources(scheme, planTouRegisters(def, Math.max(0, ...scheme.rates.map((r) => r.number))), model);
  const facts = def.elster!;
  const vtId = facts.vtRatioId.value ?? T.vtRatioA1140.id;
  const w = (id: string, bytes: Uint8Array, part: ProgramWrite['part'], schemePath: string, description: string): ProgramWrite => {
    const item = findItem(def, id);
    return {
      command: 'W1', address: id, value: bytesToHex(bytes), part, schemePath, description, verify: true,
      provenance: item?.provenance ?? 'assumption', ...(item?.confirmedBy ? { confirmedBy: item.confirmedBy } : {}),
    };
  };
  const schemeIdBytes = findItem(def, T.schemeId.id)?.bytes ?? 8;
  const writes: ProgramWrite[] = [
    w(T.userId.id, encodeUserId(meterUserId), 'user-id', 'operator', text.userIdText(meterUserId)),
    w(T.dayProfiles.id, encodeDayProfiles(scheme.dayProfiles), 'day-profiles', 'dayProfiles', text.dayProfilesText(scheme)),
    w(T.weekProfiles.id, encodeWeekProfiles(scheme.weekProfiles, dayIds), 'week-profiles', 'weekProfiles', `Week profiles: ${scheme.weekProfiles.map((x) => text.weekProfileText(x, scheme).replace(/^Week profile /, '')).join('; ')}`),
    w(T.seasons.id, encodeSeasons(scheme.seasons, weekIds), 'seasons', 'seasons', text.seasonsText(scheme)),
    w(T.specialDays.id, encodeSpecialDays(scheme.specialDays, dayIds), 'special-days', 'specialDays', text.specialDaysText(scheme)),
    w(T.dstRule.id, encodeDstRule(scheme.dst), 'dst', 'dst', text.dstText(scheme)),
    w(T.touSources.id, encodeTouSources(tou), 'rates', 'rates', text.touText(tou, scheme)),
    w(T.maximumDemand.id, encodeMaximumDemand(scheme.maximumDemand), 'maximum-demand', 'maximumDemand', text.maximumDemandText(scheme)),
    w(T.loadProfile.id, encodeLoadProfileSettings(scheme.loadProfile, model), 'load-profile', 'loadProfile', text.loadProfileText(scheme)),
    w(T.pulseOutputs.id, encodePulseOutputs(scheme.pulseOutputs), 'pulse-outputs', 'pulseOutputs', text.pulseOutputsText(scheme)),
    w(T.ctRatio.id, encodeMeterRatio(ratioOf(meter.ctRatio), facts.ctRatioLayout.value), 'ct-vt', 'meter.ctRatio', text.ratioText('CT', meter.ctRatio)),
    w(vtId, vtId === T.vtRatioA1700.id ? encodeMeterRatio(ratioOf(meter.vtRatio), 'bcd-le-4-3') : encodeRatio(meter.vtRatio), 'ct-vt', 'meter.vtRatio', text.ratioText('VT', meter.vtRatio)),
    w(T.schemeId.id, encodeAscii(scheme.id, schemeIdBytes, 'a scheme ID'), 'scheme-id', 'id', text.schemeIdText(scheme.id)),
  ];
  return { meterModel: model, requiredLevel: 3, writes, totalBytes: writes.reduce((n, x) => n + x.value.length / 2, 0) };
}

/** A ratio as the plan's text (`200/5`, `1/1`). */
const ratioText = (r: { primary: number; secondary: number }) => `${r.primary}/${r.secondary}`;

/**
 * Decode the value of an Elster plan write (or what R1 read back from its data ID) into scheme terms.
 * @param model the meter model (the CT/VT layouts differ).
 * @param zone the IANA zone given to the decoded DST rule (the meter does not store it).
 * @throws ElsterDataError for bytes that are not a valid image; RangeError for a data ID no plan writes.
 */
export function decodeElsterWrite(address: string, hex: string, zone: string, model: ElsterPlanModel = 'A1140'): DecodedPart {
  const bytes = hexToBytes(hex, `value of data item ${address}`);
  switch (address) {
    case T.userId.id: return { kind: 'value', path: 'operator', label: "Programmer's user ID", value: decodeUserIds(bytes)[0] ?? '' };
    case T.schemeId.id: return { kind: 'value', path: 'id', label: 'Scheme ID', value: asciiText(bytes) };
    case T.dayProfiles.id: return { kind: 'day-profiles', first: 0, profiles: decodeDayProfiles(bytes) };
    case T.weekProfiles.id: return { kind: 'week-profiles', first: 0, weeks: decodeWeekProfiles(bytes) };
    case T.seasons.id: return { kind: 'seasons', first: 0, seasons: decodeSeasons(bytes) };
    case T.specialDays.id: return { kind: 'special-days', first: 0, days: decodeSpecialDays(bytes) };
    case T.dstRule.id: return { kind: 'dst', rule: decodeDstRule(bytes, zone) };
    case T.touSources.id: return { kind: 'tou-sources', sources: decodeTouSources(bytes) };
    case T.maximumDemand.id: return { kind: 'maximum-demand', md: decodeMaximumDemand(bytes) };
    case T.loadProfile.id: return { kind: 'load-profile', lp: decodeLoadProfileSettings(bytes) };
    case T.pulseOutputs.id: return { kind: 'pulse-outputs', outputs: decodePulseOutputs(bytes) };
    case T.ctRatio.id: return { kind: 'value', path: 'meter.ctRatio', label: 'CT ratio', value: ratioText(decodeMeterRatio(bytes, model === 'A1700' ? 'bcd-le-4-2' : 'binary-be-4-4', 'CT ratio (616)')) };
    case T.vtRatioA1700.id: return { kind: 'value', path: 'meter.vtRatio', label: 'VT ratio', value: ratioText(decodeMeterRatio(bytes, 'bcd-le-4-3', 'VT ratio (614)')) };
    case T.vtRatioA1140.id: return { kind: 'value', path: 'meter.vtRatio', label: 'VT ratio', value: decodeRatio(bytes, 'VT ratio (617)') };
    default: throw new RangeError(`data item ${address} is not written by a tariff program`);
  }
}
