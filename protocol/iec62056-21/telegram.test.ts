import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiToBytes, concatBytes } from './control';
import { decimalValue } from './data-block';
import { BccError, FrameError } from './errors';
import { encodeDataMessage } from './frames';
import { parseTelegram, scanTelegram } from './telegram';

/**
 * Byte tables: one row per deviation real meters and other tools' captures show (issue 10 item 6, issue 17),
 * written by us in the spirit of real readouts: the Landis+Gyr UH50 heat-meter style `…(…)!` end, eHZ/EasyMeter
 * mode D telegrams, Iskra MT174-style addresses. Each row: input bytes → registers `[address, code, text,
 * value, unit, timestampLocal]`, the checksum verdict and what the telegram lacked.
 */
type Row = [address: string, code: string, text: string, value: number | null, unit: string | null, stamp?: string | null];
const b = (s: string) => asciiToBytes(s);
const framed = (data: string) => encodeDataMessage(data);

const CASES: [name: string, bytes: Uint8Array, rows: Row[], checksum: 'valid' | 'absent', missing: string[]][] = [
  ['data sets run together on one line (no CR LF between them)',
    framed('1.8.0(0001.5*kWh)1.8.1(0001.0*kWh)1.8.2(0000.5*kWh)\r\n!\r\n'),
    [['1.8.0', '1.8.0', '0001.5', 1.5, 'kWh'], ['1.8.1', '1.8.1', '0001.0', 1, 'kWh'], ['1.8.2', '1.8.2', '0000.5', 0.5, 'kWh']],
    'valid', ['identification absent']],
  ['"!" at the end of the last data line (heat meter style)',
    concatBytes(b('/LUGCUH5011\r\n'), framed('6.8(0029.055*MWh)6.26(01429.54*m3)\r\n9.21(66153690)!\r\n')),
    [['6.8', '6.8.0', '0029.055', 29.055, 'MWh'], ['6.26', '6.26.0', '01429.54', 1429.54, 'm3'], ['9.21', '9.21.0', '66153690', 66153690, null]],
    'valid', []],
  ['"&"-separated values inside one data set',
    framed('1.6.0(02.468*kW&1703100930)\r\n0.9.2(1170318&0)\r\n!\r\n'),
    [['1.6.0', '1.6.0', '02.468', 2.468, 'kW', '2017-03-10T09:30:00'], ['0.9.2', '0.9.2', '1170318', null, null, null]],
    'valid', ['identification absent']],
  ['empty values ()',
    framed('1.8.3()\r\n1.6.2*01()()\r\n!\r\n'),
    [['1.8.3', '1.8.3', '', null, null], ['1.6.2*01', '1.6.2', '', null, null]],
    'valid', ['identification absent']],
  ['units in any case, kept as sent',
    framed('1.8.0(0012.5*KWH)\r\n2.8.0(0001.0*kwh)\r\n3.8.0(7*kVArh)\r\n!\r\n'),
    [['1.8.0', '1.8.0', '0012.5', 12.5, 'KWH'], ['2.8.0', '2.8.0', '0001.0', 1, 'kwh'], ['3.8.0', '3.8.0', '7', 7, 'kVArh']],
    'valid', ['identification absent']],
  ['NUL wake-up preamble of a battery meter before the readout',
    concatBytes(new Uint8Array(40), b('/ABC5BAT\r\n'), framed('1.8.0(5*kWh)\r\n!\r\n')),
    [['1.8.0', '1.8.0', '5', 5, 'kWh']], 'valid', []],
  ['mode D push telegram without STX/ETX/BCC (eHZ style: identification, blank line, data, !)',
    b('/ESY5Q3DA1004 V3.04\r\n\r\n1-0:0.0.0*255(1ESY1160123456)\r\n1-0:1.8.0*255(00012345.6789012*kWh)\r\n1-0:21.7.255*255(000123.45*W)\r\n!\r\n'),
    [['1-0:0.0.0*255', '0.0.0', '1ESY1160123456', null, null], ['1-0:1.8.0*255', '1.8.0', '00012345.6789012', 12345.6789012, 'kWh'], ['1-0:21.7.255*255', '21.7.255', '000123.45', 123.45, 'W']],
    'absent', ['no checksum in the capture (no STX … ETX BCC framing)']],
  ['LF and LF LF line ends (a text log)',
    b('/HAG5eHZ010C_EHZ1ZA22\n\n1-0:1.8.1*255(000512.0000*kWh)\n\n1-0:2.8.1*255(000000.1000*kWh)\n!\n'),
    [['1-0:1.8.1*255', '1.8.1', '000512.0000', 512, 'kWh'], ['1-0:2.8.1*255', '2.8.1', '000000.1000', 0.1, 'kWh']],
    'absent', ['no checksum in the capture (no STX … ETX BCC framing)']],
  ['text log with control characters stripped (no ACK, STX, ETX; the BCC byte left as a letter)',
    b('/ISk5MT174-0001\r\n050\r\n1-0:1.8.0*255(0008048.375*kWh)\r\n!\r\nf'),
    [['1-0:1.8.0*255', '1.8.0', '0008048.375', 8048.375, 'kWh']],
    'absent', ['no checksum in the capture (no STX … ETX BCC framing)']],
  ['an echo of the request and line noise before the identification',
    concatBytes(b('/?!\r\n'), Uint8Array.of(0xff, 0x7f, 0x13, 0x00), b('/EMH5\\2eHZ-IW8E2AWL0EK2P\r\n'), framed('1.8.0(000.5*kWh)\r\n!\r\n')),
    [['1.8.0', '1.8.0', '000.5', 0.5, 'kWh']], 'valid', []],
  ['values padded with spaces, signed values',
    framed('31.7.0( 0.82*A)\r\n1-0:21.7.0*255(+000.8*kW)\r\n1-0:22.7.0*255(-000.1*kW)\r\n!\r\n'),
    [['31.7.0', '31.7.0', ' 0.82', 0.82, 'A'], ['1-0:21.7.0*255', '21.7.0', '+000.8', 0.8, 'kW'], ['1-0:22.7.0*255', '22.7.0', '-000.1', -0.1, 'kW']],
    'valid', ['identification absent']],
  ['text values and codes outside OBIS, kept verbatim',
    framed('C.5.0(L1-L2-L3)\r\n96.50.0*n(0400)\r\n32.7(230.1*V)\r\n0.2.0(V1.03 b)\r\n!\r\n'),
    [['C.5.0', 'C.5.0', 'L1-L2-L3', null, null], ['96.50.0*n', '96.50.0', '0400', 400, null], ['32.7', '32.7.0', '230.1', 230.1, 'V'], ['0.2.0', '0.2.0', 'V1.03 b', null, null]],
    'valid', ['identification absent']],
  ['the register values keep their zeros (clock 031629, error register 00000000), typed beside them',
    framed('0.9.1(031629)\r\n0.9.2(1261206)\r\nF.F(00000000)\r\n!\r\n'),
    [['0.9.1', '0.9.1', '031629', null, null], ['0.9.2', '0.9.2', '1261206', null, null], ['F.F', 'F.F.0', '00000000', null, null]],
    'valid', ['identification absent']],
];

