import { concatBytes } from '../../iec62056-21/control';
import type { Session } from '../../iec62056-21/session';
import { TransferProgress, asTransfer } from '../../iec62056-21/transfer';
import { decodeDataAnswer } from './answers';
import { encodeElsterCommand, encodeReadRequest, encodeStreamRequest, encodeWriteRequest, readRequestsFor } from './commands';
import { ElsterMeterError } from './errors';
import { toElsterError } from './meter-error';
import { ELSTER_MAX_PACKET_BYTES, ELSTER_MAX_WRITE_BYTES, STREAM_BLOCK_BYTES } from './profile';
import { STREAM_BLOCK_OVERHEAD } from './stream';
import { receiveStream } from './stream-receiver';

/**
 * Register access by data ID over an IEC 62056-21 Session in programming mode (reference "Register access by 3-digit
 * data ID"; public:iec1107/FlagIEC1107Connection.java): R1 packets of at most 64 bytes from packet 001, W1 packets
 * (each acknowledged), RD data stream. The functions here do one request; ElsterSession.run wraps them with the
 * lock time-out, ERR5 and re-sign-on handling.
 */

/** What the item functions need from the session besides the link. */
export interface ItemIo {
  /** Every answer data message and stream block as received (raw record). */
  readonly onRaw?: (bytes: Uint8Array) => void;
  /** Plain-language session events (repeats). */
  readonly onEvent?: (message: string) => void;
  /** Pause after ESC before a stream is asked for again, ms. */
  readonly escPauseMs?: number;
}

/** Size of an R1 answer on the wire for `n` data bytes: STX ( 2n hex ) ETX BCC. */
export function r1AnswerBytes(n: number): number {
  return 2 * n + 5;
}

async function r1(s: Session, io: ItemIo, data: string, what: string): Promise<string> {
  const answer = await s.command('R1', data, 'data', what);
  for (const r of answer.raw) io.onRaw?.(r);
  return answer.data;
}

/**
 * Read `length` bytes of `dataId` by R1 packets into `parts` (continuing after the packets already in `parts`, so a
 * repeated request resumes). @throws ElsterMeterError, ElsterDataError, TransferInterruptedError, BAD_BCC.
 */
export async function readPackets(s: Session, io: ItemIo, dataId: string, length: number, what: string, parts: Uint8Array[], onPacket?: (bytes: number) => void): Promise<Uint8Array> {
  const requests = readRequestsFor(dataId, length);
  const expected = requests.reduce((n, r) => n + r1AnswerBytes(r.length), 0);
  const already = parts.reduce((n, p) => n + r1AnswerBytes(p.length), 0);
  const progress = new TransferProgress(what, () => s.bytesFromMeter, expected, 'exact', already);
  return asTransfer(progress, async () => {
    for (const req of requests.slice(parts.length)) {
      const data = await r1(s, io, encodeReadRequest(req), `read of the ${what} (R1 packet ${req.packet})`);
      parts.push(decodeDataAnswer(data, `answer to R1 ${dataId} packet ${req.packet}`, req.length));
      onPacket?.(parts.reduce((n, p) => n + p.length, 0));
    }
    return concatBytes(...parts);
  });
}

/** The largest R1 packet `packet` of `dataId` the meter accepts below 64 bytes (halving search), or null. */
async function lastPacket(s: Session, io: ItemIo, dataId: string, packet: number, what: string): Promise<string | null> {
  let lo = 0;
  let hi = ELSTER_MAX_PACKET_BYTES;
  let best: string | null = null;
  while (hi - lo > 1) {
    const length = Math.floor((lo + hi) / 2);
    try {
      best = await r1(s, io, encodeReadRequest({ dataId, packet, length }), `read of the ${what} (R1 packet ${packet}, ${length} bytes)`);
      lo = length;
    } catch (e) {
      const err = toElsterError(e);
      if (!(err instanceof ElsterMeterError) || err.elsterCode !== 'ERR3') throw err;
      hi = length;
    }
  }
  return lo > 0 ? best : null;
}

