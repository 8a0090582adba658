import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeBcc } from './bcc';
import { asciiToBytes, concatBytes } from './control';
import { meterClockLocal, parseDataBlock, parseMeterStamp, parseReadout } from './datasets';
import { BccError, FrameError } from './errors';
import { encodeReadout } from './frames';

// Real Iskra MT174 mode C readout: Apollon77/smartmeter-obis, test/testSerialRequestResponseD0WithAck2.js,
// MIT licence (see fixtures/vectors/README.md).
const MT174 = new Uint8Array(readFileSync(new URL('../../fixtures/vectors/iskra-mt174-readout.bin', import.meta.url)));

describe('parseReadout on the Iskra MT174 readout', () => {
  const { registers, dataBlock } = parseReadout(MT174);
  const find = (address: string) => registers.find((r) => r.address === address);

  it('has a valid BCC 0x66 and more than 100 data sets', () => {
    expect(MT174[MT174.length - 1]).toBe(0x66);
    expect(MT174[MT174.length - 2]).toBe(0x03);
    expect(computeBcc(MT174.subarray(MT174.indexOf(0x02) + 1, MT174.length - 1))).toBe(0x66);
    expect(registers.length).toBeGreaterThanOrEqual(100);
    expect(registers.length).toBe(dataBlock.split('\r\n').filter((l) => l !== '').length);
  });

  it('skips the echoed option select and strips the "!" line', () => {
    expect(registers[0]!.address).toBe('1-0:0.9.1*255');
    expect(dataBlock.endsWith('kWh)\r\n')).toBe(true);
    expect(dataBlock).not.toContain('!');
    expect(registers.some((r) => r.address === '!')).toBe(false);
  });

  it('reads total import 1.8.0 = 8048.375 kWh with its exact text', () => {
    expect(find('1-0:1.8.0*255')).toMatchObject({
      obis: '1-0:1.8.0*255', code: '1.8.0', billingPeriod: null, value: 8048.375, text: '0008048.375', unit: 'kWh', timestampLocal: null,
    });
  });

  it('reads maximum demand 1.6.0 = 2.468 kW at 2017-03-10 09:30', () => {
    expect(find('1-0:1.6.0*255')).toMatchObject({
      code: '1.6.0', value: 2.468, text: '02.468', unit: 'kW', timestampLocal: '2017-03-10T09:30:00',
      values: [{ raw: '02.468*kW' }, { raw: '1703100930' }],
    });
    expect(find('1-0:1.6.0*15')).toMatchObject({ billingPeriod: 15, value: 3.806, timestampLocal: '2015-12-16T20:45:00' });
  });

  it('reads billing-period time stamps 0.1.2 from the first group', () => {
    expect(find('1-0:0.1.2*01')).toMatchObject({ billingPeriod: 1, value: null, text: '1703010000', timestampLocal: '2017-03-01T00:00:00' });
  });

  it('reads historical values, empty groups, hex text and the error register', () => {
    expect(find('1-0:1.8.0*03')).toMatchObject({ billingPeriod: 3, value: 7371.517, unit: 'kWh' });
    expect(find('1-0:1.6.2*01')).toMatchObject({ value: null, text: '', unit: null, values: [{ raw: '' }] });
    expect(find('0-0:C.1.6*255')).toMatchObject({ value: null, text: 'FDF5' });
    expect(find('0-0:F.F.0*255')).toMatchObject({ code: 'F.F.0', value: null, text: '0000000', interpretation: { kind: 'status', widthBits: 28, set: [] } });
    expect(find('0-0:C.1.0*255')?.text).toBe('63355730');
  });

  it('gives the meter clock with the season digit of 0.9.2', () => {
    expect(meterClockLocal(registers)).toEqual({ local: '2017-03-18T20:14:55', season: 0 });
  });

  it('rejects a damaged readout with BccError', () => {
    const damaged = MT174.slice();
    damaged[200] = damaged[200]! ^ 0x01;
    expect(() => parseReadout(damaged)).toThrow(BccError);
  });

  it('rejects a truncated readout with FrameError', () => {
    expect(() => parseReadout(MT174.subarray(0, MT174.length - 1))).toThrow(FrameError);
    expect(() => parseReadout(MT174.subarray(0, 5000))).toThrow(FrameError);
    expect(() => parseReadout(MT174.subarray(0, 6))).toThrow(FrameError);
  });

  it('round-trips the data block through encodeReadout', () => {
    const again = parseReadout(encodeReadout(dataBlock));
    expect(again.dataBlock).toBe(dataBlock);
    expect(again.registers).toEqual(registers);
  });
});