describe('telegram byte tables: accepted deviations', () => {
  it.each(CASES)('%s', (_name, bytes, rows, checksum, missing) => {
    const t = parseTelegram(bytes);
    expect(t.registers.map((r): Row => (r.timestampLocal === null && rows.every((x) => x.length === 5) ? [r.address, r.code, r.text, r.value, r.unit] : [r.address, r.code, r.text, r.value, r.unit, r.timestampLocal]))).toEqual(
      rows.map((x) => (rows.every((y) => y.length === 5) ? x : x.length === 5 ? [...x, null] : x)),
    );
    expect(t.checksum).toBe(checksum);
    expect(t.missing).toEqual(missing);
    expect(t.end).toBeLessThanOrEqual(bytes.length);
  });

  it('interprets the clock, date and error register beside the text as sent', () => {
    const t = parseTelegram(CASES.at(-1)![1]);
    expect(t.registers.map((r) => r.interpretation)).toEqual([
      { kind: 'time', time: '03:16:29' },
      { kind: 'date', date: '2026-12-06', season: 1 },
      { kind: 'status', widthBits: 32, set: [] },
    ]);
  });

  it('reads identifications with trailing spaces and enhanced markers', () => {
    const t = parseTelegram(concatBytes(b('/LGZ4\\@ZMF100AC.M29   \r\n'), framed('1.8.0(1*kWh)\r\n!\r\n')));
    expect(t.identification).toMatchObject({ manufacturerId: 'LGZ', baudChar: '4', enhancedId: '@', ident: 'ZMF100AC.M29', mode: 'E', raw: '/LGZ4\\@ZMF100AC.M29   ' });
  });
});

