import { ACK, NAK, STX, concatBytes } from '../../iec62056-21/control';
import { ProtocolError } from '../../iec62056-21/errors';
import { decodeBlock, scanMessage } from '../../iec62056-21/frames';
import type { FrameScan } from '../../iec62056-21/reader';
import type { Session } from '../../iec62056-21/session';
import { decodeDataAnswer, parseErrorAnswer } from './answers';
import { encodeReadRequest } from './commands';
import { ElsterDataError, ElsterMeterError, StreamCrcError } from './errors';
import { toElsterError } from './meter-error';
import { ELSTER_MAX_PACKET_BYTES, ELSTER_STREAM_FORMAT, type StreamFormat } from './profile';
import { ESC, type StreamBlock, assembleStream, maxBlockData, scanStreamBlock } from './stream';

/**
 * The client side of the data stream mode (`RD ID001(n)`): receives the blocks of stream.ts over a Session,
 * checking each block's CRC-16. Source: reference "Register access by 3-digit data ID"
 * (../shared/reference/elster-dialect.md): blocks STX, packet (2 bytes LE), length, data, ETX|EOT, CRC-16;
 * ESC (0x1B) from the client aborts the stream.
 * Flow control (ASSUMPTION, listed in ELSTER_ASSUMPTIONS): the client answers every good block that is not the
 * last with ACK at once (no tr wait) and a damaged block (bad CRC, a block broken off, a wrong terminator) with
 * NAK, so a meter that waits for the answer sends the block again (at most `maxRepeats` damaged runs in a row).
 * A meter that streams on without waiting is read too: blocks are placed by packet number, and blocks it did
 * not repeat are read afterwards by R1 packets of 64 bytes (`repairStream`: block k = R1 packets 4k−3 … 4k).
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
 * Delimit the next StreamFrame at the start of `buf` (for Session.receiveFrame). A whole block with a bad CRC is
 * consumed; a block with a wrong terminator (damaged length) consumes only its STX, and so does a bad CRC while
 * `resync` (after damage, until the next good block), so what follows is scanned again. An IEC answer frame
 * `STX (…) ETX BCC` is recognised by its first bytes (a stream block there would be packet ≥ 0x3028): `(ERRn)` is
 * the meter's refusal; any other answer is a stale repeat of an earlier answer (a meter that answers our NAK with
 * its last answer) and is skipped as noise. Never throws.
 */
export function scanStreamFrame(buf: Uint8Array, format: StreamFormat = ELSTER_STREAM_FORMAT, resync = false): FrameScan<StreamFrame> {
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
  const r = scanStreamBlock(buf, 0, format);
  if (r.type === 'incomplete') return { type: 'incomplete' };
  if (r.type === 'block') {
    const block = { packet: r.block.packet, data: r.block.data.slice(), last: r.block.last };
    return { type: 'frame', frame: { kind: 'block', block, bytes: r.bytes.slice() }, end: r.end };
  }
  // A whole block with a bad CRC is consumed; while resynchronising only its STX (it may be a false start).
  if (r.type === 'bad-crc') return { type: 'frame', frame: { kind: 'damaged', error: new StreamCrcError(r.packet, r.expected, r.actual) }, end: resync ? 1 : r.end };
  if (buf[0] !== STX) return { type: 'noise', end: r.end };
  const error = new ElsterDataError('data stream block', 'the block does not end with ETX or EOT where its length byte says');
  return { type: 'frame', frame: { kind: 'damaged', error }, end: 1 };
}

/** Options of one stream reception. */
export interface StreamReceiveOptions {
  /** Blocks asked for in the RD request: reception ends when they have all arrived, or at the last (EOT) block. */
  readonly blocks: number;
  /** Damaged runs in a row (damage until the next good block) before giving up (IEC 62056-21 repeats: 3). */
  readonly maxRepeats: number;
  /** Words for messages, e.g. `stream of the load profile (550)`. */
  readonly what: string;
  readonly format?: StreamFormat;
  /** Called with the number of good blocks received so far. */
  readonly onBlock?: (blocks: number) => void;
}

/** What a stream reception got. */
export interface StreamResult {
  /** Good blocks by packet number. */
  readonly blocks: ReadonlyMap<number, StreamBlock>;
  /** Packet number of the last (EOT) block, or null when it was not received. */
  readonly last: number | null;
  /** True when every block from the first to the last (or the count asked for) arrived. */
  readonly complete: boolean;
  /** Every good block as received, in arrival order (for the raw record). */
  readonly raw: Uint8Array[];
}

