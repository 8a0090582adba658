import { ZoneClock } from './zone-clock';

/**
 * Deterministic consumption model behind the emulated meter: what a household or small commercial site draws
 * from (and feeds into) the grid at any instant. Everything is a pure function of (seed, profile, time zone,
 * UTC ms); caches only memoise.
 *
 * Model (documented so tests and readers can reason about it):
 * - Power is constant within each UTC minute, so energy is the exact integral of the power (a sum of minutes,
 *   pro-rated for partial minutes) and load-profile intervals sum exactly to register deltas.
 * - Load (kW) follows a daily shape in LOCAL time (morning and evening peaks for a household, office hours for
 *   commercial), differs on weekends (Sat/Sun), is higher in winter, and carries seeded noise per 15 minutes and
 *   per minute plus occasional appliance bursts.
 * - A small PV system (household 1.2 kWp, commercial 8 kWp) produces around local noon, more in summer; what it
 *   produces beyond the load is exported (`exportKw`). Import and export are never both non-zero.
 * - Reactive power: the load draws inductive reactive power (tan φ 0.25…0.35); the PV inverter supplies some
 *   (0.3 kvar per kW); the net is reactive import (Q+, kvar) or export (Q−).
 * - Grid: phase voltages ~230 V, currents from the power, frequency ~50 Hz (instantaneous values only).
 */

/**
 * Kind of site the model imitates. `constant` (report tests, issue 15; reader tests against the emulator, issue 10): a
 * steady load of `constantKw` (default 1 kW) import, no PV, no reactive power, no noise — energies that can be checked
 * by hand (1 kW → 0.5 kWh per 30 min).
 */
export type ConsumptionProfile = 'household' | 'commercial' | 'constant';

/** Options of the model. */
export interface ConsumptionOptions {
  /** Seed of the pseudo-noise (any integer), default 1. Same seed = same consumption. */
  readonly seed?: number;
  /** IANA time zone of the site's daily rhythm, default `Europe/London`. */
  readonly timeZone?: string;
  /** Household (default, ~4 MWh/year), commercial (~60 MWh/year) or constant. */
  readonly profile?: ConsumptionProfile;
  /** Load of the `constant` profile, kW (default 1). */
  readonly constantKw?: number;
}

/**
 * What every emulated meter (generic and Elster) shares about its clock and its site: zone, host clock, drift,
 * installation instant and the consumption model's options. Each meter's options extend it.
 */
export interface EmulatedSiteOptions extends ConsumptionOptions {
  /** IANA time zone of the meter clock (and of the site's daily rhythm), default `Europe/London`. */
  readonly timeZone?: string;
  /** Host clock, UTC ms; default `Date.now`. */
  readonly now?: () => number;
  /** Meter clock drift: meter time = host time + this, ms. Default 0. */
  readonly clockOffsetMs?: number;
  /** Installation instant (registers count from here), UTC ms; default local midnight 400 days before start. */
  readonly installedUtcMs?: number;
}

/** Power flows at an instant (constant within the UTC minute). kW / kvar, all ≥ 0. */
export interface PowerSample {
  readonly importKw: number;
  readonly exportKw: number;
  readonly reactiveImportKvar: number;
  readonly reactiveExportKvar: number;
}

/** Energy over a time span. kWh / kvarh, all ≥ 0. */
export interface EnergyTotals {
  readonly importKwh: number;
  readonly exportKwh: number;
  readonly reactiveImportKvarh: number;
  readonly reactiveExportKvarh: number;
}

/** Instantaneous grid quantities. */
export interface GridSample {
  /** L1, L2, L3 voltage, V. */
  readonly voltagesV: readonly [number, number, number];
  /** L1, L2, L3 current, A. */
  readonly currentsA: readonly [number, number, number];
  /** Grid frequency, Hz. */
  readonly frequencyHz: number;
}

/** Milliseconds per minute / 15-minute slot / UTC day. */
export const MINUTE_MS = 60_000;
export const SLOT_MS = 900_000;
export const DAY_MS = 86_400_000;

/** All-zero energy totals. */
export const ZERO_ENERGY: EnergyTotals = { importKwh: 0, exportKwh: 0, reactiveImportKvarh: 0, reactiveExportKvarh: 0 };

/** a + k·b, field by field. */
export function addEnergy(a: EnergyTotals, b: EnergyTotals, k = 1): EnergyTotals {
  return {
    importKwh: a.importKwh + k * b.importKwh,
    exportKwh: a.exportKwh + k * b.exportKwh,
    reactiveImportKvarh: a.reactiveImportKvarh + k * b.reactiveImportKvarh,
    reactiveExportKvarh: a.reactiveExportKvarh + k * b.reactiveExportKvarh,
  };
}

