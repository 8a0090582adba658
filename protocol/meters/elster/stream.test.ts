import { describe, expect, it } from 'vitest';
import { EOT, ETX, STX } from '../../iec62056-21/control';
import { ElsterDataError, StreamCrcError } from './errors';
import { ESC, decodeStreamBlock, encodeStream, encodeStreamBlock, scanStreamBlock } from './stream';

/**
 * RD stream blocks as the public driver receives them (public:iec1107/FlagIEC1107Connection.java:992-1114): STX, packet
 * number (2 bytes LE), length byte = data bytes − 1, data, ETX/EOT, CRC-16/ARC over STX…ETX/EOT, low byte first.
 * The CRC in these byte tables is computed by an independent bit-by-bit CRC-16/ARC (reflected poly 0xA001, init 0:
 * public:base/CRCGenerator.java:143-145,221-234), not by the module under test.
 */
function arc(bytes: readonly number[]): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

describe('independent CRC-16/ARC', () => {
  it('has the catalogue check value', () => {
    expect(arc([...'123456789'].map((c) => c.charCodeAt(0)))).toBe(0xbb3d);
  });
});

describe('RD stream block byte tables', () => {
  it('a 5-byte last block: length byte 0x04, EOT, CRC over STX…EOT low byte first', () => {
    const head = [STX, 0x01, 0x00, 0x04, 0xe4, 0x10, 0x20, 0x30, 0x40, EOT];
    const crc = arc(head);
    const wire = Uint8Array.from([...head, crc & 0xff, crc >> 8]);
    expect(encodeStreamBlock({ packet: 1, data: Uint8Array.of(0xe4, 0x10, 0x20, 0x30, 0x40), last: true })).toEqual(wire);
    expect(decodeStreamBlock(wire)).toEqual({ packet: 1, data: Uint8Array.of(0xe4, 0x10, 0x20, 0x30, 0x40), last: true });
  });

  it('a 256-byte block carries the length byte 0xFF and ETX', () => {
    const data = Array.from({ length: 256 }, (_, i) => (i * 7 + 3) & 0xff);
    const head = [STX, 0x02, 0x00, 0xff, ...data, ETX];
    const crc = arc(head);
    const wire = Uint8Array.from([...head, crc & 0xff, crc >> 8]);
    expect(wire.length).toBe(263);
    expect(encodeStreamBlock({ packet: 2, data: Uint8Array.from(data), last: false })).toEqual(wire);
    const b = decodeStreamBlock(wire);
    expect(b.data.length).toBe(256);
    expect(b.last).toBe(false);
    expect(b.packet).toBe(2);
  });

  it('the packet number is little-endian', () => {
    const wire = encodeStreamBlock({ packet: 0x0102, data: Uint8Array.of(9), last: true });
    expect([...wire.subarray(0, 4)]).toEqual([STX, 0x02, 0x01, 0x00]);
  });

  it('a CRC that does not cover the STX (the old assumption) is refused', () => {
    const head = [STX, 0x01, 0x00, 0x00, 0x55, EOT];
    const wrong = arc(head.slice(1));
    expect(() => decodeStreamBlock(Uint8Array.from([...head, wrong & 0xff, wrong >> 8]))).toThrow(StreamCrcError);
  });

  it('scans concatenated blocks and reports broken ones', () => {
    const blocks = encodeStream(Uint8Array.from({ length: 300 }, (_, i) => i & 0xff));
    expect(blocks.map((b) => b.length)).toEqual([263, 51]);
    const buf = Uint8Array.from([...blocks[0]!, ...blocks[1]!]);
    const first = scanStreamBlock(buf, 0);
    expect(first.type).toBe('block');
    const second = scanStreamBlock(buf, 263);
    expect(second.type === 'block' && second.block.last).toBe(true);
    expect(scanStreamBlock(buf.subarray(0, 100), 0).type).toBe('incomplete');
    expect(scanStreamBlock(Uint8Array.of(0x41, STX), 0).type).toBe('broken');
    const noEnd = blocks[1]!.slice();
    noEnd[noEnd.length - 3] = 0x00;
    expect(scanStreamBlock(noEnd, 0).type).toBe('broken');
    expect(() => decodeStreamBlock(noEnd)).toThrow(ElsterDataError);
  });

  it('ESC is 0x1B', () => {
    expect(ESC).toBe(0x1b);
  });
});
