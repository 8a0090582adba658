/**
 * Running a push meter on a transport: every `intervalMs` it sends its telegram at its own speed (wire time
 * 10 bits a character, so the telegram takes as long as on a real line), listening to nothing.
 * On a pty, which carries no line speed, `heardAtBaud` emulates a listener set to another speed: the telegram
 * is sent as a UART at that speed would receive it (../uart.ts model: deterministic garbage), so the listener's
 * "noise at the wrong speed" answer can be tested over a real pty. On an in-memory link (../link.ts) the two
 * ends' speeds are compared by the link itself and `heardAtBaud` is not needed.
 */
import type { Transport } from '../../../protocol/iec62056-21/transport';
import { pacedTransport } from '../link';
import { receiveAtBaud } from '../uart';
import type { PushMeter } from './push-meter';

/** Options of a running push meter. */
export interface RunPushOptions {
  /** Emulate a listener at this speed on a speed-less pty (see the file comment). */
  readonly heardAtBaud?: number;
  /** Pace the bytes at the meter's speed (true for a pty, which passes bytes instantly; false when the link paces). */
  readonly pace?: boolean;
  /** Delay before the first telegram, ms (default: a quarter of the interval, so a listener starts between two). */
  readonly firstAfterMs?: number;
  /** Protocol events in words (`telegram 3 sent, 412 bytes`). */
  readonly log?: (text: string) => void;
}

/** A running push meter. */
export interface RunningPushMeter {
  /** Telegrams sent so far. */
  readonly sent: () => number;
  stop(): Promise<void>;
}

/** Start sending `meter`'s telegrams on `transport` (see the file comment). */
export function runPushMeter(meter: PushMeter, transport: Transport, opts: RunPushOptions = {}): RunningPushMeter {
  const out = opts.pace === false ? transport : pacedTransport(transport);
  let count = 0;
  let stopped = false;
  let busy: Promise<void> = out.setBaudRate(meter.baud).catch(() => undefined);
  const send = () => {
    if (stopped) return;
    busy = busy.then(async () => {
      if (stopped) return;
      let bytes = meter.telegram();
      if (opts.heardAtBaud !== undefined && opts.heardAtBaud !== meter.baud) bytes = receiveAtBaud(bytes, meter.baud, opts.heardAtBaud);
      try {
        await out.write(bytes);
        count++;
        opts.log?.(`telegram ${count} sent, ${bytes.length} bytes at ${meter.baud} baud`);
      } catch (e) {
        opts.log?.(`telegram not sent: ${(e as Error).message}`);
      }
    });
  };
  const first = setTimeout(() => {
    send();
    timer = setInterval(send, meter.intervalMs);
  }, opts.firstAfterMs ?? meter.intervalMs / 4);
  let timer: ReturnType<typeof setInterval> | null = null;
  return {
    sent: () => count,
    async stop() {
      stopped = true;
      clearTimeout(first);
      if (timer) clearInterval(timer);
      await busy;
    },
  };
}
