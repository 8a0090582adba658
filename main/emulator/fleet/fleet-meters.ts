/**
 * Emulated meters of a fleet (the TCP, bus and modem emulators and the "emulated substation"): generic IEC 62056-21
 * mode C meters (../generic/meter.ts) with their own serial number, device address (= serial) and consumption seed,
 * so every meter's registers and load profile differ and are reproducible. No power failure by default (a fleet
 * test counts intervals; a meter's own outage is a separate case), load profile depth 60 days, installed 60 days
 * before start (the energy registers count from there: a fleet of meters installed 400 days ago, the single
 * emulated meter's default, costs each its first readout ~0.2 s of CPU, which 32 sessions at once in one emulator
 * process turn into missed reaction times).
 */
import { createEmulatedMeter, type GenericMeter, type GenericMeterOptions } from '..';

/** Options shared by the meters of one emulated fleet. */
export interface FleetMeterOptions {
  /** Serial number prefix; meter i (1-based) is `<prefix><i as 4 digits>`, e.g. `EMU-T0001`. */
  readonly prefix: string;
  /** IANA zone of the meter clocks, default Europe/London. */
  readonly timeZone?: string;
  /** Host clock for the meters (tests move time), default Date.now. */
  readonly now?: () => number;
  /** Highest mode C speed the meters offer, default 9600. */
  readonly maxBaud?: number;
  /** First consumption seed (meter i gets seed + i), default 1000. */
  readonly seed?: number;
  /** Anything else per meter (index 1-based). */
  readonly more?: (i: number) => Partial<GenericMeterOptions>;
}

/** The serial number of meter `i` (1-based) of a fleet with `prefix`. */
export function fleetSerial(prefix: string, i: number): string {
  return `${prefix}${String(i).padStart(4, '0')}`;
}

/** `count` emulated meters (see the file comment). */
export function createFleetMeters(count: number, o: FleetMeterOptions): GenericMeter[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + 1;
    return createEmulatedMeter({
      serial: fleetSerial(o.prefix, i),
      timeZone: o.timeZone ?? 'Europe/London',
      seed: (o.seed ?? 1000) + i,
      maxBaud: o.maxBaud ?? 9600,
      powerFailure: null,
      installedUtcMs: Math.floor(((o.now ?? Date.now)() - 60 * 86_400_000) / 86_400_000) * 86_400_000,
      identText: 'EMU-FLEET-1.0',
      ...(o.now ? { now: o.now } : {}),
      ...o.more?.(i),
    });
  });
}
