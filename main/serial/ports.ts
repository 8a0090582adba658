import { SerialPort } from 'serialport';
import type { PortInfo } from '../services/types';

/** Port path that selects the built-in emulated meter instead of a serial port. */
export const EMULATOR_PORT = 'emulator';

/**
 * Ports a technician can pick: the built-in emulated meter first, then every serial port the OS reports
 * (USB optical probes show their adapter maker, e.g. FTDI). Never throws: if the OS listing fails the
 * emulator is still offered.
 */
export async function listPorts(): Promise<PortInfo[]> {
  const ports: PortInfo[] = [
    { path: EMULATOR_PORT, label: 'Emulated meter (built-in)', kind: 'emulator', detail: 'IEC 62056-21 mode C, 9600 baud' },
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
