/**
 * The serial-port link provider: an optical probe on a COM port / tty (or one end of a socat pty pair), opened at
 * 300 baud in the requested line format (IEC 62056-21 clause 6.2: 7E1; 8N1 for the Elster binary data stream) by
 * ./transport.ts. Port names it handles: `COM<n>` and `\\.\COM<n>` (Windows), and absolute device paths
 * (`/dev/ttyUSB0`, `/dev/tty.usbserial-…`, `/dev/pts/3`, a pty link made by socat).
 */
import { SerialPort } from 'serialport';
import type { LineFormat, LinkProvider, LinkRequest, PortInfo } from '../types';
import { openSerialTransport } from './transport';

/** True for a serial device name: `COM3`, `\\.\COM12`, or an absolute path such as `/dev/ttyUSB0`. */
export function isSerialPortName(port: string): boolean {
  return /^COM\d+$/i.test(port) || /^\\\\\.\\/.test(port) || port.startsWith('/');
}

const lineOf = (req: LinkRequest): LineFormat => req.line ?? '7E1';

/** Words for a serial link: `port COM3 (7E1)`. */
export function serialLabel(port: string, line: LineFormat): string {
  return `port ${port} (${line})`;
}

/** The ports the operating system reports (USB optical probes show their adapter maker, e.g. FTDI). Never throws. */
export async function listSerialPorts(): Promise<PortInfo[]> {
  try {
    const found = await SerialPort.list();
    return found.map((p) => {
      const maker = p.manufacturer ? `${p.manufacturer}${p.serialNumber ? ` ${p.serialNumber}` : ''}` : null;
      return { port: p.path, label: maker ? `${p.path} — ${maker}` : p.path, kind: 'serial', emulated: false, detail: maker ?? p.pnpId ?? null };
    });
  } catch {
    return []; // no serial subsystem: the other providers' ports are still offered
  }
}

/** The serial provider (see the file comment). */
export function serialLinkProvider(): LinkProvider {
  return {
    kind: 'serial',
    names: 'serial ports look like COM3 or /dev/ttyUSB0',
    matches: isSerialPortName,
    describe: (req) => serialLabel(req.port, lineOf(req)),
    list: listSerialPorts,
    async open(req) {
      const line = lineOf(req);
      const transport = await openSerialTransport(req.port, { format: line });
      return { transport, eightBit: line === '8N1', label: serialLabel(req.port, line), baudSwitch: true, close: () => transport.close() };
    },
  };
}
