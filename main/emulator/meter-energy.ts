import { addEnergy, type ConsumptionModel, DAY_MS, type EnergyTotals, SLOT_MS, ZERO_ENERGY } from './consumption';
import type { ZoneClock } from './zone-clock';

/**
 * The emulated meter's energy accounting on top of the consumption model: what its registers count from the
 * installation date, split by tariff rate, without the energy of the simulated power failure (the site has no
 * supply then), maximum demand over 15-minute periods, and the monthly billing resets.
 * All instants are UTC ms on the METER's clock; local wall time comes from the meter's time zone.
 */

/** A span without supply (simulated power failure): [startUtcMs, endUtcMs). */
export interface Outage {
  readonly startUtcMs: number;
  readonly endUtcMs: number;
}

/** Cumulative registers at an instant. Energies in kWh / kvarh. */
export interface Cumulative {
  readonly total: EnergyTotals;
  /** Active import by rate T1…T4 (index 0…3), kWh. */
  readonly importByRate: readonly number[];
  /** Active export by rate T1…T4 (index 0…3), kWh. */
  readonly exportByRate: readonly number[];
}

/** Maximum 15-minute average demand, kW, and the end of the 15-minute period it occurred in (UTC ms; null when none). */
export interface MaxDemand {
  readonly importKw: number;
  readonly importAtUtcMs: number | null;
  readonly exportKw: number;
  readonly exportAtUtcMs: number | null;
}

/** Tariff rates of the fixed time-of-use schedule, local time. See `tariffRate`. */
export type TariffRate = 1 | 2 | 3 | 4;

/**
 * Fixed time-of-use schedule (local time): Saturday and Sunday all day T4 (weekend); Monday–Friday
 * 23:00–07:00 T3 (night), 16:00–19:00 T2 (peak), other hours T1 (day).
 * @param weekday ISO weekday 1 = Monday … 7 = Sunday; @param minuteOfDay 0…1439.
 */
export function tariffRate(weekday: number, minuteOfDay: number): TariffRate {
  if (weekday >= 6) return 4;
  const h = Math.floor(minuteOfDay / 60);
  if (h >= 23 || h < 7) return 3;
  if (h >= 16 && h < 19) return 2;
  return 1;
}

interface DayRecord {
  total: EnergyTotals;
  imp: number[];
  exp: number[];
}

/** Register accounting of one emulated meter. */
export class MeterEnergy {
  private readonly dayCache = new Map<number, DayRecord>();
  private readonly demandCache = new Map<string, MaxDemand>();

  constructor(
    private readonly model: ConsumptionModel,
    private readonly clock: ZoneClock,
    /** Installation instant, UTC ms; registers count from here. Should lie on a 15-minute boundary. */
    readonly installedUtcMs: number,
    /** The simulated power failure, or null. */
    readonly outage: Outage | null,
    /**
     * The rate (1…4) in force at a UTC instant, instead of the fixed schedule `tariffRate` (the generic meter's
     * `scheme` option: a RateTimeline of a tariff scheme; added for the report tests, issue 15).
     */
    private readonly rateOf: ((utcMs: number) => number) | null = null,
  ) {}

  /** True when the meter had supply at `utcMs` (installed and not in the power failure). */
  powered(utcMs: number): boolean {
    if (utcMs < this.installedUtcMs) return false;
    return !(this.outage && utcMs >= this.outage.startUtcMs && utcMs < this.outage.endUtcMs);
  }

  /** Rate in force at `utcMs` (by the meter's local time). */
  rateAt(utcMs: number): TariffRate {
    if (this.rateOf !== null) return Math.min(4, Math.max(1, this.rateOf(utcMs))) as TariffRate;
    const l = this.clock.local(utcMs);
    return tariffRate(l.weekday, l.minuteOfDay);
  }

  /** Energy the meter counted between t0 and t1 (UTC ms): the model's energy after installation, minus the outage. */
  between(t0: number, t1: number): EnergyTotals {
    const a = Math.max(t0, this.installedUtcMs);
    if (t1 <= a) return ZERO_ENERGY;
    let e = this.model.energyBetween(a, t1);
    if (this.outage) {
      const os = Math.max(a, this.outage.startUtcMs);
      const oe = Math.min(t1, this.outage.endUtcMs);
      if (oe > os) e = addEnergy(e, this.model.energyBetween(os, oe), -1);
    }
    return e;
  }