describe('parseReadout framing rules', () => {
  it('accepts a checksummed readout whose "!" end line is missing (the ETX and a valid BCC end it)', () => {
    const noBang = asciiToBytes('\x021.8.0(1*kWh)\r\n\x03');
    const withBcc = concatBytes(noBang, Uint8Array.of(computeBcc(noBang.subarray(1))));
    expect(parseReadout(withBcc).registers.map((r) => r.text)).toEqual(['1']);
  });

  it('refuses a partial block (EOT)', () => {
    const body = asciiToBytes('\x021.8.0(1*kWh)\r\n!\r\n\x04');
    expect(() => parseReadout(concatBytes(body, Uint8Array.of(computeBcc(body.subarray(1)))))).toThrow(FrameError);
  });

  it('accepts an empty readout and ignores bytes after the BCC', () => {
    const r = parseReadout(concatBytes(asciiToBytes('/ISk5MT174-0001\r\n'), encodeReadout(''), asciiToBytes('junk')));
    expect(r).toEqual({ registers: [], dataBlock: '' });
  });
});

describe('parseDataBlock', () => {
  it('splits several data sets on one line (pwitab vector)', () => {
    const regs = parseDataBlock('3:14(314*kWh)4:15(415*kWh)\r\n');
    expect(regs.map((r) => [r.address, r.value, r.unit])).toEqual([['3:14', 314, 'kWh'], ['4:15', 415, 'kWh']]);
  });

  it('keeps value groups, units and text exactly', () => {
    const [a, b, c, d] = parseDataBlock('1.8.0(0008048.375*kWh)\r\n(ERR05)\r\n32.7.0(229.5*V)(extra)\r\nF.F()');
    expect(a).toMatchObject({ address: '1.8.0', value: 8048.375, text: '0008048.375', unit: 'kWh' });
    expect(b).toMatchObject({ address: '', obis: '', value: null, text: 'ERR05', unit: null });
    expect(c).toMatchObject({ value: 229.5, unit: 'V', timestampLocal: null, values: [{ raw: '229.5*V' }, { raw: 'extra' }] });
    expect(d).toMatchObject({ code: 'F.F.0', text: '', value: null, unit: null });
  });

  it('reads time stamps of later groups with seconds and season digits', () => {
    const regs = parseDataBlock('1.6.0(1.5*kW)(170310093015)\n1.6.1(2*kW)(x)(11703100930)\r2.6.0(3*kW)(1713100930)');
    expect(regs.map((r) => r.timestampLocal)).toEqual(['2017-03-10T09:30:15', '2017-03-10T09:30:00', null]);
  });

  it('reads plain decimals only (space padding allowed, the text keeps it)', () => {
    const texts = ['-1.5', '+2', '.5', '7.', '1e3', '0x10', '1,5', ' 1', ''];
    const values = texts.map((t) => parseDataBlock(`1.8.0(${t})`)[0]!.value);
    expect(values).toEqual([-1.5, 2, 0.5, 7, null, null, null, 1, null]);
    expect(parseDataBlock('1.8.0( 1)')[0]!.text).toBe(' 1');
  });

  it('throws FrameError naming the line for malformed lines', () => {
    expect(() => parseDataBlock('1.8.0(1)\r\n1.8.1(2')).toThrow(FrameError);
    for (const [bad, line] of [['1.8.0(1)\r\n1.8.1(2', 2], ['1.8.0', 1], ['\r\n\r\n1.8.0(1)x', 3], ['1.8.0(1(2))', 1], ['a)b(1)', 1]] as const) {
      try {
        parseDataBlock(bad);
        expect.unreachable(`no error for ${JSON.stringify(bad)}`);
      } catch (e) {
        expect(e).toBeInstanceOf(FrameError);
        expect((e as FrameError).detail).toMatch(new RegExp(`^line ${line}:`));
        expect((e as FrameError).message).toContain(`data block (line ${line}) could not be understood`);
      }
    }
  });

  it('skips empty lines', () => {
    expect(parseDataBlock('')).toEqual([]);
    expect(parseDataBlock('\r\n\r\n1.8.0(1)\r\n\r\n')).toHaveLength(1);
  });
});

describe('parseMeterStamp', () => {
  it.each([
    ['1703100930', '2017-03-10T09:30:00'],
    ['170310093045', '2017-03-10T09:30:45'],
    ['11703100930', '2017-03-10T09:30:00'],
    ['0240229235959', '2024-02-29T23:59:59'],
    ['2302291200', null],
    ['1713100930', null],
    ['1703102400', null],
    ['170310093', null],
    ['31703100930', null],
    ['17031009306a', null],
  ])('%s → %s', (text, expected) => {
    expect(parseMeterStamp(text)).toBe(expected);
  });
});