/**
 * Send the RD `command` message and receive the stream. Returns when it is complete, or — after damage the
 * meter did not repair (it went quiet) — with `complete` false for `repairStream`.
 * @throws ElsterMeterError for `(ERRn)`; StreamCrcError / ElsterDataError after more than `maxRepeats` damaged
 *   runs in a row; ProtocolError REFUSED when the meter NAKs the request every time; NO_ANSWER /
 *   STOPPED_ANSWERING / LINK_LOST / CANCELLED from the link. On every failure but LINK_LOST and a meter
 *   refusal, ESC is sent so the meter stops streaming.
 */
export async function receiveStream(session: Session, command: Uint8Array, o: StreamReceiveOptions): Promise<StreamResult> {
  const format = o.format ?? ELSTER_STREAM_FORMAT;
  const first = format.firstPacket;
  const got = new Map<number, StreamBlock>();
  const raw: Uint8Array[] = [];
  let last: number | null = null;
  let damagedRuns = 0;
  let resyncing = false;
  let skipStx = false;
  let damageSeen = false;
  let commandRepeats = 0;
  const wanted = () => (last !== null ? ((last - first) & 0xffff) + 1 : o.blocks);
  const complete = () => {
    if (got.size < wanted()) return false;
    for (let i = 0; i < wanted(); i++) if (!got.has((first + i) & 0xffff)) return false;
    return true;
  };
  const result = (): StreamResult => ({ blocks: got, last, complete: complete(), raw });
  /** Ask for damaged data again (NAK); more than `maxRepeats` damaged runs in a row → give up with `error`. */
  const nak = async (error: ProtocolError) => {
    damageSeen = true;
    if (++damagedRuns > o.maxRepeats) throw error;
    await session.sendRaw(Uint8Array.of(NAK), true);
  };
  const scan = (buf: Uint8Array): FrameScan<StreamFrame> => {
    if (skipStx && buf[0] === STX) {
      skipStx = false;
      return { type: 'noise', end: 1 };
    }
    return scanStreamFrame(buf, format, resyncing);
  };
  await session.sendRaw(command);
  try {
    for (;;) {
      let frame: StreamFrame;
      try {
        frame = await session.receiveFrame(scan, o.what);
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        // A block broken off (a byte lost, a damaged length byte): give up on it and rescan what follows.
        if (e.code === 'STOPPED_ANSWERING') {
          skipStx = true;
          resyncing = true;
          await nak(e); // the line went quiet: a meter waiting for our answer gets one
          continue;
        }
        // The meter went quiet after damage it did not repair: the caller reads the rest by R1.
        if (e.code === 'NO_ANSWER' && damageSeen) return result();
        throw e;
      }
      if (frame.kind === 'error') throw new ElsterMeterError(frame.code, o.what);
      if (frame.kind === 'nak') {
        if (got.size > 0 || commandRepeats >= o.maxRepeats) throw new ProtocolError('REFUSED', `The meter refused the ${o.what}: it answered NAK${got.size > 0 ? ` after ${got.size} blocks` : " to every repeat"}.`);
        commandRepeats++;
        await session.sendRaw(command);
        continue;
      }
      if (frame.kind === 'damaged') {
        // A whole block with a bad CRC, or the first sign of a broken one, is NAKed; the false starts found
        // while resynchronising after it are not.
        const whole = frame.error instanceof StreamCrcError && !resyncing;
        const startsRun = whole || !resyncing;
        if (!whole) resyncing = true;
        if (startsRun) await nak(frame.error);
        else damageSeen = true;
        continue;
      }
      resyncing = false;
      damagedRuns = 0;
      const b = frame.block;
      if (!got.has(b.packet)) {
        got.set(b.packet, b);
        raw.push(frame.bytes);
      }
      if (b.last) last = b.packet;
      o.onBlock?.(got.size);
      if (complete()) return result();
      await session.sendRaw(Uint8Array.of(ACK), true);
    }
  } catch (e) {
    if (!(e instanceof ProtocolError) || (e.code !== 'LINK_LOST' && e.code !== 'METER_ERROR')) {
      await session.sendRaw(Uint8Array.of(ESC), true).catch(() => undefined);
    }
    throw e;
  }
}

