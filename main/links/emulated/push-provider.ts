/**
 * The built-in push meters (main/emulator/push/) as links of kind `listen` (issue 17): `emulator:a1100` (an Elster
 * A1100-style one-way stream, 2400 baud) and `emulator:push` (an eHZ-style telegram without checksum, 9600 baud),
 * each on a fresh paced in-memory link whose receiving end has its own speed, so a listener at the wrong speed
 * hears what a real UART would (main/emulator/uart.ts). Nothing the listener sends reaches the meter.
 * The emulator is loaded on the first open only.
 */
import type { LinkProvider, PortInfo } from '../types';

/** Port names of the built-in push meters. */
export const PUSH_EMULATOR_PORTS = { a1100: 'emulator:a1100', push: 'emulator:push' } as const;

/** The built-in push meter a port name selects (also written `listen:emulator:…`), or null. */
export function pushModelOf(port: string): 'a1100' | 'push' | null {
  const p = port.startsWith('listen:') ? port.slice('listen:'.length) : port;
  return p === PUSH_EMULATOR_PORTS.a1100 ? 'a1100' : p === PUSH_EMULATOR_PORTS.push ? 'push' : null;
}

const LABELS = { a1100: 'the emulated Elster A1100 push meter', push: 'the emulated eHZ push meter' } as const;

/** The built-in push meters for the port picker. */
export const PUSH_PORTS: readonly PortInfo[] = [
  { port: PUSH_EMULATOR_PORTS.a1100, label: 'Emulated Elster A1100 push meter (built-in, listen)', kind: 'listen', emulated: true, detail: 'one-way OBIS stream, 2400 baud 7E1, every 10 s' },
  { port: PUSH_EMULATOR_PORTS.push, label: 'Emulated eHZ push meter (built-in, listen)', kind: 'listen', emulated: true, detail: 'mode D telegram without checksum, 9600 baud 7E1, every 2 s' },
];

/** The push-meter provider (see the file comment). */
export function pushEmulatorLinkProvider(): LinkProvider {
  return {
    kind: 'listen',
    names: `the built-in push meters are ${PUSH_PORTS.map((p) => p.port).join(', ')}`,
    matches: (port) => pushModelOf(port) !== null,
    describe: (req) => LABELS[pushModelOf(req.port) ?? 'push'],
    list: async () => [...PUSH_PORTS],
    async open(req) {
      const model = pushModelOf(req.port) ?? 'push';
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
    },
  };
}
