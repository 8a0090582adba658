import { EOT, ETX, STX, concatBytes, describeBytes } from '../../iec62056-21/control';
import { crc16 } from './crc16';
import { ElsterDataError, StreamCrcError } from './errors';
import { ELSTER_STREAM_FORMAT, type StreamFormat } from './profile';

/**
 * Blocks of the data stream mode (`RD ID001(n)`), reference "Register access by 3-digit data ID"
 * (../shared/reference/elster-dialect.md): STX, packet number (2 bytes, little-endian), length byte, data,
 * ETX (more follows) or EOT (last block), CRC-16. ESC from the client aborts the stream.
 * The CRC variant, its byte order and coverage, and the meaning of length 0 are ASSUMPTIONS held in
 * `ELSTER_STREAM_FORMAT` (profile.ts): no capture of a real stream is public. Every function takes the format
 * as an optional last argument so a capture can be checked against other choices.
 */

/** ESC (0x1B): sent by the client to abort a running stream. */
export const ESC = 0x1b;

/** One stream block. */
export interface StreamBlock {
  /** Packet number 0…0xFFFF as sent (the first block is `format.firstPacket`, 1 by assumption). */
  readonly packet: number;
  /** The block's data bytes (1…256 with the default format). */
  readonly data: Uint8Array;
  /** True for the last block (closed by EOT); false when more follows (ETX). */
  readonly last: boolean;
}

/** Bytes before the data: STX, packet low, packet high, length. */
const HEADER = 4;
/** Bytes after the data: ETX|EOT, two CRC bytes. */
const TRAILER = 3;

/** Largest data length of one block in `format`. */
export function maxBlockData(format: StreamFormat = ELSTER_STREAM_FORMAT): number {
  return format.lengthZeroMeans256 ? 256 : 255;
}

/** CRC of a whole block `frame` (STX … ETX|EOT, CRC bytes excluded) per the format's coverage rule. */
function blockCrc(frame: Uint8Array, terminatorIndex: number, format: StreamFormat): number {
  return crc16(format.crc, frame, format.crcCoversStx ? 0 : 1, terminatorIndex + 1);
}

/**
 * Encode one block (used by the emulator).
 * @throws RangeError for a packet outside 0…0xFFFF or a data length outside 1…256 (0…255 when length 0 means 0).
 */
export function encodeStreamBlock(block: StreamBlock, format: StreamFormat = ELSTER_STREAM_FORMAT): Uint8Array {
  const n = block.data.length;
  if (!Number.isInteger(block.packet) || block.packet < 0 || block.packet > 0xffff) throw new RangeError(`stream packet number ${block.packet} is not 0…65535`);
  if (n > maxBlockData(format) || (format.lengthZeroMeans256 && n === 0)) throw new RangeError(`stream block of ${n} bytes: must be 1…${maxBlockData(format)}`);
  const frame = new Uint8Array(HEADER + n + TRAILER);
  frame.set([STX, block.packet & 0xff, block.packet >> 8, n & 0xff]);
  frame.set(block.data, HEADER);
  const t = HEADER + n;
  frame[t] = block.last ? EOT : ETX;
  const crc = blockCrc(frame, t, format);
  const [a, b] = format.crcByteOrder === 'le' ? [crc & 0xff, crc >> 8] : [crc >> 8, crc & 0xff];
  frame[t + 1] = a;
  frame[t + 2] = b;
  return frame;
}

/**
 * Split an item's bytes into stream blocks of `blockSize` (default 256), numbered from `format.firstPacket`,
 * the last closed by EOT (used by the emulator). @throws RangeError for empty data or a bad block size.
 */
export function encodeStream(data: Uint8Array, blockSize = 256, format: StreamFormat = ELSTER_STREAM_FORMAT): Uint8Array[] {
  if (data.length === 0) throw new RangeError('a stream carries at least one byte');
  if (!Number.isInteger(blockSize) || blockSize < 1 || blockSize > maxBlockData(format)) throw new RangeError(`block size ${blockSize} is not 1…${maxBlockData(format)}`);
  const out: Uint8Array[] = [];
  for (let o = 0, p = format.firstPacket; o < data.length; o += blockSize, p++) {
    out.push(encodeStreamBlock({ packet: p, data: data.subarray(o, o + blockSize), last: o + blockSize >= data.length }, format));
  }
  return out;
}

