/**
 * The listen link provider (issue 17): a serial port on which the workstation only listens, for push meters
 * (IEC 62056-21 mode D: the Elster A1100's one-way OBIS stream, the eHZ/EasyMeter class). Port names it handles:
 * `listen:<serial port>` (`listen:COM3`, `listen:/dev/ttyUSB0`): the reading head on that port, opened in the
 * requested line format; the listening service (main/services/listen-meter.ts) sets the meter's speed. The
 * built-in push meters are offered beside it by main/links/emulated/push-provider.ts (kind `listen` as well).
 * Links of this kind carry nothing from the workstation to the meter. The serial code is loaded on the first open.
 */
import type { LinkProvider, LinkRequest } from '../types';

/** Port-name prefix that asks for listening on a serial port. */
export const LISTEN_PREFIX = 'listen:';

/** The serial port under a `listen:` name (`listen:COM3` → `COM3`). */
export function listenedPort(port: string): string {
  return port.startsWith(LISTEN_PREFIX) ? port.slice(LISTEN_PREFIX.length) : port;
}

/** The listen provider (see the file comment). */
export function listenLinkProvider(): LinkProvider {
  return {
    kind: 'listen',
    names: 'push meters are heard on listen:<serial port> (e.g. listen:COM3)',
    matches: (port) => port.startsWith(LISTEN_PREFIX) && port.length > LISTEN_PREFIX.length,
    describe: (req: LinkRequest) => `port ${listenedPort(req.port)} (${req.line ?? '7E1'}, listening)`,
    mediumKey: (port) => listenedPort(port),
    async open(req) {
      const line = req.line ?? '7E1';
      const port = listenedPort(req.port);
      const { openSerialTransport } = await import('../serial/transport');
      const transport = await openSerialTransport(port, { format: line });
      return { transport, eightBit: line === '8N1', label: `port ${port} (${line}, listening)`, baudSwitch: false, close: () => transport.close() };
    },
  };
}
