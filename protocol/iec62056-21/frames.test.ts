import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asciiToBytes, bytesToAscii, concatBytes } from './control';
import { BccError, FrameError, ProtocolError } from './errors';
import {
  type CommandId,
  type ScanResult,
  decodeBlock,
  decodeOptionSelect,
  decodeSignOn,
  encodeBreak,
  encodeCommand,
  encodeDataMessage,
  encodeOptionSelect,
  encodeReadout,
  encodeSignOn,
  scanMessage,
} from './frames';
import { encodeIdentification, parseIdentification } from './identification';

// Vectors: fixtures/vectors/iec62056-21-frames.tsv — from pwitab/iec62056-21, tests/test_bcc.py and
// tests/test_data.py (BSD-3-Clause, (c) Palmlund Wahlgren Innovative Technology AB). See vectors/README.md.
const TSV = new URL('../../fixtures/vectors/iec62056-21-frames.tsv', import.meta.url);

const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

interface Row {
  label: string;
  bytes: Uint8Array;
  verdict: 'valid' | 'bad-bcc' | 'no-bcc';
}
const rows: Row[] = readFileSync(TSV, 'latin1')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  .map((l) => {
    const [label, h, verdict] = l.split('\t');
    return { label: label!, bytes: hex(h!), verdict: verdict!.trim() as Row['verdict'] };
  });

/** Re-encode a decoded SOH/STX block with the encoder of its kind. */
function reencodeBlock(bytes: Uint8Array): Uint8Array {
  const b = decodeBlock(bytes);
  if (b.opening === 'SOH') return encodeCommand(b.command as CommandId, bytes.includes(0x02) ? b.data : null);
  return encodeDataMessage(b.data, b.partial);
}

