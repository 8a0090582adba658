/**
 * The "emulated substation": 20 emulated meters behind the three kinds of remote link — 8 on an RS-485 bus, 8 behind
 * TCP servers, 4 behind a dial-up modem — with its meter list (places Emulated / Emulated substation / one feeder
 * per kind), so a newcomer can try collection at once (`pmu meters demo`, the meter manager's "Add the emulated
 * substation"), and the end-to-end tests and `pmu simulate --substation` serve it over real ptys and sockets.
 */
import type { GenericMeter } from '../generic/meter';
import { createFleetMeters } from './fleet-meters';

/** How many meters of each kind. */
export const SUBSTATION_SIZES = { bus: 8, tcp: 8, modem: 4 } as const;

/** Phone number of modem meter `i` (1-based): 0101, 0102, … */
export const modemNumber = (i: number) => `01${String(i).padStart(2, '0')}`;

/** The meters of an emulated substation (each kind with its own serial prefix). */
export interface SubstationMeters {
  readonly bus: GenericMeter[];
  readonly tcp: GenericMeter[];
  readonly modem: GenericMeter[];
}

/** New meters for a substation whose clocks run on `now` (default the host clock). */
export function createSubstationMeters(o: { now?: () => number; timeZone?: string } = {}): SubstationMeters {
  const common = { ...(o.now ? { now: o.now } : {}), ...(o.timeZone ? { timeZone: o.timeZone } : {}) };
  return {
    bus: createFleetMeters(SUBSTATION_SIZES.bus, { prefix: 'EMU-B', seed: 2000, ...common }),
    tcp: createFleetMeters(SUBSTATION_SIZES.tcp, { prefix: 'EMU-T', seed: 3000, ...common }),
    modem: createFleetMeters(SUBSTATION_SIZES.modem, { prefix: 'EMU-M', seed: 4000, ...common }),
  };
}

/** One meter-list row of the substation. */
export interface SubstationEntry {
  readonly serial: string;
  readonly link: string;
  readonly feeder: 'Bus feeder' | 'TCP feeder' | 'Modem feeder';
}

/**
 * The meter list of a substation whose lines are named `busLine` (a port name), `modemLine` (a serial port name)
 * and whose TCP meters are reached at `tcpLinks[i]`.
 */
export function substationEntries(m: SubstationMeters, lines: { busLine: string; modemLine: string; tcpLinks: readonly string[] }): SubstationEntry[] {
  return [
    ...m.bus.map((x) => ({ serial: x.serial, link: `bus:${lines.busLine}#${x.deviceAddress}`, feeder: 'Bus feeder' as const })),
    ...m.tcp.map((x, i) => ({ serial: x.serial, link: lines.tcpLinks[i]!, feeder: 'TCP feeder' as const })),
    ...m.modem.map((x, i) => ({ serial: x.serial, link: `modem:${lines.modemLine}#${modemNumber(i + 1)}`, feeder: 'Modem feeder' as const })),
  ];
}

/** Place path of the substation's meters: Emulated / Emulated substation / <feeder> / Place <serial>. */
export const SUBSTATION_REGION = 'Emulated';
export const SUBSTATION_NAME = 'Emulated substation';
