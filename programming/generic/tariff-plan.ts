import { type MeterDefinition, findItem } from '../../meter-definitions';
import type { TariffScheme } from '../../schemes/model';
import type { MeterData, ProgramPlan, ProgramWrite } from '../plan';
import { quantityCode } from '../elster/tariff-bytes';
import * as text from '../plan-text';
import type { DecodedPart } from '../tariff-parts';
import {
  GENERIC_TARIFF_OBIS as O, decodeGenericTariffValue, encodeDayProfileValue, encodeDstValue, encodePulseValue, encodeSeasonValue,
  encodeSpecialDayValue, encodeWeekValue, listAddress, ratioSides,
} from './tariff-writes';

/**
 * A staged program compiled for a generic IEC 62056-21 mode C meter: W5 data sets (tariff-writes.ts, every address
 * an ASSUMPTION) in a safe upload order:
 * 1. 0-0:128.0.1 programmer's user ID;
 * 2. the calendar: day profiles 0-0:13.3.n then their count .0, week profiles 13.2, seasons 13.1, special days
 *    11.0 (entries first, the count after them, so a count never names entries that were not written), DST rule;
 * 3. maximum demand (1-0:0.8.0, 0-0:128.1.0), load profile (1-0:0.8.4, 0-0:128.1.1), pulse outputs;
 * 4. the staged meter data: CT and VT ratio numerator / denominator;
 * 5. 0-0:13.0.0 scheme ID (calendar name) LAST, the commit marker.
 * Rates need no write: a generic meter's rate registers 1.8.n follow the rate number by convention (OBIS).
 * Every write is verified with R5 `address()`.
 * Password: the meter's P1 password of programming mode (`requiredLevel` 1: generic meters have one level).
 */

/** Provenance of an address from the generic definition (every tariff address is an assumption unless a file confirms it). */
function provenanceOf(def: MeterDefinition, address: string): { provenance: string; confirmedBy?: string } {
  const item = findItem(def, address);
  return item ? { provenance: item.provenance, ...(item.confirmedBy ? { confirmedBy: item.confirmedBy } : {}) } : { provenance: 'assumption' };
}

/**
 * Compile `scheme` + `meter` into the generic W5 plan.
 * @throws RangeError (plain) when a value does not fit (more than 255 entries, a value over 128 characters, a user ID
 *   that is not 1…8 letters, digits, ".", "_" or "-").
 */
