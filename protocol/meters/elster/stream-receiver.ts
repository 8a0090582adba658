import { NAK, STX, concatBytes } from '../../iec62056-21/control';
import { ProtocolError } from '../../iec62056-21/errors';
import { decodeBlock, scanMessage } from '../../iec62056-21/frames';
import type { FrameScan } from '../../iec62056-21/reader';
import type { Session } from '../../iec62056-21/session';
import { parseErrorAnswer } from './answers';
import { ElsterDataError, ElsterMeterError, StreamCrcError } from './errors';
import { STREAM_ESC_PAUSE_MS } from './profile';
import { ESC, type StreamBlock, scanStreamBlock } from './stream';

/**
 * The client side of the data stream mode (`RD ID001(n)`), as the public driver does it
 * (public:iec1107/FlagIEC1107Connection.java:979-983,992-1114): the client sends nothing while blocks arrive; each
 * block's CRC is checked; the EOT block ends the stream. A damaged block (bad CRC, broken off, no ETX/EOT where its
 * length byte says) stops the reception: the client sends ESC, waits about 3 s for the line to calm down and asks
 * for the whole RD again — at most `maxRepeats` times, then the damage is reported.
 */

/** One thing received while a stream runs. */
export type StreamFrame =
  | { readonly kind: 'block'; readonly block: StreamBlock; readonly bytes: Uint8Array }
  /** A damaged block; `error` says how (StreamCrcError or ElsterDataError). */
  | { readonly kind: 'damaged'; readonly error: ProtocolError }
  /** The meter NAKed our RD command (it arrived damaged). */
  | { readonly kind: 'nak' }
  /** The meter refused with `(ERRn)` (normalised, e.g. `ERR2`). */
  | { readonly kind: 'error'; readonly code: string };

/** Second byte of an IEC answer frame `STX ( … )`: a stream block would need packet number 0x..28 there. */
const OPEN = 0x28;
/** Bytes that can follow `STX (` in an answer frame: hex digits, `E` of ERR, `)` of an empty answer. */
function answerByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66) || b === 0x29;
}

/**
 * Delimit the next StreamFrame at the start of `buf` (for Session.receiveFrame). An IEC answer frame
 * `STX (…) ETX BCC` is recognised by its first bytes (a stream block there would be packet ≥ 0x3028): `(ERRn)` is
 * the meter's refusal; any other answer is skipped as noise. Never throws.
 */
export function scanStreamFrame(buf: Uint8Array): FrameScan<StreamFrame> {
  if (buf.length === 0) return { type: 'incomplete' };
  if (buf[0] === NAK) return { type: 'frame', frame: { kind: 'nak' }, end: 1 };
  if (buf[0] === STX && buf[1] === OPEN) {
    if (buf.length < 3) return { type: 'incomplete' };
    if (answerByte(buf[2]!)) {
      const m = scanMessage(buf, 0);
      if (m.type !== 'message') return { type: 'incomplete' };
      try {
        const code = parseErrorAnswer(decodeBlock(m.bytes, 'answer to the stream request').data);
        if (code) return { type: 'frame', frame: { kind: 'error', code }, end: m.end };
        return { type: 'noise', end: m.end };
      } catch (e) {
        if (e instanceof ProtocolError) return { type: 'frame', frame: { kind: 'damaged', error: e }, end: buf.length };
      }
    }
  }
  const r = scanStreamBlock(buf, 0);
  if (r.type === 'incomplete') return { type: 'incomplete' };
  if (r.type === 'block') {
    const block = { packet: r.block.packet, data: r.block.data.slice(), last: r.block.last };
    return { type: 'frame', frame: { kind: 'block', block, bytes: r.bytes.slice() }, end: r.end };
  }
  if (r.type === 'bad-crc') return { type: 'frame', frame: { kind: 'damaged', error: new StreamCrcError(r.packet, r.expected, r.actual) }, end: r.end };
  return { type: 'frame', frame: { kind: 'damaged', error: new ElsterDataError('data stream block', r.why) }, end: buf.length };
}