/** Seeded hash of an integer index → [0, 1). */
function noise(seed: number, index: number, salt: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index >>> 0, 0xc2b2ae35) ^ Math.imul(salt, 0x27d4eb2f);
  h ^= Math.floor(index / 4294967296);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

interface SlotParams {
  load: number;
  pv: number;
  tanPhi: number;
  burst: boolean;
}

const bump = (x: number, centre: number, width: number) => Math.exp(-(((x - centre) / width) ** 2));

/** The consumption model. Construct once per emulated site; methods are pure (memoised). */
export class ConsumptionModel {
  readonly seed: number;
  readonly profile: ConsumptionProfile;
  readonly constantKw: number;
  readonly clock: ZoneClock;
  private readonly days = new Map<number, Float64Array>();

  /** @throws RangeError for an unknown time zone or a negative / non-finite `constantKw`. */
  constructor(opts: ConsumptionOptions = {}) {
    this.seed = (opts.seed ?? 1) | 0;
    this.profile = opts.profile ?? 'household';
    this.constantKw = opts.constantKw ?? 1;
    if (!(Number.isFinite(this.constantKw) && this.constantKw >= 0)) throw new RangeError(`constant power ${this.constantKw} kW is not a number ≥ 0`);
    this.clock = new ZoneClock(opts.timeZone ?? 'Europe/London');
  }

  /** Power flows during the UTC minute containing `utcMs`. */
  powerAt(utcMs: number): PowerSample {
    const m = Math.floor(utcMs / MINUTE_MS);
    return this.minutePower(this.slotParams(Math.floor((m * MINUTE_MS) / SLOT_MS)), m);
  }

  /**
   * The smooth part of the model for one 15-minute slot: daily shape at the slot's local mid-time, weekday /
   * weekend, season, slot noise, PV. Minute-level noise and appliance bursts are added by `minutePower`.
   */
  private slotParams(slot: number): SlotParams {
    if (this.profile === 'constant') return { load: this.constantKw, pv: 0, tanPhi: 0, burst: false };
    const t = slot * SLOT_MS + SLOT_MS / 2;
    const local = t + this.clock.offsetMinutes(t) * MINUTE_MS;
    const localDay = Math.floor(local / DAY_MS);
    const hour = (local - localDay * DAY_MS) / 3_600_000;
    const weekend = ((localDay + 3) % 7) + 1 >= 6;
    const season = Math.cos((2 * Math.PI * (((localDay - 10957) % 365.2425) - 15)) / 365.2425); // 1 mid-Jan, −1 mid-Jul
    const s = this.seed;
    let load: number;
    if (this.profile === 'household') {
      load = 0.22 + 0.1 * bump(hour, 3, 6);
      load += weekend ? 0.9 * bump(hour, 9.5, 1.5) + 0.45 * bump(hour, 13, 2.5) : 1.1 * bump(hour, 7.4, 0.9);
      load += (weekend ? 1.5 : 1.4) * bump(hour, 19, 2);
      load *= 1 + 0.25 * season;
      load *= 0.75 + 0.5 * noise(s, slot, 1);
    } else {
      const open = weekend ? 0 : Math.min(1, Math.max(0, (hour - 7) / 1.5)) * Math.min(1, Math.max(0, (18.5 - hour) / 1.5));
      load = 3 + 15 * open + 1.5 * bump(hour, 12.5, 1);
      load *= 1 + 0.15 * season;
      load *= 0.85 + 0.3 * noise(s, slot, 1);
    }
    const halfDay = 6 - 2.2 * season; // hours of daylight either side of 12:30 local
    const sunX = (hour - (12.5 - halfDay)) / (2 * halfDay);
    let pv = 0;
    if (sunX > 0 && sunX < 1) {
      const peakKw = this.profile === 'household' ? 1.2 : 8;
      const cloud = 0.3 + 0.7 * noise(s, localDay, 4);
      pv = peakKw * Math.sin(Math.PI * sunX) ** 1.5 * (0.65 - 0.35 * season) * cloud * (0.75 + 0.25 * noise(s, slot, 5));
    }
    const burst = this.profile === 'household' && noise(s, slot, 3) < 0.08; // kettle, oven, washing machine heater
    return { load, pv, tanPhi: 0.25 + 0.1 * noise(s, slot, 6), burst };
  }

