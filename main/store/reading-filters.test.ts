import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './db';
import { browseReadings, normaliseUtc } from './reading-filters';
import { listMeters, saveReading } from './readings';
import { buildReading } from './test-fixtures';

let db: Database;
beforeEach(() => {
  db = openDatabase(':memory:');
  // Three readings: meter A on 1 and 3 March (probe, then .RES import), meter B on 2 March (CSV import).
  saveReading(db, buildReading({ serial: 'A1', startedUtc: '2026-03-01T10:00:00.000Z' }));
  saveReading(db, buildReading({ serial: 'B2', startedUtc: '2026-03-02T10:00:00.000Z', intervals: 0 }), { source: 'csv-import' });
  saveReading(db, buildReading({ serial: 'A1', startedUtc: '2026-03-03T10:00:00.000Z', intervals: 4 }), { source: 'res-import' });
});
afterEach(() => db.close());

const started = (rows: { startedUtc: string }[]) => rows.map((r) => r.startedUtc.slice(0, 10));

describe('browseReadings', () => {
  it('lists everything newest first without a filter, with counts', () => {
    const rows = browseReadings(db);
    expect(started(rows)).toEqual(['2026-03-03', '2026-03-02', '2026-03-01']);
    expect(rows.map((r) => [r.meterSerial, r.source, r.intervalCount])).toEqual([
      ['A1', 'res-import', 4],
      ['B2', 'csv-import', 0],
      ['A1', 'probe', 24],
    ]);
    expect(rows[0]?.registerCount).toBe(30);
  });

  it('filters by meter, source and limit', () => {
    const a = listMeters(db).find((m) => m.serial === 'A1');
    expect(started(browseReadings(db, { meterId: a?.id ?? -1 }))).toEqual(['2026-03-03', '2026-03-01']);
    expect(started(browseReadings(db, { source: 'csv-import' }))).toEqual(['2026-03-02']);
    expect(started(browseReadings(db, { meterId: a?.id ?? -1, source: 'probe' }))).toEqual(['2026-03-01']);
    expect(started(browseReadings(db, { limit: 1 }))).toEqual(['2026-03-03']);
    expect(browseReadings(db, { meterId: 999 })).toEqual([]);
  });

  it('filters by a half-open UTC range [from, to) and accepts offsets and missing milliseconds', () => {
    expect(started(browseReadings(db, { fromUtc: '2026-03-02T00:00:00Z' }))).toEqual(['2026-03-03', '2026-03-02']);
    expect(started(browseReadings(db, { toUtc: '2026-03-02T10:00:00.000Z' }))).toEqual(['2026-03-01']);
    // 2 March 11:00 in UTC+01:00 is 10:00 UTC: the reading at exactly 10:00 UTC is included by `from`.
    expect(started(browseReadings(db, { fromUtc: '2026-03-02T11:00:00+01:00', toUtc: '2026-03-03T00:00:00Z' }))).toEqual(['2026-03-02']);
    expect(browseReadings(db, { fromUtc: '2026-03-03T00:00:00Z', toUtc: '2026-03-01T00:00:00Z' })).toEqual([]);
  });

  it('refuses time stamps that are not UTC instants', () => {
    expect(() => browseReadings(db, { fromUtc: 'yesterday' })).toThrow(RangeError);
    expect(() => browseReadings(db, { toUtc: '2026-03-01T00:00:00' })).toThrow(/not a UTC time stamp/);
    expect(normaliseUtc('2026-03-01T00:00Z')).toBe('2026-03-01T00:00:00.000Z');
  });
});
