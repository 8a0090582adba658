import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeDataMessage } from '../../protocol/iec62056-21/frames';
import { formatProfileCsv } from '../formats/profile-csv';
import { formatReadingsJson } from '../formats/readings-json';
import { listImportLog, listQuarantine } from '../store/import-log';
import { countRows } from '../store/readings';
import { importFile } from './import-file';
import { readErrorReason, REASONS } from './quarantine';
import { editResLine, lineStarting, mt174Bytes, resOf, tempDirs, testContext } from './test-helpers';

/**
 * Malformed files of every kind are quarantined with an exact plain-language reason and line, nothing of them
 * is stored, and each attempt is in the import log. Uses the public Iskra MT174 capture
 * (fixtures/vectors/iskra-mt174-readout.bin: Apollon77/smartmeter-obis, MIT licence; fixtures/vectors/README.md).
 */
const dirs = tempDirs();
afterAll(() => dirs.cleanup());
const ctx = testContext();
const dir = dirs.make();
const { reading, text } = resOf();
const lines = text.split('\r\n');
const endLine = lines.indexOf('[end]') + 1;
const CUT = 'the file was changed or cut short after it was written. Use the original file; .RES files must not be edited.';

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const csv = formatProfileCsv([reading]).split('\r\n');
const badCsvRow = [...csv];
badCsvRow[3] = badCsvRow[3]!.replace(/,0\.555,0$/, ',0.5x5,0');

// MT174 capture lines: 1 = echoed option select, 2…344 = the 343 data sets (STX before the first), 345 = "!",
// 346 = ETX + BCC; its first 4000 bytes end on line 151.
const mt = mt174Bytes();
const badBcc = mt.slice();
badBcc[badBcc.length - 1] = mt[mt.length - 1]! ^ 0x01;

/** [case, file name, content, expected kind, expected reason (string = exact, RegExp = pattern), expected line] */
const CASES: [string, string, string | Uint8Array, string | null, string | RegExp, number | null][] = [
  ['not a .RES at all', 'letter.RES', 'Dear customer,\r\nyour meter was read.\r\n', 'res',
    'The .RES file cannot be read: this is not a PMU Workstation reading file: the first line should be "PMU-RES 1".', 1],
  ['empty file', 'empty.RES', '', null, REASONS.empty, null],
  ['truncated .RES (cut before [end])', 'cut.RES', lines.slice(0, 40).join('\r\n'), 'res',
    'The .RES file cannot be read: the file ends before its [end] section: it was cut short (copy interrupted, disk full, or still being written). Use another copy of the file.', 41],
  ['checksum mismatch (edited value)', 'edited.RES', text.replace('0008048.375', '0009048.375'), 'res',
    `The .RES file cannot be read: the checksum (sha256) does not match the content: ${CUT}`, endLine + 2],
  ['unsupported newer version', 'v2.RES', text.replace('PMU-RES 1', 'PMU-RES 2'), 'res',
    'The .RES file cannot be read: it is a .RES file of format version 2, but this app reads version 1 only. A newer app is needed: update PMU Workstation to open it.', 1],
  ['bad number at line N', 'number.RES', editResLine(text, lineStarting(text, '1.8.0\t'), (l) => l.replace('8048.375', '8048,375')), 'res',
    'The .RES file cannot be read: register value "8048,375" is not a number.', lineStarting(text, '1.8.0\t')],
  ['bad time stamp', 'stamp.RES', editResLine(text, lineStarting(text, '2026-03-28T22:15:00.000Z'), (l) => l.replace('2026-03-28T22:15:00.000Z', '2026-02-30T22:15:00.000Z')), 'res',
    'The .RES file cannot be read: interval start "2026-02-30T22:15:00.000Z" is not a UTC time YYYY-MM-DDThh:mm:ss.sssZ.', lineStarting(text, '2026-03-28T22:15:00.000Z')],
  ['.RES that is not UTF-8', 'latin1.RES', Buffer.concat([Buffer.from('PMU-RES 1\r\n[reading]\r\n'), Buffer.from([0x6d, 0xe9, 0x74, 0x72, 0x65, 0x0d, 0x0a])]), 'res',
    'The file is not UTF-8 text: it was damaged, or saved by an editor in another encoding.', 3],
  ['readout with a bad BCC', 'badbcc.bin', badBcc, 'readout',
    /^The data readout failed its checksum \(BCC; expected BCC 0x66, received 0x67\): the capture is damaged\. Use another copy, or read the meter again\.$/, 346],
  ['readout cut short (no ETX)', 'half.bin', mt.slice(0, 4000), 'readout',
    'The capture ends before the readout does (no "!" end mark, or no ETX and checksum): it was cut short. Use a complete capture, or read the meter again.', 151],
  ['push telegram without its end', 'noend.txt', '/ESY5Q3DA1004 V3.04\r\n\r\n1-0:0.0.0*255(1ESY1160123456)\r\n1-0:1.8.0*255(00012.5*kWh)\r\n', 'readout',
    'The capture ends before the readout does (no "!" end mark, or no ETX and checksum): it was cut short. Use a complete capture, or read the meter again.', 5],
  ['readout with a malformed data line', 'garbled.bin', encodeDataMessage('0.0.0(12345678)\r\n1.8.0(0001.5*kWh\r\n!\r\n'), 'readout',
    'A data line of the readout cannot be understood: value group not closed after "(0001.5*kWh".', 2],
  ['readout after a malformed identification line', 'ident.bin', Buffer.concat([Buffer.from('/I5\r\n'), Buffer.from(encodeDataMessage('1.8.0(1*kWh)\r\n!\r\n'))]), 'readout',
    /^The identification line "\/I5" before the readout cannot be understood/, 1],
  ['foreign CSV without a column mapping', 'other-tool.csv', 'Zeit;Wirkleistung\r\n01.03.2026 00:15;1,5\r\n', 'csv', REASONS.needsMapping, 1],
  ['CSV with a bad row', 'bad-row.csv', badCsvRow.join('\r\n'), 'csv',
    /^'0\.5x5' in column '1\.5\.0 \[kW\]' is not a number/, 4],
  ['invalid JSON', 'cut.json', formatReadingsJson([reading]).slice(0, 300), 'json', /not valid JSON/, 2],
  ['JSON that is not a PMU export', 'other.json', '{"hello": "world"}', 'json', /not a PMU readings export/, 1],
  ['binary garbage', 'garbage.dat', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff, 0x10, 0x00, 0x42]), null, REASONS.binary, null],
  ['text of an unknown kind', 'notes.md', '# Notes\nRead all meters on Monday\n', null, REASONS.unknown, null],
];

