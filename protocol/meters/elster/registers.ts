import { interpretDataSet } from '../../iec62056-21/datasets';
import type { Register } from '../../reading';
import type { EnergyRegister, MeterRatio } from './decoders';
import { type CumulativeDemandRegister, type MaxDemandRegister, SOURCE_QUANTITIES } from './demand';
import type { MeterLogGroup, ProgrammingLog } from './events';
import type { MeterTime } from './meter-time';

/**
 * Elster data IDs → the project's `Register`s with OBIS-style addresses, so an Elster reading is stored, written to
 * .RES and shown like a readout. Energies in kWh / kvarh / kVAh and demands in kW / kvar / kVA (the meter's milli-units
 * ÷ 10⁶, exact decimal text); times as `YYMMDDhhmmss` value groups in the meter's wall clock (as readouts carry them).
 * Addresses (ELSTER_ADDRESSES; OBIS C = 128 and above is manufacturer-specific, so those are our choice):
 * - identification: 798 → C.1.0, 795 → 0.2.1 (OBIS "parameter scheme ID"), 998 → 0.2.0, 861 → 0.9.1 / 0.9.2;
 * - 507 by the model's register list (meter definition): 1.8.0, 2.8.0, 5.8.0…8.8.0, 9.8.0 (A1700: one apparent
 *   register), 10.8.0; customer-defined registers 128.8.0… (counts, no unit: public:abba1140/ABBA1140RegisterFactory.java:414-415);
 * - 508 TOU register i → <C of its 667 source>.8.<i+1>; 510 MD register i → <C>.6.<i+1> with the time of the
 *   maximum; 509 cumulative MD register i → <C>.2.<i+1>;
 * - 616 / 614 → 0.4.2 / 0.4.5 CT numerator / denominator, 0.4.3 / 0.4.6 VT (OBIS transformer ratios);
 * - 680 → C.2.0 (OBIS "number of parameterisations") with the newest time, and 128.2.1…3 each programming: the user
 *   name ('' on the A1700, whose log has none), the time, the port (A1140);
 * - 544 groups → 128.99.n (n per kind, the same on both models: EVENT_GROUP_NUMBERS), count and the last 3 times;
 * - event logs 691…701 → 128.98.(ID − 690), count and the last 3 times.
 */

/** Number n of the 128.99.n register of each 544 group, one meaning for both models. */
export const EVENT_GROUP_NUMBERS: Readonly<Record<string, number>> = {
  'reverse-running': 1, 'phase-failures': 2, 'power-failures': 3, programming: 4, 'ct-ratio-changes': 5, 'billing-resets': 6,
  'transient-resets': 7, 'meter-errors': 8, 'terminal-cover': 9, 'main-cover': 10, 'internal-battery': 11, 'external-battery': 12,
  'phase-overcurrent': 13,
};

/** 507 register kinds (meter definition `cumulativeRegisters`) → address and unit. */
const CUMULATIVE: Readonly<Record<string, { address: string; unit: string }>> = {
  'active-import': { address: '1.8.0', unit: 'kWh' }, 'active-export': { address: '2.8.0', unit: 'kWh' },
  'reactive-q1': { address: '5.8.0', unit: 'kvarh' }, 'reactive-q2': { address: '6.8.0', unit: 'kvarh' },
  'reactive-q3': { address: '7.8.0', unit: 'kvarh' }, 'reactive-q4': { address: '8.8.0', unit: 'kvarh' },
  'apparent-import': { address: '9.8.0', unit: 'kVAh' }, 'apparent-export': { address: '10.8.0', unit: 'kVAh' }, apparent: { address: '9.8.0', unit: 'kVAh' },
  'customer-1': { address: '128.8.0', unit: '' }, 'customer-2': { address: '129.8.0', unit: '' }, 'customer-3': { address: '130.8.0', unit: '' },
};

/** Exact decimal text of `milli` / 10^6 with six decimals: 1234567890n → `1234.567890`. */
export function millionths(milli: bigint): string {
  const whole = milli / 1_000_000n;
  const frac = (milli % 1_000_000n).toString().padStart(6, '0');
  return `${whole}.${frac}`;
}

/** `YYMMDDhhmmss` of a meter time (its wall clock). */
export function stampOf(t: MeterTime): string {
  return t.local.slice(2).replace(/[-T:]/g, '');
}

function reg(address: string, text: string, unit = '', more: readonly string[] = []): Register {
  return interpretDataSet(address, [unit ? `${text}*${unit}` : text, ...more]);
}

