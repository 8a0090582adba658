/**
 * `pmu simulate --tcp <port> --meters N` (and `--bus`, `--modem`, `--gps`: ./simulate-lines.ts): emulated fleet meters
 * behind remote links, until stopped. Prints one line per meter on stdout (`<serial> <link>`); `--list <file>`
 * also writes them as a meter-list CSV that `pmu meters import` takes, so a collection can be tried at once:
 *   pmu simulate --tcp 0 --meters 8 --list tcp-meters.csv &
 *   pmu meters import tcp-meters.csv && pmu collect "TCP meters"
 */
import { writeFile } from 'node:fs/promises';
import { csvLines } from '../formats/csv-text';
import { createFleetMeters } from '../emulator/fleet/fleet-meters';
import { startTcpMeters } from '../emulator/fleet/tcp-meters';
import { FaultLog, parseFaultSpec } from '../emulator';

/** Options of the fleet forms of `pmu simulate`. */
export interface FleetSimulateOptions {
  tcp?: string;
  meters?: string;
  baud?: string;
  prefix?: string;
  list?: string;
  place?: string;
  tz: string;
  reactionMs: string;
  faults?: string;
}

/** A meter-list CSV of emulated meters (clocks in `meterZone`) at `<region>/<substation>/Place <serial>`, installed yesterday. */
export function emulatedMeterList(entries: readonly { serial: string; link: string }[], place: string, meterZone: string): string {
  const [region, substation] = place.split('/').map((s) => s.trim());
  const installed = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  return csvLines([
    ['serial', 'link', 'meter_time_zone', 'region', 'substation', 'place', 'installed'],
    ...entries.map((e) => [e.serial, e.link, meterZone, region || 'Emulated', substation || 'Emulated substation', `Place ${e.serial}`, installed]),
  ]);
}

function count(text: string | undefined, option: string, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${option} must be a whole number from ${min} to ${max}, got "${text}".`);
  return n;
}

/** Wait for SIGINT / SIGTERM. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** `pmu simulate --tcp <port> --meters N`. */
export async function runSimulateTcp(o: FleetSimulateOptions): Promise<void> {
  const port = count(o.tcp, '--tcp', 0, 65535, 0);
  const n = count(o.meters, '--meters', 1, 5000, 1);
  const baud = count(o.baud, '--baud', 300, 115200, 9600);
  const faults = o.faults === undefined ? undefined : parseFaultSpec(o.faults);
  const faultLog = new FaultLog((e) => process.stderr.write(`[fault] ${e.detail}\n`));
  const meters = createFleetMeters(n, { prefix: o.prefix ?? 'EMU-T', timeZone: o.tz });
  const tcp = await startTcpMeters({ meters, port, baud, reactionMs: Number(o.reactionMs), faultLog, ...(faults ? { faults: () => faults } : {}) });
  for (const e of tcp.endpoints) process.stdout.write(`${e.serial} ${e.link}\n`);
  if (o.list) await writeFile(o.list, emulatedMeterList(tcp.endpoints, o.place ?? 'Emulated/TCP meters', o.tz));
  process.stderr.write(`${n} emulated meter${n === 1 ? '' : 's'} answering over TCP at ${baud} baud (Ctrl+C to stop)\n`);
  await untilStopped();
  await tcp.close();
}
