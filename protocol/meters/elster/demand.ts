import { decodeBcdLE, encodeBcdLE } from './bcd';
import { needRecords } from './decoders';
import { type MeterTime, type MeterZone, meterTimeBytes, readMeterTime } from './meter-time';

/**
 * Maximum demand of the Elster dialect (docs/elster-sources.md "A1140 registers", "A1700"):
 * - 510: records of 4-byte LE local time, 1 source byte (0xFF = empty), 7-byte LE BCD value in the flow unit of the
 *   source (mW, mvar, mVA) (public:abba1140/MaximumDemand.java:41-49; public:abba1700/MaximumDemand.java:47-52);
 * - 509: records of an 8-byte LE BCD value and 1 source byte (public:abba1140/CumulativeMaximumDemand.java:24-28).
 * Source codes: public:abba1140/EnergyTypeCode.java:19-29 (see SOURCE_QUANTITIES).
 */

/** Source codes of registers (667 TOU sources, 509/510 sources), by code. */
export const SOURCE_QUANTITIES: ReadonlyMap<number, { readonly quantity: string; readonly obisC: string; readonly energyUnit: string; readonly demandUnit: string }> = new Map([
  [0, { quantity: 'active import', obisC: '1', energyUnit: 'kWh', demandUnit: 'kW' }],
  [1, { quantity: 'active export', obisC: '2', energyUnit: 'kWh', demandUnit: 'kW' }],
  [2, { quantity: 'reactive Q1', obisC: '5', energyUnit: 'kvarh', demandUnit: 'kvar' }],
  [3, { quantity: 'reactive Q2', obisC: '6', energyUnit: 'kvarh', demandUnit: 'kvar' }],
  [4, { quantity: 'reactive Q3', obisC: '7', energyUnit: 'kvarh', demandUnit: 'kvar' }],
  [5, { quantity: 'reactive Q4', obisC: '8', energyUnit: 'kvarh', demandUnit: 'kvar' }],
  [6, { quantity: 'apparent import', obisC: '9', energyUnit: 'kVAh', demandUnit: 'kVA' }],
  [7, { quantity: 'apparent export', obisC: '10', energyUnit: 'kVAh', demandUnit: 'kVA' }],
  [14, { quantity: 'customer-defined 1', obisC: '128', energyUnit: '', demandUnit: '' }],
  [15, { quantity: 'customer-defined 2', obisC: '129', energyUnit: '', demandUnit: '' }],
]);

/** One maximum demand register (510). */
export interface MaxDemandRegister {
  readonly index: number;
  /** Source code (SOURCE_QUANTITIES), or null for an empty register (source 0xFF). */
  readonly source: number | null;
  /** Value in milli-units of the source's flow unit (mW…); 0 for an empty register. */
  readonly milli: bigint;
  /** When the maximum occurred (meter local time and UTC), or null. */
  readonly at: MeterTime | null;
}

/**
 * ID 510 → its registers. @param count registers this model has (12 A1140, 24 A1700).
 * @throws ElsterDataError for a length that is not 12 × count, or a non-BCD value byte.
 */
export function decodeMaxDemandRegisters(bytes: Uint8Array, zone: MeterZone, count?: number): MaxDemandRegister[] {
  const what = 'maximum demand registers (510)';
  const n = needRecords(bytes, what, 12, count);
  return Array.from({ length: n }, (_, index) => {
    const o = 12 * index;
    const source = bytes[o + 4]!;
    if (source === 0xff) return { index, source: null, milli: 0n, at: null };
    return { index, source, milli: decodeBcdLE(bytes.subarray(o + 5, o + 12), what), at: readMeterTime(bytes, o, zone) };
  });
}

/** Registers (time = local seconds or null) → 510 bytes. @throws RangeError for a value or time that does not fit. */
export function encodeMaxDemandRegisters(list: readonly { source: number | null; milli: bigint | number; atSeconds: number | null }[]): Uint8Array {
  const out = new Uint8Array(12 * list.length);
  list.forEach((r, i) => {
    out.set(meterTimeBytes(r.atSeconds), 12 * i);
    out[12 * i + 4] = r.source ?? 0xff;
    out.set(encodeBcdLE(r.source === null ? 0 : r.milli, 7), 12 * i + 5);
  });
  return out;
}

/** One cumulative maximum demand register (509). */
export interface CumulativeDemandRegister {
  readonly index: number;
  readonly source: number;
  /** Value in milli-units of the source's flow unit. */
  readonly milli: bigint;
}

/** ID 509 → its registers (9-byte records; 4 on the A1140, 8 on the A1700). @throws ElsterDataError. */
export function decodeCumulativeMaxDemand(bytes: Uint8Array, count?: number): CumulativeDemandRegister[] {
  const what = 'cumulative maximum demand (509)';
  const n = needRecords(bytes, what, 9, count);
  return Array.from({ length: n }, (_, index) => ({ index, milli: decodeBcdLE(bytes.subarray(9 * index, 9 * index + 8), what), source: bytes[9 * index + 8]! }));
}

/** Registers → 509 bytes. @throws RangeError for a value that does not fit. */
export function encodeCumulativeMaxDemand(list: readonly { source: number; milli: bigint | number }[]): Uint8Array {
  const out = new Uint8Array(9 * list.length);
  list.forEach((r, i) => {
    out.set(encodeBcdLE(r.milli, 8), 9 * i);
    out[9 * i + 8] = r.source;
  });
  return out;
}
