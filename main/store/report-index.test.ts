import { describe, expect, it } from 'vitest';
import { readEmulated } from '../reports/testing/emulated-meter';
import { openDatabase } from './db';
import { decodeDay, readDays, readingMeterIds, seriesOfMeters, syncReportIndex } from './report-index';

const ZONE = 'Europe/London';
const DAY = Date.UTC(2025, 5, 2); // a Monday, BST (UTC+1)

describe('report interval index', () => {
  it('copies new readings once, overlapping readings keep one value per interval, a deleted reading rebuilds its meter', async () => {
    const db = openDatabase(':memory:');
    const common = { serial: 'IDX-1', zone: ZONE, installedUtcMs: Date.UTC(2025, 0, 1) };
    await readEmulated(db, { ...common, nowUtcMs: DAY + 13 * 3_600_000, fromUtcMs: DAY, toUtcMs: DAY + 12 * 3_600_000 });
    // The meter sends the entries whose capture instant (interval end) is in [from, to]: 49 intervals × 2 channels.
    expect(syncReportIndex(db)).toMatchObject({ readings: 1, values: 98, rebuiltMeters: 0, irregular: 0 });
    expect(syncReportIndex(db)).toMatchObject({ readings: 0, values: 0 });
    // A second reading overlapping the first by 6 hours, with a different (2 kW) load: the later values win.
    await readEmulated(db, { ...common, constantKw: 2, nowUtcMs: DAY + 19 * 3_600_000, fromUtcMs: DAY + 6 * 3_600_000, toUtcMs: DAY + 18 * 3_600_000 });
    expect(syncReportIndex(db)).toMatchObject({ readings: 1, values: 98 });
    const ids = readingMeterIds(db, 'idx-1');
    const s = seriesOfMeters(db, ids).find((x) => x.code === '1.29.0')!;
    expect(s).toMatchObject({ unit: 'kWh', periodMinutes: 15, phaseMinutes: 0 });
    const days = readDays(db, s.id, 0, 1e6);
    expect(days.map(([d]) => d)).toEqual([DAY / 86_400_000 - 1, DAY / 86_400_000]); // the previous day holds 23:45–24:00
    const v = decodeDay(days[1]![1]);
    expect(v.length).toBe(96);
    expect([v[0], v[22], v[23], v[71], v[72]]).toEqual([0.25, 0.25, 0.5, 0.5, NaN]); // 00:00–05:45 1 kW; from 05:45 (captured 06:00) to 18:00 2 kW; then no data
    // An overwrite import deletes a reading: the trigger marks the meter, the next sync rebuilds it from what is left.
    db.prepare('DELETE FROM readings WHERE id = (SELECT max(id) FROM readings)').run();
    expect(syncReportIndex(db)).toMatchObject({ rebuiltMeters: 1 });
    const after = decodeDay(readDays(db, seriesOfMeters(db, ids).find((x) => x.code === '1.29.0')!.id, DAY / 86_400_000, DAY / 86_400_000)[0]![1]);
    expect([after[0], after[24], after[47], after[48]]).toEqual([0.25, 0.25, 0.25, NaN]);
    db.close();
  });
});
