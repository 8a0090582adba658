import type { MeterEnergy } from './meter-energy';

/**
 * The emulated meter's event record, shared by the generic meter (logbook P.98) and the Elster meter (ID 544):
 * the events that follow from the simulation (the power failure, monthly billing resets) plus those the
 * sessions cause (clock set / adjust, programming, refused passwords, locks). Times are the METER's clock, UTC ms.
 * Event codes are this emulator's own numbering (no public source fixes them); they are what P.98 sends as the
 * event code (4 digits) and the record order of the Elster events data ID 544.
 */

/** Kinds of events, in code order. */
export const METER_EVENT_KINDS = [
  'power-down',
  'power-up',
  'clock-set',
  'clock-adjust',
  'programming',
  'billing-reset',
  'password-failure',
  'locked',
] as const;

/** One kind of event. */
export type MeterEventKind = (typeof METER_EVENT_KINDS)[number];

/** Event code of a kind: position + 1, e.g. power-down = 1, clock-set = 3, programming = 5. */
export function eventCode(kind: MeterEventKind): number {
  return METER_EVENT_KINDS.indexOf(kind) + 1;
}

/** One event. */
export interface MeterEvent {
  readonly kind: MeterEventKind;
  /** When, meter clock, UTC ms. */
  readonly utcMs: number;
  /** Plain-language detail (e.g. the clock before and after), for logs. */
  readonly detail: string;
}

/** Events of one meter. */
export class MeterEvents {
  private readonly caused: MeterEvent[] = [];

  /** @param energy the meter's energy accounting (its outage and billing resets are events). */
  constructor(private readonly energy: MeterEnergy) {}

  /** Record an event a session caused. */
  add(kind: MeterEventKind, utcMs: number, detail = ''): void {
    this.caused.push({ kind, utcMs, detail });
  }

  /** Simulated events up to meter time `t` (inclusive) and every session-caused event, oldest first. */
  list(t: number): MeterEvent[] {
    const out: MeterEvent[] = [];
    const o = this.energy.outage;
    if (o && o.startUtcMs <= t) out.push({ kind: 'power-down', utcMs: o.startUtcMs, detail: 'supply lost' });
    if (o && o.endUtcMs <= t) out.push({ kind: 'power-up', utcMs: o.endUtcMs, detail: 'supply restored' });
    for (const r of this.energy.billingResets(t)) out.push({ kind: 'billing-reset', utcMs: r, detail: 'monthly billing reset' });
    out.push(...this.caused); // they happened, even if the clock was set back since
    return out.sort((a, b) => a.utcMs - b.utcMs);
  }

  /** Per kind (METER_EVENT_KINDS order): how many up to `t`, and the time of the last one (null when none). */
  counters(t: number): { kind: MeterEventKind; count: number; lastUtcMs: number | null }[] {
    const all = this.list(t);
    return METER_EVENT_KINDS.map((kind) => {
      const mine = all.filter((e) => e.kind === kind);
      return { kind, count: mine.length, lastUtcMs: mine.length > 0 ? mine[mine.length - 1]!.utcMs : null };
    });
  }

  /** Events a session caused (not the simulated ones), in order. */
  get sessionEvents(): readonly MeterEvent[] {
    return this.caused;
  }

  /** Put back events a session caused earlier (an emulated meter restored from its saved state). */
  restore(events: readonly MeterEvent[]): void {
    this.caused.splice(0, this.caused.length, ...events);
  }
}
