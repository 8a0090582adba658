import { DateTime } from 'luxon';
import { interpretDataSet } from '../../iec62056-21/datasets';
import type { Register } from '../../reading';
import type { EnergyRegister, EventRecord, MaxDemandRegister, ProgrammingCounter } from './decoders';

/**
 * Elster register data IDs → the project's `Register`s with OBIS-style addresses, so an Elster reading is
 * stored, written to .RES and shown like a readout. THE mapping table is `ELSTER_OBIS_MAP`; every entry not in
 * the reference note is marked ASSUMPTION (../shared/reference/elster-dialect.md gives only "cumulative energy
 * registers, 128 bytes: 8-byte LE BCD each, unit mWh", "8 time-of-use rate registers", "12 maximum demand
 * registers"). Units: energies in kWh (mWh / 10^6, exact decimal text), demands in kW (mW / 10^6).
 */

/** One row of the mapping table. */
export interface ObisMapping {
  /** Address given to the register, OBIS short form `C.D.E`. */
  readonly address: string;
  readonly unit: string;
  /** What it holds, in words (for documentation and the UI). */
  readonly name: string;
}

/**
 * The mapping table.
 * - `cumulative` (507) index i: ASSUMPTION — the first eight registers hold the quantities in the order of the
 *   load-profile channel mask bits (reference "Load profile encoding"): import W, export W, Q1…Q4, VA import,
 *   VA export → 1.8.0, 2.8.0, 5.8.0…8.8.0, 9.8.0, 10.8.0. Registers 8…15 have no published meaning: they get the
 *   manufacturer-specific address 128.8.i (OBIS C = 128 is manufacturer-specific) in the meter's unit (kWh).
 * - `tou` (508) index i → 1.8.(i+1), rate register T(i+1). ASSUMPTION: rate registers accumulate active import.
 * - `maxDemand` (510) index i → 1.6.(i+1) in kW with the time of the maximum. ASSUMPTION: active import demand.
 * - identification and clock: serial (798) → C.1.0, scheme ID (795) → 0.2.1 (OBIS "parameter scheme ID"),
 *   clock (861) → 0.9.1 time `hhmmss` and 0.9.2 date `YYMMDD` as a readout carries them, programming counter
 *   (680) → C.2.0 (OBIS "number of parameterisations"), with the newest programming time as a second value group
 *   when a time zone is given;
 * - `event` (544) record i → 128.99.i (ASSUMPTION: manufacturer-specific C = 128; the meaning of each position is
 *   not published): the count, and the local time of the last occurrence as a second value group.
 */
export const ELSTER_OBIS_MAP = {
  cumulative: [
    { address: '1.8.0', unit: 'kWh', name: 'active energy import (+A), total' },
    { address: '2.8.0', unit: 'kWh', name: 'active energy export (−A), total' },
    { address: '5.8.0', unit: 'kvarh', name: 'reactive energy quadrant I' },
    { address: '6.8.0', unit: 'kvarh', name: 'reactive energy quadrant II' },
    { address: '7.8.0', unit: 'kvarh', name: 'reactive energy quadrant III' },
    { address: '8.8.0', unit: 'kvarh', name: 'reactive energy quadrant IV' },
    { address: '9.8.0', unit: 'kVAh', name: 'apparent energy import' },
    { address: '10.8.0', unit: 'kVAh', name: 'apparent energy export' },
  ] as readonly ObisMapping[],
  cumulativeOther: (index: number): ObisMapping => ({ address: `128.8.${index}`, unit: 'kWh', name: `cumulative register ${index} (meaning not published)` }),
  tou: (index: number): ObisMapping => ({ address: `1.8.${index + 1}`, unit: 'kWh', name: `rate register T${index + 1}` }),
  maxDemand: (index: number): ObisMapping => ({ address: `1.6.${index + 1}`, unit: 'kW', name: `maximum demand register ${index + 1}` }),
  serial: { address: 'C.1.0', unit: '', name: 'serial number (798)' },
  schemeId: { address: '0.2.1', unit: '', name: 'scheme ID (795)' },
  time: { address: '0.9.1', unit: '', name: 'meter time hhmmss (861)' },
  date: { address: '0.9.2', unit: '', name: 'meter date YYMMDD (861)' },
  programmingCounter: { address: 'C.2.0', unit: '', name: 'programming counter (680)' },
  event: (index: number): ObisMapping => ({ address: `128.99.${index}`, unit: '', name: `event record ${index} (544): count, time of the last` }),
} as const;

