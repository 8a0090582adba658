/**
 * The emulated meter's real-time clock: host time plus a drift, which a clock SET replaces at once and a clock
 * ADJUST moves gradually ("creep"), as the Elster manual describes for security level 1: at most
 * `maxTotalMs` (7.5 min) in total and `stepMs` (about 5 s) per integration period
 * (../shared/reference/elster-dialect.md "Session" step 5; numbers in protocol/meters/elster/profile.ts).
 *
 * Creep model (this emulator's reading of the manual): an accepted adjust request of Δ (target − meter time
 * at the request) is applied in steps of `stepMs` each time the HOST clock crosses an integration-period
 * boundary (multiples of `periodMs` since the epoch), until all of Δ is applied. A new request replaces what is
 * still pending; `stepMs` = Infinity applies Δ at once. All times are UTC ms.
 */

/** Creep limits of a clock adjust. */
export interface CreepLimits {
  /** Largest |Δ| accepted, ms (Elster: 450 000 = 7.5 min). */
  readonly maxTotalMs: number;
  /** Largest correction per integration period, ms (Elster: 5 000); Infinity = at once. */
  readonly stepMs: number;
  /** Integration period, ms (e.g. 1 800 000 for 30 min). */
  readonly periodMs: number;
}

/** Result of an adjust request. */
export interface AdjustResult {
  readonly accepted: boolean;
  /** Requested correction Δ = target − meter time, ms (rounded to whole seconds). */
  readonly deltaMs: number;
}

/** A creep in progress. */
export interface Creep {
  readonly startHostMs: number;
  readonly deltaMs: number;
  readonly stepMs: number;
  readonly periodMs: number;
}

/** A meter clock on top of a host clock. */
export class MeterClock {
  private offsetMs: number;
  private creep: Creep | null = null;

  /**
   * @param hostNow host clock, UTC ms (Date.now in production, a test's clock in tests).
   * @param initialOffsetMs meter time − host time at start (drift), ms.
   */
  constructor(
    private readonly hostNow: () => number,
    initialOffsetMs = 0,
  ) {
    this.offsetMs = initialOffsetMs;
  }

  /** The clock's state as JSON-safe data (for emulated meters kept across processes, main/emulator/registry.ts). */
  snapshot(): { offsetMs: number; creep: Creep | null } {
    return { offsetMs: this.offsetMs, creep: this.creep };
  }

  /** Restore a {@link snapshot}. */
  restore(s: { offsetMs: number; creep: Creep | null }): void {
    this.offsetMs = s.offsetMs;
    this.creep = s.creep;
  }

  /** Meter time now, UTC ms. */
  now(): number {
    const host = this.hostNow();
    return host + this.offsetMs + this.applied(host);
  }

  /** Correction still to be crept, ms (0 when none). */
  pendingMs(): number {
    if (!this.creep) return 0;
    return this.creep.deltaMs - this.applied(this.hostNow());
  }

  private applied(host: number): number {
    const c = this.creep;
    if (!c) return 0;
    if (!Number.isFinite(c.stepMs)) return c.deltaMs;
    const steps = Math.max(0, Math.floor(host / c.periodMs) - Math.floor(c.startHostMs / c.periodMs));
    const mag = Math.min(Math.abs(c.deltaMs), steps * c.stepMs);
    return Math.sign(c.deltaMs) * mag;
  }

  /** Fold the creep applied so far into the offset and drop what is pending. */
  private settle(): void {
    if (this.creep) this.offsetMs += this.applied(this.hostNow());
    this.creep = null;
  }

  /** Set the clock to `meterUtcMs` at once (cancels a pending adjust). @returns the correction made, ms. */
  set(meterUtcMs: number): number {
    this.settle();
    const before = this.now();
    this.offsetMs += meterUtcMs - before;
    return meterUtcMs - before;
  }

  /**
   * Ask for a gradual adjust towards `targetUtcMs`. Refused (nothing changes) when |target − now| rounded to
   * whole seconds exceeds `limits.maxTotalMs`; else replaces any pending adjust.
   */
  adjust(targetUtcMs: number, limits: CreepLimits): AdjustResult {
    const deltaMs = Math.round((targetUtcMs - this.now()) / 1000) * 1000;
    if (Math.abs(deltaMs) > limits.maxTotalMs) return { accepted: false, deltaMs };
    this.settle();
    this.creep = deltaMs === 0 ? null : { startHostMs: this.hostNow(), deltaMs, stepMs: limits.stepMs, periodMs: limits.periodMs };
    return { accepted: true, deltaMs };
  }
}
