import { uintLE } from '../../../protocol/meters/elster/bcd';
import { encodeAscii, encodeEnergyRegisters, encodeTimeDate } from '../../../protocol/meters/elster/decoders';
import { encodeCumulativeMaxDemand, encodeMaxDemandRegisters } from '../../../protocol/meters/elster/demand';
import { encodeLogRecord, encodeProgrammingLog } from '../../../protocol/meters/elster/events';
import { utcMsToMeterSeconds } from '../../../protocol/meters/elster/meter-time';
import type { MeterEnergy } from '../meter-energy';
import type { MeterEventKind } from '../meter-events';
import { elsterLpMask } from './load-profile';
import type { ElsterMeterCore as ElsterMeter } from './state';

/**
 * The emulated Elster meter's data items by 3-digit data ID, with the sizes and layouts of the model's meter
 * definition (meter-definitions/, read through ElsterMeter.model) — never the A1140's sizes on an A1700. Writes and
 * who may do what: access.ts; the load profile (550/551/554) lives with the session (its selection is per session).
 * Contents (this emulator's simulation; layouts per docs/elster-sources.md):
 * - 798 serial, 795 scheme ID (8 / 16 bytes), 998 firmware (A1140, 12), 861 clock (meter local time, weekday in byte 5);
 * - 507 by the model's register list: import, export, Q1 (reactive import), Q4 (reactive export); others 0;
 * - 508 TOU registers by the programmed calendar and 667 sources (tou.ts); 667/616/614 and 617, 901…908: tariff.ts;
 * - 509: cumulative MD (active import and export sums of the closed billing periods), sources 0 and 1;
 * - 510: MD of the current billing period (active import, export) with the local time of the period's end;
 * - 680: the programming log (A1140 53 bytes with user names, A1700 14 bytes), times in local seconds;
 * - 544: A1140 groups (power failures, programmings with users, billing resets); A1700 set 0 (power failures);
 * - event logs (A1140 695 power fail, 699 end of billing; the rest empty; A1700 693…695 counters);
 * - 724 status 0; 777 LP channel mask; 778 bit 0 = 1 (the profile follows DST); 878 = interval code, 0, 1.
 */

/** Largest average demand (milli-units) over whole integration periods in [from, to), and the end of that period. */
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

const milli = (kilo: number) => BigInt(Math.round(kilo * 1e6));

