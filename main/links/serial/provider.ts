import { SerialPort } from 'serialport';
import type { PortInfo } from '../../services/types';

/** Port path that selects the built-in emulated meter instead of a serial port. */
export const EMULATOR_PORT = 'emulator';

/**
 * Port paths of the built-in emulated Elster meters (Elster dialect, passwords `00000000`, clock a little fast);
 * opened by main/services/link.ts `openLink`.
 */
export const EMULATOR_ELSTER_PORTS = { a1140: `${EMULATOR_PORT}:a1140`, a1700: `${EMULATOR_PORT}:a1700` } as const;

/**
 * Ports a technician can pick: the built-in emulated meters first (generic, then Elster A1140 and A1700), then every serial port the OS reports
 * (USB optical probes show their adapter maker, e.g. FTDI). Never throws: if the OS listing fails the
 * emulator is still offered.
 */
export async function listPorts(): Promise<PortInfo[]> {
  const ports: PortInfo[] = [
    { path: EMULATOR_PORT, label: 'Emulated meter (built-in)', kind: 'emulator', detail: 'IEC 62056-21 mode C, 9600 baud' },
    { path: EMULATOR_ELSTER_PORTS.a1140, label: 'Emulated Elster A1140 (built-in)', kind: 'emulator', detail: 'Elster dialect, password 00000000 at every level' },
    { path: EMULATOR_ELSTER_PORTS.a1700, label: 'Emulated Elster A1700 (built-in)', kind: 'emulator', detail: 'Elster dialect, password 00000000 at every level' },
  ];
  try {
    const found = await SerialPort.list();
    for (const p of found) {
      const maker = p.manufacturer ? `${p.manufacturer}${p.serialNumber ? ` ${p.serialNumber}` : ''}` : null;
      ports.push({
        path: p.path,
        label: maker ? `${p.path} — ${maker}` : p.path,
        kind: 'serial',
        detail: maker ?? (p.pnpId ?? null),
      });
    }
  } catch {
    /* no serial subsystem: the emulator is still available */
  }
  return ports;
}
