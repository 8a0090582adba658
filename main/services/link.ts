import type { Transport } from '../../protocol/iec62056-21/transport';
import type { MeterChoice } from '../../protocol/meters/read-any';
import { type EmulatedModel, ElsterMeter, createLinkPair, runMeterOnTransport } from '../emulator';
import { emulatedMeterFor } from '../emulator/registry';
import { EMULATOR_PORT } from '../serial/ports';
import { openSerialTransport } from '../serial/serial-transport';

/**
 * Opening the link to a meter for a service job: a real serial port (optical probe) or one of the built-in
 * emulated meters.
 *
 * Emulated ports (listed by main/serial/ports.ts `listPorts`):
 * - `emulator` (also `emulator:generic`): the generic IEC 62056-21 mode C meter;
 * - `emulator:a1140` / `emulator:a1700`: an Elster A1140 / A1700 speaking the Elster dialect, passwords
 *   `00000000` at every security level, its clock EMULATED_ELSTER_DRIFT_S seconds fast (so drift, adjust and set
 *   can be tried without hardware).
 * One emulated meter per port name and data directory (main/emulator/registry.ts), saved in the data directory
 * after every write, so a clock set or a programming made by one job is seen by the next — in this process and in
 * the next one (`pmu program` then `pmu read`); each job gets a fresh paced in-memory link to it.
 *
 * Line format of a serial port: IEC 62056-21 is 7E1 (clause 6.2). The Elster data stream mode (RD) sends binary
 * blocks, which only an 8-bit line (8N1) carries, so `--meter a1140|a1700` defaults to 8N1; on a 7E1 line an
 * Elster load profile is read by R1 packets (hex text) instead of the stream.
 */

/** Serial line format. */
export type LineFormat = '7E1' | '8N1';

export { EMULATED_ELSTER_DRIFT_S } from '../emulator/registry';

/** The emulated model a port name selects, or null for a serial port. */
export function emulatedModelOf(port: string): EmulatedModel | null {
  if (port === EMULATOR_PORT || port === `${EMULATOR_PORT}:generic`) return 'generic';
  if (port === `${EMULATOR_PORT}:a1140`) return 'a1140';
  if (port === `${EMULATOR_PORT}:a1700`) return 'a1700';
  return null;
}

/** Default line format for a dialect choice: 8N1 for a forced Elster dialect, else 7E1. */
export function defaultLine(meter: MeterChoice | undefined): LineFormat {
  return meter === 'a1140' || meter === 'a1700' ? '8N1' : '7E1';
}

/** Words for progress lines: "the emulated Elster A1140", "the emulated meter" or "port COM3 (7E1)". */
export function linkLabel(port: string, line: LineFormat): string {
  const model = emulatedModelOf(port);
  if (model === 'generic') return 'the emulated meter';
  if (model) return `the emulated Elster ${model.toUpperCase()}`;
  return `port ${port} (${line})`;
}

/** An open link. `eightBit` = the line carries 8 data bits (the Elster RD stream may be used). */
export interface Link {
  readonly transport: Transport;
  readonly eightBit: boolean;
  /** Words for progress lines: "the emulated Elster A1140" or "port COM3". */
  readonly label: string;
  /** True for a built-in emulated meter (programming/safety.ts lets it take every layout), false for a port. */
  readonly emulated: boolean;
  close(): Promise<void>;
}

/**
 * Open the link for `port`: an emulated meter (clock in `timeZone`, as a meter installed locally; kept in
 * `opts.stateDir`, the data directory, when given) or a serial port at 300 baud in `opts.line` (default 7E1).
 * @throws ProtocolError LINK_LOST (plain message) when the serial port cannot be opened.
 */
export async function openLink(port: string, timeZone: string, opts: { line?: LineFormat; stateDir?: string | null } = {}): Promise<Link> {
  const model = emulatedModelOf(port);
  if (model) {
    const meter = emulatedMeterFor({ port, model, timeZone, stateDir: opts.stateDir ?? null });
    const eightBit = meter instanceof ElsterMeter;
    const [client, far] = createLinkPair({ paced: true, names: [port, `${port}-meter`], dataBits: eightBit ? 8 : 7 });
    const running = runMeterOnTransport(meter, far);
    return {
      transport: client,
      eightBit,
      emulated: true,
      label: linkLabel(port, '8N1'),
      async close() {
        await running.stop();
        await client.close();
      },
    };
  }
  const line = opts.line ?? '7E1';
  const transport = await openSerialTransport(port, { format: line });
  return { transport, eightBit: line === '8N1', emulated: false, label: linkLabel(port, line), close: () => transport.close() };
}