describe('quarantine', () => {
  it.each(CASES)('%s', async (_name, fileName, content, kind, reason, line) => {
    const before = countRows(ctx.db).readings;
    const path = file(fileName, content);
    const o = await importFile(ctx, path);
    expect({ file: o.file, result: o.result, kind: o.kind, line: o.line, readingIds: o.readingIds }).toEqual({ file: path, result: 'quarantined', kind, line, readingIds: [] });
    if (typeof reason === 'string') expect(o.reason).toBe(reason);
    else expect(o.reason).toMatch(reason);
    expect(countRows(ctx.db).readings).toBe(before);
    const [logged] = listImportLog(ctx.db, { file: path });
    expect(logged).toMatchObject({ result: 'quarantined', reason: o.reason, line, kind, size: typeof content === 'string' ? Buffer.byteLength(content) : content.length });
    expect(logged?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('covers at least 10 kinds, and the quarantine view lists each file once', () => {
    expect(new Set(CASES.map((c) => c[0])).size).toBeGreaterThanOrEqual(10);
    expect(listQuarantine(ctx.db, { limit: -1 }).map((e) => e.file).sort()).toEqual(CASES.map((c) => join(dir, c[1])).sort());
  });

  it('a folder and a missing file are quarantined with a plain reason (nothing to hash)', async () => {
    const sub = join(dir, 'a-folder.RES');
    mkdirSync(sub);
    expect(await importFile(ctx, sub)).toMatchObject({ result: 'quarantined', reason: 'This is a folder, not a file.', line: null, kind: null });
    const gone = await importFile(ctx, join(dir, 'gone.RES'));
    expect(gone.reason).toBe('The file disappeared before it could be read (moved, renamed or deleted by another program).');
    expect(listImportLog(ctx.db, { file: join(dir, 'gone.RES') })[0]).toMatchObject({ size: null, sha256: null });
  });

  it('an unreadable file (permission denied) is quarantined', async () => {
    expect(readErrorReason(Object.assign(new Error('x'), { code: 'EACCES' }))).toMatch(/^The file cannot be read: permission denied\./);
    if (process.getuid?.() === 0) return; // root reads any file: the file-system part cannot be shown here
    const p = file('locked.RES', text);
    chmodSync(p, 0o000);
    expect((await importFile(ctx, p)).reason).toMatch(/^The file cannot be read: permission denied\./);
  });
});