describe('telegram byte tables: refused as truly broken', () => {
  it('a wrong BCC, naming both checksums', () => {
    const good = framed('1.8.0(1*kWh)\r\n!\r\n');
    const bad = good.slice();
    bad[bad.length - 1] = good[good.length - 1]! ^ 0x01;
    expect(() => parseTelegram(bad)).toThrow(BccError);
    expect(() => parseTelegram(bad)).toThrow(/BCC|checksum/i);
  });

  it('no end: neither "!" nor ETX', () => {
    expect(() => parseTelegram(b('/ESY5Q3DA1004\r\n\r\n1.8.0(1*kWh)\r\n1.8.1(2*kWh)\r\n'))).toThrow(FrameError);
    const cut = (() => {
      try {
        parseTelegram(b('\x021.8.0(1*kWh)\r\n!\r\n'), { requireFrame: true });
      } catch (e) {
        return e as FrameError;
      }
      return null;
    })();
    expect(cut).toBeInstanceOf(FrameError);
    expect(cut?.detail).toMatch(/ETX/);
  });

  it('a value group broken inside a framed block names its line', () => {
    expect(() => parseTelegram(framed('1.8.0(1*kWh)\r\n1.8.1(2*kWh\r\n!\r\n'))).toThrow(FrameError);
    try {
      parseTelegram(framed('1.8.0(1*kWh)\r\n1.8.1(2*kWh\r\n!\r\n'));
    } catch (e) {
      expect((e as FrameError).detail).toMatch(/^line 2: value group not closed/);
    }
  });
});

describe('scanTelegram on a stream that is still arriving (listen mode)', () => {
  const telegram = '/ESY5Q3DA1004 V3.04\r\n\r\n1-0:1.8.0*255(00012345.6789012*kWh)\r\n!\r\n';

  it('says incomplete at every cut, then finds the telegram, its end and the next start', () => {
    const all = b(`noise${telegram}${telegram}`);
    for (let cut = 6; cut < 5 + telegram.length; cut++) {
      expect(scanTelegram(all.subarray(0, cut)).type).toBe('incomplete');
    }
    const first = scanTelegram(all);
    expect(first.type).toBe('telegram');
    if (first.type !== 'telegram') return;
    expect(first.telegram.start).toBe(5);
    expect(first.telegram.end).toBe(5 + telegram.length);
    const second = scanTelegram(all, first.telegram.end);
    expect(second.type === 'telegram' && second.telegram.end).toBe(all.length);
  });

  it('calls bytes without any telegram start noise', () => {
    expect(scanTelegram(Uint8Array.of(0x7f, 0x3f, 0x1f, 0x0f, 0x55)).type).toBe('noise');
  });
});

describe('decimalValue', () => {
  it('equals Number() on every plain decimal text (fast path and fallback)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^ ?[+-]?[0-9]{0,20}(\.[0-9]{0,25})? ?$/), (t) => {
        const v = decimalValue(t);
        return /[0-9]/.test(t) ? Object.is(v, Number(t)) : v === null;
      }),
      { numRuns: 20_000, seed: 62056021 },
    );
  });
});
