import { describe, expect, it } from 'vitest';
import { CRC16_VARIANTS, matchingCrcVariants } from './crc16';
import { ElsterDataError, StreamCrcError } from './errors';
import { ELSTER_STREAM_FORMAT, type StreamFormat } from './profile';
import { ESC, type StreamScan, assembleStream, decodeStreamBlock, encodeStream, encodeStreamBlock, scanStreamBlock } from './stream';

const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();
const cat = (...a: Uint8Array[]) => Uint8Array.from(a.flatMap((x) => Array.from(x)));

// Expected bytes computed with an independent bit-by-bit CRC-16/ARC (poly 0xA001 reflected, init 0) over
// packet number … ETX/EOT, CRC low byte first: the ASSUMED format (ELSTER_STREAM_FORMAT).
const BLOCKS: { label: string; packet: number; data: Uint8Array; last: boolean; bytes: string }[] = [
  { label: 'packet 1, 3 bytes, last (EOT)', packet: 1, data: hex('010203'), last: true, bytes: '0201000301020304F5CF' },
  { label: 'packet 0x0102, "ABC", more (ETX)', packet: 0x0102, data: hex('414243'), last: false, bytes: '0202010341424303A308' },
];

describe('stream blocks byte table', () => {
  for (const b of BLOCKS) {
    it(`${b.label}: encode, decode, round trip`, () => {
      expect(toHex(encodeStreamBlock(b))).toBe(b.bytes);
      const d = decodeStreamBlock(hex(b.bytes));
      expect(d.packet).toBe(b.packet);
      expect(toHex(d.data)).toBe(toHex(b.data));
      expect(d.last).toBe(b.last);
      expect(toHex(encodeStreamBlock(d))).toBe(b.bytes);
    });
  }

  it('a 256-byte block has length byte 00 (assumption) and round-trips', () => {
    const data = Uint8Array.from({ length: 256 }, (_, i) => i);
    const bytes = encodeStreamBlock({ packet: 2, data, last: true });
    expect(bytes.length).toBe(263);
    expect(toHex(bytes.subarray(0, 6))).toBe('020200000001');
    expect(toHex(bytes.subarray(-4))).toBe('FF040387');
    expect(decodeStreamBlock(bytes).data).toEqual(data);
  });

  it('ESC is 0x1B', () => {
    expect(ESC).toBe(0x1b);
  });

  it('the default format is identified from its own block (calibration helper)', () => {
    const b = hex(BLOCKS[0]!.bytes);
    expect(matchingCrcVariants(b.subarray(1, 8), [b[8]!, b[9]!])).toContainEqual({ variant: 'ARC', byteOrder: 'le' });
  });

  it('another CRC choice is one format object away', () => {
    const ccitt: StreamFormat = { ...ELSTER_STREAM_FORMAT, crc: CRC16_VARIANTS.CCITT_FALSE, crcByteOrder: 'be' };
    const b = encodeStreamBlock(BLOCKS[0]!, ccitt);
    expect(decodeStreamBlock(b, ccitt).packet).toBe(1);
    expect(() => decodeStreamBlock(b)).toThrow(StreamCrcError);
  });

  it('refuses blocks that cannot be sent', () => {
    expect(() => encodeStreamBlock({ packet: 1, data: new Uint8Array(0), last: true })).toThrow(RangeError);
    expect(() => encodeStreamBlock({ packet: 1, data: new Uint8Array(257), last: true })).toThrow(RangeError);
    expect(() => encodeStreamBlock({ packet: 0x10000, data: hex('00'), last: true })).toThrow(RangeError);
  });
});

