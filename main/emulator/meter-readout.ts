import type { ConsumptionModel } from './consumption';
import type { MeterEnergy } from './meter-energy';
import type { ZoneClock } from './zone-clock';

/**
 * The data sets of the emulated meter's data readout at one instant of its clock.
 * Addresses are full OBIS `A-B:C.D.E*F` (IEC 62056-61); `*255` = current value, `*NN` = billing period NN
 * (01 = the most recent one). Values use fixed decimals: energies `0004123.456*kWh` (kvarh for 3.8.0/4.8.0),
 * demand/power `02.468*kW`, voltage `230.1*V`, current `01.23*A`, frequency `50.00*Hz`; time stamps are meter
 * local time `YYMMDDhhmm`. Order and meaning (reference note "OBIS conventions seen in readouts"):
 * 0.0.0 device address, C.1.0 serial, 0.2.0 firmware, 0.9.1 time hhmmss, 0.9.2 date YYMMDD, F.F.0 error register,
 * 0.1.0 billing reset counter; 1.8.0 + 1.8.1…4 import (T1…T4), 2.8.0 + 2.8.1…4 export, 3.8.0/4.8.0 reactive
 * import/export; 1.6.0/2.6.0 maximum 15-minute demand of the current billing period with its time (end of the
 * 15 minutes); 1.7.0/2.7.0 instantaneous power; 32/52/72.7.0 voltages; 31/51/71.7.0 currents; 14.7.0 frequency;
 * then per billing period NN = 01…12 (as far as they exist): 0.1.2*NN reset time, 1.8.0*NN, 1.8.1…4*NN, 2.8.0*NN,
 * 1.6.0*NN (maximum demand of that period, with time).
 */

/** One data set: address and value groups (the texts inside the brackets). */
export interface DataSet {
  readonly address: string;
  readonly groups: readonly string[];
}

/** Identity fields shown in the readout. */
export interface ReadoutIdentity {
  readonly deviceAddress: string;
  readonly serial: string;
  readonly firmware: string;
}

/** `value` with at least `int` integer digits and exactly `dec` decimals (negative values are not expected). */
export function fixed(value: number, int: number, dec: number): string {
  const s = Math.max(0, value).toFixed(dec);
  const [i, f] = s.split('.');
  return `${i!.padStart(int, '0')}${dec > 0 ? `.${f}` : ''}`;
}

const p2 = (n: number) => String(n).padStart(2, '0');
const kwh = (v: number) => `${fixed(v, 7, 3)}*kWh`;
const kvarh = (v: number) => `${fixed(v, 7, 3)}*kvarh`;
const kw = (v: number) => `${fixed(v, 2, 3)}*kW`;

/**
 * Data sets of the readout at meter time `t` (UTC ms on the meter's clock).
 * @param maxBillingPeriods how many historical billing periods to list (default 12).
 */
export function readoutDataSets(
  id: ReadoutIdentity,
  model: ConsumptionModel,
  energy: MeterEnergy,
  clock: ZoneClock,
  t: number,
  maxBillingPeriods = 12,
): DataSet[] {
  const out: DataSet[] = [];
  const ds = (address: string, ...groups: string[]) => out.push({ address, groups });
  const l = clock.local(t);
  const resets = energy.billingResets(t);
  const stamp = (u: number | null) => (u === null ? '' : clock.stamp(u));

  ds('0-0:0.0.0*255', id.deviceAddress);
  ds('0-0:C.1.0*255', id.serial);
  ds('0-0:0.2.0*255', id.firmware);
  ds('0-0:0.9.1*255', `${p2(l.hour)}${p2(l.minute)}${p2(l.second)}`);
  ds('0-0:0.9.2*255', `${p2(l.year % 100)}${p2(l.month)}${p2(l.day)}`);
  ds('0-0:F.F.0*255', '00000000');
  ds('0-0:0.1.0*255', p2(resets.length));

  const now = energy.cumulative(t);
  ds('1-0:1.8.0*255', kwh(now.total.importKwh));
  now.importByRate.forEach((v, k) => ds(`1-0:1.8.${k + 1}*255`, kwh(v)));
  ds('1-0:2.8.0*255', kwh(now.total.exportKwh));
  now.exportByRate.forEach((v, k) => ds(`1-0:2.8.${k + 1}*255`, kwh(v)));
  ds('1-0:3.8.0*255', kvarh(now.total.reactiveImportKvarh));
  ds('1-0:4.8.0*255', kvarh(now.total.reactiveExportKvarh));

  const periodStart = resets[resets.length - 1] ?? energy.installedUtcMs;
  const md = energy.maxDemand(periodStart, t);
  ds('1-0:1.6.0*255', kw(md.importKw), stamp(md.importAtUtcMs));
  ds('1-0:2.6.0*255', kw(md.exportKw), stamp(md.exportAtUtcMs));

  const powered = energy.powered(t);
  const p = model.powerAt(t);
  const g = model.gridAt(t);
  ds('1-0:1.7.0*255', kw(powered ? p.importKw : 0));
  ds('1-0:2.7.0*255', kw(powered ? p.exportKw : 0));
  ['32', '52', '72'].forEach((c, k) => ds(`1-0:${c}.7.0*255`, `${fixed(powered ? g.voltagesV[k]! : 0, 3, 1)}*V`));
  ['31', '51', '71'].forEach((c, k) => ds(`1-0:${c}.7.0*255`, `${fixed(powered ? g.currentsA[k]! : 0, 2, 2)}*A`));
  ds('1-0:14.7.0*255', `${fixed(powered ? g.frequencyHz : 0, 2, 2)}*Hz`);

  for (let nn = 1; nn <= Math.min(maxBillingPeriods, resets.length); nn++) {
    const end = resets[resets.length - nn]!;
    const start = resets[resets.length - nn - 1] ?? energy.installedUtcMs;
    const suffix = `*${p2(nn)}`;
    const c = energy.cumulative(end);
    ds(`0-0:0.1.2${suffix}`, clock.stamp(end));
    ds(`1-0:1.8.0${suffix}`, kwh(c.total.importKwh));
    c.importByRate.forEach((v, k) => ds(`1-0:1.8.${k + 1}${suffix}`, kwh(v)));
    ds(`1-0:2.8.0${suffix}`, kwh(c.total.exportKwh));
    const pmd = energy.maxDemand(start, end);
    ds(`1-0:1.6.0${suffix}`, kw(pmd.importKw), stamp(pmd.importAtUtcMs));
  }
  return out;
}

/** Data sets → data block text: one data set per line, CR LF after each (without the closing `!`). */
export function dataBlockText(sets: readonly DataSet[]): string {
  return sets.map((s) => `${s.address}${s.groups.map((g) => `(${g})`).join('')}\r\n`).join('');
}
