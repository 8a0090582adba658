import { uintLE } from '../../protocol/meters/elster/bcd';
import {
  encodeEnergyRegisters, encodeEvents, encodeMaxDemandRegisters, encodeProgrammingCounter, encodeSchemeId,
  encodeSerialNumber, encodeTimeDate,
} from '../../protocol/meters/elster/decoders';
import { ELSTER_LP_MASK } from './elster-load-profile';
import type { ElsterMeter } from './elster-meter';
import type { MeterEnergy } from './meter-energy';

/**
 * The emulated Elster meter's data items by 3-digit data ID (reference table "A1140 data IDs",
 * ../shared/reference/elster-dialect.md; layouts from protocol/meters/elster/decoders.ts and ELSTER_LAYOUT).
 * Read here; writes and who may do what are in elster-access.ts. The load profile (550/551/554) lives with
 * the session (its selection is per session). Contents and this emulator's ASSUMPTIONS:
 * - 798 serial (16 ASCII), 795 scheme ID (8 ASCII), 861 clock (7 BCD, meter local time), 998 firmware (8 ASCII);
 * - 507 cumulative registers, 16 × 8-byte LE BCD mWh: [0] active import, [1] active export, [2] Q1 (reactive
 *   import, mvarh), [5] Q4 (reactive export, mvarh), the rest 0 (ASSUMPTION: order as the load-profile
 *   channel mask: import, export, Q1…Q4, VA import, VA export);
 * - 508 TOU registers (8 / 16 / 32 × 8 bytes mWh) by the programmed calendar and TOU sources (elster-tou.ts);
 * - 509 cumulative maximum demand (8 × 8 bytes mW): [0] import, [1] export = the sum of the maxima of the
 *   closed billing periods (ASSUMPTION: also 8 registers on the A1140, whose count is not published);
 * - 510 maximum demand (12 / 24 × 12 bytes): [0] import, [1] export maximum of the current billing period
 *   (average over one integration period) with its time (end of the period); the others empty;
 * - 544 events: one record per meter-events.ts kind (count + time of the last), in METER_EVENT_KINDS order;
 * - 680 programming counter (count + last 3 times); 681 (EMULATOR ASSUMPTION, no published ID) the programmers'
 *   user IDs of those 3 programmings, 3 × 8 ASCII, newest first;
 * - 667 TOU register sources, 616/617 CT/VT ratio, 901…908 calendar and settings: the tariff images as programmed
 *   (elster-tariff.ts; layouts protocol/meters/elster/tariff-codec.ts); 777 LP channel mask (2 bytes LE) and 878
 *   integration period (1 byte, minutes) of the load profile as it records; 778 DST flag (1 byte: 1 = summer time now).
 */

const mWh = (kWh: number) => BigInt(Math.round(kWh * 1e6));

function ascii(text: string, size: number): Uint8Array {
  const out = new Uint8Array(size).fill(0x20);
  for (let i = 0; i < Math.min(size, text.length); i++) out[i] = text.charCodeAt(i) & 0x7f;
  return out;
}

/** Largest average demand (kW) over whole integration periods in [from, to), and the end of that period. */
const mdCache = new WeakMap<MeterEnergy, Map<string, { imp: [number, number | null]; exp: [number, number | null] }>>();
function maxDemand(energy: MeterEnergy, from: number, to: number, periodMs: number): { imp: [number, number | null]; exp: [number, number | null] } {
  let cache = mdCache.get(energy);
  if (!cache) mdCache.set(energy, (cache = new Map()));
  const key = `${from}:${to}:${periodMs}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const r: { imp: [number, number | null]; exp: [number, number | null] } = { imp: [0, null], exp: [0, null] };
  const perHour = 3_600_000 / periodMs;
  for (let s = Math.ceil(from / periodMs) * periodMs; s + periodMs <= to; s += periodMs) {
    const e = energy.between(s, s + periodMs);
    if (e.importKwh * perHour > r.imp[0]) r.imp = [e.importKwh * perHour, s + periodMs];
    if (e.exportKwh * perHour > r.exp[0]) r.exp = [e.exportKwh * perHour, s + periodMs];
  }
  if (to % periodMs === 0) cache.set(key, r);
  return r;
}

/** Meter local wall time `YYYY-MM-DDThh:mm:ss` of `t`. */
export function localText(m: ElsterMeter, t: number): string {
  const l = m.zone.local(t);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${p2(l.month)}-${p2(l.day)}T${p2(l.hour)}:${p2(l.minute)}:${p2(l.second)}`;
}

/** The bytes of data item `id` at meter time `t`, or null when the meter has no such item (→ ERR2). */
export function readElsterItem(m: ElsterMeter, id: string, t: number): Uint8Array | null {
  const P = m.periodMs;
  switch (id) {
    case '798': return encodeSerialNumber(m.serial.slice(0, 16));
    case '795': return encodeSchemeId(m.schemeId);
    case '861': return encodeTimeDate(localText(m, t));
    case '998': return ascii(m.firmware, 8);
    case '507': {
      const c = m.energy.cumulative(t).total;
      const regs = new Array<bigint>(m.model.cumulativeRegisters).fill(0n);
      regs[0] = mWh(c.importKwh);
      regs[1] = mWh(c.exportKwh);
      regs[2] = mWh(c.reactiveImportKvarh);
      regs[5] = mWh(c.reactiveExportKvarh);
      return encodeEnergyRegisters(regs);
    }
    case '508': return encodeEnergyRegisters(m.tou.values(t).map(mWh));
    case '509': {
      const resets = m.energy.billingResets(t);
      let imp = 0;
      let exp = 0;
      resets.forEach((end, i) => {
        const md = maxDemand(m.energy, resets[i - 1] ?? m.energy.installedUtcMs, end, P);
        imp += md.imp[0];
        exp += md.exp[0];
      });
      const regs = new Array<bigint>(m.model.cumulativeMaxDemandRegisters ?? 8).fill(0n);
      regs[0] = mWh(imp);
      regs[1] = mWh(exp);
      return encodeEnergyRegisters(regs);
    }
    case '510': {
      const resets = m.energy.billingResets(t);
      const md = maxDemand(m.energy, resets[resets.length - 1] ?? m.energy.installedUtcMs, t, P);
      const list = Array.from({ length: m.model.maxDemandRegisters }, () => ({ mW: 0n as bigint | number, at: null as number | null }));
      list[0] = { mW: mWh(md.imp[0]), at: md.imp[1] === null ? null : Math.floor(md.imp[1] / 1000) };
      list[1] = { mW: mWh(md.exp[0]), at: md.exp[1] === null ? null : Math.floor(md.exp[1] / 1000) };
      return encodeMaxDemandRegisters(list);
    }
    case '544':
      return encodeEvents(m.events.counters(t).map((c) => ({ count: c.count & 0xffff, last: c.lastUtcMs === null ? null : Math.floor(c.lastUtcMs / 1000) })));
    case '680': return encodeProgrammingCounter({ count: m.audit.count, last: m.audit.times.map((x) => Math.floor(x / 1000)) });
    case '681': {
      const out = new Uint8Array(24);
      m.audit.users.forEach((u, i) => out.set(ascii(u, 8), 8 * i));
      return out;
    }
    case '777': return uintLE(ELSTER_LP_MASK, 2);
    case '778': return Uint8Array.of(m.zone.local(t).dst ? 1 : 0);
    case '878': return Uint8Array.of(m.loadProfile.periodMinutes);
    default: return m.tariff.read(id);
  }
}
