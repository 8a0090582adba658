import { describe, expect, it } from 'vitest';
import { decodeBlock, decodeOptionSelect } from '../../iec62056-21/frames';
import {
  elsterOptionSelect, elsterOptionVariant, encodeElsterCommand, encodeElsterOptionSelect, encodeReadRequest, encodeStreamRequest,
  encodeWriteRequest, parseReadRequest, parseStreamRequest, parseWriteRequest, readRequestsFor,
} from './commands';
import { ElsterDataError } from './errors';

const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();

// Expected bytes worked out independently (BCC = XOR of all bytes after SOH up to and including ETX).
const FRAMES: { label: string; command: 'R1' | 'W1' | 'RD' | 'B0'; data: string | null; bytes: string }[] = [
  { label: 'R1 serial number, 16 bytes', command: 'R1', data: '798001(10)', bytes: '01523102373938303031283130290365' },
  { label: 'R1 load profile, last packet, 64 bytes', command: 'R1', data: '550FFF(40)', bytes: '01523102353530464646283430290311' },
  { label: 'W1 time/date', command: 'W1', data: '861001(00302112030025)', bytes: '0157310238363130303128303033303231313230333030323529036F' },
  { label: 'W1 551 = FFFF (whole profile)', command: 'W1', data: '551001(FFFF)', bytes: '015731023535313030312846464646290366' },
  { label: 'RD load profile, 4 blocks (count as the driver writes it)', command: 'RD', data: '550001(4)', bytes: '015244023535303030312834290323' },
  { label: 'R1 time/date, 7 bytes (length as the driver writes it)', command: 'R1', data: '861001(7)', bytes: '01523102383631303031283729035A' },
  { label: 'B0 break', command: 'B0', data: null, bytes: '0142300371' },
];

describe('command messages byte table', () => {
  for (const f of FRAMES) {
    it(`${f.label}: encode, decode, round trip`, () => {
      const bytes = encodeElsterCommand(f.command, f.data);
      expect(toHex(bytes)).toBe(f.bytes);
      const block = decodeBlock(hex(f.bytes));
      expect(block.opening).toBe('SOH');
      expect(block.command).toBe(f.command);
      expect(block.data).toBe(f.data ?? '');
      expect(toHex(encodeElsterCommand(block.command as 'R1', f.data === null ? null : block.data))).toBe(f.bytes);
    });
  }
});

