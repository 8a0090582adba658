/**
 * The meter side of a line that runs at one fixed speed: a meter's electrical port wired to a transparent serial
 * server, a modem or an RS-485 bus at a configured baud rate. The meter session's own speed changes (back to 300
 * at idle, the option-select speed) do not change the wire: the server / modem / bus keeps its configured speed, so
 * a client must ask for that speed in the option select (Link.baudSwitch = false; reference "remote links").
 * Bytes leave paced like a UART at `baud` (10 bits per character), as on the real line.
 */
import type { Transport } from '../../../protocol/iec62056-21/transport';
import { pacedTransport } from '../link';

/** `inner` paced at `baud`; later speed changes are ignored. */
export async function fixedSpeedTransport(inner: Transport, baud: number): Promise<Transport> {
  const paced = pacedTransport(inner);
  await paced.setBaudRate(baud);
  return { ...paced, name: paced.name, write: (b) => paced.write(b), onData: (l) => paced.onData(l), onClose: (l) => paced.onClose(l), close: () => paced.close(), setBaudRate: async () => undefined };
}
