import { asciiToBytes, bytesToAscii } from '../control';
import type { Transport } from '../transport';

/**
 * Test support: a Transport whose far end is a script. Every write of the client is recorded (as latin1 text)
 * and answered by `answer(sent, index)`; answers arrive after `delayMs` (default 5 ms), optionally in chunks
 * with pauses (to provoke the inter-character time-out). Used by the session tests of protocol/ (no I/O).
 */

/** What the script answers to one write: bytes/text, nothing (null), or chunks with a gap between them. */
export type ScriptReply = Uint8Array | string | null | { readonly chunks: readonly (Uint8Array | string)[]; readonly gapMs: number };

/** The scripted link and what the client did on it. */
export interface ScriptedLink {
  readonly transport: Transport;
  /** Every write of the client, latin1 text, in order. */
  readonly sent: string[];
  /** Every baud rate the client set, in order. */
  readonly bauds: number[];
  /** Send bytes to the client unprompted (e.g. a late block). */
  emit(bytes: Uint8Array | string): void;
  /** Simulate the port being unplugged (onClose listeners fire). */
  kill(reason?: string): void;
}

/** Build a scripted link. `echo` makes the far end echo every write first (a half-duplex probe). */
export function scriptedLink(
  answer: (sent: string, index: number) => ScriptReply,
  opts: { echo?: boolean; delayMs?: number } = {},
): ScriptedLink {
  const data = new Set<(c: Uint8Array) => void>();
  const closes = new Set<(r: string) => void>();
  const sent: string[] = [];
  const bauds: number[] = [];
  let closed = false;
  const emit = (b: Uint8Array | string) => {
    if (closed) return;
    const bytes = typeof b === 'string' ? asciiToBytes(b) : b;
    for (const l of [...data]) l(bytes);
  };
  const transport: Transport = {
    name: 'scripted',
    async write(bytes) {
      if (closed) throw new Error('the port is closed');
      const text = bytesToAscii(bytes);
      sent.push(text);
      if (opts.echo) setTimeout(() => emit(bytes), 1);
      const reply = answer(text, sent.length - 1);
      if (reply === null) return;
      setTimeout(() => {
        if (typeof reply === 'string' || reply instanceof Uint8Array) return emit(reply);
        const chunks = [...reply.chunks];
        const next = () => {
          const c = chunks.shift();
          if (c === undefined) return;
          emit(c);
          if (chunks.length > 0) setTimeout(next, reply.gapMs);
        };
        next();
      }, opts.delayMs ?? 5);
    },
    async setBaudRate(b) {
      bauds.push(b);
    },
    onData(l) {
      data.add(l);
      return () => data.delete(l);
    },
    onClose(l) {
      closes.add(l);
      return () => closes.delete(l);
    },
    async close() {
      closed = true;
    },
  };
  return {
    transport,
    sent,
    bauds,
    emit,
    kill(reason = 'the port was unplugged') {
      closed = true;
      for (const l of [...closes]) l(reason);
    },
  };
}
