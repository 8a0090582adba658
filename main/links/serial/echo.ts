/**
 * Echo handling at the link (a probe profile's `echo`, contract/probe.ts): some optical transceivers send every byte
 * they transmit back to the computer (OpenMUC j62056 Connection.java, handleEcho: "Echos are caused by some optical
 * transceivers"). Wrapping a Transport:
 * - `none`: every received byte is the meter's (the protocol's reader still drops an exact copy of what was sent at the
 *   head of an answer: protocol/iec62056-21/reader.ts);
 * - `echoes`: after each write, as many received bytes as were written are removed — even damaged ones — while they
 *   arrive within the write's wire time plus {@link ECHO_SLACK_MS};
 * - `detect`: the answer to the FIRST write decides: when its first bytes are exactly what was sent, the probe echoes
 *   (removed from then on, as `echoes`); otherwise it does not (as `none`). Bytes are held only until it is decided.
 * `echoSeen()` tells what was seen (null until the first write is answered or its time has passed).
 */
import { wireTimeMs } from '../../../protocol/iec62056-21/timing';
import type { Transport } from '../../../protocol/iec62056-21/transport';
import type { EchoMode } from '../../../contract/probe';

/**
 * Time after a write's last byte left within which its echo must be back, ms. ASSUMPTION: a probe echoes within a
 * few character times; USB adapters add up to ~20 ms; the meter answers no earlier than tr min = 200 ms
 * (IEC 62056-21 clause 6.3.14), so its own bytes are not taken for echo.
 */
export const ECHO_SLACK_MS = 150;

interface Expectation {
  readonly bytes: Uint8Array;
  got: number;
  /** Date.now() after which the rest of this echo is no longer waited for. */
  deadline: number;
}

/** A transport with echo handling, and what was seen. */
export interface EchoHandledTransport extends Transport {
  /** True once an echo was seen, false once the first write went unechoed; null before either. */
  echoSeen(): boolean | null;
}

/** Wrap `inner` with the echo handling of `mode` (see the file comment). */
export function withEchoHandling(inner: Transport, mode: EchoMode, startBaud = 300): EchoHandledTransport {
  let baud = startBaud;
  let seen: boolean | null = null;
  let removing = mode === 'echoes';
  const queue: Expectation[] = [];
  let held: Uint8Array[] = []; // detect: bytes kept until the first echo is decided
  let decideTimer: ReturnType<typeof setTimeout> | null = null;
  const listeners = new Set<(chunk: Uint8Array) => void>();
  const deliver = (chunk: Uint8Array) => {
    if (chunk.length > 0) for (const l of listeners) l(chunk);
  };
  const decide = (echo: boolean) => {
    if (seen !== null && mode === 'detect') return;
    seen = echo;
    if (decideTimer) clearTimeout(decideTimer);
    decideTimer = null;
    if (mode !== 'detect') return;
    removing = echo;
    const keep = held;
    held = [];
    if (!echo) {
      queue.length = 0;
      for (const c of keep) deliver(c);
      return;
    }
    for (const c of keep) receive(c); // replay through the removal now that the probe is known to echo
  };

  const receive = (chunk: Uint8Array): void => {
    if (mode === 'detect' && seen === null && queue.length > 0) {
      // Deciding on the first write: compare what has arrived so far with what was sent.
      held.push(chunk);
      const all = concat(held);
      const sent = queue[0]!.bytes;
      const n = Math.min(all.length, sent.length);
      const same = all.subarray(0, n).every((b, i) => b === sent[i]);
      if (!same) return decide(false);
      if (n === sent.length) return decide(true);
      return;
    }
    let data = chunk;
    const now = Date.now();
    while (removing && data.length > 0 && queue.length > 0) {
      const e = queue[0]!;
      if (now > e.deadline) {
        if (mode === 'echoes' && e.got === 0 && seen === null) seen = false;
        queue.shift();
        continue;
      }
      const take = Math.min(e.bytes.length - e.got, data.length);
      e.got += take;
      data = data.subarray(take);
      if (mode === 'echoes' && seen === null) seen = true;
      if (e.got >= e.bytes.length) queue.shift();
    }
    deliver(data);
  };
  inner.onData(receive);

  return {
    name: inner.name,
    echoSeen: () => seen,
    async write(bytes) {
      const slack = ECHO_SLACK_MS + wireTimeMs(bytes.length, baud);
      if (mode !== 'none' && (removing || seen === null)) {
        queue.push({ bytes: bytes.slice(), got: 0, deadline: Number.POSITIVE_INFINITY });
      }
      try {
        await inner.write(bytes);
      } finally {
        // The echo of the last byte comes back within the slack after it left (write resolves when drained).
        const e = queue.at(-1);
        if (e && e.deadline === Number.POSITIVE_INFINITY) e.deadline = Date.now() + slack;
        if (mode === 'detect' && seen === null && !decideTimer) decideTimer = setTimeout(() => decide(false), slack);
      }
    },
    async setBaudRate(b) {
      await inner.setBaudRate(b);
      baud = b;
    },
    onData(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onClose: (listener) => inner.onClose(listener),
    async close() {
      if (decideTimer) clearTimeout(decideTimer);
      await inner.close();
    },
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