describe('frames vector table (pwitab/iec62056-21)', () => {
  it('holds the 14 documented frames', () => {
    expect(rows).toHaveLength(14);
    expect(rows.filter((r) => r.verdict === 'bad-bcc')).toHaveLength(3);
  });

  for (const row of rows.filter((r) => r.verdict === 'valid')) {
    it(`valid: ${row.label} decodes and re-encodes to the same bytes`, () => {
      const block = decodeBlock(row.bytes);
      expect(block.partial).toBe(false);
      expect(toHex(reencodeBlock(row.bytes))).toBe(toHex(row.bytes));
      if (block.data.endsWith('!\r\n')) {
        expect(toHex(encodeReadout(block.data.slice(0, -3)))).toBe(toHex(row.bytes));
      }
    });
  }

  for (const row of rows.filter((r) => r.verdict === 'bad-bcc')) {
    it(`bad BCC: ${row.label} is rejected with BccError`, () => {
      let caught: unknown;
      try {
        decodeBlock(row.bytes, 'answer');
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(BccError);
      const err = caught as BccError;
      expect(err.code).toBe('BAD_BCC');
      expect(err.message).toMatch(/checksum/i);
      expect(err.detail).toMatch(/expected BCC 0x[0-9a-f]{2}, received 0x[0-9a-f]{2}/);
    });
  }

  it('no-BCC frames decode with their decoders and re-encode exactly', () => {
    const byLabel = (s: string) => rows.find((r) => r.label.startsWith(s))!.bytes;
    expect(decodeSignOn(byLabel('request message with address'))).toEqual({ address: '45678903' });
    expect(toHex(encodeSignOn('45678903'))).toBe(toHex(byLabel('request message with address')));
    expect(decodeSignOn(byLabel('request message no address'))).toEqual({ address: '' });
    expect(toHex(encodeSignOn())).toBe(toHex(byLabel('request message no address')));
    const opt = decodeOptionSelect(byLabel('ack/option select'));
    expect(opt).toEqual({ protocolControl: '0', baudChar: '5', modeControl: '1' });
    expect(toHex(encodeOptionSelect(opt))).toBe(toHex(byLabel('ack/option select')));
    const id = parseIdentification(bytesToAscii(byLabel('identification message')));
    expect(id).toMatchObject({ manufacturer: 'Els', baudChar: '6', enhancedId: '2', mode: 'E', maxBaud: 19200, ident: 'EK280' });
    expect(encodeIdentification(id)).toBe(bytesToAscii(byLabel('identification message')));
  });
});

// Own table: expected bytes computed independently (Python XOR fold), not with computeBcc.
const table: { name: string; encode: () => Uint8Array; hex: string; check: (b: Uint8Array) => void }[] = [
  { name: 'P0 operand', encode: () => encodeCommand('P0', '(12345678)'), hex: '01503002283132333435363738290368',
    check: (b) => expect(decodeBlock(b)).toEqual({ opening: 'SOH', command: 'P0', data: '(12345678)', partial: false }) },
  { name: 'P1 password', encode: () => encodeCommand('P1', '(00000000)'), hex: '01503102283030303030303030290361',
    check: (b) => expect(decodeBlock(b).command).toBe('P1') },
  { name: 'R1 read', encode: () => encodeCommand('R1', '1.8.0()'), hex: '01523102312e382e302829035a',
    check: (b) => expect(decodeBlock(b).data).toBe('1.8.0()') },
  { name: 'R5 load profile', encode: () => encodeCommand('R5', 'P.01(0250330000;0250331000)'),
    hex: '01523502502e303128303235303333303030303b30323530333331303030290322',
    check: (b) => expect(decodeBlock(b).data).toBe('P.01(0250330000;0250331000)') },
  { name: 'W1 write', encode: () => encodeCommand('W1', '0.9.1(120000)'), hex: '01573102302e392e312831323030303029035d',
    check: (b) => expect(decodeBlock(b).command).toBe('W1') },
  { name: 'W5 write', encode: () => encodeCommand('W5', '0.9.2(250330)'), hex: '01573502302e392e322832353033333029035e',
    check: (b) => expect(decodeBlock(b).command).toBe('W5') },
  { name: 'E2 execute', encode: () => encodeCommand('E2', '0.1.0()'), hex: '01453202302e312e3028290346',
    check: (b) => expect(decodeBlock(b).command).toBe('E2') },
  { name: 'B0 break', encode: () => encodeBreak(), hex: '0142300371',
    check: (b) => expect(decodeBlock(b)).toEqual({ opening: 'SOH', command: 'B0', data: '', partial: false }) },
  { name: 'data message', encode: () => encodeDataMessage('1.8.0(0001234.567*kWh)\r\n'),
    hex: '02312e382e3028303030313233342e3536372a6b5768290d0a036c',
    check: (b) => expect(decodeBlock(b)).toEqual({ opening: 'STX', command: null, data: '1.8.0(0001234.567*kWh)\r\n', partial: false }) },
  { name: 'error answer', encode: () => encodeDataMessage('(ERR05)'), hex: '02284552523035290342',
    check: (b) => expect(decodeBlock(b).data).toBe('(ERR05)') },
  { name: 'partial block (EOT)', encode: () => encodeDataMessage('P.01(1)\r\n', true), hex: '02502e30312831290d0a044c',
    check: (b) => expect(decodeBlock(b).partial).toBe(true) },
  { name: 'readout', encode: () => encodeReadout('F.F(00)\r\n1.8.0(0001234.567*kWh)'),
    hex: '02462e46283030290d0a312e382e3028303030313233342e3536372a6b5768290d0a210d0a0362',
    check: (b) => expect(decodeBlock(b).data).toBe('F.F(00)\r\n1.8.0(0001234.567*kWh)\r\n!\r\n') },
  { name: 'empty readout', encode: () => encodeReadout(''), hex: '02210d0a0325',
    check: (b) => expect(decodeBlock(b).data).toBe('!\r\n') },
  { name: 'sign-on without address', encode: () => encodeSignOn(), hex: '2f3f210d0a',
    check: (b) => expect(decodeSignOn(b).address).toBe('') },
  { name: 'sign-on with address', encode: () => encodeSignOn('12345678'), hex: '2f3f3132333435363738210d0a',
    check: (b) => expect(decodeSignOn(b).address).toBe('12345678') },
  { name: 'option select readout 9600', encode: () => encodeOptionSelect({ protocolControl: '0', baudChar: '5', modeControl: '0' }),
    hex: '063035300d0a', check: (b) => expect(decodeOptionSelect(b).modeControl).toBe('0') },
  { name: 'option select programming 19200', encode: () => encodeOptionSelect({ protocolControl: '0', baudChar: '6', modeControl: '1' }),
    hex: '063036310d0a', check: (b) => expect(decodeOptionSelect(b).baudChar).toBe('6') },
  { name: 'identification mode C short reaction', encode: () => asciiToBytes(encodeIdentification({ manufacturer: 'ISk', baudChar: '5', ident: 'MT174-0001' })),
    hex: '2f49536b354d543137342d303030310d0a',
    check: (b) => expect(parseIdentification(bytesToAscii(b))).toMatchObject({ mode: 'C', shortReactionTime: true, maxBaud: 9600 }) },
  { name: 'identification mode E \\2', encode: () => asciiToBytes(encodeIdentification({ manufacturer: 'EMH', baudChar: '6', enhancedId: '2', ident: 'LZQJ' })),
    hex: '2f454d48365c324c5a514a0d0a',
    check: (b) => expect(parseIdentification(bytesToAscii(b))).toMatchObject({ mode: 'E', enhancedId: '2', shortReactionTime: false }) },
  { name: 'identification mode B', encode: () => asciiToBytes(encodeIdentification({ manufacturer: 'LGZ', baudChar: 'D', ident: 'ZMD' })),
    hex: '2f4c475a445a4d440d0a',
    check: (b) => expect(parseIdentification(bytesToAscii(b))).toMatchObject({ mode: 'B', maxBaud: 4800 }) },
  { name: 'identification mode A', encode: () => asciiToBytes(encodeIdentification({ manufacturer: 'ABC', baudChar: 'x', ident: 'OLD' })),
    hex: '2f414243784f4c440d0a',
    check: (b) => expect(parseIdentification(bytesToAscii(b))).toMatchObject({ mode: 'A', maxBaud: 300 }) },
];

describe('encode / decode table, every frame type', () => {
  for (const t of table) {
    it(t.name, () => {
      const bytes = t.encode();
      expect(toHex(bytes)).toBe(t.hex);
      t.check(hex(t.hex));
    });
  }

  it('rejects bad input with the documented errors', () => {
    expect(() => encodeSignOn('x'.repeat(33))).toThrow(RangeError);
    expect(() => encodeSignOn('a!b')).toThrow(RangeError);
    expect(() => decodeSignOn(asciiToBytes('/?!\n'))).toThrow(FrameError);
    expect(() => decodeOptionSelect(asciiToBytes('\x06050\n'))).toThrow(FrameError);
    expect(() => decodeBlock(hex('0142'))).toThrow(FrameError);
    expect(() => decodeBlock(hex('01410342'))).toThrow(FrameError); // SOH "A" ETX: no command id
    expect(() => decodeBlock(hex('0142300372'))).toThrow(BccError); // B0 with a wrong BCC
    expect(() => decodeBlock(hex('0142300371').subarray(1))).toThrow(FrameError); // no SOH/STX
    expect(() => decodeBlock(hex('015030410322'))).toThrow(FrameError); // "P0A": command not followed by STX
    expect(() => decodeBlock(hex('0142300371'))).not.toThrow(ProtocolError);
  });
});

/** Scan a whole buffer, returning every message's kind + hex and the noise byte count. */
function scanAll(buf: Uint8Array, ackOption = false): { messages: string[]; noise: number; rest: number } {
  const messages: string[] = [];
  let pos = 0;
  let noise = 0;
  for (;;) {
    const r: ScanResult = scanMessage(buf, pos, ackOption);
    if (r.type === 'incomplete') return { messages, noise, rest: buf.length - pos };
    if (r.type === 'noise') noise += r.end - pos;
    else messages.push(`${r.kind}:${toHex(r.bytes)}`);
    pos = r.end;
  }
}

describe('scanMessage', () => {
  const valid = rows.filter((r) => r.verdict === 'valid').map((r) => r.bytes);
  const signOn = encodeSignOn();
  const ident = asciiToBytes('/ISk5MT174-0001\r\n');
  const opt = encodeOptionSelect({ protocolControl: '0', baudChar: '5', modeControl: '0' });

  it('splits concatenated frames into messages', () => {
    const all = concatBytes(...valid, signOn, ident, Uint8Array.of(0x06), Uint8Array.of(0x15));
    const { messages, noise, rest } = scanAll(all);
    expect(noise).toBe(0);
    expect(rest).toBe(0);
    expect(messages).toEqual([
      ...valid.map((v) => `block:${toHex(v)}`),
      `line:${toHex(signOn)}`,
      `line:${toHex(ident)}`,
      'ack:06',
      'nak:15',
    ]);
  });

  it('skips NUL wake-up bytes and stray echo bytes as noise', () => {
    const buf = concatBytes(new Uint8Array(40), asciiToBytes('050\r\n'), ident, hex('ff7f'), valid[0]!);
    const { messages, noise } = scanAll(buf);
    expect(noise).toBe(47);
    expect(messages).toEqual([`line:${toHex(ident)}`, `block:${toHex(valid[0]!)}`]);
  });

  it('delimits the option select only when asked to', () => {
    expect(scanAll(concatBytes(opt, signOn), true).messages).toEqual([`option-select:${toHex(opt)}`, `line:${toHex(signOn)}`]);
    const client = scanAll(opt, false);
    expect(client.messages).toEqual(['ack:06']);
    expect(client.noise).toBe(5);
    expect(scanMessage(Uint8Array.of(0x06), 0, true)).toEqual({ type: 'incomplete' });
  });

  it('waits on every split point and then finds the same message', () => {
    for (const frame of [...valid, ident, opt]) {
      const ackOption = frame === opt;
      for (let cut = 1; cut < frame.length; cut++) {
        expect(scanMessage(frame.subarray(0, cut), 0, ackOption)).toEqual({ type: 'incomplete' });
      }
      const done = scanMessage(frame, 0, ackOption);
      expect(done.type === 'message' && done.end).toBe(frame.length);
    }
  });

  it('resumes from a start offset', () => {
    const buf = concatBytes(valid[1]!, valid[2]!);
    const r = scanMessage(buf, valid[1]!.length);
    expect(r.type === 'message' && toHex(r.bytes)).toBe(toHex(valid[2]!));
    expect(scanMessage(buf, buf.length)).toEqual({ type: 'incomplete' });
  });

  it('judges an endless "/" line as noise', () => {
    const r = scanMessage(asciiToBytes('/' + 'x'.repeat(200)), 0);
    expect(r).toEqual({ type: 'noise', end: 1 });
  });
});
