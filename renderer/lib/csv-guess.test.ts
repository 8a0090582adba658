import { describe, it, expect } from 'vitest';
import { guessMapping, headerHints, toMapping } from './csv-guess';

const sniff = {
  delimiter: ';' as const,
  headers: ['Zeitstempel', 'Wirkenergie 1.29.0 [kWh]', 'Blindenergie (kvarh)', 'Status'],
  sample: [
    ['01.03.2026 00:15', '1,250', '0,300', '0'],
    ['01.03.2026 00:30', '1,500', '0,250', '0'],
  ],
  decimal: ',' as const,
  headerRows: 1,
  needsMapping: true,
};

describe('column mapping guesses', () => {
  it('reads OBIS codes and units from header text', () => {
    expect(headerHints('1.8.0 [kWh]')).toEqual({ obis: '1.8.0', unit: 'kWh' });
    expect(headerHints('1-0:2.29.0 kvarh')).toEqual({ obis: '1-0:2.29.0', unit: 'kvarh' });
    expect(headerHints('Leistung')).toEqual({ obis: '', unit: '' });
  });

  it('guesses decimal comma, the time stamp column and format, the period, value and status columns', () => {
    const d = guessMapping(sniff, 'Europe/Berlin');
    expect(d).toMatchObject({
      delimiter: ';', decimal: ',', headerRows: 1, timestampColumn: 0, timestampFormat: 'dd.MM.yyyy HH:mm',
      timeZone: 'Europe/Berlin', periodMinutes: 15, statusColumn: 3,
    });
    expect(d.channels).toEqual([
      { column: 1, obis: '1.29.0', unit: 'kWh' },
      { column: 2, obis: '', unit: 'kvarh' },
    ]);
  });

  it('refuses an incomplete form with plain reasons, and builds the mapping once it is complete', () => {
    const d = guessMapping(sniff, 'Europe/Berlin');
    const stamps = sniff.sample.map((r) => r[0] ?? '');
    const bad = toMapping({ ...d, timestampFormat: 'yyyy-MM-dd HH:mm', timeZone: 'Mars/Olympus', periodMinutes: 0 }, stamps);
    expect('errors' in bad && bad.errors).toMatchObject({
      timestampFormat: expect.stringContaining('01.03.2026 00:15'),
      timeZone: expect.stringContaining('not a known time zone'),
      periodMinutes: expect.any(String),
      'channel.1.obis': expect.stringContaining('OBIS'),
      serial: expect.any(String),
    });
    const good = toMapping({ ...d, serial: ' 87654321 ', channels: [d.channels[0]!, { ...d.channels[1]!, obis: '3.29.0' }] }, stamps);
    expect(good).toEqual({
      mapping: {
        delimiter: ';', decimal: ',', headerRows: 1, timestampColumn: 0, timestampFormat: 'dd.MM.yyyy HH:mm',
        timeZone: 'Europe/Berlin', stampIs: 'end', periodMinutes: 15,
        channels: [{ column: 1, obis: '1.29.0', unit: 'kWh' }, { column: 2, obis: '3.29.0', unit: 'kvarh' }],
        statusColumn: 3, meter: { serial: '87654321' },
      },
    });
  });
});
