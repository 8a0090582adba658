import type { Quantity } from '../../../schemes/model';
import { RateTimeline } from '../../../schemes/rate-timeline';
import type { TouSource } from '../../../programming/tariff-parts';
import { DAY_MS, type EnergyTotals } from '../consumption';
import type { MeterEnergy } from '../meter-energy';

/**
 * The emulated Elster meter's time-of-use (TOU) registers (ID 508), fed by its PROGRAMMED calendar: register i
 * accumulates its source quantity (ID 667, TouSource) while the calendar's active rate equals the register's rate
 * (or always, for a register of "every rate"). The active rate at each instant comes from schemes/rate-timeline.ts
 * `RateTimeline` — the same code the scheme editor's simulation uses — at 1-minute precision in the meter's time
 * zone, with the scheme's DST rule (repeated hour, DST off = standard time all year).
 *
 * Programming a new calendar or new sources starts a new EPOCH from the meter time of the write: energy counted
 * before stays; from then on the new calendar decides. A calendar whose images do not yet agree (e.g. new day
 * profiles written, their week profiles not yet) is not applied: the previous one stays in force
 * (tariff.ts decides; ASSUMPTION of this emulator).
 *
 * Quantities from the consumption model (EnergyTotals): active import / export; Q1 and reactive import = reactive
 * import, Q4 and reactive export = reactive export, Q2 / Q3 = 0 (the model has no capacitive import or inductive
 * export); apparent import / export ≈ √(P² + Q²) of each rate run's totals (an approximation). Units kWh / kvarh / kVAh.
 */

/** A TOU configuration: the calendar's rate timeline and the source of each register. */
export interface TouConfig {
  readonly timeline: RateTimeline;
  readonly sources: readonly TouSource[];
}

interface Epoch extends TouConfig {
  readonly fromUtcMs: number;
  /** Sums of whole UTC days from the epoch's start up to `until` (a day boundary), per register. */
  cache: { until: number; sums: number[] } | null;
}

/** Energy of `q` in one run (see the module comment). */
export function quantityEnergy(e: EnergyTotals, q: Quantity): number {
  switch (q) {
    case 'active-import': return e.importKwh;
    case 'active-export': return e.exportKwh;
    case 'reactive-q1':
    case 'reactive-import': return e.reactiveImportKvarh;
    case 'reactive-q4':
    case 'reactive-export': return e.reactiveExportKvarh;
    case 'reactive-q2':
    case 'reactive-q3': return 0;
    case 'apparent-import': return Math.hypot(e.importKwh, e.reactiveImportKvarh);
    case 'apparent-export': return Math.hypot(e.exportKwh, e.reactiveExportKvarh);
  }
}

/** TOU registers of one meter: the programming history (epochs) and the accumulation. */
export class TouRegisters {
  private readonly history: Epoch[];

  /** @param initial the factory configuration, in force from the installation on. */
  constructor(
    private readonly energy: MeterEnergy,
    readonly registers: number,
    initial: TouConfig,
  ) {
    this.history = [{ ...this.check(initial), fromUtcMs: -Infinity, cache: null }];
  }

  /** The configuration in force now (the last one programmed). */
  get current(): TouConfig {
    return this.history[this.history.length - 1]!;
  }

  private check(c: TouConfig): TouConfig {
    if (c.sources.length !== this.registers) throw new RangeError(`the meter has ${this.registers} TOU registers; ${c.sources.length} sources were given`);
    return { timeline: c.timeline, sources: [...c.sources] };
  }

  /** Program a new configuration from meter time `fromUtcMs` on. @throws RangeError when the source count differs. */
  program(config: TouConfig, fromUtcMs: number): void {
    const next: Epoch = { ...this.check(config), fromUtcMs, cache: null };
    const last = this.history[this.history.length - 1]!;
    if (last.fromUtcMs === fromUtcMs) this.history[this.history.length - 1] = next;
    else this.history.push(next);
  }

  /** TOU register values at meter time `t`, kWh (kvarh, kVAh), one per register. */
  values(t: number): number[] {
    const acc = new Array<number>(this.registers).fill(0);
    this.history.forEach((epoch, k) => {
      const a = Math.max(epoch.fromUtcMs, this.energy.installedUtcMs);
      const b = Math.min(this.history[k + 1]?.fromUtcMs ?? t, t);
      if (b > a) this.epochSum(epoch, a, b, acc);
    });
    return acc;
  }

  /** Add [a, b) of `epoch` to `acc`, whole UTC days from the epoch's cache. */
  private epochSum(epoch: Epoch, a: number, b: number, acc: number[]): void {
    const dayEnd = Math.floor(b / DAY_MS) * DAY_MS;
    if (dayEnd > a && (epoch.cache === null || epoch.cache.until <= dayEnd)) {
      const from = epoch.cache?.until ?? a;
      const sums = epoch.cache?.sums ?? new Array<number>(this.registers).fill(0);
      if (dayEnd > from) this.accumulate(epoch, from, dayEnd, sums);
      epoch.cache = { until: dayEnd, sums };
    }
    const c = epoch.cache;
    if (c !== null && c.until <= b) {
      c.sums.forEach((v, i) => (acc[i]! += v));
      this.accumulate(epoch, Math.max(a, c.until), b, acc);
    } else {
      this.accumulate(epoch, a, b, acc);
    }
  }

  private accumulate(epoch: TouConfig, a: number, b: number, acc: number[]): void {
    if (b <= a) return;
    for (const [from, to, rate] of epoch.timeline.segments(a, b)) {
      const e = this.energy.between(from, to);
      epoch.sources.forEach((s, i) => {
        if (s.quantity !== null && (s.rate === null || s.rate === rate)) acc[i]! += quantityEnergy(e, s.quantity);
      });
    }
  }
}
