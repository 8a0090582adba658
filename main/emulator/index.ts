import type { Transport } from '../../protocol/iec62056-21/transport';
import { GenericMeter, type GenericMeterOptions } from './generic-meter';
import { createLinkPair } from './link';
import { type MeterPersonality, MeterSession, type MeterSessionOptions } from './meter-session';
import { ReplayMeter, type ReplayMeterOptions } from './replay-meter';

/**
 * The built-in IEC 62056-21 meter emulator: the app's "Emulated meter" port, the peer of the protocol tests,
 * and `pmu simulate --port <path>` on a serial port / pty.
 */

export { GenericMeter, type GenericMeterOptions } from './generic-meter';
export { ReplayMeter, type ReplayMeterOptions } from './replay-meter';
export { MeterSession, type MeterPersonality, type MeterSessionOptions, type MeterSessionState, type ProgrammingAccess } from './meter-session';
export { createLinkPair, pacedTransport, type LinkPairOptions } from './link';
export { ConsumptionModel, type ConsumptionOptions, type ConsumptionProfile } from './consumption';
export { LP_CHANNELS, LP_PERIOD_MINUTES, LP_STATUS } from './meter-load-profile';

/** A generic emulated meter (see generic-meter.ts for the options and their defaults). */
export function createEmulatedMeter(opts: GenericMeterOptions = {}): GenericMeter {
  return new GenericMeter(opts);
}

/** A meter replaying a captured readout (see replay-meter.ts). @throws as the ReplayMeter constructor. */
export function createReplayMeter(opts: ReplayMeterOptions): ReplayMeter {
  return new ReplayMeter(opts);
}

/** A meter answering on a transport. */
export interface RunningMeter {
  /** The protocol state machine (state, for status displays). */
  readonly session: MeterSession;
  /** Stop answering. Does not close the transport (the caller opened it). */
  stop(): Promise<void>;
}

/**
 * Run `meter` on `transport` (a serial port, a pty wrapped in `pacedTransport`, or one end of a link pair):
 * the meter listens at 300 baud from now on until `stop()` or until the transport closes.
 * @throws FrameError when the meter's identification line is malformed.
 */
export function runMeterOnTransport(meter: MeterPersonality, transport: Transport, opts: MeterSessionOptions = {}): RunningMeter {
  const session = new MeterSession(meter, transport, opts);
  session.start();
  return { session, stop: () => session.stop() };
}

/** Options of the embedded emulator. */
export interface EmbeddedEmulatorOptions {
  /** The generic meter's options. */
  readonly meter?: GenericMeterOptions;
  /** Session timing options. */
  readonly session?: MeterSessionOptions;
  /** Real wire time at the chosen baud rate (default true); false = instant delivery (fast tests). */
  readonly paced?: boolean;
  /** Name of the client-side transport, default `emulator`. */
  readonly name?: string;
}

/** The embedded emulator: the client's end of the link, the meter on the far end, and how to stop both. */
export interface EmbeddedEmulator {
  readonly clientTransport: Transport;
  readonly meter: GenericMeter;
  /** Stop the meter and close the link (the client transport's onClose fires). */
  stop(): Promise<void>;
}

/**
 * Open the "Emulated meter" port: an in-memory link pair (paced by default) with a GenericMeter answering
 * on the far end. The client uses `clientTransport` like any serial port.
 */
export function openEmbeddedEmulator(opts: EmbeddedEmulatorOptions = {}): EmbeddedEmulator {
  const name = opts.name ?? 'emulator';
  const [clientTransport, meterTransport] = createLinkPair({ paced: opts.paced ?? true, names: [name, `${name}-meter`] });
  const meter = new GenericMeter(opts.meter);
  const running = runMeterOnTransport(meter, meterTransport, opts.session);
  return {
    clientTransport,
    meter,
    async stop() {
      await running.stop();
      await clientTransport.close();
    },
  };
}
