import { asciiToBytes, concatBytes } from '../../protocol/iec62056-21/control';
import { scanMessage } from '../../protocol/iec62056-21/frames';
import type { Transport } from '../../protocol/iec62056-21/transport';

/**
 * A raw client end for driving a meter with hand-made frames (emulator tests, diagnostics): records what
 * arrives and hands out complete IEC 62056-21 messages (scanMessage), skipping noise.
 */
export class RawPeer {
  private buf: Uint8Array = new Uint8Array(0);
  private wake: (() => void) | null = null;
  /** Every byte received since construction, in order. */
  all: Uint8Array = new Uint8Array(0);

  constructor(readonly transport: Transport) {
    transport.onData((chunk) => {
      this.buf = concatBytes(this.buf, chunk);
      this.all = concatBytes(this.all, chunk);
      this.wake?.();
    });
  }

  /** Send bytes (a string is sent as ASCII). Resolves when they have left. */
  send(bytes: Uint8Array | string): Promise<void> {
    return this.transport.write(typeof bytes === 'string' ? asciiToBytes(bytes) : bytes);
  }

  /** Change this end's baud rate. */
  setBaud(baud: number): Promise<void> {
    return this.transport.setBaudRate(baud);
  }

  /** Bytes received and not yet taken as a message. */
  pending(): Uint8Array {
    return this.buf;
  }

  /**
   * The next complete message (noise skipped), within `timeoutMs`.
   * @throws Error "no message" (with what did arrive) when none completes in time.
   */
  async message(timeoutMs = 2000): Promise<Uint8Array> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = scanMessage(this.buf, 0, false);
      if (r.type === 'noise') {
        this.buf = this.buf.slice(r.end);
        continue;
      }
      if (r.type === 'message') {
        this.buf = this.buf.slice(r.end);
        return r.bytes.slice();
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message within ${timeoutMs} ms (pending ${this.buf.length} bytes)`);
      await this.until(left);
    }
  }

  /**
   * Wait until `cut(pending)` returns a length n > 0, then take and return the first n pending bytes (for
   * frames scanMessage does not delimit, e.g. binary data stream blocks). `cut` returns null to wait for more;
   * a negative -k drops k noise bytes and goes on.
   * @throws Error "nothing complete" (with the pending count) when nothing completes within `timeoutMs`.
   */
  async take(cut: (pending: Uint8Array) => number | null, timeoutMs = 2000): Promise<Uint8Array> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const n = this.buf.length > 0 ? cut(this.buf) : null;
      if (n !== null && n < 0) {
        this.buf = this.buf.slice(-n);
        continue;
      }
      if (n !== null && n > 0) {
        const out = this.buf.slice(0, n);
        this.buf = this.buf.slice(n);
        return out;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`nothing complete within ${timeoutMs} ms (pending ${this.buf.length} bytes)`);
      await this.until(left);
    }
  }

  /** True when nothing at all arrives for `ms`. */
  async silent(ms: number): Promise<boolean> {
    const before = this.all.length;
    await new Promise((r) => setTimeout(r, ms));
    return this.all.length === before;
  }

  private until(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(() => resolve(), ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = null;
        resolve();
      };
    });
  }
}