/** Meter local wall time `YYYY-MM-DDThh:mm:ss` of `t`. */
export function localText(m: ElsterMeter, t: number): string {
  const l = m.zone.local(t);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${l.year}-${p2(l.month)}-${p2(l.day)}T${p2(l.hour)}:${p2(l.minute)}:${p2(l.second)}`;
}

/** The meter's local seconds of UTC ms `t` (or null). */
export function localSeconds(m: ElsterMeter, t: number | null): number | null {
  return t === null ? null : utcMsToMeterSeconds(t, { zone: m.zone.timeZone });
}

/** A log record of the event kind: count and last three times (newest first), local seconds. */
function eventRecord(m: ElsterMeter, kind: MeterEventKind, t: number, info?: number): { count: number; times: number[]; info?: number[] } {
  const all = m.events.list(t).filter((e) => e.kind === kind);
  const times = all.slice(-3).reverse().map((e) => localSeconds(m, e.utcMs)!);
  return { count: all.length, times, ...(info === undefined ? {} : { info: times.map(() => info) }) };
}

/** 861: 7 BCD bytes, byte 5 = weekday (1 = Monday; the A1700's `wd`, the driver ignores it). */
function clockBytes(m: ElsterMeter, t: number): Uint8Array {
  const b = encodeTimeDate(localText(m, t));
  b[5] = m.zone.local(t).weekday;
  return b;
}

/** 544 of the model with the simulated events. */
function historicalEvents(m: ElsterMeter, t: number): Uint8Array {
  const out = new Uint8Array(m.model.bytes('544'));
  const put = (offset: number, r: { count: number; times: number[] }) => out.set(encodeLogRecord(r), offset);
  if (m.model.historicalEvents === 'a1700-sets') {
    put(17, eventRecord(m, 'power-down', t));
    out.set(uintLE(0xffff, 4), 62); // remaining battery support time: full (this emulator's choice)
    return out;
  }
  put(31, eventRecord(m, 'power-down', t));
  const a = m.audit;
  put(45, { count: a.count, times: a.times.map((x) => localSeconds(m, x)!) });
  a.sources.forEach((s, i) => (out[59 + i] = s));
  a.users.forEach((u, i) => out.set(encodeAscii(u.slice(0, 12), 12, 'a user name'), 62 + 12 * i));
  put(151, eventRecord(m, 'billing-reset', t));
  return out;
}

/** Event log `id` (691…701 on the A1140, counters 693…695 on the A1700). */
function eventLog(m: ElsterMeter, id: string, t: number): Uint8Array {
  const size = m.model.bytes(id);
  const extra = size - 14;
  if (id === '695') return encodeLogRecord(eventRecord(m, 'power-down', t), extra);
  if (id === '699') return encodeLogRecord(eventRecord(m, 'billing-reset', t, 0x01), extra);
  return encodeLogRecord({ count: 0, times: [] }, extra);
}

/** The bytes of data item `id` at meter time `t`, or null when the meter has no such item (→ ERR2). */
export function readElsterItem(m: ElsterMeter, id: string, t: number): Uint8Array | null {
  if (!m.model.has(id)) return null;
  const P = m.periodMs;
  const sized = (id: string, b: Uint8Array) => (b.length === m.model.bytes(id) ? b : (() => { const o = new Uint8Array(m.model.bytes(id)); o.set(b.subarray(0, o.length)); return o; })());
  switch (id) {
    case '798': return encodeAscii(m.serial.slice(0, 16), 16, 'serial');
    case '795': return encodeAscii(m.schemeId, m.model.bytes('795'), 'scheme ID');
    case '861': return clockBytes(m, t);
    case '998': return encodeAscii(m.firmware.slice(0, 12), 12, 'firmware');
    case '507': {
      const c = m.energy.cumulative(t).total;
      const kinds = m.model.cumulativeRegisters;
      const value: Record<string, number> = { 'active-import': c.importKwh, 'active-export': c.exportKwh, 'reactive-q1': c.reactiveImportKvarh, 'reactive-q4': c.reactiveExportKvarh };
      return encodeEnergyRegisters(kinds.map((k) => milli(value[k] ?? 0)));
    }
    case '508': return encodeEnergyRegisters(m.tou.values(t).map(milli));
    case '509': {
      const resets = m.energy.billingResets(t);
      let imp = 0;
      let exp = 0;
      resets.forEach((end, i) => {
        const md = maxDemand(m.energy, resets[i - 1] ?? m.energy.installedUtcMs, end, P);
        imp += md.imp[0];
        exp += md.exp[0];
      });
      const regs = Array.from({ length: m.model.cumulativeMaxDemandRegisters }, (_, i) => ({ source: i === 1 ? 1 : 0, milli: i === 0 ? milli(imp) : i === 1 ? milli(exp) : 0n }));
      return encodeCumulativeMaxDemand(regs);
    }
    case '510': {
      const resets = m.energy.billingResets(t);
      const md = maxDemand(m.energy, resets[resets.length - 1] ?? m.energy.installedUtcMs, t, P);
      const list = Array.from({ length: m.model.maxDemandRegisters }, () => ({ source: null as number | null, milli: 0n as bigint | number, atSeconds: null as number | null }));
      list[0] = { source: 0, milli: milli(md.imp[0]), atSeconds: localSeconds(m, md.imp[1]) };
      list[1] = { source: 1, milli: milli(md.exp[0]), atSeconds: localSeconds(m, md.exp[1]) };
      return encodeMaxDemandRegisters(list);
    }
    case '544': return historicalEvents(m, t);
    case '680': {
      const a = m.audit;
      return encodeProgrammingLog({ count: a.count, times: a.times.map((x) => localSeconds(m, x)!), info: a.sources, users: a.users }, m.model.programmingLog);
    }
    case '681': {
      const out = new Uint8Array(24);
      m.audit.users.forEach((u, i) => out.set(encodeAscii(u.slice(0, 8), 8, 'a user ID'), 8 * i));
      return out;
    }
    case '724': return new Uint8Array(m.model.bytes('724'));
    case '777': return uintLE(elsterLpMask(m.model), 2).reverse();
    case '778': return Uint8Array.of(1);
    case '878': return sized('878', Uint8Array.of(m.loadProfile.intervalCode, 0, 1));
    default:
      if (/^69\d$|^70\d$/.test(id)) return eventLog(m, id, t);
      return m.tariff.read(id);
  }
}
