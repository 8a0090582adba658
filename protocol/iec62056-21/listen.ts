import { describeBytes } from './control';
import { BccError, ProtocolError } from './errors';
import type { AbortLike } from './reader';
import { scanTelegram, type Telegram } from './telegram';
import type { Transport } from './transport';

/**
 * Listen mode for push meters: IEC 62056-21 mode D (clause 6.4.6: the meter sends its identification and data
 * by itself, at a fixed speed, no request) — the Elster A1100's one-way OBIS stream, the German eHZ/EasyMeter
 * class. Nothing is sent; complete telegrams are cut out of the byte stream by the one telegram parser
 * (telegram.ts, with or without STX/ETX/BCC, the BCC checked where there is one). A telegram heard from its
 * middle (no identification before its data) is skipped; one whose BCC fails is skipped and the next awaited.
 * When the time runs out the error says what was heard: nothing, noise at the wrong speed, or a partial telegram.
 */

/** One telegram heard. */
export interface HeardTelegram {
  readonly telegram: Telegram;
  /** The telegram's bytes as received (identification … end). */
  readonly bytes: Uint8Array;
  /** When its last byte arrived, ms since the epoch (the reading's time: push meters often send no clock). */
  readonly receivedAtMs: number;
}

/** Options of a listen. */
export interface ListenOptions {
  /** Telegrams to collect (≥ 1). */
  readonly telegrams: number;
  /** Longest wait for the first telegram and between telegrams, ms (a push meter repeats every few seconds). */
  readonly timeoutMs: number;
  /** Line speed and format, for the words of the error messages only (the caller set up the link). */
  readonly baud: number;
  readonly line: string;
  readonly signal?: AbortLike;
  /** Called for each telegram as it is heard (progress). */
  readonly onTelegram?: (heard: HeardTelegram, count: number) => void;
  /** Called as bytes arrive (running count since listening began). */
  readonly onBytes?: (count: number) => void;
  /** Clock, ms since the epoch (tests). */
  readonly now?: () => number;
}

/** Share of printable text (and CR, LF) among `bytes`: telegrams are text; a wrong speed gives control bytes. */
function textShare(bytes: Uint8Array): number {
  if (bytes.length === 0) return 1;
  let text = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 0x0d || b === 0x0a || b === 0x02 || b === 0x03) text++;
  return text / bytes.length;
}

/**
 * The plain error for a listen that heard no (further) complete telegram: what was heard, and what to try.
 * @param heard bytes received since the last complete telegram; `total` all bytes of the listen.
 */
export function listenTimeoutError(heard: Uint8Array, total: number, badChecksums: number, o: Pick<ListenOptions, 'baud' | 'line' | 'timeoutMs'>, got: number): ProtocolError {
  const seconds = Math.round(o.timeoutMs / 1000);
  const setting = `${o.baud} baud ${o.line}`;
  const after = got > 0 ? ` after ${got} telegram${got === 1 ? '' : 's'}` : '';
  if (badChecksums > 0 && heard.length === 0) {
    return new ProtocolError('BAD_BCC', `Telegrams were heard at ${setting}, but ${badChecksums} failed their checksum (BCC)${after}. Keep the reading head still on the meter's optical port and listen again.`);
  }
  if (total === 0 || (heard.length === 0 && got > 0)) {
    return new ProtocolError(
      'NO_ANSWER',
      `Nothing was heard in ${seconds} s${after}. A push meter sends by itself every few seconds: check that the reading head sits on the meter's optical port (the right way round), that its push output is on, and that the right port is chosen.`,
    );
  }
  if (textShare(heard) < 0.85) {
    return new ProtocolError(
      'GARBLED',
      `Only noise was heard at ${setting}${after} (${heard.length} bytes that are not text): noise at the wrong speed. The meter probably sends at another speed or line format: try ${[2400, 4800, 9600].filter((b) => b !== o.baud).join(' or ')} baud, and 7E1 or 8N1.`,
      describeBytes(heard.subarray(0, 40)),
    );
  }
  return new ProtocolError(
    'STOPPED_ANSWERING',
    `Only a partial telegram was heard in ${seconds} s${after} (${heard.length} bytes, no end): the meter stopped sending or the reading head slipped. Listen again.`,
    describeBytes(heard.subarray(Math.max(0, heard.length - 40))),
  );
}