/** Options of one stream reception. */
export interface StreamReceiveOptions {
  /** Blocks asked for in the RD request: reception ends at the EOT block, or when this many have arrived. */
  readonly blocks: number;
  /** Whole-stream repeats after damage before giving up (IEC 62056-21 repeats: 3). */
  readonly maxRepeats: number;
  /** Words for messages, e.g. `stream of the load profile (550)`. */
  readonly what: string;
  /** Pause after ESC before asking again, ms; default STREAM_ESC_PAUSE_MS (3000). */
  readonly escPauseMs?: number;
  /** Called with the number of good blocks received so far in this attempt. */
  readonly onBlock?: (blocks: number) => void;
  /** Called before a repeat, with the reason (for the session log). */
  readonly onRepeat?: (message: string) => void;
}

/** What a stream reception got. */
export interface StreamResult {
  /** The item's bytes: the blocks' data in order of arrival. */
  readonly data: Uint8Array;
  /** Every block as received in the successful attempt (for the raw record). */
  readonly raw: Uint8Array[];
  /** True when the last block was closed by EOT (false: stopped after `blocks` blocks). */
  readonly ended: boolean;
  /** Whole-stream repeats that were needed. */
  readonly repeats: number;
}

/**
 * Send the RD `command` message and receive the stream (see the module comment).
 * @throws ElsterMeterError for `(ERRn)`; StreamCrcError / ElsterDataError after more than `maxRepeats` damaged
 *   attempts; ProtocolError REFUSED when the meter NAKs the request every time; NO_ANSWER / STOPPED_ANSWERING /
 *   LINK_LOST / CANCELLED from the link. On every failure but LINK_LOST and a meter refusal, ESC is sent so the
 *   meter stops streaming.
 */
export async function receiveStream(session: Session, command: Uint8Array, o: StreamReceiveOptions): Promise<StreamResult> {
  let repeats = 0;
  let naks = 0;
  const retry = async (error: ProtocolError, why: string) => {
    await session.sendRaw(Uint8Array.of(ESC), true);
    if (++repeats > o.maxRepeats) throw error;
    o.onRepeat?.(`${why}; sent ESC and asked for the whole ${o.what} again (repeat ${repeats} of ${o.maxRepeats}).`);
    await session.drain(Math.min(500, o.escPauseMs ?? STREAM_ESC_PAUSE_MS), o.escPauseMs ?? STREAM_ESC_PAUSE_MS);
  };
  try {
    for (;;) {
      await session.sendRaw(command);
      const parts: Uint8Array[] = [];
      const raw: Uint8Array[] = [];
      let damaged = false;
      for (;;) {
        let frame: StreamFrame;
        try {
          frame = await session.receiveFrame(scanStreamFrame, o.what);
        } catch (e) {
          if (e instanceof ProtocolError && e.code === 'STOPPED_ANSWERING') {
            await retry(e, `The ${o.what} broke off after ${parts.length} blocks`);
            damaged = true;
            break;
          }
          throw e;
        }
        if (frame.kind === 'error') throw new ElsterMeterError(frame.code, o.what);
        if (frame.kind === 'nak') {
          if (parts.length > 0 || naks >= o.maxRepeats) throw new ProtocolError('REFUSED', `The meter refused the ${o.what}: it answered NAK${parts.length > 0 ? ` after ${parts.length} blocks` : ' to every repeat'}.`);
          naks++;
          damaged = true;
          break;
        }
        if (frame.kind === 'damaged') {
          await retry(frame.error, `Block ${parts.length + 1} of the ${o.what} arrived damaged`);
          damaged = true;
          break;
        }
        parts.push(frame.block.data);
        raw.push(frame.bytes);
        o.onBlock?.(parts.length);
        if (frame.block.last || parts.length >= o.blocks) return { data: concatBytes(...parts), raw, ended: frame.block.last, repeats };
      }
      if (!damaged) break;
    }
    throw new ProtocolError('GARBLED', `The ${o.what} could not be received.`);
  } catch (e) {
    if (!(e instanceof ProtocolError) || (e.code !== 'LINK_LOST' && e.code !== 'METER_ERROR')) {
      await session.sendRaw(Uint8Array.of(ESC), true).catch(() => undefined);
    }
    throw e;
  }
}
