/**
 * In-memory lines to emulated fleet meters for the app's built-in "emulated substation"
 * (main/links/emulated/substation.ts): one meter at a fixed line speed (as behind a TCP server), a bus of meters,
 * and a serial line to an emulated Hayes modem that calls meters by number. The client gets one end of an
 * in-memory link; the far end runs the emulator until `close`.
 */
import type { Transport } from '../../../protocol/iec62056-21/transport';
import type { GenericMeter } from '../generic/meter';
import { createLinkPair } from '../link';
import { runMeterOnTransport } from '..';
import { startBusMeters } from './bus-meters';
import { fixedSpeedTransport } from './fixed-speed';
import { startModem } from './modem';
import { modemNumber } from './substation';

/** A line: the client's end and how to stop the far side. */
export interface EmulatedLine {
  readonly transport: Transport;
  close(): Promise<void>;
}

/** One meter whose port runs at `baud` (a TCP server's serial side). */
export async function fixedSpeedMeterLine(meter: GenericMeter, baud: number, name: string): Promise<EmulatedLine> {
  const [client, far] = createLinkPair({ names: [name, `${name}-meter`] });
  await client.setBaudRate(baud);
  const running = runMeterOnTransport(meter, await fixedSpeedTransport(far, baud));
  // As a socket: the client's speed changes change nothing on this line (the far side keeps `baud`).
  const transport: Transport = { ...client, name: client.name, setBaudRate: async () => undefined };
  return { transport, close: async () => (await running.stop(), await client.close()) };
}

/** A bus of `meters` on one line (each meter answers its own device address). */
export function busLine(meters: readonly GenericMeter[], name: string): EmulatedLine {
  const [client, far] = createLinkPair({ names: [name, `${name}-bus`] });
  const bus = startBusMeters({ meters, line: far });
  return { transport: client, close: async () => (await bus.stop(), await client.close()) };
}

/** A serial line at `baud` to a modem that calls meter i at number 0101 + i − 1. */
export function modemLine(meters: readonly GenericMeter[], name: string, baud: number): EmulatedLine {
  const [client, far] = createLinkPair({ names: [name, `${name}-modem`] });
  void far.setBaudRate(baud);
  const modem = startModem({ line: far, meters: new Map(meters.map((m, i) => [modemNumber(i + 1), m])), connectRate: baud, dialMs: 300, guardMs: 1000 });
  return { transport: client, close: async () => (await modem.stop(), await client.close()) };
}
