import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asciiToBytes } from '../../protocol/iec62056-21/control';
import { encodeReadout } from '../../protocol/iec62056-21/frames';
import type { ReadingResult } from '../../protocol/reading';
import { formatRes, parseRes, RES_ERROR_REASONS, RES_MAGIC } from './codec';
import { INTERVAL_COLUMNS, NOTE_COLUMNS, REGISTER_COLUMNS, SECTIONS } from './sections';

/** docs/res-format.md must describe exactly what the code reads and writes. */
const doc = readFileSync(new URL('../../docs/res-format.md', import.meta.url), 'utf8');
const example = /## Example[\s\S]*?```text\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';

/** The reading the documented example holds. */
const expected: ReadingResult = {
  version: 1,
  meter: { identification: '/ISk5MT174-0001', manufacturer: 'ISK', model: 'MT174-0001', serial: '60219548', address: '' },
  session: {
    port: 'COM3', operator: 'j.smith', startedUtc: '2026-03-29T04:10:00.000Z', finishedUtc: '2026-03-29T04:10:41.250Z',
    mode: 'C', baud: 9600, timeZone: 'Europe/London', software: 'pmu-workstation 0.1.0',
  },
  registers: [
    { address: 'C.1.0', obis: 'C.1.0', code: 'C.1.0', billingPeriod: null, value: null, text: '60219548', unit: null, timestampLocal: null, values: [{ raw: '60219548' }], interpretation: { kind: 'identifier' } },
    { address: '1.8.0', obis: '1.8.0', code: '1.8.0', billingPeriod: null, value: 8048.375, text: '0008048.375', unit: 'kWh', timestampLocal: null, values: [{ raw: '0008048.375*kWh' }], interpretation: null },
    {
      address: '1.6.0*01', obis: '1.6.0*01', code: '1.6.0', billingPeriod: 1, value: 2.733, text: '02.733', unit: 'kW',
      timestampLocal: '2026-02-09T19:00:00', values: [{ raw: '02.733*kW' }, { raw: '2602091900' }], interpretation: null,
    },
  ],
  loadProfile: {
    profile: 1,
    periodMinutes: 15,
    channels: [{ obis: '1.5.0', unit: 'kW' }],
    intervals: [
      { startUtc: '2026-03-29T00:45:00.000Z', endUtc: '2026-03-29T01:00:00.000Z', startLocal: '2026-03-29T00:45:00', dst: false, status: '00', values: [1.47] },
      { startUtc: '2026-03-29T01:00:00.000Z', endUtc: '2026-03-29T01:15:00.000Z', startLocal: '2026-03-29T02:00:00', dst: true, status: '08', values: [null] },
    ],
  },
  notes: [{ level: 'warning', message: 'Interval 02:00 BST has no value\t(status 08).' }],
  raw: {
    readout: encodeReadout('C.1.0(60219548)\r\n1.8.0(0008048.375*kWh)\r\n1.6.0*01(02.733*kW)(2602091900)\r\n'),
    loadProfile: asciiToBytes('P.01(0260329010000)(00)(15)(1)(1.5.0)(kW)\r\n(1.470)\r\n()\r\n'),
  },
};

describe('docs/res-format.md agrees with the code', () => {
  it('its example is a valid file holding the described reading, byte for byte what formatRes writes', () => {
    expect(example.startsWith(`${RES_MAGIC}\n`)).toBe(true);
    expect(parseRes(example)).toStrictEqual(expected);
    expect(formatRes(expected)).toBe(example.replace(/\n/g, '\r\n'));
  });

  it('documents every section, column and error reason', () => {
    const headings = doc.split('\n').filter((l) => l.startsWith('### '));
    for (const s of [...SECTIONS, 'end']) expect(headings.some((h) => h.includes(`\`[${s}]\``))).toBe(true);
    for (const c of [...REGISTER_COLUMNS, ...INTERVAL_COLUMNS, ...NOTE_COLUMNS]) expect(doc).toContain(`\`${c}\``);
    for (const k of ['identification', 'manufacturer', 'model', 'serial', 'address', 'port', 'operator', 'started_utc', 'finished_utc', 'mode', 'baud', 'time_zone', 'software', 'present', 'profile', 'period_minutes', 'channels', 'channel.K.obis', 'channel.K.unit', 'lines=L', 'sha256=H']) {
      expect(doc).toContain(`\`${k}\``);
    }
    const documented = [...doc.matchAll(/^\| `([a-z0-9-]+)` \| /gm)].map((m) => m[1]);
    for (const reason of RES_ERROR_REASONS) expect(documented).toContain(reason);
  });
});