  /** Cumulative registers at `utcMs`: whole UTC days memoised, then 15-minute slots, then the partial slot. */
  cumulative(utcMs: number): Cumulative {
    let total = ZERO_ENERGY;
    const imp = [0, 0, 0, 0];
    const exp = [0, 0, 0, 0];
    const add = (e: EnergyTotals, rate: TariffRate) => {
      total = addEnergy(total, e);
      imp[rate - 1]! += e.importKwh;
      exp[rate - 1]! += e.exportKwh;
    };
    const lastDay = Math.floor(utcMs / DAY_MS);
    for (let d = Math.floor(this.installedUtcMs / DAY_MS); d < lastDay; d++) {
      const r = this.day(d);
      total = addEnergy(total, r.total);
      for (let k = 0; k < 4; k++) {
        imp[k]! += r.imp[k]!;
        exp[k]! += r.exp[k]!;
      }
    }
    let t = Math.max(lastDay * DAY_MS, Math.floor(this.installedUtcMs / SLOT_MS) * SLOT_MS);
    for (; t + SLOT_MS <= utcMs; t += SLOT_MS) add(this.between(t, t + SLOT_MS), this.rateAt(t));
    if (t < utcMs) add(this.between(t, utcMs), this.rateAt(t));
    return { total, importByRate: imp, exportByRate: exp };
  }

  /**
   * Maximum demand over the 15-minute periods (aligned to the quarter hour) that lie wholly in [fromUtcMs, toUtcMs):
   * average power = period energy × 4. Results for periods that have ended are memoised.
   */
  maxDemand(fromUtcMs: number, toUtcMs: number): MaxDemand {
    const key = `${fromUtcMs}:${toUtcMs}`;
    const hit = this.demandCache.get(key);
    if (hit) return hit;
    let r: MaxDemand = { importKw: 0, importAtUtcMs: null, exportKw: 0, exportAtUtcMs: null };
    for (let t = Math.ceil(fromUtcMs / SLOT_MS) * SLOT_MS; t + SLOT_MS <= toUtcMs; t += SLOT_MS) {
      const e = this.between(t, t + SLOT_MS);
      if (e.importKwh * 4 > r.importKw) r = { ...r, importKw: e.importKwh * 4, importAtUtcMs: t + SLOT_MS };
      if (e.exportKwh * 4 > r.exportKw) r = { ...r, exportKw: e.exportKwh * 4, exportAtUtcMs: t + SLOT_MS };
    }
    if (toUtcMs % SLOT_MS === 0) this.demandCache.set(key, r);
    return r;
  }

  /**
   * Billing resets (1st of each month, 00:00 local) after installation and up to `utcMs`, oldest first, UTC ms.
   */
  billingResets(utcMs: number): number[] {
    const out: number[] = [];
    const first = this.clock.local(this.installedUtcMs);
    let y = first.year;
    let m = first.month;
    for (;;) {
      m += 1;
      if (m > 12) {
        m = 1;
        y += 1;
      }
      const t = this.clock.toUtc({ year: y, month: m, day: 1 });
      if (t > utcMs) return out;
      if (t > this.installedUtcMs) out.push(t);
    }
  }

  private day(d: number): DayRecord {
    let r = this.dayCache.get(d);
    if (r) return r;
    let total = ZERO_ENERGY;
    const imp = [0, 0, 0, 0];
    const exp = [0, 0, 0, 0];
    for (let t = d * DAY_MS; t < (d + 1) * DAY_MS; t += SLOT_MS) {
      if (t + SLOT_MS <= this.installedUtcMs) continue;
      const e = this.between(t, t + SLOT_MS);
      const rate = this.rateAt(t);
      total = addEnergy(total, e);
      imp[rate - 1]! += e.importKwh;
      exp[rate - 1]! += e.exportKwh;
    }
    r = { total, imp, exp };
    this.dayCache.set(d, r);
    return r;
  }
}