/** Serial (798), scheme ID (795), firmware (998), clock (861) → C.1.0, 0.2.1, 0.2.0, 0.9.1, 0.9.2 (null inputs left out). */
export function identityRegisters(o: { serial: string | null; schemeId: string | null; firmware?: string | null; clockLocal: string | null }): Register[] {
  const out: Register[] = [];
  if (o.serial !== null) out.push(reg('C.1.0', o.serial));
  if (o.schemeId !== null) out.push(reg('0.2.1', o.schemeId));
  if (o.firmware) out.push(reg('0.2.0', o.firmware));
  if (o.clockLocal !== null) {
    const [date, time] = o.clockLocal.split('T') as [string, string];
    out.push(reg('0.9.1', time.replace(/:/g, '')));
    out.push(reg('0.9.2', date.slice(2).replace(/-/g, '')));
  }
  return out;
}

/** 507 → registers by the model's list (`kinds[i]`; '' = reserved, left out). Customer-defined registers are counts. */
export function cumulativeRegisters(list: readonly EnergyRegister[], kinds: readonly string[]): Register[] {
  return list.flatMap((r) => {
    const m = CUMULATIVE[kinds[r.index] ?? ''];
    if (!m) return [];
    return [reg(m.address, m.unit ? millionths(r.milli) : r.milli.toString(), m.unit)];
  });
}

/** 508 → <C>.8.<i+1> by the TOU sources of 667 (source codes; missing = active import). */
export function touRegisters(list: readonly EnergyRegister[], sources: readonly number[] | null): Register[] {
  return list.map((r) => {
    const s = SOURCE_QUANTITIES.get(sources?.[r.index] ?? 0) ?? SOURCE_QUANTITIES.get(0)!;
    return reg(`${s.obisC}.8.${r.index + 1}`, s.energyUnit ? millionths(r.milli) : r.milli.toString(), s.energyUnit);
  });
}

/** 510 → <C>.6.<i+1> with the time of the maximum as a second value group; empty registers (source FF) left out. */
export function maxDemandRegisters(list: readonly MaxDemandRegister[]): Register[] {
  return list.flatMap((r) => {
    const s = r.source === null ? undefined : SOURCE_QUANTITIES.get(r.source);
    if (!s) return [];
    return [reg(`${s.obisC}.6.${r.index + 1}`, millionths(r.milli), s.demandUnit, r.at ? [stampOf(r.at)] : [])];
  });
}

/** 509 → <C>.2.<i+1> (cumulative maximum demand). */
export function cumulativeDemandRegisters(list: readonly CumulativeDemandRegister[]): Register[] {
  return list.flatMap((r) => {
    const s = SOURCE_QUANTITIES.get(r.source);
    return s ? [reg(`${s.obisC}.2.${r.index + 1}`, millionths(r.milli), s.demandUnit)] : [];
  });
}

/** CT (616) and VT (614) ratios → 0.4.2 / 0.4.5 and 0.4.3 / 0.4.6. */
export function ratioRegisters(ct: MeterRatio | null, vt: MeterRatio | null): Register[] {
  const out: Register[] = [];
  if (ct) out.push(reg('0.4.2', String(ct.primary)), reg('0.4.5', String(ct.secondary)));
  if (vt) out.push(reg('0.4.3', String(vt.primary)), reg('0.4.6', String(vt.secondary)));
  return out;
}

/** 680 → C.2.0 (count, newest time) and 128.2.k per programming (user, time, port). */
export function programmingLogRegisters(log: ProgrammingLog): Register[] {
  const newest = log.entries[0];
  return [
    reg('C.2.0', String(log.count), '', newest ? [stampOf(newest.at)] : []),
    ...log.entries.map((e, k) => reg(`128.2.${k + 1}`, e.user ?? '', '', [stampOf(e.at), ...(e.port === null ? [] : [e.port])])),
  ];
}

/** A named log (544 group, event log) → its register: count, then the last times as value groups. */
function logRegister(address: string, g: MeterLogGroup): Register {
  return reg(address, String(g.count), '', g.entries.map((e) => stampOf(e.at)));
}

/** 544 groups → 128.99.n (EVENT_GROUP_NUMBERS). */
export function eventGroupRegisters(groups: readonly MeterLogGroup[]): Register[] {
  return groups.flatMap((g) => (EVENT_GROUP_NUMBERS[g.key] === undefined ? [] : [logRegister(`128.99.${EVENT_GROUP_NUMBERS[g.key]}`, g)]));
}

/** Event logs 691…701 → 128.98.(ID − 690). */
export function eventLogRegisters(logs: readonly { id: string; log: MeterLogGroup }[]): Register[] {
  return logs.map(({ id, log }) => logRegister(`128.98.${Number(id) - 690}`, log));
}