describe('bad CRC', () => {
  it('a damaged data byte gives bad-crc with both checksums, and decode throws StreamCrcError (BAD_BCC)', () => {
    const b = hex(BLOCKS[0]!.bytes);
    b[5] = b[5]! ^ 0x01;
    const r = scanStreamBlock(b);
    expect(r).toEqual({ type: 'bad-crc', packet: 1, expected: expect.any(Number), actual: 0xcff5, end: 10 });
    try {
      decodeStreamBlock(b);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StreamCrcError);
      expect((e as StreamCrcError).code).toBe('BAD_BCC');
      expect((e as StreamCrcError).message).toMatch(/Block 1 .*checksum \(CRC-16\)/);
    }
  });
  it('a damaged CRC byte is a bad CRC too', () => {
    const b = hex(BLOCKS[1]!.bytes);
    b[b.length - 1] = b[b.length - 1]! ^ 0x80;
    expect(scanStreamBlock(b).type).toBe('bad-crc');
  });
});

describe('incremental scanning', () => {
  const one = hex(BLOCKS[0]!.bytes);
  const two = hex(BLOCKS[1]!.bytes);

  it('waits while a block arrives byte by byte', () => {
    for (let n = 0; n < one.length; n++) expect(scanStreamBlock(one.subarray(0, n)).type).toBe('incomplete');
    expect(scanStreamBlock(one).type).toBe('block');
  });

  it('finds concatenated blocks one after the other', () => {
    const buf = cat(one, two, one.subarray(0, 4));
    const a = scanStreamBlock(buf) as Extract<StreamScan, { type: 'block' }>;
    expect(a.type).toBe('block');
    expect(a.end).toBe(10);
    const b = scanStreamBlock(buf, a.end) as Extract<StreamScan, { type: 'block' }>;
    expect(b.block.packet).toBe(0x0102);
    expect(scanStreamBlock(buf, b.end).type).toBe('incomplete');
  });

  it('skips noise up to the next STX', () => {
    const buf = cat(hex('0000FF'), one);
    expect(scanStreamBlock(buf)).toEqual({ type: 'noise', end: 3 });
    expect(scanStreamBlock(buf, 3).type).toBe('block');
  });

  it('treats a block without ETX/EOT where its length says as noise', () => {
    const b = one.slice();
    b[7] = 0x41;
    // 02 01 00 03 01 [02] 03 41 …: the data byte 0x02 at index 5 is the next byte that could start a block.
    expect(scanStreamBlock(b)).toEqual({ type: 'noise', end: 5 });
  });

  it('decodeStreamBlock wants exactly one block', () => {
    expect(() => decodeStreamBlock(one.subarray(0, 6))).toThrow(ElsterDataError);
    expect(() => decodeStreamBlock(cat(one, hex('00')))).toThrow(/extra bytes/);
    expect(() => decodeStreamBlock(hex('41'))).toThrow(/not a stream block/);
  });
});

describe('whole streams', () => {
  it('splits and reassembles an item', () => {
    const data = Uint8Array.from({ length: 600 }, (_, i) => (i * 7) & 0xff);
    const blocks = encodeStream(data);
    expect(blocks.map((b) => b.length)).toEqual([263, 263, 95]);
    const decoded = blocks.map((b) => decodeStreamBlock(b));
    expect(decoded.map((b) => [b.packet, b.last])).toEqual([[1, false], [2, false], [3, true]]);
    expect(assembleStream(decoded)).toEqual(data);
  });

  it('detects missing, repeated and early-last blocks, and a stream without its last block', () => {
    const blocks = encodeStream(Uint8Array.from({ length: 30 }, (_, i) => i), 10).map((b) => decodeStreamBlock(b));
    expect(() => assembleStream([blocks[0]!, blocks[2]!])).toThrow(/block 3 arrived where block 2/);
    expect(() => assembleStream([blocks[0]!, blocks[0]!])).toThrow(ElsterDataError);
    expect(() => assembleStream([blocks[2]!])).toThrow(ElsterDataError);
    expect(() => assembleStream([{ ...blocks[0]!, last: true }, blocks[1]!])).toThrow(/marked last/);
    expect(() => assembleStream(blocks.slice(0, 2))).toThrow(/ended before its last block/);
    expect(assembleStream(blocks.slice(0, 2), false)).toEqual(Uint8Array.from({ length: 20 }, (_, i) => i));
    expect(() => assembleStream([])).toThrow(ElsterDataError);
  });
});