/**
 * Complete a stream that `receiveStream` returned with gaps: every missing block k (counted from the first
 * packet) is read by R1 packets 4(k−1)+1 … 4k of `dataId` (R1 packet p = item bytes (p − 1) × 64 …, reference);
 * when the last block never arrived, R1 packets are read on from the end until a short packet or ERR3 (a meter
 * that pads its last packet adds those bytes: the load-profile decoder ignores bytes after its end marker).
 * @param onEvent plain-language note of the repair for the session log.
 * @returns the item's bytes. @throws ElsterMeterError, ElsterDataError, ProtocolError from the R1 reads.
 */
export async function repairStream(session: Session, dataId: string, r: StreamResult, requested: number, format: StreamFormat = ELSTER_STREAM_FORMAT, onEvent?: (m: string) => void): Promise<Uint8Array> {
  const first = format.firstPacket;
  const perBlock = maxBlockData(format) / ELSTER_MAX_PACKET_BYTES;
  // The meter may still be sending the rest of the stream: wait for a quiet line before the R1 reads.
  await session.drain(session.timings.interCharTimeoutMs, 4 * session.timings.reactionTimeoutMs);
  const seen = [...r.blocks.keys()].map((p) => (p - first) & 0xffff);
  const known = r.last !== null ? ((r.last - first) & 0xffff) + 1 : seen.length === 0 ? 0 : Math.min(requested, Math.max(...seen) + 1);
  const readPackets = async (from: number, count: number): Promise<{ bytes: Uint8Array; ended: boolean }> => {
    const parts: Uint8Array[] = [];
    for (let p = from; p < from + count; p++) {
      let data: string;
      try {
        data = (await session.command('R1', encodeReadRequest({ dataId, packet: p, length: ELSTER_MAX_PACKET_BYTES }), 'data', `read of stream block data (R1 packet ${p})`)).data;
      } catch (e) {
        const err = toElsterError(e);
        if (err instanceof ElsterMeterError && err.elsterCode === 'ERR3' && p > 1) return { bytes: concatBytes(...parts), ended: true };
        throw err;
      }
      const bytes = decodeDataAnswer(data, `answer to R1 ${dataId} packet ${p}`);
      parts.push(bytes);
      if (bytes.length < ELSTER_MAX_PACKET_BYTES) return { bytes: concatBytes(...parts), ended: true };
    }
    return { bytes: concatBytes(...parts), ended: false };
  };
  const blocks: StreamBlock[] = [];
  const missing: number[] = [];
  for (let k = 0; k < known; k++) {
    const packet = (first + k) & 0xffff;
    const b = r.blocks.get(packet);
    if (b) {
      blocks.push(b);
      continue;
    }
    missing.push(k + 1);
    const { bytes } = await readPackets(k * perBlock + 1, perBlock);
    blocks.push({ packet, data: bytes, last: r.last === packet });
  }
  let tail: Uint8Array = new Uint8Array(0);
  if (r.last === null && known < requested) {
    const parts: Uint8Array[] = [];
    for (let p = known * perBlock + 1; ; p += perBlock) {
      const chunk = await readPackets(p, perBlock);
      parts.push(chunk.bytes);
      if (chunk.ended || (p - 1) / perBlock + 1 >= requested) break;
    }
    tail = concatBytes(...parts);
  }
  if (missing.length > 0) onEvent?.(`The meter did not repeat damaged stream block${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; read again by R1 packets.`);
  if (tail.length > 0 || (r.last === null && missing.length === 0)) onEvent?.('The data stream broke off before its last block; the rest was read by R1 packets.');
  return concatBytes(assembleStream(blocks.map((b, i) => ({ ...b, last: i === blocks.length - 1 })), false, format), tail);
}

/** The item's bytes of a complete StreamResult. @throws ElsterDataError when it is not complete. */
export function streamData(r: StreamResult, requested: number, format: StreamFormat = ELSTER_STREAM_FORMAT): Uint8Array {
  const n = r.last !== null ? ((r.last - format.firstPacket) & 0xffff) + 1 : requested;
  const ordered = Array.from({ length: n }, (_, i) => r.blocks.get((format.firstPacket + i) & 0xffff));
  if (ordered.some((b) => b === undefined)) throw new ElsterDataError('data stream', 'blocks are missing');
  return assembleStream(ordered as StreamBlock[], r.last !== null, format);
}
