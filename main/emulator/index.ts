import type { Transport } from '../../protocol/iec62056-21/transport';
import { ElsterMeter, type ElsterMeterOptions, type ElsterModelName } from './elster/meter';
import type { FaultLog, FaultPlan } from './faults/faults';
import { GenericMeter, type GenericMeterOptions } from './generic/meter';
import { createLinkPair } from './link';
import { type MeterPersonality, MeterSession, type MeterSessionOptions } from './meter-session';
import { ReplayMeter, type ReplayMeterOptions } from './replay-meter';

/**
 * The built-in IEC 62056-21 meter emulator: the app's "Emulated meter" port, the peer of the protocol tests,
 * and `pmu simulate --port <path>` on a serial port / pty. Models: `generic` (IEC 62056-21 mode C with generic
 * programming mode; generic/), `a1140` and `a1700` (Elster dialect; elster/). Fault injection: faults/.
 */

export { GenericMeter, type GenericMeterOptions } from './generic/meter';
export { ElsterMeter, type ElsterMeterOptions, type ElsterModelName, type ProgrammingAudit } from './elster/meter';
export { elsterLpMask } from './elster/load-profile';
export { TouRegisters, type TouConfig, quantityEnergy } from './elster/tou';
export { ElsterTariffImages, PROGRAMMABLE_IDS } from './elster/tariff';
export { ReplayMeter, type ReplayMeterOptions } from './replay-meter';
export {
  MeterSession, type MeterPersonality, type MeterSessionOptions, type MeterSessionState, type ProgrammingAccess,
  type ProgrammingDialect, type ProgrammingHandler, type ProgrammingLink, type WriteOutcome,
} from './meter-session';
export { createLinkPair, pacedTransport, type LinkPairOptions } from './link';
export { ConsumptionModel, type ConsumptionOptions, type ConsumptionProfile } from './consumption';
export { LP_CHANNELS, LP_PERIOD_MINUTES, LP_STATUS } from './generic/load-profile';
export { MeterClock, type CreepLimits } from './meter-clock';
export { METER_EVENT_KINDS, eventCode, type MeterEvent, type MeterEventKind } from './meter-events';
export {
  FAULT_KINDS, FaultInjector, FaultLog, checkFault, parseFaultSpec, type Fault, type FaultKind, type FaultLogEntry,
  type FaultPlan, type FaultWhen,
} from './faults/faults';

/** Emulated meter models. */
export type EmulatedModel = 'generic' | ElsterModelName;

/** Options of `createEmulatedMeter`: the generic meter's (model absent or `generic`) or an Elster meter's. */
export type EmulatedMeterOptions = GenericMeterOptions | (ElsterMeterOptions & { readonly model: ElsterModelName });

/** The emulated meters. */
export type EmulatedMeter = GenericMeter | ElsterMeter;

/**
 * An emulated meter of `opts.model`: `generic` (default; options and defaults in generic/meter.ts) or `a1140` /
 * `a1700` (elster/meter.ts). @throws RangeError for a bad option (see the constructors).
 */
export function createEmulatedMeter(opts?: GenericMeterOptions): GenericMeter;
export function createEmulatedMeter(opts: ElsterMeterOptions & { readonly model: ElsterModelName }): ElsterMeter;
export function createEmulatedMeter(opts?: EmulatedMeterOptions): EmulatedMeter;
export function createEmulatedMeter(opts: EmulatedMeterOptions = {}): EmulatedMeter {
  if (opts.model === 'a1140' || opts.model === 'a1700') return new ElsterMeter(opts);
  if (opts.model !== undefined && opts.model !== 'generic') {
    throw new RangeError(`Unknown meter model "${String(opts.model)}": use generic, a1140 or a1700.`);
  }
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
export interface EmbeddedEmulatorOptions<M extends EmulatedMeterOptions = EmulatedMeterOptions> {
  /** The meter's model and options (default: the generic meter with its defaults). */
  readonly meter?: M;
  /** Session timing options (and `faults` / `faultLog`). */
  readonly session?: MeterSessionOptions;
  /** Scripted faults (faults.ts); the same as `session.faults`, which it overrides. */
  readonly faults?: FaultPlan;
  /** Real wire time at the chosen baud rate (default true); false = instant delivery (fast tests). */
  readonly paced?: boolean;
  /** Data bits the link carries: default 8 for the Elster models (binary RD stream), 7 (7E1) for generic. */
  readonly dataBits?: 7 | 8;
  /** Name of the client-side transport, default `emulator`. */
  readonly name?: string;
}

/** The embedded emulator: the client's end of the link, the meter on the far end, and how to stop both. */
export interface EmbeddedEmulator<T extends EmulatedMeter = EmulatedMeter> {
  readonly clientTransport: Transport;
  readonly meter: T;
  /** The meter's protocol state machine (state, for tests and status displays). */
  readonly session: MeterSession;
  /** Faults injected so far. */
  readonly faultLog: FaultLog;
  /** Stop the meter and close the link (the client transport's onClose fires). */
  stop(): Promise<void>;
}

/**
 * Open the "Emulated meter" port: an in-memory link pair (paced by default) with the chosen meter answering on
 * the far end. The client uses `clientTransport` like any serial port.
 * @throws RangeError for a bad meter option or fault plan.
 */
export function openEmbeddedEmulator(opts?: EmbeddedEmulatorOptions<GenericMeterOptions>): EmbeddedEmulator<GenericMeter>;
export function openEmbeddedEmulator(
  opts: EmbeddedEmulatorOptions<ElsterMeterOptions & { readonly model: ElsterModelName }>,
): EmbeddedEmulator<ElsterMeter>;
export function openEmbeddedEmulator(opts?: EmbeddedEmulatorOptions): EmbeddedEmulator;
export function openEmbeddedEmulator(opts: EmbeddedEmulatorOptions = {}): EmbeddedEmulator {
  const name = opts.name ?? 'emulator';
  const meter = createEmulatedMeter(opts.meter ?? {});
  const dataBits = opts.dataBits ?? (meter instanceof ElsterMeter ? 8 : 7);
  const [clientTransport, meterTransport] = createLinkPair({ paced: opts.paced ?? true, names: [name, `${name}-meter`], dataBits });
  const session = opts.faults ? { ...opts.session, faults: opts.faults } : opts.session;
  const running = runMeterOnTransport(meter, meterTransport, session);
  return {
    clientTransport,
    meter,
    session: running.session,
    faultLog: running.session.faultLog,
    async stop() {
      await running.stop();
      await clientTransport.close();
    },
  };
}
