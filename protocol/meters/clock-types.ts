import type { ClockAdjustPlan } from './elster/clock-plan';

/**
 * Shapes shared by the clock functions of every meter dialect (protocol/meters/clock.ts). Times: `…Utc` are
 * ISO instants in UTC; `…Local` are the meter's wall clock without offset; drift in ms, positive = meter fast.
 */

/** What the meter's clock said, and how far it is off. */
export interface ClockReading {
  /** The meter's wall clock as read, `YYYY-MM-DDThh:mm:ss`. */
  readonly meterLocal: string;
  /** The same instant in UTC (by the meter's season digit when it sent one, else by the time zone's rules). */
  readonly meterUtc: string;
  /** Workstation time at the middle of the request/answer exchange, ISO UTC. */
  readonly readAtUtc: string;
  /** meter − workstation, ms (positive = meter fast). Meters count whole seconds, so ±1 s is noise. */
  readonly driftMs: number;
}

/** Options of the clock functions. */
export interface ClockOptions {
  /** IANA time zone of the meter's wall clock, e.g. `Europe/London`. */
  readonly timeZone: string;
  /** The true time (workstation clock, UTC ms); default Date.now. */
  readonly now?: () => number;
  /** Elster: integration period in minutes for the adjust plan; default 30. */
  readonly integrationPeriodMin?: number;
  /** Elster: the security level 3 password for a clock set, when the session was opened with another one. */
  readonly level3Password?: string;
}

/** Result of a clock set. */
export interface ClockSetResult {
  /** The clock before the set. */
  readonly before: ClockReading;
  /** Wall-clock time written, `YYYY-MM-DDThh:mm:ss`. */
  readonly writtenLocal: string;
}

/** Result of a clock adjust (the meter then creeps towards the right time, see `plan`). */
export interface ClockAdjustResult {
  readonly before: ClockReading;
  readonly plan: ClockAdjustPlan;
  /** Wall-clock time written as the adjust target, or null when nothing needed adjusting. */
  readonly writtenLocal: string | null;
}
