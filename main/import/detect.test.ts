import { describe, expect, it } from 'vitest';
import { asciiToBytes } from '../../protocol/iec62056-21/control';
import { encodeReadout } from '../../protocol/iec62056-21/frames';
import { decodeUtf8, detectKind, NotTextError } from './detect';
import { mt174Bytes, resOf } from './test-helpers';

/** Kind detection by content. Uses the public Iskra MT174 capture (fixtures/vectors: Apollon77/smartmeter-obis, MIT licence). */
const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('detectKind', () => {
  it('recognises content whatever the file is called', () => {
    const res = enc(resOf().text);
    expect(detectKind('reading.RES', res)).toBe('res');
    expect(detectKind('reading.txt', res)).toBe('res');
    expect(detectKind('x.RES', cat(Uint8Array.of(0xef, 0xbb, 0xbf), res))).toBe('res'); // BOM
    expect(detectKind('capture.RES', mt174Bytes())).toBe('readout'); // ACK 0 5 0 echo, then STX
    expect(detectKind('capture.log', cat(asciiToBytes('\x00\x00/ISk5MT174-0001\r\n'), mt174Bytes()))).toBe('readout');
    expect(detectKind('capture', encodeReadout('1.8.0(1*kWh)'))).toBe('readout');
    expect(detectKind('export.RES', enc('  {"format":"pmu-readings"}'))).toBe('json');
    expect(detectKind('export', enc('[]'))).toBe('json');
    expect(detectKind('profile.csv', enc('just one column\n1\n'))).toBe('csv');
    expect(detectKind('profile', enc('time;kW\n01.03.2026 00:15;1,5\n'))).toBe('csv');
    expect(detectKind('profile.dat', enc('time\tkW\n'))).toBe('csv');
  });

  it('sends any other .RES file to the .RES reader, and knows nothing of other files', () => {
    expect(detectKind('legacy.res', enc('OLD TOOL RESULT, v3\n'))).toBe('res');
    expect(detectKind('legacy.RES', Uint8Array.of(0x00, 0x01, 0xff))).toBe('res');
    expect(detectKind('empty.csv', new Uint8Array(0))).toBeNull();
    expect(detectKind('notes.txt', enc('Read all meters on Monday\n'))).toBeNull();
    expect(detectKind('photo.jpg', Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10))).toBeNull();
    expect(detectKind('x.csv', Uint8Array.of(0x61, 0x2c, 0x62, 0x00))).toBeNull(); // NUL: binary
    // a "/" line without any STX after it is not a readout
    expect(detectKind('ident.txt', enc('/ISk5MT174-0001\r\n'))).toBeNull();
  });
});

describe('decodeUtf8', () => {
  it('decodes UTF-8 (keeping a BOM for the parsers) and names the line of the first bad byte', () => {
    expect(decodeUtf8(cat(Uint8Array.of(0xef, 0xbb, 0xbf), enc('Zählerstand')))).toBe('\ufeffZählerstand');
    let err: unknown;
    try {
      decodeUtf8(cat(enc('line 1\nline 2\nm'), Uint8Array.of(0xe9), enc('tre\n')));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotTextError);
    expect((err as NotTextError).line).toBe(3);
  });
});