describe('R1 / W1 / RD data sets', () => {
  it('encodes and parses R1 IDppp(LL)', () => {
    expect(encodeReadRequest({ dataId: '798', packet: 1, length: 16 })).toBe('798001(10)');
    expect(encodeReadRequest({ dataId: '861', packet: 1, length: 7 })).toBe('861001(7)');
    expect(encodeReadRequest({ dataId: '510', packet: 1, length: 0x3a })).toBe('510001(3a)');
    expect(parseReadRequest('861001(7)')).toEqual({ dataId: '861', packet: 1, length: 7 });
    expect(encodeReadRequest({ dataId: '550', packet: 0xfff, length: 0x40 })).toBe('550FFF(40)');
    expect(parseReadRequest('798001(10)')).toEqual({ dataId: '798', packet: 1, length: 16 });
    expect(parseReadRequest('550fff(40)\r\n')).toEqual({ dataId: '550', packet: 0xfff, length: 64 });
  });

  it('encodes and parses W1 IDppp(HEX)', () => {
    const w = { dataId: '861', packet: 1, data: hex('00302112030025') };
    expect(encodeWriteRequest(w)).toBe('861001(00302112030025)');
    expect(parseWriteRequest('861001(00302112030025)')).toEqual(w);
  });

  it('encodes and parses RD ID001(n)', () => {
    expect(encodeStreamRequest({ dataId: '550', blocks: 4 })).toBe('550001(4)');
    expect(encodeStreamRequest({ dataId: '550', blocks: 10 })).toBe('550001(a)');
    expect(encodeStreamRequest({ dataId: '550', blocks: 0x1234 })).toBe('550001(1234)');
    expect(parseStreamRequest('550001(04)')).toEqual({ dataId: '550', blocks: 4 });
    expect(parseStreamRequest('550001(A)')).toEqual({ dataId: '550', blocks: 10 });
    expect(parseStreamRequest('550001(FFFF)')).toEqual({ dataId: '550', blocks: 0xffff });
  });

  it('splits an item into 64-byte R1 packets from 001', () => {
    expect(readRequestsFor('507', 128)).toEqual([
      { dataId: '507', packet: 1, length: 64 },
      { dataId: '507', packet: 2, length: 64 },
    ]);
    expect(readRequestsFor('510', 144).map((r) => r.length)).toEqual([64, 64, 16]);
    expect(readRequestsFor('861', 7)).toEqual([{ dataId: '861', packet: 1, length: 7 }]);
  });

  it('encoders refuse what a meter cannot take (RangeError)', () => {
    expect(() => encodeReadRequest({ dataId: '79', packet: 1, length: 1 })).toThrow(RangeError);
    expect(() => encodeReadRequest({ dataId: '798', packet: 0, length: 1 })).toThrow(/packet number 0/);
    expect(() => encodeReadRequest({ dataId: '798', packet: 0x1000, length: 1 })).toThrow(RangeError);
    expect(() => encodeReadRequest({ dataId: '798', packet: 1, length: 0x41 })).toThrow(/1…0x40/);
    expect(() => encodeWriteRequest({ dataId: '861', packet: 1, data: new Uint8Array(0) })).toThrow(RangeError);
    expect(() => encodeWriteRequest({ dataId: '861', packet: 1, data: new Uint8Array(65) })).toThrow(RangeError);
    expect(() => encodeStreamRequest({ dataId: '550', blocks: 0x10000 })).toThrow(RangeError);
    expect(() => readRequestsFor('550', 0)).toThrow(RangeError);
  });

  // Meter side: which ERRn a meter would answer to each malformed request (used by the emulator).
  const bad: [string, (s: string) => unknown, string][] = [
    ['798001', parseReadRequest, 'ERR1'],
    ['79801(10)', parseReadRequest, 'ERR1'],
    ['7A8001(10)', parseReadRequest, 'ERR2'],
    ['798000(10)', parseReadRequest, 'ERR3'],
    ['798001(41)', parseReadRequest, 'ERR3'],
    ['798001(00)', parseReadRequest, 'ERR3'],
    ['798001(123)', parseReadRequest, 'ERR3'],
    ['861001(0)', parseWriteRequest, 'ERR1'],
    ['861001()', parseWriteRequest, 'ERR3'],
    [`861001(${'00'.repeat(65)})`, parseWriteRequest, 'ERR3'],
    ['550002(04)', parseStreamRequest, 'ERR3'],
    ['550001(0)', parseStreamRequest, 'ERR3'],
    ['550001(10000)', parseStreamRequest, 'ERR3'],
  ];
  for (const [text, parse, answer] of bad) {
    it(`${JSON.stringify(text)} → ElsterDataError, meter answers ${answer}`, () => {
      try {
        parse(text);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ElsterDataError);
        expect((e as ElsterDataError).meterAnswer).toBe(answer);
        expect((e as ElsterDataError).code).toBe('GARBLED');
      }
    });
  }
});

describe('option select', () => {
  const table: [string, 'manufacturer' | 'iec1107', string][] = [
    ['5', 'manufacturer', '063035360D0A'],
    ['5', 'iec1107', '063035310D0A'],
    ['4', 'manufacturer', '063034360D0A'],
  ];
  for (const [baud, variant, bytes] of table) {
    it(`baud ${baud}, ${variant} → ${bytes}`, () => {
      expect(toHex(encodeElsterOptionSelect(baud, variant))).toBe(bytes);
      const o = decodeOptionSelect(hex(bytes));
      expect(o).toEqual(elsterOptionSelect(baud, variant));
      expect(elsterOptionVariant(o)).toBe(variant);
    });
  }
  it('recognises other modes as not the dialect', () => {
    expect(elsterOptionVariant({ protocolControl: '0', baudChar: '5', modeControl: '0' })).toBeNull();
    expect(elsterOptionVariant({ protocolControl: '1', baudChar: '5', modeControl: '6' })).toBeNull();
  });
});
