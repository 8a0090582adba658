import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from './migrations';
import { getReading, listReadings, saveReading } from './readings';
import { buildReading } from './test-fixtures';

/** The version this migration brings (found by name, so renumbering after a merge needs no edit here). */
const V = MIGRATIONS.find((m) => m.description.includes('push readings'))!.version;

describe('migration: register interpretations and push readings', () => {
  it('keeps every reading, register and interval of an older store, derives interpretations, and accepts push', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, V - 1);
    db.exec(`INSERT INTO meters (id, manufacturer, model, serial, identification, address, first_seen_utc, last_seen_utc)
      VALUES (1, 'ISK', 'MT174', '123', '/ISk5MT174', '', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
    db.exec(`INSERT INTO readings (id, meter_id, meter_identification, meter_manufacturer, meter_model, meter_serial, meter_address,
      started_utc, finished_utc, operator, port, mode, baud, time_zone, software, source, content_sha256, raw_readout, lp_profile, lp_period_minutes, notes, created_utc)
      VALUES (1, 1, '/ISk5MT174', 'ISK', 'MT174', '123', '', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z', 'op', 'COM1', 'C', 9600,
      'Europe/Berlin', 'x', 'probe', 'abc', X'02', 1, 15, '[]', '2026-01-01T00:00:00.000Z')`);
    db.exec(`INSERT INTO registers (reading_id, seq, address, obis, code, billing_period, value, text, unit, timestamp_local, values_json)
      VALUES (1, 0, '0.9.1', '0.9.1', '0.9.1', NULL, 31629, '031629', NULL, NULL, '["031629"]'),
             (1, 1, '1.8.0', '1.8.0', '1.8.0', NULL, 12.5, '0012.5', 'kWh', NULL, '["0012.5*kWh"]')`);
    db.exec(`INSERT INTO load_profile_channels (id, reading_id, channel_no, profile, period_minutes, obis, unit) VALUES (1, 1, 1, 1, 15, '1.5.0', 'kW')`);
    db.exec(`INSERT INTO load_profile_values (channel_id, seq, start_utc, end_utc, start_local, dst, status, value)
      VALUES (1, 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:15:00.000Z', '2026-01-01T01:00:00', 0, '00', 1.5)`);
    migrate(db);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const r = getReading(db, 1)!;
    expect(r.registers.map((g) => [g.text, g.value, g.interpretation])).toEqual([
      ['031629', 31629, { kind: 'time', time: '03:16:29' }],
      ['0012.5', 12.5, null],
    ]);
    expect(r.loadProfile?.intervals).toHaveLength(1);
    // Cascades still point at the rebuilt readings table.
    db.exec('DELETE FROM readings WHERE id = 1');
    expect(db.prepare('SELECT count(*) AS n FROM registers').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM load_profile_values').get()).toEqual({ n: 0 });
    const saved = saveReading(db, buildReading(), { source: 'push' });
    expect(listReadings(db).find((s) => s.id === saved.readingId)?.source).toBe('push');
  });
});
