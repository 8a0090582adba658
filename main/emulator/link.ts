import type { Transport } from '../../protocol/iec62056-21/transport';
import { wireTimeMs } from '../../protocol/iec62056-21/timing';
import { receiveAtBaud } from './uart';

/**
 * In-memory serial links for the meter emulator and tests, and a pacing wrapper for real ports.
 * Line speed model: 7E1, 10 bits per character, so `chars` take `chars × 10 / baud` seconds
 * (../shared/reference/iec62056-21.md "Timing"). Every link starts at 300 baud (clause 6.1).
 */

/** Target wire time of one delivered chunk, ms. Bigger chunks = fewer timers; 10 ms keeps pacing smooth. */
const CHUNK_MS = 10;
/** Baud rate every IEC 62056-21 session starts at. */
const INITIAL_BAUD = 300;

function closedError(name: string): Error {
  return new Error(`The connection "${name}" is closed, so nothing can be sent. Open the port again and retry.`);
}

/**
 * Sends bytes in wire-time-sized chunks at the sender's current baud rate, one write after another.
 * `emit(chunk, baud)` is called when a chunk has fully left the sender (its last bit is on the wire).
 * Timing is kept on an absolute timeline (Date.now, so vitest fake timers drive it), so timer lateness does
 * not accumulate: 960 characters at 9600 baud take 1 s of wall time however the chunks fall.
 */
class Pacer {
  private lineFreeAt = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly baud: () => number,
    private readonly emit: (chunk: Uint8Array, baud: number) => void | Promise<void>,
    private readonly closed: () => boolean,
    private readonly name: string,
  ) {}

  send(bytes: Uint8Array): Promise<void> {
    const job = this.tail.then(() => this.transmit(bytes));
    this.tail = job.catch(() => undefined);
    return job;
  }

  private async transmit(bytes: Uint8Array): Promise<void> {
    let t = Math.max(Date.now(), this.lineFreeAt);
    let i = 0;
    while (i < bytes.length) {
      if (this.closed()) throw closedError(this.name);
      const baud = this.baud();
      const perChunk = Math.max(1, Math.round((baud * CHUNK_MS) / 1000 / 10));
      const n = Math.min(perChunk, bytes.length - i);
      t += wireTimeMs(n, baud);
      const wait = t - Date.now();
      if (wait > 0) await new Promise<void>((resolve) => setTimeout(resolve, wait));
      if (this.closed()) throw closedError(this.name);
      await this.emit(bytes.slice(i, i + n), baud);
      i += n;
    }
    this.lineFreeAt = t;
  }
}

/** Options of `createLinkPair`. */
export interface LinkPairOptions {
  /**
   * true: bytes take real wire time at the sender's baud rate and arrive progressively (~10 ms chunks);
   * `write` resolves when the last byte has arrived. false (default): delivery on the next microtask.
   */
  readonly paced?: boolean;
  /** Transport names of the two ends, default `['link-a', 'link-b']`. */
  readonly names?: readonly [string, string];
  /**
   * Data bits that arrive: 7 (default, a 7E1 line: the high bit is lost) or 8 (an 8-bit-clean line). The Elster
   * data stream mode (RD) sends binary blocks (packet numbers, marker bytes ≥ 0x80, CRC), which only an
   * 8-bit-clean line carries; ASCII traffic is the same either way. Wire time is 10 bits per character in both.
   */
  readonly dataBits?: 7 | 8;
}

interface End {
  name: string;
  baud: number;
  closed: boolean;
  data: Set<(chunk: Uint8Array) => void>;
  close: Set<(reason: string) => void>;
}

/**
 * A full-duplex in-memory serial link: two `Transport`s wired to each other.
 * - Each end has its own baud rate (initially 300). When a chunk arrives at an end whose baud rate differs
 *   from the rate it was sent at, the receiver gets what a real UART would make of it (see uart.ts:
 *   deterministic garbage) — that is how "wrong baud rate" is tested. Only the low 7 bits of each byte travel
 *   (7E1 line) unless `dataBits` is 8. Unpaced links compare the rates at write time (sender) and delivery time (receiver).
 * - `close()` on either end closes both and fires every `onClose` listener of both ends once, with the reason
 *   "link closed". Writes pending or made after that reject with a plain-language Error.
 * @returns `[a, b]`: bytes written on `a` arrive at `b` and vice versa.
 */
export function createLinkPair(opts: LinkPairOptions = {}): [Transport, Transport] {
  const names = opts.names ?? ['link-a', 'link-b'];
  const ends: [End, End] = [0, 1].map((i) => ({
    name: names[i]!,
    baud: INITIAL_BAUD,
    closed: false,
    data: new Set<(chunk: Uint8Array) => void>(),
    close: new Set<(reason: string) => void>(),
  })) as [End, End];

  const deliver = (to: End, chunk: Uint8Array, senderBaud: number): void => {
    if (to.closed || chunk.length === 0) return;
    const received = receiveAtBaud(chunk, senderBaud, to.baud, opts.dataBits ?? 7);
    if (received.length === 0) return;
    for (const listener of [...to.data]) listener(received.slice());
  };

  const closeAll = (): void => {
    if (ends[0].closed && ends[1].closed) return;
    for (const e of ends) e.closed = true;
    for (const e of ends) for (const listener of [...e.close]) listener('link closed');
  };

  const makeTransport = (self: End, peer: End): Transport => {
    const pacer = opts.paced
      ? new Pacer(() => self.baud, (chunk, baud) => deliver(peer, chunk, baud), () => self.closed, self.name)
      : null;
    return {
      name: self.name,
      write(bytes: Uint8Array): Promise<void> {
        if (self.closed) return Promise.reject(closedError(self.name));
        if (pacer) return pacer.send(bytes);
        const copy = bytes.slice();
        const baud = self.baud;
        return new Promise<void>((resolve, reject) => {
          queueMicrotask(() => {
            if (self.closed) return reject(closedError(self.name));
            deliver(peer, copy, baud);
            resolve();
          });
        });
      },
      async setBaudRate(baud: number): Promise<void> {
        if (!(baud > 0)) throw new RangeError(`baud rate must be positive, got ${baud}`);
        self.baud = baud;
      },
      onData(listener) {
        self.data.add(listener);
        return () => self.data.delete(listener);
      },
      onClose(listener) {
        self.close.add(listener);
        return () => self.close.delete(listener);
      },
      async close(): Promise<void> {
        closeAll();
      },
    };
  };

  return [makeTransport(ends[0], ends[1]), makeTransport(ends[1], ends[0])];
}

/**
 * Wrap a transport whose far side does not pace the bytes (e.g. a pty, which passes bytes instantly) so that
 * writes take real wire time at the current baud rate: bytes go to `inner` in ~10 ms chunks at
 * `chars × 10 / baud` seconds each, and `write` resolves when the last chunk is due to have left.
 * Baud changes are passed on to `inner` and used for the following chunks. Everything else is `inner`'s.
 */
export function pacedTransport(inner: Transport): Transport {
  let baud = INITIAL_BAUD;
  let closed = false;
  inner.onClose(() => {
    closed = true;
  });
  const pacer = new Pacer(() => baud, (chunk) => inner.write(chunk), () => closed, inner.name);
  return {
    name: inner.name,
    write: (bytes) => pacer.send(bytes),
    async setBaudRate(b: number): Promise<void> {
      await inner.setBaudRate(b);
      baud = b;
    },
    onData: (listener) => inner.onData(listener),
    onClose: (listener) => inner.onClose(listener),
    async close(): Promise<void> {
      closed = true;
      await inner.close();
    },
  };
}
