import { describe, expect, it } from 'vitest';
import type { CsvMapping } from './csv-mapping';
import { ImportFormatError } from './errors';
import { formatProfileCsv, parseProfileCsv, sniffCsv } from './profile-csv';

/** A German-style export: semicolons, decimal comma, end-of-interval stamps in local time. */
const GERMAN = [
  'Zeitstempel;Wirkleistung Bezug kW;kWh;Status',
  '26.10.2025 01:45;1,250;0,3125;0',
  '26.10.2025 02:00;1,500;0,375;0',
  '26.10.2025 02:15;2,000;0,5;0',
  '26.10.2025 02:30;;;8',
  '26.10.2025 02:45;-0,25;0,125;0',
  '26.10.2025 02:00;0,5;0,125;0',
  '26.10.2025 02:15;0,75;0,1875;0',
  '26.10.2025 02:30;1;0,25;0',
  '26.10.2025 02:45;1,25;0,3125;0',
  '26.10.2025 03:00;1,5;0,375;0',
  '26.10.2025 03:15;1,75;0,4375;0',
].join('\r\n');

const mapping: CsvMapping = {
  delimiter: ';',
  decimal: ',',
  headerRows: 1,
  timestampColumn: 'Zeitstempel',
  timestampFormat: 'dd.MM.yyyy HH:mm',
  timeZone: 'Europe/Berlin',
  stampIs: 'end',
  periodMinutes: 15,
  channels: [
    { column: 1, obis: '1.5.0', unit: 'kW' },
    { column: 'kwh', obis: '1.8.0', unit: 'kWh' },
  ],
  statusColumn: 'Status',
  meter: { serial: '99887766', manufacturer: 'EMH', model: 'eHZ' },
};

