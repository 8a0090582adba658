import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallClock } from '../../protocol/iec62056-21/local-stamp';
import type { LoadProfileChannel, LoadProfileInterval, ReadingResult } from '../../protocol/reading';
import { buildReading } from '../store/test-fixtures';
import { csvRecords } from './csv-text';
import { ImportFormatError } from './errors';
import { formatProfileCsv, parseProfileCsv, PROFILE_CSV_COLUMNS } from './profile-csv';
import { formatRegistersCsv } from './registers-csv';
import { profileReading } from './test-readings';

const rowsOf = (csv: string) => csvRecords(csv, ',').slice(1).map((r) => r.fields);
const col = (name: (typeof PROFILE_CSV_COLUMNS)[number]) => PROFILE_CSV_COLUMNS.indexOf(name);

/** The UTC range of the local day `date` in Berlin. */
function berlinDay(date: string, hours: number) {
  const from = Date.parse(`${date}T00:00:00${date.endsWith('03-30') ? '+01:00' : '+02:00'}`);
  return { fromUtc: new Date(from).toISOString(), toUtc: new Date(from + hours * 3_600_000).toISOString() };
}

describe('formatProfileCsv', () => {
  it('writes the BOM, the header with units only there, and plain numbers', () => {
    const csv = formatProfileCsv([buildReading()]);
    expect(csv.startsWith('\ufeffmeter_serial,meter_manufacturer,interval_start_utc,interval_end_utc,interval_start_local,')).toBe(true);
    const [head] = csv.slice(1).split('\r\n');
    expect(head).toBe(`${PROFILE_CSV_COLUMNS.join(',')},1.5.0 [kW],2.5.0 [kW]`);
    const rows = rowsOf(csv);
    expect(rows).toHaveLength(24);
    expect(rows[0]).toEqual(['60219548', 'ISK', '2026-03-28T22:00:00.000Z', '2026-03-28T22:15:00.000Z', '2026-03-28T22:00:00', '2026-03-28T22:15:00', 'Europe/London', '+00:00', '0', '00', '0', '0.012']);
    // Power failure interval: empty cells, not 0.
    expect(rows[9]?.slice(-3)).toEqual(['81', '', '']);
    // After 01:00 UTC London is in BST: offset +01:00, dst 1.
    const bst = rows.find((r) => r[col('interval_start_utc')] === '2026-03-29T01:00:00.000Z');
    expect(bst?.slice(4, 9)).toEqual(['2026-03-29T02:00:00', '2026-03-29T02:15:00', 'Europe/London', '+01:00', '1']);
  });

  it('keeps a spring DST day in Berlin: 92 intervals, none lost or repeated, re-import gives the same CSV', () => {
    const day = berlinDay('2025-03-30', 23);
    const r = profileReading({ fromUtc: '2025-03-29T12:00:00.000Z', count: 200 });
    const csv = formatProfileCsv([r], day);
    const rows = rowsOf(csv);
    expect(rows).toHaveLength(92);
    const starts = rows.map((x) => Date.parse(x[col('interval_start_utc')]!));
    starts.forEach((s, i) => i > 0 && expect(s - starts[i - 1]!).toBe(15 * 60_000));
    const local = rows.map((x) => x[col('interval_start_local')]);
    expect(local).not.toContain('2025-03-30T02:00:00');
    expect(local[7]).toBe('2025-03-30T01:45:00');
    expect(local[8]).toBe('2025-03-30T03:00:00');
    expect(rows[8]?.slice(col('utc_offset'), col('dst') + 1)).toEqual(['+02:00', '1']);
    const back = parseProfileCsv(csv);
    expect(back).toHaveLength(1);
    expect(back[0]?.loadProfile?.intervals).toHaveLength(92);
    expect(formatProfileCsv(back)).toBe(csv);
  });

  it('keeps an autumn DST day in Berlin: 100 intervals, the repeated hour told apart by offset and dst', () => {
    const day = berlinDay('2025-10-26', 25);
    const r = profileReading({ fromUtc: '2025-10-25T12:00:00.000Z', count: 200 });
    const csv = formatProfileCsv([r], day);
    const rows = rowsOf(csv);
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((x) => x[col('interval_start_utc')])).size).toBe(100);
    const twice = rows.filter((x) => x[col('interval_start_local')] === '2025-10-26T02:30:00');
    expect(twice.map((x) => [x[col('interval_start_utc')], x[col('utc_offset')], x[col('dst')]])).toEqual([
      ['2025-10-26T00:30:00.000Z', '+02:00', '1'],
      ['2025-10-26T01:30:00.000Z', '+01:00', '0'],
    ]);
    const back = parseProfileCsv(csv);
    expect(back[0]?.loadProfile?.intervals.map((i) => i.startUtc)).toEqual(rows.map((x) => x[col('interval_start_utc')]));
    expect(back[0]?.loadProfile?.intervals.filter((i) => i.dst)).toHaveLength(12); // 00:00–02:45 CEST
    expect(formatProfileCsv(back)).toBe(csv);
  });

  it('writes each interval once when daily readings with 48 h depth overlap, newest reading winning', () => {
    const older = profileReading({ fromUtc: '2025-10-24T22:00:00.000Z', count: 192, startedUtc: '2025-10-26T23:05:00.000Z', offset: 100 });
    const newer = profileReading({ fromUtc: '2025-10-25T22:00:00.000Z', count: 196, startedUtc: '2025-10-27T23:05:00.000Z', offset: 200 });
    const csv = formatProfileCsv([newer, older]);
    const rows = rowsOf(csv);
    // 24 h before the overlap (older only) + 196 intervals of the newer reading.
    expect(rows).toHaveLength(96 + 196);
    expect(new Set(rows.map((x) => x[col('interval_start_utc')])).size).toBe(rows.length);
    const at = (utc: string) => rows.find((x) => x[col('interval_start_utc')] === utc)!;
    expect(Number(at('2025-10-26T10:00:00.000Z')[10])).toBeGreaterThanOrEqual(200);
    expect(Number(at('2025-10-25T10:00:00.000Z')[10])).toBeGreaterThanOrEqual(100);
    expect(Number(at('2025-10-25T10:00:00.000Z')[10])).toBeLessThan(200);
  });

  it('merges partly overlapping intervals of different capture periods, newest first', () => {
    const base = profileReading({ fromUtc: '2025-06-01T00:00:00.000Z', count: 8, startedUtc: '2025-06-02T00:00:00.000Z' });
    const lp = base.loadProfile!;
    const hourly: ReadingResult = {
      ...base,
      session: { ...base.session, startedUtc: '2025-06-03T00:00:00.000Z' },
      loadProfile: { ...lp, periodMinutes: 60, intervals: [{ ...lp.intervals[0]!, endUtc: '2025-06-01T01:00:00.000Z', values: [9, 9, 9] }] },
    };
    const rows = rowsOf(formatProfileCsv([base, hourly]));
    expect(rows.map((x) => [x[col('interval_start_utc')], x[col('interval_end_utc')]])).toEqual([
      ['2025-06-01T00:00:00.000Z', '2025-06-01T01:00:00.000Z'],
      ...[4, 5, 6, 7].map((k) => [new Date(Date.parse('2025-06-01T00:00:00Z') + k * 900_000).toISOString(), new Date(Date.parse('2025-06-01T00:00:00Z') + (k + 1) * 900_000).toISOString()]),
    ]);
  });

  it('gives each meter its rows and columns sorted by OBIS code; a channel missing at a meter is empty', () => {
    const a = profileReading({ serial: 'A1', fromUtc: '2025-06-01T00:00:00.000Z', count: 4, channels: [{ obis: '2.5.0', unit: 'kW' }] });
    const b = profileReading({ serial: 'B2', fromUtc: '2025-06-01T00:00:00.000Z', count: 4, channels: [{ obis: '1.29.0', unit: 'kWh' }, { obis: '1.5.0', unit: 'kW' }] });
    const csv = formatProfileCsv([a, b]);
    expect(csvRecords(csv, ',')[0]?.fields.slice(10)).toEqual(['1.5.0 [kW]', '1.29.0 [kWh]', '2.5.0 [kW]']);
    const rows = rowsOf(csv);
    expect(rows.map((x) => x[0])).toEqual(['A1', 'A1', 'A1', 'A1', 'B2', 'B2', 'B2', 'B2']);
    expect(rows[1]?.slice(10)).toEqual(['', '', '0.125']);
    const back = parseProfileCsv(csv);
    expect(back.map((r) => r.loadProfile?.channels.map((c) => c.obis))).toEqual([['2.5.0'], ['1.5.0', '1.29.0']]);
    expect(formatProfileCsv(back)).toBe(csv);
  });
});

