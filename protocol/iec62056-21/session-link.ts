import type { Identification } from './identification';
import { MessageReader, type AbortLike, type FrameScan } from './reader';
import { STANDARD_TIMINGS, type SessionTimings } from './timing';
import type { Transport } from './transport';
import { encodeBreak } from './frames';

/** Option-select mode control Y: data readout, programming mode, or a manufacturer-specific mode (6…9). */
export type ModeControl = '0' | '1' | '6' | '7' | '8' | '9';

/** Wake-up preamble: 66 NULs = 2.2 s at 300 baud on a 7E1 line (10 bits a character). */
export const WAKE_UP_NULS = 66;
/** Pause after the wake-up NULs before the sign-on, ms. */
export const WAKE_UP_PAUSE_MS = 1600;

/** Options of a session. */
export interface SessionOptions {
  /** Device address for the sign-on; '' addresses whichever meter is on the probe. */
  readonly address?: string;
  /**
   * Wake a battery meter before each sign-on: NUL bytes for about 2.2 s at 300 baud, then a 1.6 s pause
   * (reference note "Line": NULs for 2.1–2.3 s, then 1.5–1.7 s; IEC 62056-21 annex for battery-powered meters).
   */
  readonly wakeUp?: boolean;
  /** Highest baud rate to negotiate (bit/s); default 19200. */
  readonly maxBaud?: number;
  readonly timings?: Partial<SessionTimings>;
  readonly signal?: AbortLike;
  /** Called with the running byte count of the message being received (for progress). */
  readonly onBytes?: (count: number) => void;
  /** Called when the line speed changes. */
  readonly onBaud?: (baud: number) => void;
  /**
   * The identification an earlier Session on the same link has just received (`identify()`, e.g. to choose the
   * meter dialect): the first `signOn` of this session then sends no sign-on request and goes straight to the
   * option select, so deciding the dialect costs no extra session. Later sign-ons (re-sign-on) are full ones.
   * The hand-over must happen within the meter's wait after its identification (mode C: about 2 s).
   */
  readonly identified?: Identification;
}

/** What the sign-on established. */
export interface SignOnResult {
  readonly identification: Identification;
  /** Line speed in use after the option select, bit/s. */
  readonly baud: number;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The link side of a client session: the message reader with echo cancellation, line speed, time-outs,
 * sending raw bytes and manufacturer frames, the break. `Session` (session.ts) adds the IEC 62056-21 messages.
 */
export class SessionLink {
  readonly timings: SessionTimings;
  protected readonly reader: MessageReader;
  protected identification: Identification | null = null;
  protected baud = 300;

  constructor(
    protected readonly transport: Transport,
    protected readonly options: SessionOptions = {},
  ) {
    this.timings = { ...STANDARD_TIMINGS, ...options.timings };
    this.reader = new MessageReader(transport, options.signal);
  }

  /** Current line speed, bit/s. */
  get currentBaud(): number {
    return this.baud;
  }

  /** Total bytes received on the link during this session. */
  get bytesReceived(): number {
    return this.reader.totalBytes;
  }

  /** Bytes received from the meter during this session (as `bytesReceived`, without the probe's echo). */
  get bytesFromMeter(): number {
    return this.reader.meterBytes;
  }

  /** The identification of the last sign-on, or null before the first. */
  get meterIdentification(): Identification | null {
    return this.identification;
  }

  /** tr min in force for this meter, ms (20 ms when the identification flags the short reaction time). */
  get minReactionMs(): number {
    return this.minReaction();
  }

  /** The abort signal of the session, if any (for dialect layers that must react to a cancel themselves). */
  get signal(): AbortLike | undefined {
    return this.options.signal;
  }

  /** Drop received bytes not consumed yet (e.g. the rest of a damaged frame before asking for it again). */
  discardInput(): void {
    this.reader.discard();
  }

  /**
   * Wait until the line has been quiet for `quietMs` (at most `maxMs` in all), then drop what arrived: used
   * before a new sign-on or a repair read, so the late rest of a broken-off answer is not taken for the next one.
   */
  async drain(quietMs: number, maxMs: number): Promise<void> {
    const start = Date.now();
    for (;;) {
      const before = this.reader.meterBytes;
      await sleep(quietMs);
      if (this.reader.meterBytes === before || Date.now() - start >= maxMs) break;
    }
    this.reader.discard();
  }

  /** Stop listening to the transport (does not close it). */
  dispose(): void {
    this.reader.dispose();
  }

  protected minReaction(): number {
    return this.identification?.shortReactionTime ? this.timings.shortMinReactionMs : this.timings.minReactionMs;
  }

  protected async send(bytes: Uint8Array): Promise<void> {
    this.reader.expectEcho(bytes);
    await this.transport.write(bytes);
  }

  protected async setBaud(baud: number): Promise<void> {
    await this.transport.setBaudRate(baud);
    this.baud = baud;
    this.options.onBaud?.(baud);
  }

  /**
   * Send raw bytes (a control character such as ACK, NAK or ESC, or a dialect's own frame), after tr min
   * unless `immediate`. The bytes are expected back as echo on half-duplex probes.
   */
  async sendRaw(bytes: Uint8Array, immediate = false): Promise<void> {
    if (!immediate) await sleep(this.minReaction());
    await this.send(bytes);
  }

  /**
   * Receive one frame of a manufacturer-specific format delimited by `scan` (see MessageReader.nextFrame),
   * with the standard time-outs (reaction time before the first byte, inter-character time within it).
   * Throws NO_ANSWER / STOPPED_ANSWERING / LINK_LOST / CANCELLED.
   */
  receiveFrame<T>(scan: (buf: Uint8Array) => FrameScan<T>, what: string): Promise<T> {
    return this.reader.nextFrame(scan, {
      what,
      reactionTimeoutMs: this.timings.reactionTimeoutMs,
      interCharTimeoutMs: this.timings.interCharTimeoutMs,
      onBytes: this.options.onBytes,
    });
  }

  /**
   * Send the break command B0 (end of session); the meter returns to 300 baud. Never throws: a meter that
   * already left the session is not an error.
   */
  async sendBreak(): Promise<void> {
    try {
      await sleep(this.minReaction());
      await this.send(encodeBreak());
    } catch {
      /* link already gone: nothing to end */
    }
  }
}
