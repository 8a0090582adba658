import type { MeterEnergy } from './meter-energy';
import type { ZoneClock } from './zone-clock';

/**
 * The emulated Elster meter's programmable time-of-use (TOU) tariff and the TOU registers (ID 508) it feeds.
 *
 * No public source gives the Elster tariff layout, so this is the EMULATOR'S OWN model (ASSUMPTION), written
 * and read through data ID 667 ("TOU register sources", the nearest ID the reference lists):
 * one 4-byte rule per TOU register, in register order:
 *   byte 0  source: 0 = unused, 1 = active import, 2 = active export;
 *   byte 1  weekday mask: bit 0 = Monday … bit 6 = Sunday (bit 7 must be 0);
 *   byte 2  first hour 0…23 (local time);
 *   byte 3  end hour 1…24, exclusive; an end at or before the first hour wraps past midnight (23→7 = night).
 * A register accumulates its source's energy during the local hours its rule matches. Rules may overlap.
 * Writing the table changes the tariff from the meter time of the write on; energy counted before stays.
 */

/** One TOU register's rule. */
export interface TariffRule {
  /** 0 unused, 1 active import, 2 active export. */
  readonly source: 0 | 1 | 2;
  /** Weekday mask, bit 0 = Monday … bit 6 = Sunday. */
  readonly days: number;
  /** First local hour, 0…23. */
  readonly fromHour: number;
  /** End local hour, 1…24 (exclusive); ≤ fromHour wraps past midnight. */
  readonly toHour: number;
}

const HOUR_MS = 3_600_000;

/** Bytes per rule in ID 667. */
export const TARIFF_RULE_BYTES = 4;

const WEEKDAYS = 0x1f;
const WEEKEND = 0x60;
const ALL_DAYS = 0x7f;

/** Default tariff: day, night, weekend and peak import, total export; the other registers unused. */
export function defaultTariff(registers: number): TariffRule[] {
  const rules: TariffRule[] = [
    { source: 1, days: WEEKDAYS, fromHour: 7, toHour: 23 }, // T1 day
    { source: 1, days: WEEKDAYS, fromHour: 23, toHour: 7 }, // T2 night
    { source: 1, days: WEEKEND, fromHour: 0, toHour: 24 }, // T3 weekend
    { source: 1, days: WEEKDAYS, fromHour: 16, toHour: 19 }, // T4 peak (also counted in T1)
    { source: 2, days: ALL_DAYS, fromHour: 0, toHour: 24 }, // T5 export
  ];
  while (rules.length < registers) rules.push({ source: 0, days: 0, fromHour: 0, toHour: 24 });
  return rules.slice(0, registers);
}

/** Rules → ID 667 bytes. @throws RangeError for a rule outside the layout. */
export function encodeTariff(rules: readonly TariffRule[]): Uint8Array {
  const out = new Uint8Array(TARIFF_RULE_BYTES * rules.length);
  rules.forEach((r, i) => {
    checkRule(r, i);
    out.set([r.source, r.days, r.fromHour, r.toHour], TARIFF_RULE_BYTES * i);
  });
  return out;
}

/** ID 667 bytes → rules. @throws RangeError (plain words) for a ragged length or a rule outside the layout. */
export function decodeTariff(bytes: Uint8Array): TariffRule[] {
  if (bytes.length % TARIFF_RULE_BYTES !== 0) throw new RangeError(`a tariff table is whole 4-byte rules; ${bytes.length} bytes is not`);
  const rules: TariffRule[] = [];
  for (let o = 0; o < bytes.length; o += TARIFF_RULE_BYTES) {
    const r = { source: bytes[o]! as 0 | 1 | 2, days: bytes[o + 1]!, fromHour: bytes[o + 2]!, toHour: bytes[o + 3]! };
    checkRule(r, o / TARIFF_RULE_BYTES);
    rules.push(r);
  }
  return rules;
}