/**
 * Listen on `transport` until `opts.telegrams` complete telegrams have been heard; returns them in order.
 * Throws ProtocolError: NO_ANSWER (nothing heard), GARBLED (noise at the wrong speed), STOPPED_ANSWERING (a
 * partial telegram), BAD_BCC (only damaged telegrams), LINK_LOST, CANCELLED.
 */
export async function listenForTelegrams(transport: Transport, opts: ListenOptions): Promise<HeardTelegram[]> {
  const now = opts.now ?? Date.now;
  let buf = new Uint8Array(0);
  /** Noise dropped since the last telegram (the last 4 kB of it), kept to say what was heard on a timeout. */
  let noise = new Uint8Array(0);
  let total = 0;
  let badChecksums = 0;
  let closed: string | null = null;
  let wake: (() => void) | null = null;
  const out: HeardTelegram[] = [];
  const offData = transport.onData((chunk) => {
    const next = new Uint8Array(buf.length + chunk.length);
    next.set(buf);
    next.set(chunk, buf.length);
    buf = next;
    total += chunk.length;
    opts.onBytes?.(total);
    wake?.();
  });
  const offClose = transport.onClose((reason) => {
    closed = reason;
    wake?.();
  });
  const onAbort = () => wake?.();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    let deadline = now() + opts.timeoutMs;
    for (;;) {
      // Cut out every complete telegram in the buffer.
      for (;;) {
        let r;
        try {
          r = scanTelegram(buf, 0, { requireIdentification: true });
        } catch (e) {
          if (!(e instanceof ProtocolError)) throw e;
          if (e instanceof BccError) badChecksums++;
          // A damaged telegram: drop up to the next identification and wait for the meter's next one.
          const next = buf.indexOf(0x2f, 1);
          buf = next < 0 ? new Uint8Array(0) : buf.slice(next);
          continue;
        }
        if (r.type === 'telegram') {
          const heard = { telegram: r.telegram, bytes: buf.slice(r.telegram.start, r.telegram.end), receivedAtMs: now() };
          out.push(heard);
          opts.onTelegram?.(heard, out.length);
          buf = buf.slice(r.telegram.end);
          noise = new Uint8Array(0);
          if (out.length >= opts.telegrams) return out;
          deadline = now() + opts.timeoutMs;
          continue;
        }
        if (r.type === 'noise' && r.end > 0) {
          // Skip it (a telegram heard from its middle, line noise), keeping the last 4 kB for the diagnosis.
          const kept = new Uint8Array(Math.min(4096, noise.length + r.end));
          const joined = new Uint8Array(noise.length + r.end);
          joined.set(noise);
          joined.set(buf.subarray(0, r.end), noise.length);
          kept.set(joined.subarray(joined.length - kept.length));
          noise = kept;
          buf = buf.slice(r.end);
          continue;
        }
        break;
      }
      if (opts.signal?.aborted) throw new ProtocolError('CANCELLED', 'Listening cancelled.');
      if (closed !== null) {
        throw new ProtocolError('LINK_LOST', 'The connection to the reading head was lost while listening. Check that its cable is plugged in.', closed);
      }
      const left = deadline - now();
      if (left <= 0) {
        const heard = new Uint8Array(noise.length + buf.length);
        heard.set(noise);
        heard.set(buf, noise.length);
        throw listenTimeoutError(heard, total, badChecksums, opts, out.length);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          wake = null;
          resolve();
        }, left);
        wake = () => {
          clearTimeout(timer);
          wake = null;
          resolve();
        };
      });
    }
  } finally {
    offData();
    offClose();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
