/**
 * `pmu simulate --bus <pty> --meters N`, `--modem <pty> --meters N` and `--gps <pty>`: the fleet emulators on a
 * serial port or one end of a socat pty pair, until stopped — N addressed meters on one RS-485 line; a Hayes modem
 * that calls meter i at number 01ii (0101, 0102, …); a GPS receiver sending NMEA RMC/ZDA every second. Like
 * `--tcp`, one line per meter on stdout and `--list <file>` writes a meter list for `pmu meters import`, naming the
 * OTHER end of the line as `--line-name` (the end the collector opens; default the same path).
 */
import { writeFile } from 'node:fs/promises';
import { startBusMeters } from '../emulator/fleet/bus-meters';
import { createFleetMeters, fleetSerial } from '../emulator/fleet/fleet-meters';
import { startGps } from '../emulator/fleet/gps';
import { startModem } from '../emulator/fleet/modem';
import { modemNumber } from '../emulator/fleet/substation';
import { openSerialTransport } from '../links/serial/transport';
import { emulatedMeterList, untilStopped, type FleetSimulateOptions } from './simulate-fleet';

/** Options of the line forms. */
export interface LineSimulateOptions extends FleetSimulateOptions {
  bus?: string;
  modem?: string;
  gps?: string;
  lineName?: string;
}

const count = (text: string | undefined, fallback: number) => {
  const n = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 250) throw new Error(`--meters must be a whole number from 1 to 250, got "${text}".`);
  return n;
};

/** Run the emulator `o` names (bus, modem or GPS) until SIGINT / SIGTERM. */
export async function runSimulateLine(o: LineSimulateOptions): Promise<void> {
  const path = (o.bus ?? o.modem ?? o.gps)!;
  const line = await openSerialTransport(path, { format: o.gps ? '8N1' : '7E1' });
  let stop: () => Promise<void> | void;
  if (o.gps) {
    const gps = startGps(line);
    stop = () => gps.stop();
    process.stderr.write(`Emulated GPS receiver sending NMEA 0183 on ${path} (Ctrl+C to stop)\n`);
  } else {
    const n = count(o.meters, o.bus ? 8 : 4);
    const prefix = o.prefix ?? (o.bus ? 'EMU-B' : 'EMU-M');
    const meters = createFleetMeters(n, { prefix, timeZone: o.tz });
    const name = o.lineName ?? path;
    const entries = meters.map((m, i) => ({ serial: fleetSerial(prefix, i + 1), link: o.bus ? `bus:${name}#${m.deviceAddress}` : `modem:${name}#${modemNumber(i + 1)}` }));
    const reaction = Number(o.reactionMs);
    if (o.bus) {
      const bus = startBusMeters({ meters, line, reactionMs: reaction });
      stop = () => bus.stop();
    } else {
      const modem = startModem({ line, meters: new Map(meters.map((m, i) => [modemNumber(i + 1), m])), reactionMs: reaction, ...(o.baud ? { connectRate: Number(o.baud) } : {}) });
      stop = () => modem.stop();
    }
    for (const e of entries) process.stdout.write(`${e.serial} ${e.link}\n`);
    if (o.list) await writeFile(o.list, emulatedMeterList(entries, o.place ?? (o.bus ? 'Emulated/Bus meters' : 'Emulated/Modem meters'), o.tz));
    process.stderr.write(`${n} emulated meters answering ${o.bus ? 'on the bus' : 'behind the modem'} at ${path} (Ctrl+C to stop)\n`);
  }
  await untilStopped();
  await stop();
  await line.close();
}