/**
 * Read a data ID of unknown length by R1 packets of 64 bytes into `parts` until `isComplete(bytesSoFar)`, a short
 * packet, or ERR3 after the first packet (then the largest accepted length of that packet is found by halving).
 * @throws as {@link readPackets}.
 */
export async function readPacketsUntil(
  s: Session, io: ItemIo, dataId: string, isComplete: (b: Uint8Array) => boolean, what: string, expectedBytes: number | null, parts: Uint8Array[], onBytes?: (n: number) => void,
): Promise<Uint8Array> {
  const progress = new TransferProgress(what, () => s.bytesFromMeter, expectedBytes, 'estimate');
  return asTransfer(progress, async () => {
    for (let packet = parts.length + 1; ; packet++) {
      let data: string;
      try {
        data = await r1(s, io, encodeReadRequest({ dataId, packet, length: ELSTER_MAX_PACKET_BYTES }), `read of the ${what} (R1 packet ${packet})`);
      } catch (e) {
        const err = toElsterError(e);
        if (!(err instanceof ElsterMeterError) || err.elsterCode !== 'ERR3') throw err;
        const tail = await lastPacket(s, io, dataId, packet, what);
        if (tail === null && packet === 1) throw err;
        if (tail === null) break;
        data = tail;
      }
      const bytes = decodeDataAnswer(data, `answer to R1 ${dataId} packet ${packet}`);
      parts.push(bytes);
      const all = concatBytes(...parts);
      onBytes?.(all.length);
      if (bytes.length < ELSTER_MAX_PACKET_BYTES || isComplete(all)) break;
    }
    return concatBytes(...parts);
  });
}

/**
 * Write `bytes` to `dataId` by W1 packets of at most 64 bytes from `written` on; the meter ACKs each.
 * @returns the bytes written so far (for a resumed request). @throws ElsterMeterError for `(ERRn)`.
 */
export async function writePackets(s: Session, dataId: string, bytes: Uint8Array, what: string, written: { n: number }): Promise<void> {
  for (; written.n < bytes.length; written.n += ELSTER_MAX_WRITE_BYTES) {
    const packet = written.n / ELSTER_MAX_WRITE_BYTES + 1;
    const data = encodeWriteRequest({ dataId, packet, data: bytes.subarray(written.n, written.n + ELSTER_MAX_WRITE_BYTES) });
    await s.command('W1', data, 'ack', `write of the ${what} (W1 packet ${packet})`);
  }
}

/**
 * Read `dataId` in data stream mode: `RD ID001(n)` (stream-receiver.ts: no answer per block; a damaged block → ESC,
 * pause, the whole RD again). @param expectedBytes wire size for progress (default n × 263 when n < 0xFFFF).
 * @throws ElsterMeterError, StreamCrcError, ElsterDataError, TransferInterruptedError, CANCELLED.
 */
export async function streamBlocks(s: Session, io: ItemIo, dataId: string, blocks: number, what: string, expectedBytes?: number | null, onBlock?: (n: number) => void): Promise<Uint8Array> {
  const command = encodeElsterCommand('RD', encodeStreamRequest({ dataId, blocks }));
  const exact = blocks < 0xffff ? blocks * (STREAM_BLOCK_BYTES + STREAM_BLOCK_OVERHEAD) : null;
  const progress = new TransferProgress(what, () => s.bytesFromMeter, expectedBytes === undefined ? exact : expectedBytes, expectedBytes === undefined ? 'exact' : 'estimate');
  return asTransfer(progress, async () => {
    const r = await receiveStream(s, command, { blocks, maxRepeats: s.timings.maxRepeats, what: `stream of the ${what}`, escPauseMs: io.escPauseMs, onBlock, onRepeat: io.onEvent });
    for (const b of r.raw) io.onRaw?.(b);
    return r.data;
  });
}