/** Result of scanning a receive buffer for the next stream block. */
export type StreamScan =
  /** A good block occupies buf[start, end). */
  | { readonly type: 'block'; readonly block: StreamBlock; readonly bytes: Uint8Array; readonly end: number }
  /** A complete block whose CRC is wrong occupies buf[start, end); `packet` as received (may itself be damaged). */
  | { readonly type: 'bad-crc'; readonly packet: number; readonly expected: number; readonly actual: number; readonly end: number }
  /** The buffer holds the beginning of a block: wait for more bytes. */
  | { readonly type: 'incomplete' }
  /** buf[start, end) cannot start a block (no STX, or no ETX/EOT where the length says): skip to the next STX. */
  | { readonly type: 'noise'; readonly end: number };

/**
 * Find the next stream block in `buf` from `start`. Pure and incremental: call again when more bytes arrive;
 * blocks may be split across or concatenated within receive buffers. Never throws.
 */
export function scanStreamBlock(buf: Uint8Array, start = 0, format: StreamFormat = ELSTER_STREAM_FORMAT): StreamScan {
  if (start >= buf.length) return { type: 'incomplete' };
  if (buf[start] !== STX) return { type: 'noise', end: nextStx(buf, start + 1) };
  if (buf.length - start < HEADER) return { type: 'incomplete' };
  const lengthByte = buf[start + 3]!;
  const n = lengthByte === 0 && format.lengthZeroMeans256 ? 256 : lengthByte;
  const total = HEADER + n + TRAILER;
  if (buf.length - start < total) return { type: 'incomplete' };
  const frame = buf.subarray(start, start + total);
  const t = HEADER + n;
  const term = frame[t]!;
  if (term !== ETX && term !== EOT) return { type: 'noise', end: nextStx(buf, start + 1) };
  const packet = frame[1]! | (frame[2]! << 8);
  const expected = blockCrc(frame, t, format);
  const [a, b] = [frame[t + 1]!, frame[t + 2]!];
  const actual = format.crcByteOrder === 'le' ? a | (b << 8) : (a << 8) | b;
  if (actual !== expected) return { type: 'bad-crc', packet, expected, actual, end: start + total };
  return { type: 'block', block: { packet, data: frame.subarray(HEADER, t), last: term === EOT }, bytes: frame, end: start + total };
}

function nextStx(buf: Uint8Array, from: number): number {
  const i = buf.indexOf(STX, from);
  return i < 0 ? buf.length : i;
}

/**
 * Decode exactly one block (no bytes before or after).
 * @throws StreamCrcError (code BAD_BCC) on a CRC mismatch; ElsterDataError when the bytes are not one block.
 */
export function decodeStreamBlock(bytes: Uint8Array, format: StreamFormat = ELSTER_STREAM_FORMAT): StreamBlock {
  const r = scanStreamBlock(bytes, 0, format);
  if (r.type === 'bad-crc' && r.end === bytes.length) throw new StreamCrcError(r.packet, r.expected, r.actual);
  if (r.type !== 'block' || r.end !== bytes.length) {
    const why = r.type === 'incomplete' ? 'the block is cut short' : r.type === 'block' || r.type === 'bad-crc' ? 'extra bytes after the block' : 'not a stream block';
    throw new ElsterDataError('data stream block', `${why}: ${describeBytes(bytes, 40)}`);
  }
  return r.block;
}

/**
 * Join received blocks into the item's bytes, checking they are numbered consecutively from
 * `format.firstPacket` and that only the final one is marked last.
 * @param requireLast true (default) when the stream must be complete (the last block received).
 * @throws ElsterDataError for a missing, repeated or out-of-order block, or a missing last block.
 */
export function assembleStream(blocks: readonly StreamBlock[], requireLast = true, format: StreamFormat = ELSTER_STREAM_FORMAT): Uint8Array {
  blocks.forEach((b, i) => {
    const want = (format.firstPacket + i) & 0xffff;
    if (b.packet !== want) throw new ElsterDataError('data stream', `block ${b.packet} arrived where block ${want} was expected`);
    if (b.last && i !== blocks.length - 1) throw new ElsterDataError('data stream', `block ${b.packet} is marked last but more blocks follow`);
  });
  if (requireLast && (blocks.length === 0 || !blocks[blocks.length - 1]!.last)) {
    throw new ElsterDataError('data stream', 'the stream ended before its last block');
  }
  return concatBytes(...blocks.map((b) => b.data));
}