  /** Power of minute `m` (UTC minutes since the epoch) within its slot. */
  private minutePower(p: SlotParams, m: number): PowerSample {
    if (this.profile === 'constant') return { importKw: p.load, exportKw: 0, reactiveImportKvar: 0, reactiveExportKvar: 0 };
    let load = p.load * (this.profile === 'household' ? 0.85 + 0.3 * noise(this.seed, m, 2) : 0.9 + 0.2 * noise(this.seed, m, 2));
    if (p.burst && m % 15 < 4) load += 2.0;
    const net = load - p.pv;
    const q = load * p.tanPhi - 0.3 * p.pv;
    return {
      importKw: Math.max(0, net),
      exportKw: Math.max(0, -net),
      reactiveImportKvar: Math.max(0, q),
      reactiveExportKvar: Math.max(0, -q),
    };
  }

  /** Energy of the 15-minute slot `slot` (UTC ms / 900 000, i.e. starting at slot × 15 min). */
  slotEnergy(slot: number): EnergyTotals {
    const day = this.day(Math.floor((slot * SLOT_MS) / DAY_MS));
    const i = (slot - Math.floor((slot * SLOT_MS) / DAY_MS) * 96) * 4;
    return { importKwh: day[i]!, exportKwh: day[i + 1]!, reactiveImportKvarh: day[i + 2]!, reactiveExportKvarh: day[i + 3]! };
  }

  /**
   * Exact energy between two instants (UTC ms), t0 < t1; zero when t1 ≤ t0. kWh / kvarh.
   * Whole UTC days, 15-minute slots and minutes come from memoised sums; partial minutes are pro-rated.
   */
  energyBetween(t0: number, t1: number): EnergyTotals {
    let acc = [0, 0, 0, 0];
    let t = t0;
    while (t < t1) {
      if (t % DAY_MS === 0 && t + DAY_MS <= t1) {
        const d = this.day(t / DAY_MS);
        for (let k = 0; k < 4; k++) acc[k]! += d[96 * 4 + k]!;
        t += DAY_MS;
      } else if (t % SLOT_MS === 0 && t + SLOT_MS <= t1) {
        const e = this.slotEnergy(t / SLOT_MS);
        acc = [acc[0]! + e.importKwh, acc[1]! + e.exportKwh, acc[2]! + e.reactiveImportKvarh, acc[3]! + e.reactiveExportKvarh];
        t += SLOT_MS;
      } else {
        const end = Math.min(t1, Math.floor(t / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
        const p = this.powerAt(t);
        const h = (end - t) / 3_600_000;
        acc = [acc[0]! + p.importKw * h, acc[1]! + p.exportKw * h, acc[2]! + p.reactiveImportKvar * h, acc[3]! + p.reactiveExportKvar * h];
        t = end;
      }
    }
    return { importKwh: acc[0]!, exportKwh: acc[1]!, reactiveImportKvarh: acc[2]!, reactiveExportKvarh: acc[3]! };
  }

  /** Voltages, currents and frequency at `utcMs` (currents consistent with `powerAt`). */
  gridAt(utcMs: number): GridSample {
    const tenS = Math.floor(utcMs / 10_000);
    const p = this.powerAt(utcMs);
    const v = [0, 1, 2].map((k) => 229 + 4 * noise(this.seed, tenS, 10 + k) - 3 * (p.importKw / 20)) as [number, number, number];
    const share = [0.5, 0.3, 0.2];
    const apparentKva = Math.hypot(p.importKw + p.exportKw, p.reactiveImportKvar + p.reactiveExportKvar);
    const i = [0, 1, 2].map((k) => (apparentKva * 1000 * share[k]!) / v[k]!) as [number, number, number];
    return { voltagesV: v, currentsA: i, frequencyHz: 49.97 + 0.06 * noise(this.seed, tenS, 13) };
  }

  /** Per-UTC-day memo: 96 slots × 4 energies, then the 4 day totals. */
  private day(dayIndex: number): Float64Array {
    let d = this.days.get(dayIndex);
    if (d) return d;
    d = new Float64Array(97 * 4);
    const t0 = dayIndex * DAY_MS;
    const m0 = t0 / MINUTE_MS;
    let params = this.slotParams(t0 / SLOT_MS);
    for (let m = 0; m < 1440; m++) {
      if (m > 0 && m % 15 === 0) params = this.slotParams((t0 + m * MINUTE_MS) / SLOT_MS);
      const p = this.minutePower(params, m0 + m);
      const i = Math.floor(m / 15) * 4;
      d[i] = d[i]! + p.importKw / 60;
      d[i + 1] = d[i + 1]! + p.exportKw / 60;
      d[i + 2] = d[i + 2]! + p.reactiveImportKvar / 60;
      d[i + 3] = d[i + 3]! + p.reactiveExportKvar / 60;
    }
    for (let s = 0; s < 96; s++) for (let k = 0; k < 4; k++) d[96 * 4 + k] = d[96 * 4 + k]! + d[s * 4 + k]!;
    this.days.set(dayIndex, d);
    return d;
  }
}
