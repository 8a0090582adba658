import { afterEach, describe, expect, it } from 'vitest';
import { asciiToBytes, concatBytes } from '../../protocol/iec62056-21/control';
import { encodeDataMessage } from '../../protocol/iec62056-21/frames';
import { getReading, listReadings } from '../store/readings';
import { detectKind } from './detect';
import { importContent } from './import-file';
import { mt174Bytes, testContext } from './test-helpers';

/**
 * Captures in the style other tools and eleven makers' meters produce (issue 17 item 3), written by us (only
 * the Iskra MT174 one is a real public capture: fixtures/vectors, Apollon77/smartmeter-obis, MIT). Each is
 * imported with its registers and a note of what it lacked; a wrong checksum is refused naming it.
 * [name, file name, bytes, registers expected, a register [code, text as sent, unit] to find, notes expected]
 */
const b = asciiToBytes;
const framed = (ident: string | null, data: string, lineEnd = '\r\n') =>
  concatBytes(ident === null ? new Uint8Array(0) : b(`${ident}${lineEnd}`), encodeDataMessage(data));

const CAPTURES: [string, string, Uint8Array, number, [string, string, string | null], RegExp[]][] = [
  ['Iskra MT174, mode C readout with the echoed option select (real capture)', 'mt174.bin', mt174Bytes(), 343, ['1.8.0', '0008048.375', 'kWh'], [/Identification absent/]],
  ['Landis+Gyr ZMD, identification, framed readout with status and clock', 'zmd.bin',
    framed('/LGZ4ZMD3104107.B32', 'F.F(00000000)\r\n0.0.0(31234567)\r\n1.8.1(001234.567*kWh)\r\n1.8.2(000987.654*kWh)\r\n0.9.1(031629)\r\n0.9.2(261206)\r\n!\r\n'),
    6, ['0.9.1', '031629', null], []],
  ['Landis+Gyr UH50 heat meter: "!" closing the last data line', 'uh50.bin',
    framed('/LUGCUH5011', '6.8(0029.055*MWh)6.26(01429.54*m3)9.21(66153690)\r\n6.26*01(01122.32*m3)6.8*01(0022.860*MWh)\r\nF(0)9.20(66153690)6.35(60*m)!\r\n'),
    8, ['6.8.0', '0029.055', 'MWh'], []],
  ['EasyMeter Q3D, mode D push telegram without STX/ETX/BCC', 'q3d.txt',
    b('/ESY5Q3DA1004 V3.04\r\n\r\n1-0:0.0.0*255(1ESY1160123456)\r\n1-0:1.8.0*255(00012345.6789012*kWh)\r\n1-0:21.7.255*255(000123.45*W)\r\n1-0:96.5.5*255(82)\r\n0-0:96.1.255*255(1ESY1160123456)\r\n!\r\n'),
    5, ['21.7.255', '000123.45', 'W'], [/No checksum in the capture/]],
  ['Hager eHZ, text log with LF line ends', 'hager.log',
    b('/HAG5eHZ010C_EHZ1ZA22\n\n1-0:0.0.0*255(1095110000-1)\n1-0:1.8.1*255(000512.0000*kWh)\n1-0:2.8.1*255(000000.1000*kWh)\n1-0:96.50.0*1(04)\n!\n'),
    4, ['96.50.0', '04', null], [/No checksum/]],
  ['EMH eHZ with an enhanced identification \\@ and trailing spaces, logged with LF LF', 'emh.txt',
    b('/EMH5\\@--ED300L   \n\n1-0:0.0.0*255(1EMH0012345678)\n\n1-0:1.8.0*255(00001234.5678*kWh)\n\n1-0:16.7.0*255(-000234*W)\n\n!\n'),
    3, ['16.7.0', '-000234', 'W'], [/No checksum/]],
  ['Itron ACE6000, a request echo and line noise before the identification', 'ace.bin',
    concatBytes(b('/?!\r\n'), Uint8Array.of(0x7f, 0x00, 0x13), framed('/ACE5ACE6000', 'C.1.0(0815)\r\n1.8.0(0000123.4*kWh)\r\n32.7(230.1*V)\r\n52.7(229.8*V)\r\n!\r\n')),
    4, ['32.7.0', '230.1', 'V'], []],
  ['Kamstrup, "&"-separated values and a time stamp inside one data set', 'kamstrup.bin',
    framed('/KAM5Kamstrup382', '0.0.0(5512345)\r\n1.6.0(0003.421*kW&2603101930)\r\n1.8.0(0004512.8*kWh)\r\n!\r\n'),
    3, ['1.6.0', '0003.421', 'kW'], []],
  ['Elster AS1440, signed and space-padded values, upper-case units', 'as1440.bin',
    framed('/ELS5\\2AS1440', '1.8.0(00123.456*KWH)\r\n1-0:21.7.0( +0.812*kW)\r\n13.7.0(-0.98)\r\nC.5.0(L1-L2-L3)\r\n!\r\n'),
    4, ['21.7.0', ' +0.812', 'kW'], []],
  ['a text log whose control characters were stripped (ACK, STX, ETX gone; the BCC left as a letter)', 'stripped.txt',
    b('/ISk5MT174-0001\r\n050\r\n1-0:0.0.0*255(63355730)\r\n1-0:1.8.0*255(0008048.375*kWh)\r\n!\r\nf'),
    2, ['0.0.0', '63355730', null], [/No checksum/]],
  ['a battery meter with its NUL wake-up preamble in the capture', 'battery.bin',
    concatBytes(new Uint8Array(24), framed('/ABB5\\2B21', '0.0.0(001122)\r\n1.8.0(000012.5*kWh)\r\n()\r\n!\r\n')),
    3, ['1.8.0', '000012.5', 'kWh'], []],
];

