import { EOT, ETX, STX } from '../../iec62056-21/control';
import { CRC16_VARIANTS, crc16 } from './crc16';
import { ElsterDataError, StreamCrcError } from './errors';
import { STREAM_BLOCK_BYTES } from './profile';

/**
 * Blocks of the data stream mode (`RD ID001(n)`), as the public driver receives them
 * (public:iec1107/FlagIEC1107Connection.java:992-1114, docs/elster-sources.md "Session and data stream"):
 * STX, packet number (2 bytes, little-endian; read, not checked), length byte = number of data bytes − 1 (a
 * 256-byte block carries 0xFF), the data, ETX (more blocks follow) or EOT (last block), then the CRC-16/ARC
 * (reflected poly 0xA001, init 0; public:base/CRCGenerator.java:143-145,212-234) of every byte from the STX to the
 * ETX/EOT inclusive, low byte first. The client sends nothing per block; ESC (0x1B) stops the stream.
 */

/** ESC (0x1B): sent by the client to stop a running stream (public:iec1107/FlagIEC1107Connection.java:979-983). */
export const ESC = 0x1b;

/** One stream block. */
export interface StreamBlock {
  /** Packet number 0…0xFFFF as sent. */
  readonly packet: number;
  /** The block's data bytes (1…256). */
  readonly data: Uint8Array;
  /** True for the last block (closed by EOT); false when more follows (ETX). */
  readonly last: boolean;
}

/** Bytes before the data: STX, packet low, packet high, length. */
const HEADER = 4;
/** Bytes after the data: ETX|EOT, two CRC bytes. */
const TRAILER = 3;
/** Size of an RD block on the wire besides its data: STX, 2 packet bytes, length, ETX/EOT, 2 CRC bytes. */
export const STREAM_BLOCK_OVERHEAD = HEADER + TRAILER;

/** CRC-16/ARC of a block's STX … ETX/EOT (`frame[0, terminatorIndex]`). */
export function streamBlockCrc(frame: Uint8Array, terminatorIndex: number): number {
  return crc16(CRC16_VARIANTS.ARC, frame, 0, terminatorIndex + 1);
}

/**
 * Encode one block (used by the emulator).
 * @throws RangeError for a packet outside 0…0xFFFF or a data length outside 1…256.
 */
export function encodeStreamBlock(block: StreamBlock): Uint8Array {
  const n = block.data.length;
  if (!Number.isInteger(block.packet) || block.packet < 0 || block.packet > 0xffff) throw new RangeError(`stream packet number ${block.packet} is not 0…65535`);
  if (n < 1 || n > STREAM_BLOCK_BYTES) throw new RangeError(`stream block of ${n} bytes: must be 1…${STREAM_BLOCK_BYTES}`);
  const frame = new Uint8Array(HEADER + n + TRAILER);
  frame.set([STX, block.packet & 0xff, block.packet >> 8, n - 1]);
  frame.set(block.data, HEADER);
  const t = HEADER + n;
  frame[t] = block.last ? EOT : ETX;
  const crc = streamBlockCrc(frame, t);
  frame[t + 1] = crc & 0xff;
  frame[t + 2] = crc >> 8;
  return frame;
}

/**
 * Split an item's bytes into stream blocks of 256 (the last shorter), numbered from `firstPacket` (ASSUMPTION: 1),
 * the last closed by EOT (used by the emulator). @throws RangeError for empty data.
 */
export function encodeStream(data: Uint8Array, firstPacket = 1): Uint8Array[] {
  if (data.length === 0) throw new RangeError('a stream carries at least one byte');
  const out: Uint8Array[] = [];
  for (let o = 0, p = firstPacket; o < data.length; o += STREAM_BLOCK_BYTES, p++) {
    out.push(encodeStreamBlock({ packet: p & 0xffff, data: data.subarray(o, o + STREAM_BLOCK_BYTES), last: o + STREAM_BLOCK_BYTES >= data.length }));
  }
  return out;
}

/** Result of scanning a receive buffer for the next stream block. */
export type StreamScan =
  /** A good block occupies buf[start, end). */
  | { readonly type: 'block'; readonly block: StreamBlock; readonly bytes: Uint8Array; readonly end: number }
  /** A complete block whose CRC is wrong occupies buf[start, end). */
  | { readonly type: 'bad-crc'; readonly packet: number; readonly expected: number; readonly actual: number; readonly end: number }
  /** The buffer holds the beginning of a block: wait for more bytes. */
  | { readonly type: 'incomplete' }
  /** buf[start] is not STX, or no ETX/EOT where the length byte says: a broken block. */
  | { readonly type: 'broken'; readonly end: number; readonly why: string };

/**
 * Find the block at `start` of `buf`. Pure and incremental: call again when more bytes arrive; blocks may be split
 * across or concatenated within receive buffers. Never throws.
 */
export function scanStreamBlock(buf: Uint8Array, start = 0): StreamScan {
  if (start >= buf.length) return { type: 'incomplete' };
  if (buf[start] !== STX) return { type: 'broken', end: start + 1, why: `byte 0x${buf[start]!.toString(16).padStart(2, '0')} where a block should start (STX)` };
  if (buf.length - start < HEADER) return { type: 'incomplete' };
  const n = buf[start + 3]! + 1;
  const total = HEADER + n + TRAILER;
  if (buf.length - start < total) return { type: 'incomplete' };
  const frame = buf.subarray(start, start + total);
  const t = HEADER + n;
  const term = frame[t]!;
  if (term !== ETX && term !== EOT) return { type: 'broken', end: start + total, why: 'the block does not end with ETX or EOT where its length byte says' };
  const packet = frame[1]! | (frame[2]! << 8);
  const expected = streamBlockCrc(frame, t);
  const actual = frame[t + 1]! | (frame[t + 2]! << 8);
  if (actual !== expected) return { type: 'bad-crc', packet, expected, actual, end: start + total };
  return { type: 'block', block: { packet, data: frame.subarray(HEADER, t), last: term === EOT }, bytes: frame, end: start + total };
}

/**
 * Decode exactly one block (no bytes before or after).
 * @throws StreamCrcError (code BAD_BCC) on a CRC mismatch; ElsterDataError when the bytes are not one block.
 */
export function decodeStreamBlock(bytes: Uint8Array): StreamBlock {
  const r = scanStreamBlock(bytes, 0);
  if (r.type === 'bad-crc') throw new StreamCrcError(r.packet, r.expected, r.actual);
  if (r.type === 'incomplete') throw new ElsterDataError('data stream block', 'the block is cut short');
  if (r.type === 'broken') throw new ElsterDataError('data stream block', r.why);
  if (r.end !== bytes.length) throw new ElsterDataError('data stream block', `${bytes.length - r.end} bytes follow the block`);
  return { packet: r.block.packet, data: r.block.data.slice(), last: r.block.last };
}