describe('parseProfileCsv with a mapping', () => {
  it('reads semicolons and decimal commas, and places the repeated autumn hour by order (first = summer time)', () => {
    const [r, more] = parseProfileCsv(GERMAN, { mapping, operator: 'office', software: 'pmu-workstation 0.1.0' });
    expect(more).toBeUndefined();
    expect(r?.meter).toEqual({ identification: '', manufacturer: 'EMH', model: 'eHZ', serial: '99887766', address: '' });
    expect(r?.session.timeZone).toBe('Europe/Berlin');
    expect(r?.loadProfile?.channels).toEqual([{ obis: '1.5.0', unit: 'kW' }, { obis: '1.8.0', unit: 'kWh' }]);
    const iv = r?.loadProfile?.intervals ?? [];
    expect(iv).toHaveLength(11);
    // 01:45 CEST end → starts 01:30 CEST = 23:30 UTC; then every 15 min without gap or repeat.
    expect(iv.map((i) => i.startUtc)).toEqual(Array.from({ length: 11 }, (_v, k) => new Date(Date.parse('2025-10-25T23:30:00Z') + k * 900_000).toISOString()));
    expect(iv.map((i) => [i.startLocal.slice(11, 16), i.dst])).toEqual([
      ['01:30', true], ['01:45', true], ['02:00', true], ['02:15', true], ['02:30', true], ['02:45', true],
      ['02:00', false], ['02:15', false], ['02:30', false], ['02:45', false], ['03:00', false],
    ]);
    expect(iv[3]).toMatchObject({ status: '8', values: [null, null] });
    expect(iv[4]?.values).toEqual([-0.25, 0.125]);
    expect(r?.session.startedUtc).toBe('2025-10-26T02:15:00.000Z');
    // And it exports as our CSV, which reads back to the same readings' CSV.
    const csv = formatProfileCsv([r!]);
    expect(formatProfileCsv(parseProfileCsv(csv))).toBe(csv);
  });

  it('reads a descending file the other way round, and exact ISO stamps with offsets', () => {
    const lines = GERMAN.split('\r\n');
    const desc = [lines[0], ...lines.slice(1).reverse()].join('\r\n');
    const [r] = parseProfileCsv(desc, { mapping });
    expect(r?.loadProfile?.intervals.map((i) => i.startUtc)).toEqual(parseProfileCsv(GERMAN, { mapping })[0]?.loadProfile?.intervals.map((i) => i.startUtc));
    const iso = 'time,kW\n2025-10-26T02:30:00+01:00,1.5\n2025-10-26T02:30:00+02:00,2.5\n';
    const [x] = parseProfileCsv(iso, { mapping: { ...mapping, delimiter: undefined, decimal: undefined, timestampColumn: 0, timestampFormat: 'iso', stampIs: 'start', channels: [{ column: 'kW', obis: '1.5.0', unit: 'kW' }], statusColumn: undefined } });
    expect(x?.loadProfile?.intervals.map((i) => [i.startUtc, i.values[0], i.status])).toEqual([
      ['2025-10-26T00:30:00.000Z', 2.5, ''],
      ['2025-10-26T01:30:00.000Z', 1.5, ''],
    ]);
  });

  it('reads a file without header by column numbers, UTC stamps at the start', () => {
    const text = '2025-03-30 00:00,1\n2025-03-30 00:15,2\n';
    const [r] = parseProfileCsv(text, { mapping: { ...mapping, delimiter: ',', decimal: '.', headerRows: 0, timestampColumn: 0, timestampFormat: 'iso', timeZone: 'UTC', stampIs: 'start', channels: [{ column: 1, obis: '1.5.0', unit: 'kW' }], statusColumn: undefined } });
    expect(r?.loadProfile?.intervals.map((i) => [i.startUtc, i.startLocal, i.dst, i.values])).toEqual([
      ['2025-03-30T00:00:00.000Z', '2025-03-30T00:00:00', false, [1]],
      ['2025-03-30T00:15:00.000Z', '2025-03-30T00:15:00', false, [2]],
    ]);
  });

  describe('refuses a bad file with reason, line and a plain message', () => {
    const refuse = (text: string, m: CsvMapping, reason: string, line: number | null, message: string) => {
      let err: unknown;
      try {
        parseProfileCsv(text, { mapping: m, fileName: 'lastgang.csv' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ImportFormatError);
      expect({ reason: (err as ImportFormatError).reason, line: (err as ImportFormatError).line, message: (err as Error).message }).toEqual({ reason, line, message });
    };
    const withLine = (n: number, text: string) => {
      const lines = GERMAN.split('\r\n');
      lines[n - 1] = text;
      return lines.join('\r\n');
    };
    const kwh = { ...mapping, channels: [{ column: 'kWh', obis: '1.8.0', unit: 'kWh' }] };
    const long = [...GERMAN.split('\r\n').slice(0, 7), ...Array.from({ length: 10 }, (_v, k) => `26.10.2025 ${String(4 + Math.floor(k / 4)).padStart(2, '0')}:${String((k % 4) * 15).padStart(2, '0')};1;0,5;0`)];

    it('a value that is not a number', () =>
      refuse(
        [...long.slice(0, 16), '26.10.2025 06:30;1;12,5x;0'].join('\n'),
        kwh,
        'bad-number',
        17,
        `The file "lastgang.csv" cannot be imported: line 17: '12,5x' in column 'kWh' is not a number (decimal mark ',', no units or thousands separators).`,
      ));
    it('a time stamp of another form', () =>
      refuse(withLine(4, '31.02.2025 10:00;1;1;0'), mapping, 'bad-timestamp', 4, `The file "lastgang.csv" cannot be imported: line 4: '31.02.2025 10:00' in column 'Zeitstempel' is not a time stamp of the form dd.MM.yyyy HH:mm.`));
    it('a row with the wrong column count', () =>
      refuse(withLine(6, '26.10.2025 02:45;-0,25'), mapping, 'wrong-column-count', 6, `The file "lastgang.csv" cannot be imported: line 6: the row has 2 columns, the header has 4. Check the delimiter and that no row was cut short.`));
    it('the same interval twice', () =>
      refuse(withLine(3, '26.10.2025 01:45;1;1;0'), mapping, 'duplicate-interval', 3, `The file "lastgang.csv" cannot be imported: line 3: the interval starting 2025-10-25T23:30:00.000Z (UTC) appears twice (first on line 2).`));
    it('a mapped column missing from the header', () =>
      refuse(GERMAN, { ...mapping, channels: [{ column: 'kvarh', obis: '3.8.0', unit: 'kvarh' }] }, 'missing-column', 1, `The file "lastgang.csv" cannot be imported: line 1: the column 'kvarh' is not in the header (columns: 'Zeitstempel', 'Wirkleistung Bezug kW', 'kWh', 'Status').`));
    it('a local time skipped by the spring DST change', () =>
      refuse(withLine(5, '30.03.2025 02:30;1;1;0'), mapping, 'nonexistent-time', 5, `The file "lastgang.csv" cannot be imported: line 5: '30.03.2025 02:30' in column 'Zeitstempel' does not exist in Europe/Berlin: the clocks skip that hour at the change to summer time.`));
    it('a quote that is never closed', () =>
      refuse(withLine(8, '"26.10.2025 02:15;0,75;0,1875;0'), mapping, 'bad-csv', 8, `The file "lastgang.csv" cannot be imported: line 8: a quoted field ("…) is never closed. Check the file is complete and not cut short.`));
    it('a header without data', () =>
      refuse(GERMAN.split('\r\n')[0]!, mapping, 'empty', 1, `The file "lastgang.csv" cannot be imported: line 1: the file has no data rows below its header.`));
    it('a column number past the last column', () =>
      refuse(GERMAN, { ...mapping, statusColumn: 7 }, 'missing-column', 1, `The file "lastgang.csv" cannot be imported: line 1: the mapping uses column number 8, but the header has only 4 columns.`));
    it('an unusable mapping', () =>
      refuse(GERMAN, { ...mapping, periodMinutes: 0 }, 'bad-mapping', null, `The file "lastgang.csv" cannot be imported: the column mapping is not usable: the capture period 0 is not 1…1440 minutes.`));
  });
});

describe('sniffCsv', () => {
  it('finds semicolons, the decimal comma, the header and sample rows', () => {
    const s = sniffCsv(`\ufeff${GERMAN}`, 3);
    expect(s).toEqual({
      delimiter: ';',
      decimal: ',',
      headerRows: 1,
      needsMapping: true,
      headers: ['Zeitstempel', 'Wirkleistung Bezug kW', 'kWh', 'Status'],
      sample: [
        ['26.10.2025 01:45', '1,250', '0,3125', '0'],
        ['26.10.2025 02:00', '1,500', '0,375', '0'],
        ['26.10.2025 02:15', '2,000', '0,5', '0'],
      ],
    });
  });

  it('finds tabs and commas, a file without header, and our own CSV', () => {
    expect(sniffCsv('a\tb\tc\n1\t2\t3\n').delimiter).toBe('\t');
    const noHead = sniffCsv('2025-01-01 00:15,1.5,2\n2025-01-01 00:30,1.25,2\n');
    expect([noHead.delimiter, noHead.decimal, noHead.headerRows]).toEqual([',', '.', 0]);
    const own = formatProfileCsv(parseProfileCsv(GERMAN, { mapping }));
    expect(sniffCsv(own).needsMapping).toBe(false);
  });
});
