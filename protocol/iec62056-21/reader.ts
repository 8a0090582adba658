import { describeBytes } from './control';
import { ProtocolError } from './errors';
import { scanMessage, type MessageKind } from './frames';
import type { Transport } from './transport';

/** Minimal view of an AbortSignal (Node and browsers both provide one) so protocol/ needs no platform types. */
export interface AbortLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** A message delimited by the reader. */
export interface ReceivedMessage {
  readonly kind: MessageKind;
  readonly bytes: Uint8Array;
}

/** What the caller is waiting for, for error messages ("data readout", "identification"…). */
export interface ReadOptions {
  /** Words for people: what we wait for. */
  readonly what: string;
  /** Longest wait for the first byte, ms (tr max). */
  readonly reactionTimeoutMs: number;
  /** Longest pause between bytes once the message has started, ms (ta max). */
  readonly interCharTimeoutMs: number;
  /** Called as bytes of this message arrive (count so far). */
  readonly onBytes?: (count: number) => void;
  /** Drop line messages matching this test (e.g. our own echoed sign-on) and keep waiting. */
  readonly skipLine?: (bytes: Uint8Array) => boolean;
}

/**
 * Turns the transport's byte stream into IEC 62056-21 messages with the standard's time-outs.
 * - Echo cancellation: optical probes on a half-duplex line often echo what we send; after `expectEcho(bytes)`,
 *   received bytes that repeat them exactly are dropped.
 * - Noise (NUL wake-up bytes, stray light) is skipped.
 * Errors: ProtocolError NO_ANSWER (nothing within the reaction time), STOPPED_ANSWERING (pause > ta mid-message),
 * LINK_LOST (port closed), CANCELLED (abort signal).
 */
export class MessageReader {
  private buf = new Uint8Array(4096);
  private len = 0;
  private echo: Uint8Array | null = null;
  private echoPos = 0;
  private wake: (() => void) | null = null;
  private closedReason: string | null = null;
  /** Index from which to look for the ETX/EOT of a block that is still arriving (keeps scanning linear). */
  private blockSearchFrom = 1;
  private readonly unsubscribe: Array<() => void> = [];
  /** Total bytes received on the link (noise included). */
  totalBytes = 0;
  /** Bytes received from the meter: as `totalBytes` but without the echo of what we sent. */
  meterBytes = 0;

  constructor(
    private readonly transport: Transport,
    private readonly signal?: AbortLike,
  ) {
    this.unsubscribe.push(transport.onData((chunk) => this.push(chunk)));
    this.unsubscribe.push(
      transport.onClose((reason) => {
        this.closedReason = reason;
        this.wake?.();
      }),
    );
    if (signal) {
      const onAbort = () => this.wake?.();
      signal.addEventListener('abort', onAbort);
      this.unsubscribe.push(() => signal.removeEventListener('abort', onAbort));
    }
  }

