import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReadingResult } from '../../protocol/reading';
import { openDatabase, StoreError, type Database } from './db';
import { readingContentHash } from './canonical';
import { countRows, getReading, lastReadoutSize, listMeters, listReadings, saveReading, setResPath } from './readings';
import { buildReading } from './test-fixtures';

let db: Database;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => db.close());

const empty = { meters: 0, readings: 0, registers: 0, load_profile_channels: 0, load_profile_values: 0 };

describe('saveReading / getReading', () => {
  it('gives back a deep-equal ReadingResult (registers, DST load profile, nulls, notes, raw bytes)', () => {
    const r = buildReading();
    const { readingId, meterId, duplicate } = saveReading(db, r);
    expect(duplicate).toBe(false);
    const back = getReading(db, readingId);
    expect(back).toStrictEqual(r);
    expect(back?.raw.readout).toBeInstanceOf(Uint8Array);
    expect(Object.is(back?.registers.find((g) => g.address === '3.7.0')?.value, -0)).toBe(true);
    expect(back?.loadProfile?.intervals.filter((i) => i.dst).length).toBe(12);
    expect(countRows(db)).toEqual({ meters: 1, readings: 1, registers: 30, load_profile_channels: 2, load_profile_values: 48 });
    expect(meterId).toBe(listMeters(db)[0]?.id);
  });

  it('keeps a reading without load profile, serial or raw load profile', () => {
    const r = buildReading({ intervals: 0, serial: null, address: '12345' });
    const { readingId } = saveReading(db, r);
    expect(getReading(db, readingId)).toStrictEqual(r);
    expect(r.loadProfile).toBeNull();
  });

  it('keeps a load profile with channels but no intervals, and empty raw bytes', () => {
    const base = buildReading();
    const r: ReadingResult = {
      ...base,
      loadProfile: { profile: 2, periodMinutes: 30, channels: base.loadProfile?.channels ?? [], intervals: [] },
      raw: { readout: new Uint8Array(0), loadProfile: new Uint8Array(0) },
      notes: [],
      registers: [],
    };
    const { readingId } = saveReading(db, r);
    expect(getReading(db, readingId)).toStrictEqual(r);
  });

  it('returns null for an unknown id', () => {
    expect(getReading(db, 42)).toBeNull();
  });

  it('stores the same reading once (content hash), and fills a missing .RES path on the repeat', () => {
    const first = saveReading(db, buildReading());
    const second = saveReading(db, buildReading(), { source: 'res-import', resPath: '/x/a.RES' });
    expect(second).toEqual({ readingId: first.readingId, meterId: first.meterId, duplicate: true });
    expect(countRows(db).readings).toBe(1);
    expect(countRows(db).registers).toBe(30);
    expect(listReadings(db)[0]?.resPath).toBe('/x/a.RES');
    expect(listReadings(db)[0]?.source).toBe('probe');
  });

  it('treats any change of content (even -0 vs 0) as a different reading', () => {
    const a = buildReading();
    const b: ReadingResult = { ...a, registers: a.registers.map((g) => (g.address === '3.7.0' ? { ...g, value: 0 } : g)) };
    expect(readingContentHash(a)).not.toBe(readingContentHash(b));
    saveReading(db, a);
    expect(saveReading(db, b).duplicate).toBe(false);
    expect(countRows(db).readings).toBe(2);
    expect(countRows(db).meters).toBe(1);
  });

  it('writes nothing when a register fails half-way (NOT NULL)', () => {
    const r = buildReading();
    const regs = r.registers.map((g, i) => (i === 20 ? { ...g, address: null as unknown as string } : g));
    let err: unknown;
    try {
      saveReading(db, { ...r, registers: regs });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('INVALID_DATA');
    expect((err as StoreError).message).toMatch(/Nothing was saved/);
    expect(countRows(db)).toEqual(empty);
  });

  it('writes nothing when the last load-profile value fails, and leaves an existing meter untouched', () => {
    const earlier = buildReading({ startedUtc: '2026-03-01T08:00:00.000Z', intervals: 0 });
    saveReading(db, earlier);
    const before = listMeters(db);
    const r = buildReading();
    const lp = r.loadProfile;
    if (lp === null) throw new Error('fixture has a load profile');
    const intervals = lp.intervals.map((iv, i) => (i === lp.intervals.length - 1 ? { ...iv, status: null as unknown as string } : iv));
    expect(() => saveReading(db, { ...r, loadProfile: { ...lp, intervals } })).toThrow(StoreError);
    expect(countRows(db)).toEqual({ ...empty, meters: 1, readings: 1, registers: 30 });
    expect(listMeters(db)).toEqual(before);
  });

  it('rejects an interval with the wrong number of values and non-finite numbers before writing', () => {
    const r = buildReading();
    const lp = r.loadProfile;
    if (lp === null) throw new Error('fixture has a load profile');
    const short = { ...lp, intervals: lp.intervals.map((iv, i) => (i === 3 ? { ...iv, values: [1] } : iv)) };
    expect(() => saveReading(db, { ...r, loadProfile: short })).toThrow(/interval 4 .* has 1 values for 2 channels/);
    const nan = { ...r, registers: r.registers.map((g, i) => (i === 0 ? { ...g, value: Number.NaN } : g)) };
    expect(() => saveReading(db, nan)).toThrow(/not a finite number/);
    expect(countRows(db)).toEqual(empty);
  });

  it('reports a full disk as DISK_FULL and leaves nothing behind', () => {
    db.pragma('max_page_count = ' + String(db.pragma('page_count', { simple: true })));
    let err: unknown;
    try {
      saveReading(db, buildReading({ intervals: 500 }));
    } catch (e) {
      err = e;
    }
    expect((err as StoreError).code).toBe('DISK_FULL');
    expect(countRows(db)).toEqual(empty);
  });

  // Speed is measured by bench/import.ts (npm run bench), never by a timed unit test.
  it('saves 3 000 intervals × 2 channels (batched inserts) and reads them back', () => {
    const r = buildReading({ intervals: 3000 });
    saveReading(db, buildReading({ intervals: 10, startedUtc: '2026-01-01T00:00:00.000Z' }));
    const { readingId } = saveReading(db, r);
    expect(countRows(db).load_profile_values).toBe(6000 + 20);
    expect(getReading(db, readingId)).toStrictEqual(r);
  });
});

describe('meters and lists', () => {
  it('identifies a meter by manufacturer + serial, and by identification + address without serial', () => {
    const a = saveReading(db, buildReading({ startedUtc: '2026-03-02T08:00:00.000Z' }));
    const b = saveReading(db, buildReading({ startedUtc: '2026-03-01T08:00:00.000Z', address: 'other' }));
    expect(b.meterId).toBe(a.meterId); // same serial: same meter even with another device address
    const c = saveReading(db, buildReading({ serial: null }));
    const d = saveReading(db, buildReading({ serial: null, startedUtc: '2026-04-01T00:00:00.000Z' }));
    const e = saveReading(db, buildReading({ serial: null, address: '0042' }));
    expect(c.meterId).not.toBe(a.meterId);
    expect(d.meterId).toBe(c.meterId);
    expect(e.meterId).not.toBe(c.meterId);
    const meters = listMeters(db);
    expect(meters).toHaveLength(3);
    const m = meters.find((x) => x.id === a.meterId);
    expect(m).toMatchObject({
      serial: '60219548',
      manufacturer: 'ISK',
      firstSeenUtc: '2026-03-01T08:00:00.000Z',
      lastSeenUtc: '2026-03-02T08:00:00.000Z',
      address: '', // from the newest reading, not the older one saved later
      readingCount: 2,
    });
  });

  it('lists readings newest first with counts, filters by meter and limits', () => {
    const old = saveReading(db, buildReading({ startedUtc: '2026-01-01T00:00:00.000Z', intervals: 0 }));
    const recent = saveReading(db, buildReading({ startedUtc: '2026-03-29T04:10:00.000Z' }));
    const other = saveReading(db, buildReading({ serial: '999', startedUtc: '2026-02-01T00:00:00.000Z', intervals: 5 }));
    const all = listReadings(db);
    expect(all.map((x) => x.id)).toEqual([recent.readingId, other.readingId, old.readingId]);
    expect(all[0]).toEqual({
      id: recent.readingId,
      meterId: recent.meterId,
      meterSerial: '60219548',
      meterManufacturer: 'ISK',
      meterModel: 'MT174-0001',
      startedUtc: '2026-03-29T04:10:00.000Z',
      port: 'COM3',
      operator: 'j.smith',
      registerCount: 30,
      intervalCount: 24,
      source: 'probe',
      resPath: null,
    });
    expect(all[2]?.intervalCount).toBe(0);
    expect(listReadings(db, { meterId: other.meterId }).map((x) => x.id)).toEqual([other.readingId]);
    expect(listReadings(db, { limit: 2 })).toHaveLength(2);
  });

  it('gives the readout size of the latest reading on a port (progress estimate)', () => {
    expect(lastReadoutSize(db, 'COM3')).toBeNull();
    const old = buildReading({ startedUtc: '2026-01-01T00:00:00.000Z' });
    saveReading(db, { ...old, raw: { ...old.raw, readout: new Uint8Array(10) } });
    const recent = buildReading();
    saveReading(db, recent);
    expect(lastReadoutSize(db, 'COM3')).toBe(recent.raw.readout.length);
    expect(lastReadoutSize(db, 'COM4')).toBeNull();
  });

  it('records the .RES path', () => {
    const { readingId } = saveReading(db, buildReading(), { source: 'res-import' });
    expect(setResPath(db, readingId, 'C:\\RES\\60219548_20260329T041000Z.RES')).toBe(true);
    expect(setResPath(db, readingId + 1, 'x')).toBe(false);
    expect(listReadings(db)[0]).toMatchObject({ source: 'res-import', resPath: 'C:\\RES\\60219548_20260329T041000Z.RES' });
  });

  it('deletes a reading’s registers and load profile with it (ON DELETE CASCADE)', () => {
    const { readingId } = saveReading(db, buildReading());
    db.prepare('DELETE FROM readings WHERE id = ?').run(readingId);
    expect(countRows(db)).toEqual({ ...empty, meters: 1 });
  });
});