describe('parseProfileCsv (own format)', () => {
  it('rebuilds one reading per meter with the documented session fields', () => {
    const csv = formatProfileCsv([buildReading()]);
    const [r] = parseProfileCsv(csv, { operator: 'a.tech', software: 'pmu-workstation 0.1.0' });
    expect(r?.meter).toEqual({ identification: '', manufacturer: 'ISK', model: '', serial: '60219548', address: '' });
    expect(r?.session).toEqual({
      port: 'csv-import', operator: 'a.tech', startedUtc: '2026-03-29T04:00:00.000Z', finishedUtc: '2026-03-29T04:00:00.000Z',
      mode: '', baud: 0, timeZone: 'Europe/London', software: 'pmu-workstation 0.1.0',
    });
    expect(r?.registers).toEqual([]);
    expect(r?.raw).toEqual({ readout: new Uint8Array(0), loadProfile: null });
    expect(r?.loadProfile?.intervals).toEqual(buildReading().loadProfile?.intervals);
    expect(r?.loadProfile?.periodMinutes).toBe(15);
  });

  const refuse = (text: string, reason: string, line: number | null, words: string) => {
    let err: unknown;
    try {
      parseProfileCsv(text, { fileName: 'x.csv' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportFormatError);
    const e = err as ImportFormatError;
    expect({ reason: e.reason, line: e.line }).toEqual({ reason, line });
    expect(e.message).toContain('"x.csv"');
    expect(e.message).toContain(words);
  };
  const good = formatProfileCsv([buildReading()]);
  const lines = good.split('\r\n');
  const edit = (lineNo: number, from: string, to: string) => lines.map((l, i) => (i === lineNo - 1 ? l.replace(from, to) : l)).join('\r\n');

  it('refuses edited or broken rows with reason and line', () => {
    refuse(edit(5, ',0,00,', ',2,00,'), 'bad-value', 5, "'2' in column 'dst'");
    refuse(edit(4, '+00:00', '+01:00'), 'bad-timestamp', 4, 'changed by hand');
    refuse(edit(2, ',0.012', ',0,012'), 'wrong-column-count', 2, 'the row has 13 columns, the header has 12');
    refuse(edit(7, '0.012', '0.012kW'), 'bad-number', 7, "'0.012kW' in column '2.5.0 [kW]' is not a number");
    refuse(edit(2, '2026-03-28T22:00:00.000Z', '28.03.2026 22:00'), 'bad-timestamp', 2, "column 'interval_start_utc'");
    refuse([...lines.slice(0, 3), lines[2], ...lines.slice(3)].join('\r\n'), 'duplicate-interval', 4, 'first on line 3');
    refuse(edit(1, '2.5.0 [kW]', '2.5.0 kW'), 'bad-header', 1, '"<OBIS code> [<unit>]"');
    refuse(lines[0]!, 'empty', 1, 'no interval rows');
    refuse(edit(6, 'Europe/London', 'Mars/Olympus'), 'bad-value', 6, 'IANA time zone');
  });

  it('asks for a mapping for a foreign CSV and refuses the registers CSV', () => {
    refuse('Zeit;kWh\r\n01.01.2025 00:15;1,5\r\n', 'needs-mapping', 1, 'column mapping');
    refuse(formatRegistersCsv([buildReading()]), 'registers-csv', 1, 'JSON export');
  });
});

/** Arbitrary readings for the round-trip property: 1–3 meters, 1–3 readings each, varied zones and periods. */
const channelPool: LoadProfileChannel[] = [
  { obis: '1.5.0', unit: 'kW' }, { obis: '2.5.0', unit: 'kW' }, { obis: '1-0:1.29.0', unit: 'kWh' }, { obis: '3.5.0', unit: 'kvar' }, { obis: 'C.5.0', unit: '' },
];
const zones = ['Europe/Berlin', 'UTC', 'America/New_York', 'Australia/Lord_Howe'];
const arbReading = (serial: string | null, manufacturer: string) =>
  fc
    .record({
      zone: fc.constantFrom(...zones),
      startMin: fc.integer({ min: 0, max: 4 * 24 * 4 }).map((k) => Date.parse('2025-10-24T00:00:00Z') + k * 900_000),
      period: fc.constantFrom(15, 15, 30),
      count: fc.integer({ min: 0, max: 12 }),
      chans: fc.subarray(channelPool, { minLength: 0 }),
      started: fc.integer({ min: 0, max: 1000 }),
      status: fc.string({ maxLength: 4 }),
      values: fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }), { minLength: 60, maxLength: 60 }),
    })
    .map(({ zone, startMin, period, count, chans, started, status, values }): ReadingResult => {
      const base = buildReading();
      const intervals: LoadProfileInterval[] = Array.from({ length: count }, (_v, k) => {
        const s = startMin + k * period * 60_000;
        const w = wallClock(s, zone);
        return { startUtc: new Date(s).toISOString(), endUtc: new Date(s + period * 60_000).toISOString(), startLocal: w.local, dst: w.dst, status: k % 2 ? status : '00', values: chans.map((_c, ci) => values[(k * 5 + ci) % 60] ?? null) };
      });
      return {
        ...base,
        meter: { ...base.meter, serial, manufacturer },
        session: { ...base.session, timeZone: zone, startedUtc: new Date(Date.parse('2025-10-20T00:00:00Z') + started * 60_000).toISOString() },
        loadProfile: { profile: 1, periodMinutes: period, channels: chans, intervals },
      };
    });

describe('round trip property', () => {
  it('export → parse → export gives the identical CSV text, and no interval twice per meter', () => {
    const meters = fc.constantFrom<[string | null, string]>(['111', 'ISK'], ['222', 'ISK'], [null, 'LGZ'], ['a,"b"\n', 'X']);
    fc.assert(
      fc.property(fc.array(meters.chain(([s, m]) => arbReading(s, m)), { minLength: 1, maxLength: 5 }), (readings) => {
        const csv = formatProfileCsv(readings);
        if (rowsOf(csv).length === 0) {
          expect(() => parseProfileCsv(csv)).toThrow(/no interval rows/);
          return;
        }
        const again = formatProfileCsv(parseProfileCsv(csv));
        expect(again).toBe(csv);
        const keys = rowsOf(csv).map((r) => `${r[0]}|${r[1]}|${r[col('interval_start_utc')]}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 150, seed: Number(process.env.FUZZ_SEED ?? 20251026) },
    );
  }, 60_000); // 150 generated exports: ~1 s alone, several under a loaded CI machine (a property, not a timing test)
});