  /** Stop listening to the transport. */
  dispose(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  /** Drop whatever has been received and not consumed (e.g. before a new sign-on). */
  discard(): void {
    this.len = 0;
    this.blockSearchFrom = 1;
  }

  /** Expect `sent` to come back as an echo; matching bytes at the head of the stream are dropped. */
  expectEcho(sent: Uint8Array): void {
    this.echo = sent;
    this.echoPos = 0;
  }

  private push(chunk: Uint8Array): void {
    let data = chunk;
    if (this.echo && this.len === 0) {
      // Match the head of the stream against what we sent. Bytes matched so far are held back until the whole
      // echo has been seen; on a mismatch they were the meter's own bytes and are put back in front.
      let i = 0;
      while (i < data.length && this.echoPos < this.echo.length && data[i] === this.echo[this.echoPos]) {
        i++;
        this.echoPos++;
      }
      if (this.echoPos >= this.echo.length) {
        this.echo = null;
        data = data.subarray(i);
      } else if (i < data.length) {
        const held = this.echo.subarray(0, this.echoPos - i);
        this.echo = null;
        const joined = new Uint8Array(held.length + data.length);
        joined.set(held);
        joined.set(data, held.length);
        data = joined;
      } else {
        data = data.subarray(i); // the whole chunk may still be echo: hold it
      }
    }
    this.totalBytes += chunk.length;
    this.meterBytes += data.length;
    if (data.length === 0) return;
    if (this.len + data.length > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + data.length));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
    }
    this.buf.set(data, this.len);
    this.len += data.length;
    this.wake?.();
  }

  /**
   * Wait for the next message. Resolves with its kind and bytes (a copy); rejects with ProtocolError.
   */
  next(opts: ReadOptions): Promise<ReceivedMessage> {
    return this.wait(opts, () => {
      // Consume everything that is already complete.
      for (;;) {
        if (this.blockIncomplete()) return null;
        const r = scanMessage(this.buf.subarray(0, this.len), 0, false);
        if (r.type === 'noise') {
          this.consume(r.end);
          continue;
        }
        if (r.type === 'message') {
          const bytes = r.bytes.slice();
          this.consume(r.end);
          if (r.kind === 'line' && opts.skipLine?.(bytes)) continue;
          opts.onBytes?.(bytes.length);
          return { kind: r.kind, bytes };
        }
        return null;
      }
    });
  }

  /**
   * Wait for the next frame of a manufacturer-specific format that `scan` delimits (e.g. the Elster RD stream
   * blocks, whose binary data may contain ETX/EOT). `scan` sees the unconsumed bytes and returns a frame with
   * its end, `incomplete`, or `noise` to skip. Same time-outs and errors as `next`.
   */
  nextFrame<T>(scan: (buf: Uint8Array) => FrameScan<T>, opts: ReadOptions): Promise<T> {
    return this.wait(opts, () => {
      for (;;) {
        if (this.len === 0) return null;
        const r = scan(this.buf.subarray(0, this.len));
        if (r.type === 'noise') {
          this.consume(Math.max(1, r.end));
          continue;
        }
        if (r.type === 'frame') {
          this.consume(r.end);
          opts.onBytes?.(r.end);
          return r.frame;
        }
        return null;
      }
    });
  }

  private async wait<T>(opts: ReadOptions, take: () => T | null): Promise<T> {
    let started = false;
    let lastLen = -1;
    for (;;) {
      const got = take();
      if (got !== null) return got;
      if (this.len > 0) started = true;
      if (this.len !== lastLen && this.len > 0) opts.onBytes?.(this.len);
      lastLen = this.len;
      if (this.signal?.aborted) throw new ProtocolError('CANCELLED', 'Reading cancelled.');
      if (this.closedReason !== null) {
        throw new ProtocolError(
          'LINK_LOST',
          `The connection to the probe was lost while waiting for the ${opts.what}` +
            (this.len > 0 ? ` (after ${formatCount(this.len)} bytes of it)` : '') +
            '. Check that the probe cable is plugged in.',
          this.closedReason,
        );
      }
      const timeout = started ? opts.interCharTimeoutMs : opts.reactionTimeoutMs;
      const before = this.len;
      const woke = await this.waitForData(timeout);
      if (!woke && this.len === before && !this.signal?.aborted && this.closedReason === null) {
        if (!started) {
          throw new ProtocolError(
            'NO_ANSWER',
            `No answer from the meter (waiting for the ${opts.what}). Check that the probe is on the meter's ` +
              'optical port, the right way round, that the meter is powered, and that the right port is chosen.',
            `nothing received within ${timeout} ms`,
          );
        }
        throw new ProtocolError(
          'STOPPED_ANSWERING',
          `The meter stopped answering after ${formatCount(this.len)} bytes of the ${opts.what}. ` +
            'Keep the probe still on the optical port and read again.',
          `pause longer than ${timeout} ms; last bytes: ${describeBytes(this.buf.subarray(Math.max(0, this.len - 40), this.len))}`,
        );
      }
    }
  }

  private consume(n: number): void {
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
    this.blockSearchFrom = 1;
  }

  /** True when the buffer holds the start of a SOH/STX block whose end (ETX/EOT + BCC) has not arrived yet. */
  private blockIncomplete(): boolean {
    const first = this.buf[0];
    if (this.len === 0 || (first !== 0x01 && first !== 0x02)) return false;
    for (let i = this.blockSearchFrom; i < this.len - 1; i++) {
      const b = this.buf[i];
      if (b === 0x03 || b === 0x04) return false;
    }
    this.blockSearchFrom = Math.max(1, this.len - 1);
    return true;
  }

  private waitForData(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(false);
      }, timeoutMs);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve(true);
      };
    });
  }
}

/** Result of a manufacturer-specific frame scanner for `MessageReader.nextFrame`. */
export type FrameScan<T> =
  | { readonly type: 'frame'; readonly frame: T; readonly end: number }
  | { readonly type: 'incomplete' }
  | { readonly type: 'noise'; readonly end: number };

/** 1480 → "1 480" (thin grouping that reads well in any locale). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}