function checkRule(r: TariffRule, i: number): void {
  if (![0, 1, 2].includes(r.source)) throw new RangeError(`tariff rule ${i + 1}: source ${r.source} is not 0 (unused), 1 (import) or 2 (export)`);
  if (!Number.isInteger(r.days) || r.days < 0 || r.days > ALL_DAYS) throw new RangeError(`tariff rule ${i + 1}: weekday mask ${r.days} is not 0…0x7F`);
  if (!Number.isInteger(r.fromHour) || r.fromHour < 0 || r.fromHour > 23) throw new RangeError(`tariff rule ${i + 1}: first hour ${r.fromHour} is not 0…23`);
  if (!Number.isInteger(r.toHour) || r.toHour < 1 || r.toHour > 24) throw new RangeError(`tariff rule ${i + 1}: end hour ${r.toHour} is not 1…24`);
}

/** True when `rule` counts during local hour `hour` of ISO weekday `weekday` (1 = Monday). */
export function ruleMatches(rule: TariffRule, weekday: number, hour: number): boolean {
  if (rule.source === 0 || (rule.days & (1 << (weekday - 1))) === 0) return false;
  return rule.fromHour < rule.toHour ? hour >= rule.fromHour && hour < rule.toHour : hour >= rule.fromHour || hour < rule.toHour;
}

interface HourRow {
  /** Import and export kWh per UTC hour of the day (48 numbers). */
  readonly energy: Float64Array;
  /** Local weekday × 32 + local hour of each UTC hour's start. */
  readonly when: Uint8Array;
}

/** TOU registers of one meter: the tariff history and the accumulation. */
export class TouRegisters {
  private readonly history: { fromUtcMs: number; rules: TariffRule[] }[];
  private readonly rows = new Map<number, HourRow>();

  constructor(
    private readonly energy: MeterEnergy,
    private readonly zone: ZoneClock,
    initial: readonly TariffRule[],
  ) {
    this.history = [{ fromUtcMs: -Infinity, rules: [...initial] }];
  }

  /** The tariff in force now (the last one written). */
  get rules(): readonly TariffRule[] {
    return this.history[this.history.length - 1]!.rules;
  }

  /** Program a new tariff from meter time `fromUtcMs` on. @throws RangeError when the register count differs. */
  program(rules: readonly TariffRule[], fromUtcMs: number): void {
    if (rules.length !== this.rules.length) throw new RangeError(`the tariff has ${this.rules.length} rules, ${rules.length} were given`);
    rules.forEach(checkRule);
    this.history.push({ fromUtcMs, rules: [...rules] });
  }

  /** TOU register values at meter time `t`, kWh, one per rule. */
  values(t: number): number[] {
    const acc = new Array<number>(this.rules.length).fill(0);
    this.history.forEach((epoch, k) => {
      const a = Math.max(epoch.fromUtcMs, this.energy.installedUtcMs);
      const b = Math.min(this.history[k + 1]?.fromUtcMs ?? t, t);
      if (b > a) this.accumulate(epoch.rules, a, b, acc);
    });
    return acc;
  }

  private accumulate(rules: readonly TariffRule[], a: number, b: number, acc: number[]): void {
    for (let h = Math.floor(a / HOUR_MS) * HOUR_MS; h < b; h += HOUR_MS) {
      const day = Math.floor(h / (24 * HOUR_MS));
      const row = this.row(day);
      const i = (h - day * 24 * HOUR_MS) / HOUR_MS;
      let imp = row.energy[2 * i]!;
      let exp = row.energy[2 * i + 1]!;
      if (h < a || h + HOUR_MS > b) {
        const e = this.energy.between(Math.max(a, h), Math.min(b, h + HOUR_MS));
        imp = e.importKwh;
        exp = e.exportKwh;
      }
      const w = row.when[i]!;
      rules.forEach((r, j) => {
        if (ruleMatches(r, w >> 5, w & 31)) acc[j]! += r.source === 1 ? imp : exp;
      });
    }
  }

  private row(day: number): HourRow {
    let r = this.rows.get(day);
    if (r) return r;
    const energy = new Float64Array(48);
    const when = new Uint8Array(24);
    for (let i = 0; i < 24; i++) {
      const h = (day * 24 + i) * HOUR_MS;
      const e = this.energy.between(h, h + HOUR_MS);
      energy[2 * i] = e.importKwh;
      energy[2 * i + 1] = e.exportKwh;
      const l = this.zone.local(h);
      when[i] = l.weekday * 32 + l.hour;
    }
    r = { energy, when };
    this.rows.set(day, r);
    return r;
  }
}