/** Exact decimal text of `milli` / 10^6 with six decimals: 1234567890n → `1234.567890`. */
export function millionths(milli: bigint): string {
  const whole = milli / 1_000_000n;
  const frac = (milli % 1_000_000n).toString().padStart(6, '0');
  return `${whole}.${frac}`;
}

function reg(m: ObisMapping, text: string, more: string[] = []): Register {
  return interpretDataSet(m.address, [m.unit ? `${text}*${m.unit}` : text, ...more]);
}

/** Cumulative energy registers (507) → Registers per the table. */
export function cumulativeRegisters(list: readonly EnergyRegister[]): Register[] {
  return list.map((r) => reg(ELSTER_OBIS_MAP.cumulative[r.index] ?? ELSTER_OBIS_MAP.cumulativeOther(r.index), millionths(r.mWh)));
}

/** Time-of-use rate registers (508) → 1.8.1 … */
export function touRegisters(list: readonly EnergyRegister[]): Register[] {
  return list.map((r) => reg(ELSTER_OBIS_MAP.tou(r.index), millionths(r.mWh)));
}

/**
 * Maximum demand registers (510) → 1.6.1 … with the time of the maximum as a second value group
 * `YYMMDDhhmmss` in meter local time (`timeZone`, IANA); no time group for an empty slot.
 */
export function maxDemandRegisters(list: readonly MaxDemandRegister[], timeZone: string): Register[] {
  return list.map((r) => {
    const at = r.atUtc === null ? [] : [DateTime.fromSeconds(r.atUnix, { zone: timeZone }).toFormat('yyMMddHHmmss')];
    return reg(ELSTER_OBIS_MAP.maxDemand(r.index), millionths(r.mW), at);
  });
}

/** An ISO UTC instant as the `YYMMDDhhmmss` value group of a readout, in meter local time (`timeZone`). */
function localGroup(utc: string | null | undefined, timeZone: string): string[] {
  return utc ? [DateTime.fromISO(utc, { zone: timeZone }).toFormat('yyMMddHHmmss')] : [];
}

/**
 * Event records (544) → 128.99.i: the count, and when it happened at least once the local time (`timeZone`,
 * IANA) of the last occurrence as a second value group `YYMMDDhhmmss`.
 */
export function eventRegisters(list: readonly EventRecord[], timeZone: string): Register[] {
  return list.map((e) => reg(ELSTER_OBIS_MAP.event(e.index), String(e.count), localGroup(e.lastUtc, timeZone)));
}

/** Serial number, scheme ID, clock and programming counter → C.1.0, 0.2.1, 0.9.1, 0.9.2, C.2.0 (null inputs left out). */
export function identityRegisters(o: {
  serial: string | null;
  schemeId: string | null;
  /** Meter wall clock `YYYY-MM-DDThh:mm:ss` (ID 861 decoded). */
  clockLocal: string | null;
  programmingCounter: ProgrammingCounter | null;
  /** IANA zone of the meter clock: when given, C.2.0 carries the newest programming time as a second value group. */
  timeZone?: string;
}): Register[] {
  const out: Register[] = [];
  if (o.serial !== null) out.push(reg(ELSTER_OBIS_MAP.serial, o.serial));
  if (o.schemeId !== null) out.push(reg(ELSTER_OBIS_MAP.schemeId, o.schemeId));
  if (o.clockLocal !== null) {
    const [date, time] = o.clockLocal.split('T') as [string, string];
    out.push(reg(ELSTER_OBIS_MAP.time, time.replace(/:/g, '')));
    out.push(reg(ELSTER_OBIS_MAP.date, date.slice(2).replace(/-/g, '')));
  }
  if (o.programmingCounter !== null) {
    const last = o.timeZone ? localGroup(o.programmingCounter.lastUtc[0], o.timeZone) : [];
    out.push(reg(ELSTER_OBIS_MAP.programmingCounter, String(o.programmingCounter.count), last));
  }
  return out;
}