export function compileGenericPlan(scheme: TariffScheme, meter: MeterData, meterUserId: string, def: MeterDefinition): ProgramPlan {
  if (!/^[A-Za-z0-9._-]{1,8}$/.test(meterUserId)) throw new RangeError(`The programmer's user ID "${meterUserId}" must be 1 to 8 letters, digits, ".", "_" or "-"`);
  const dayIds = scheme.dayProfiles.map((p) => p.id);
  const weekIds = scheme.weekProfiles.map((w) => w.id);
  for (const [n, what] of [[scheme.dayProfiles.length, 'day profiles'], [scheme.weekProfiles.length, 'week profiles'], [scheme.seasons.length, 'seasons'], [scheme.specialDays.length, 'special days']] as const) {
    if (n > 255) throw new RangeError(`The scheme has ${n} ${what}; a generic meter's list holds at most 255`);
  }
  const writes: ProgramWrite[] = [];
  const w = (address: string, value: string, part: ProgramWrite['part'], schemePath: string, description: string) =>
    writes.push({ command: 'W5', address, value, part, schemePath, description, verify: true, ...provenanceOf(def, address) });

  w(O.userId, meterUserId, 'user-id', 'operator', text.userIdText(meterUserId));
  scheme.dayProfiles.forEach((p, i) => w(listAddress('dayProfiles', i + 1), encodeDayProfileValue(p), 'day-profiles', `dayProfiles.${i}`, text.dayProfileText(p)));
  w(listAddress('dayProfiles', 0), String(dayIds.length), 'day-profiles', 'dayProfiles', `Number of day profiles: ${dayIds.length}`);
  scheme.weekProfiles.forEach((x, i) => w(listAddress('weekProfiles', i + 1), encodeWeekValue(x, dayIds), 'week-profiles', `weekProfiles.${i}`, text.weekProfileText(x, scheme)));
  w(listAddress('weekProfiles', 0), String(weekIds.length), 'week-profiles', 'weekProfiles', `Number of week profiles: ${weekIds.length}`);
  scheme.seasons.forEach((s, i) => w(listAddress('seasons', i + 1), encodeSeasonValue(s, weekIds), 'seasons', `seasons.${i}`, `Season '${s.name}'`));
  w(listAddress('seasons', 0), String(scheme.seasons.length), 'seasons', 'seasons', text.seasonsText(scheme));
  scheme.specialDays.forEach((d, i) => w(listAddress('specialDays', i + 1), encodeSpecialDayValue(d, dayIds), 'special-days', `specialDays.${i}`, text.specialDayText(d)));
  w(listAddress('specialDays', 0), String(scheme.specialDays.length), 'special-days', 'specialDays', text.specialDaysText(scheme));
  w(O.dst, encodeDstValue(scheme.dst), 'dst', 'dst', text.dstText(scheme));

  const md = scheme.maximumDemand;
  const billing = md.billingDates.map((b) => `${String(b.day).padStart(2, '0')}-${String(b.month ?? 0).padStart(2, '0')}`).join(',');
  w(O.mdPeriod, String(md.integrationPeriodMinutes), 'maximum-demand', 'maximumDemand.integrationPeriodMinutes', `Maximum demand integration period: ${md.integrationPeriodMinutes} min`);
  w(O.mdConfig, `${md.method};${md.subIntervals};${md.perRate ? 1 : 0};${md.resetLockoutDays};${md.quantities.map(quantityCode).join(',')};${billing}`, 'maximum-demand', 'maximumDemand', text.maximumDemandText(scheme));
  const lp = scheme.loadProfile;
  w(O.lpPeriod, String(lp.capturePeriodMinutes), 'load-profile', 'loadProfile.capturePeriodMinutes', `Load profile capture period: ${lp.capturePeriodMinutes} min`);
  w(O.lpConfig, `${lp.channels.map(quantityCode).join(',')};${lp.depthDays}`, 'load-profile', 'loadProfile', text.loadProfileText(scheme));
  for (const o of scheme.pulseOutputs) w(listAddress('pulseOutputs', o.output), encodePulseValue(o), 'pulse-outputs', `pulseOutputs.output${o.output}`, `Pulse output ${o.output}: ${o.quantity} ${o.pulsesPerUnit}/unit, ${o.widthMs} ms`);
  w(listAddress('pulseOutputs', 0), scheme.pulseOutputs.map((o) => o.output).join(',') || '0', 'pulse-outputs', 'pulseOutputs', text.pulseOutputsText(scheme));

  const [ctP, ctS] = ratioSides(meter.ctRatio);
  const [vtP, vtS] = ratioSides(meter.vtRatio);
  w(O.ctPrimary, ctP, 'ct-vt', 'meter.ctRatio', `${text.ratioText('CT', meter.ctRatio)}: primary ${ctP}`);
  w(O.ctSecondary, ctS, 'ct-vt', 'meter.ctRatio', `${text.ratioText('CT', meter.ctRatio)}: secondary ${ctS}`);
  w(O.vtPrimary, vtP, 'ct-vt', 'meter.vtRatio', `${text.ratioText('VT', meter.vtRatio)}: primary ${vtP}`);
  w(O.vtSecondary, vtS, 'ct-vt', 'meter.vtRatio', `${text.ratioText('VT', meter.vtRatio)}: secondary ${vtS}`);
  w(O.schemeId, scheme.id, 'scheme-id', 'id', text.schemeIdText(scheme.id));
  return { meterModel: 'generic', requiredLevel: 1, writes, totalBytes: writes.reduce((n, x) => n + x.value.length, 0) };
}

/**
 * Decode a generic plan write's value (or the value read back from its address) into scheme terms.
 * @throws TariffValueError for an invalid value; RangeError for an address no plan writes.
 */
export function decodeGenericWrite(address: string, value: string, zone: string): DecodedPart {
  const d = decodeGenericTariffValue(address, value, zone);
  if (d === null) throw new RangeError(`data set ${address} is not written by a tariff program`);
  return d;
}
