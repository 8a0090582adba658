/**
 * An RS-485 multi-drop bus of emulated meters on ONE line (`pmu simulate --bus <pty> --meters N`, the bus link's
 * tests, the emulated substation). Every meter hears everything the client sends; a meter answers only a sign-on
 * with its own device address (or none), as IEC 62056-21 clause 6.3.1 says (../meter-session.ts `isSignOnForMe`).
 * Each meter sends at its own line speed (paced like a UART). Two meters sending at once collide, as on a real
 * RS-485 pair: whatever overlaps on the wire arrives garbled (the client then fails a BCC or cannot read the
 * identification) — which is what a duplicate device address, or a sign-on without an address, produces.
 */
import type { Transport } from '../../../protocol/iec62056-21/transport';
import type { GenericMeter } from '../generic/meter';
import { runMeterOnTransport, type MeterSessionOptions, type RunningMeter } from '..';
import type { FaultLog } from '../faults/faults';
import { pacedTransport } from '../link';

/** Options of {@link startBusMeters}. */
export interface BusMetersOptions {
  readonly meters: readonly GenericMeter[];
  /** The bus: a serial port / pty end, or one end of an in-memory link. */
  readonly line: Transport;
  readonly reactionMs?: number;
  /** More session options of every meter (e.g. no 300-baud readout after an identification left unanswered). */
  readonly session?: MeterSessionOptions;
  readonly faultLog?: FaultLog;
  readonly log?: (line: string) => void;
}

/** A running bus. */
export interface BusMeters {
  /** Chunks of meter output that collided with another meter's on the wire. */
  readonly collisions: () => number;
  stop(): Promise<void>;
}

/** Mask applied to colliding bytes (two drivers on one pair: neither signal survives). */
const COLLISION_MASK = 0x5a;

/** Put the meters on the bus (see the file comment). */
export function startBusMeters(o: BusMetersOptions): BusMeters {
  let busyUntil = 0;
  let busyBy = -1;
  let collisions = 0;
  const listeners = o.meters.map(() => new Set<(chunk: Uint8Array) => void>());
  const unsubscribe = o.line.onData((chunk) => {
    for (const set of listeners) for (const l of [...set]) l(chunk.slice());
  });
  /** A chunk a meter puts on the wire now, taking `ms`: garbled when another meter's chunk is still on it. */
  const drive = (index: number, chunk: Uint8Array, ms: number): Uint8Array => {
    const now = Date.now();
    const clash = busyBy !== index && now < busyUntil;
    busyUntil = Math.max(busyUntil, now + ms);
    busyBy = index;
    if (!clash) return chunk;
    collisions++;
    o.log?.(`collision on the bus: meter ${o.meters[index]!.serial} sent while another meter was sending`);
    return chunk.map((b) => (b ^ COLLISION_MASK) & 0x7f);
  };
  const running: RunningMeter[] = o.meters.map((meter, i) => {
    let baud = 300;
    const tap: Transport = {
      name: `${o.line.name}#${meter.deviceAddress}`,
      write: (bytes) => o.line.write(drive(i, bytes, (bytes.length * 10 * 1000) / baud)),
      async setBaudRate(b) {
        baud = b;
        // The addressed meter sets the speed of the line (the others stay silent until the next sign-on).
        await o.line.setBaudRate(b);
      },
      onData(listener) {
        listeners[i]!.add(listener);
        return () => listeners[i]!.delete(listener);
      },
      onClose: (listener) => o.line.onClose(listener),
      close: async () => undefined,
    };
    return runMeterOnTransport(meter, pacedTransport(tap), {
      ...o.session,
      ...(o.reactionMs !== undefined ? { reactionTimeMs: o.reactionMs } : {}),
      ...(o.faultLog ? { faultLog: o.faultLog } : {}),
      ...(o.log ? { log: (l: string) => o.log!(`${meter.serial}: ${l}`) } : {}),
    });
  });
  return {
    collisions: () => collisions,
    async stop() {
      unsubscribe();
      await Promise.all(running.map((r) => r.stop()));
    },
  };
}
