/**
 * The built-in "emulated substation" (20 meters: 8 on a bus, 8 behind TCP, 4 behind a modem;
 * main/emulator/fleet/substation.ts) as link names of this process, without hardware or sockets:
 * - `emulator:substation-bus` — the bus line (in memory) with its 8 meters; meters are reached as
 *   `bus:emulator:substation-bus#EMU-B0001` through the bus provider;
 * - `emulator:substation-modem` — a serial line to an emulated Hayes modem that calls the 4 meters, reached as
 *   `modem:emulator:substation-modem#0101` through the modem provider;
 * - `emulator:substation-tcp/1` … `/8` — the TCP meters as a TCP link behaves (one fixed line speed, 9600 baud,
 *   no baud switch; one session per meter).
 * The meters live as long as the process, like meters in the field. The emulator is loaded on the first open only.
 */
import type { SubstationMeters } from '../../emulator/fleet/substation';
import type { Link, LinkProvider, LinkRequest, PortInfo } from '../types';

export const SUBSTATION_BUS = 'emulator:substation-bus';
export const SUBSTATION_MODEM = 'emulator:substation-modem';
export const SUBSTATION_TCP = 'emulator:substation-tcp/';
/** Fixed line speed of the substation's TCP meters and modem calls, bit/s. */
const LINE_BAUD = 9600;

/** Serial number `prefix0001` (the emulated fleet's numbering). */
const serial = (prefix: string, i: number) => `${prefix}${String(i).padStart(4, '0')}`;

/**
 * The substation's meter list as CSV (contract: main/formats/meter-list-csv.ts), installed a week ago at
 * Emulated / Emulated substation / <Bus|TCP|Modem> feeder / Place <serial>.
 */
export function emulatedSubstationCsv(now: Date = new Date()): string {
  const installed = new Date(now.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
  // The emulated meters keep their clocks in Europe/London (main/emulator/fleet/fleet-meters.ts): say so, or a
  // workstation in another zone would ask them for the wrong hours.
  const row = (s: string, link: string, feeder: string) => `${s},${link},Europe/London,Emulated,Emulated substation,${feeder},Place ${s},${installed}`;
  return [
    'serial,link,meter_time_zone,region,substation,feeder,place,installed',
    ...Array.from({ length: 8 }, (_, k) => row(serial('EMU-B', k + 1), `bus:${SUBSTATION_BUS}#${serial('EMU-B', k + 1)}`, 'Bus feeder')),
    ...Array.from({ length: 8 }, (_, k) => row(serial('EMU-T', k + 1), `${SUBSTATION_TCP}${k + 1}`, 'TCP feeder')),
    ...Array.from({ length: 4 }, (_, k) => row(serial('EMU-M', k + 1), `modem:${SUBSTATION_MODEM}#01${String(k + 1).padStart(2, '0')}`, 'Modem feeder')),
  ].join('\r\n');
}

/** The provider of the substation's lines (see the file comment). */
export function substationLinkProvider(): LinkProvider {
  let meters: Promise<SubstationMeters> | null = null;
  const load = () => (meters ??= import('../../emulator/fleet/substation').then((m) => m.createSubstationMeters()));
  const tcpIndex = (port: string) => {
    const i = Number(port.slice(SUBSTATION_TCP.length));
    return Number.isInteger(i) && i >= 1 && i <= 8 ? i : null;
  };
  const ports: PortInfo[] = [
    { port: SUBSTATION_BUS, label: 'Emulated substation: RS-485 bus of 8 meters', kind: 'emulated', emulated: true, detail: 'bus:emulator:substation-bus#EMU-B0001 … 0008' },
    { port: SUBSTATION_MODEM, label: 'Emulated substation: dial-up modem (4 meters)', kind: 'emulated', emulated: true, detail: 'modem:emulator:substation-modem#0101 … 0104' },
  ];
  return {
    kind: 'emulated',
    names: `the emulated substation's lines are ${SUBSTATION_BUS}, ${SUBSTATION_MODEM}, ${SUBSTATION_TCP}1…8`,
    matches: (port) => port === SUBSTATION_BUS || port === SUBSTATION_MODEM || tcpIndex(port) !== null,
    describe: (req) => (req.port === SUBSTATION_BUS ? 'the emulated substation bus' : req.port === SUBSTATION_MODEM ? 'the emulated substation modem' : `emulated TCP meter ${req.port.slice(SUBSTATION_TCP.length)}`),
    list: async () => [...ports],
    async open(req: LinkRequest): Promise<Link> {
      const m = await load();
      const fleet = await import('../../emulator/fleet/lines');
      const i = tcpIndex(req.port);
      if (i !== null) {
        const line = await fleet.fixedSpeedMeterLine(m.tcp[i - 1]!, LINE_BAUD, req.port);
        return { transport: line.transport, eightBit: false, label: `emulated TCP meter ${m.tcp[i - 1]!.serial}`, baudSwitch: false, lineBaud: LINE_BAUD, close: line.close };
      }
      const line = req.port === SUBSTATION_BUS ? fleet.busLine(m.bus, req.port) : fleet.modemLine(m.modem, req.port, LINE_BAUD);
      return { transport: line.transport, eightBit: false, label: req.port === SUBSTATION_BUS ? 'the emulated substation bus' : 'the emulated substation modem', baudSwitch: true, close: line.close };
    },
  };
}
