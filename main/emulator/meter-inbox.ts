import { concatBytes } from '../../protocol/iec62056-21/control';
import { type MessageKind, scanMessage } from '../../protocol/iec62056-21/frames';

/**
 * The meter's receive side: collects incoming bytes and hands out complete IEC 62056-21 messages
 * (frames.ts scanMessage), skipping noise, with the silence and inter-character time-outs of clause 6.3.14.
 * Timers use setTimeout/Date.now, so vitest fake timers drive them.
 */

/** ESC: a client aborts an Elster data stream (RD) with it; elsewhere it is noise. */
const ESC = 0x1b;

/** A complete incoming message. */
export interface InboxMessage {
  readonly kind: MessageKind;
  readonly bytes: Uint8Array;
}

/** Thrown by a waiting `next()` (and by the session's sleeps) once the inbox / session is closed. */
export class Stopped extends Error {
  constructor() {
    super('the meter session was stopped');
  }
}

/** Incoming-message queue of one meter session. */
export class MeterInbox {
  private buf: Uint8Array = new Uint8Array(0);
  private lastByteAt = 0;
  private wake: (() => void) | null = null;
  private closed = false;
  private pushedBack: InboxMessage | null = null;
  private escape = false;

  /** @param interCharTimeoutMs a partial message older than this (no new byte) is discarded. */
  constructor(private readonly interCharTimeoutMs: number) {}

  /** Add received bytes. */
  push(chunk: Uint8Array): void {
    if (chunk.includes(ESC)) this.escape = true;
    this.buf = concatBytes(this.buf, chunk);
    this.lastByteAt = Date.now();
    this.wake?.();
  }

  /** True when an ESC byte (data stream abort) arrived since the last call; clears the flag. */
  takeEscape(): boolean {
    const seen = this.escape;
    this.escape = false;
    return seen;
  }

  /** Return a message so the next `next()` yields it again (a transfer aborted by a new command). */
  pushBack(m: InboxMessage): void {
    this.pushedBack = m;
  }

  /** Close: a waiting or later `next()` throws Stopped. */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  /**
   * Next complete message, skipping noise. Returns null when no byte arrived for `silenceMs` since the call
   * (or since the last byte); null silenceMs = wait for ever.
   * @param optionSelect true right after the identification, where ACK + digit starts an option select.
   * @throws Stopped once closed.
   */
  async next(optionSelect: boolean, silenceMs: number | null): Promise<InboxMessage | null> {
    if (this.pushedBack) {
      const m = this.pushedBack;
      this.pushedBack = null;
      return m;
    }
    const since = Date.now();
    for (;;) {
      if (this.closed) throw new Stopped();
      const r = scanMessage(this.buf, 0, optionSelect);
      if (r.type === 'noise') {
        this.buf = this.buf.slice(r.end);
        continue;
      }
      if (r.type === 'message') {
        this.buf = this.buf.slice(r.end);
        return { kind: r.kind, bytes: r.bytes.slice() };
      }
      const now = Date.now();
      const quietSince = Math.max(since, this.lastByteAt);
      if (silenceMs !== null && now - quietSince >= silenceMs) return null;
      if (this.buf.length > 0 && now - this.lastByteAt >= this.interCharTimeoutMs) {
        this.buf = new Uint8Array(0);
        continue;
      }
      let wait = silenceMs === null ? Infinity : quietSince + silenceMs - now;
      if (this.buf.length > 0) wait = Math.min(wait, this.lastByteAt + this.interCharTimeoutMs - now);
      await new Promise<void>((resolve) => {
        const timer = Number.isFinite(wait) ? setTimeout(() => resolve(), Math.max(0, wait)) : null;
        this.wake = () => {
          if (timer !== null) clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}
