/**
 * The listen link provider (issue 17): a link on which the workstation only listens, for push meters (IEC 62056-21
 * mode D: the Elster A1100's one-way OBIS stream, the eHZ/EasyMeter class). Port names it handles:
 * - `listen:<serial port>` (`listen:COM3`, `listen:/dev/ttyUSB0`): the reading head on that port, opened in the
 *   requested line format; the listening service (main/services/listen-meter.ts) sets the meter's speed;
 * - `emulator:a1100`, `emulator:push` (also with `listen:` before them): the built-in push meters
 *   (main/emulator/push/), each on a fresh paced in-memory link whose receiving end has its own speed, so a
 *   listener at the wrong speed hears what a real UART would (main/emulator/uart.ts).
 * Links of this kind carry nothing from the workstation to the meter. The emulator and the serial code are loaded
 * on the first open only (a `pmu read` of another kind of port loads neither).
 */
import type { LinkProvider, LinkRequest, PortInfo } from '../types';

/** Port-name prefix that asks for listening on a serial port. */
export const LISTEN_PREFIX = 'listen:';

/** Port names of the built-in push meters. */
export const PUSH_EMULATOR_PORTS = { a1100: 'emulator:a1100', push: 'emulator:push' } as const;

/** The built-in push meter a port name selects, or null. */
export function pushModelOf(port: string): 'a1100' | 'push' | null {
  const p = port.startsWith(LISTEN_PREFIX) ? port.slice(LISTEN_PREFIX.length) : port;
  return p === PUSH_EMULATOR_PORTS.a1100 ? 'a1100' : p === PUSH_EMULATOR_PORTS.push ? 'push' : null;
}

/** True for a port name this provider handles. */
export function isListenPort(port: string): boolean {
  return port.startsWith(LISTEN_PREFIX) || pushModelOf(port) !== null;
}

/** The serial port under a `listen:` name (`listen:COM3` → `COM3`). */
export function listenedPort(port: string): string {
  return port.startsWith(LISTEN_PREFIX) ? port.slice(LISTEN_PREFIX.length) : port;
}

const LABELS = { a1100: 'the emulated Elster A1100 push meter', push: 'the emulated eHZ push meter' } as const;

/** The built-in push meters for the port picker. */
export const PUSH_PORTS: readonly PortInfo[] = [
  { port: PUSH_EMULATOR_PORTS.a1100, label: 'Emulated Elster A1100 push meter (built-in, listen)', kind: 'listen', emulated: true, detail: 'one-way OBIS stream, 2400 baud 7E1, every 10 s' },
  { port: PUSH_EMULATOR_PORTS.push, label: 'Emulated eHZ push meter (built-in, listen)', kind: 'listen', emulated: true, detail: 'mode D telegram without checksum, 9600 baud 7E1, every 2 s' },
];

/** The listen provider (see the file comment). */
export function listenLinkProvider(): LinkProvider {
  return {
    kind: 'listen',
    names: `push meters are heard on listen:<serial port> (e.g. listen:COM3), or the built-in ${PUSH_PORTS.map((p) => p.port).join(', ')}`,
    matches: isListenPort,
    describe: (req: LinkRequest) => {
      const model = pushModelOf(req.port);
      return model ? LABELS[model] : `port ${listenedPort(req.port)} (${req.line ?? '7E1'}, listening)`;
    },
    list: async () => [...PUSH_PORTS],
    mediumKey: (port) => listenedPort(port),
    async open(req) {
      const model = pushModelOf(req.port);
      if (model !== null) {
        const { PushMeter, runPushMeter } = await import('../../emulator/push');
        const { createLinkPair } = await import('../../emulator/link');
        const meter = new PushMeter({ model });
        const [client, far] = createLinkPair({ paced: true, names: [req.port, `${req.port}-meter`] });
        const running = runPushMeter(meter, far, { pace: false, firstAfterMs: 300 });
        return {
          transport: client,
          eightBit: false,
          label: LABELS[model],
          baudSwitch: false,
          lineBaud: meter.baud,
          async close() {
            await running.stop();
            await client.close();
          },
        };
      }
      const line = req.line ?? '7E1';
      const port = listenedPort(req.port);
      const { openSerialTransport } = await import('../serial/transport');
      const transport = await openSerialTransport(port, { format: line });
      return { transport, eightBit: line === '8N1', label: `port ${port} (${line}, listening)`, baudSwitch: false, close: () => transport.close() };
    },
  };
}
