import type { ElsterModel } from '../../../protocol/meters/elster/model';
import type { MeterClock } from '../meter-clock';
import type { MeterEnergy } from '../meter-energy';
import type { MeterEvents } from '../meter-events';
import type { ZoneClock } from '../zone-clock';
import type { ElsterLoadProfileStore } from './load-profile';
import type { ElsterTariffImages } from './tariff';
import type { TouRegisters } from './tou';

/**
 * What the parts of the emulated Elster meter (session.ts, access.ts, registers.ts) need from the meter: an interface,
 * so they do not import meter.ts (no import cycle). meter.ts implements it.
 */

/** Models of the emulated Elster meter. */
export type ElsterModelName = 'a1140' | 'a1700';

/** The meter's own programming log (680): count and the last three programmings, newest first. */
export interface ProgrammingAudit {
  count: number;
  /** Meter times (UTC ms) of the last programmings, newest first (at most 3). */
  times: number[];
  /** User IDs written to 681 before each ('' when none), newest first. */
  users: string[];
  /** How each was made: 0 optical port (the only port this emulator has). */
  sources: number[];
}

/** The emulated Elster meter as its parts see it. */
export interface ElsterMeterCore {
  readonly modelName: ElsterModelName;
  /** Sizes and layouts: the meter definition of the model (protocol/meters/elster/model.ts). */
  readonly model: ElsterModel;
  readonly identification: string;
  readonly serial: string;
  readonly firmware: string;
  schemeId: string;
  readonly zone: ZoneClock;
  readonly rtc: MeterClock;
  readonly energy: MeterEnergy;
  readonly events: MeterEvents;
  readonly tou: TouRegisters;
  readonly tariff: ElsterTariffImages;
  readonly loadProfile: ElsterLoadProfileStore;
  readonly audit: ProgrammingAudit;
  /** Meter times (after the set) of clock sets, for the load profile's EA markers. */
  readonly timeChanges: number[];
  readonly passwords: Readonly<Record<1 | 2 | 3, string | null>>;
  readonly optionSelect: 'manufacturer' | 'iec1107';
  readonly lockAfterMs: number;
  readonly idleAfterMs: number;
  readonly creepStepMs: number;
  readonly random: () => number;
  /** Integration (capture) period, ms. */
  readonly periodMs: number;
  /** Meter clock now, UTC ms. */
  meterTimeMs(): number;
  /** A tariff image changed at meter time `t`: put the calendar and TOU sources in force. */
  reprogramTou(t: number): void;
  /** Count a programming (first programming write of a session). */
  recordProgramming(userId: string, t: number): void;
  /** The meter's state changed (a write): the registry saves it (persistence across processes). */
  changed(): void;
}