describe('import of real-style captures', () => {
  const ctx = testContext();
  afterEach(() => ctx.db.exec('DELETE FROM readings; DELETE FROM meters; DELETE FROM import_log'));

  it.each(CAPTURES)('%s', async (_name, file, bytes, count, [code, text, unit], notes) => {
    expect(detectKind(file, bytes)).toBe('readout');
    const r = await importContent(ctx, file, bytes);
    expect(r).toMatchObject({ kind: 'readout', result: 'imported', registers: count, reason: null });
    const stored = getReading(ctx.db, r.readingIds[0]!)!;
    const g = stored.registers.find((x) => x.code === code);
    expect([g?.text, g?.unit]).toEqual([text, unit]);
    for (const n of notes) expect(stored.notes.some((x) => n.test(x.message))).toBe(true);
  });

  it('refuses a capture whose BCC does not match, naming the checksum, and stores nothing', async () => {
    const good = framed('/LGZ4ZMD3104107.B32', 'F.F(00000000)\r\n1.8.1(001234.567*kWh)\r\n!\r\n');
    const bad = good.slice();
    bad[bad.length - 1] = good[good.length - 1]! ^ 0x05;
    const r = await importContent(ctx, 'damaged.bin', bad);
    expect(r.result).toBe('quarantined');
    expect(r.reason).toMatch(/failed its checksum \(BCC; expected BCC 0x[0-9a-f]{2}, received 0x[0-9a-f]{2}\)/);
    expect(listReadings(ctx.db)).toHaveLength(0);
  });

  it('imports every telegram of a logging head’s file of a push meter, and notes a last one cut short', async () => {
    const t = '/ESY5Q3DA1004 V3.04\r\n\r\n1-0:0.0.0*255(1ESY1160123456)\r\n1-0:1.8.0*255(00012345.6789012*kWh)\r\n!\r\n';
    const log = b(`${t}${t.replace('6789012', '6790000')}${t.slice(0, 40)}`);
    const r = await importContent(ctx, 'head.log', log);
    expect(r).toMatchObject({ result: 'imported', registers: 4 });
    expect(r.readingIds).toHaveLength(2);
    const last = getReading(ctx.db, r.readingIds[1]!)!;
    expect(last.notes.some((n) => /cut short/.test(n.message))).toBe(true);
  });
});
