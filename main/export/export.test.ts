import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvRecords } from '../formats/csv-text';
import { formatProfileCsv, parseProfileCsv } from '../formats/profile-csv';
import { parseReadingsJson } from '../formats/readings-json';
import type { AppContext } from '../core/context';
import { openDatabase } from '../store/db';
import { StoreError } from '../core/errors';
import { getReading, listReadings } from '../store/readings';
import { exportMeters, exportReadings, ExportError, parseTimeBound } from './index';
import { seedExportStore } from './test-seed';
import { createLinkRegistry } from '../links/registry';

let dir: string;
let ctx: AppContext;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pmu-export-'));
  ctx = { db: openDatabase(path.join(dir, 'pmu.sqlite')), dbPath: path.join(dir, 'pmu.sqlite'), resDir: path.join(dir, 'RES'), operator: 'tester', timeZone: 'Europe/Berlin', software: 'pmu-workstation test', links: createLinkRegistry() };
  seedExportStore(ctx.db);
});
afterEach(() => {
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

const day = { fromUtc: parseTimeBound('2025-10-26', 'Europe/Berlin', 'from'), toUtc: parseTimeBound('2025-10-26', 'Europe/Berlin', 'to') };
const tmpLeft = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('exportReadings', () => {
  it('CSV of one meter and one local day: 100 intervals from the newest reading, registers beside it, re-importable', async () => {
    const out = path.join(dir, 'out', 'a1.csv');
    const res = await exportReadings(ctx, { format: 'csv', meterSerial: 'A1', ...day }, out);
    expect(res).toEqual({ path: out, files: [out, path.join(dir, 'out', 'a1-registers.csv')], readings: 2, registers: 2, intervals: 100 });
    const text = readFileSync(out, 'utf8');
    const rows = csvRecords(text, ',').slice(1);
    expect(rows).toHaveLength(100);
    expect(rows[0]?.fields.slice(0, 3)).toEqual(['A1', 'XYZ', '2025-10-25T22:00:00.000Z']);
    expect(rows.every((r) => Number(r.fields[10]) >= 200 || r.fields[10] === '')).toBe(true); // newest reading won
    const back = parseProfileCsv(text);
    expect(back[0]?.loadProfile?.intervals).toHaveLength(100);
    expect(formatProfileCsv(back)).toBe(text);
    const regs = csvRecords(readFileSync(res.files[1]!, 'utf8'), ',');
    expect(regs.map((r) => r.fields.slice(0, 4))).toEqual([
      ['meter_serial', 'meter_manufacturer', 'meter_model', 'reading_started_utc'],
      ['A1', 'XYZ', 'GENERIC', '2025-10-26T06:05:00.000Z'],
      ['A1', 'XYZ', 'GENERIC', '2025-10-26T06:05:00.000Z'],
    ]);
    expect(tmpLeft()).toEqual([]);
  });

  it('CSV of every meter: each meter block in order, registers only when asked', async () => {
    const out = path.join(dir, 'all.csv');
    const res = await exportReadings(ctx, { format: 'csv', content: 'load-profile', ...day }, out);
    expect(res.files).toEqual([out]);
    expect(existsSync(path.join(dir, 'all-registers.csv'))).toBe(false);
    const meters = csvRecords(readFileSync(out, 'utf8'), ',').slice(1).map((r) => r.fields[0]);
    expect(meters.filter((m) => m === 'B2')).toHaveLength(8);
    expect(meters.filter((m) => m === 'A1')).toHaveLength(100);
    expect(meters.indexOf('B2')).toBeLessThan(meters.indexOf('A1')); // ABC before XYZ
    expect(res).toMatchObject({ readings: 3, registers: 0, intervals: 108 });
  });

  it('JSON: whole readings, lossless, never cut to the range', async () => {
    const out = path.join(dir, 'b2.json');
    const res = await exportReadings(ctx, { format: 'json', meterSerial: 'B2' }, out);
    expect(res).toMatchObject({ readings: 1, registers: 2, intervals: 8 });
    const id = listReadings(ctx.db).find((r) => r.meterSerial === 'B2')!.id;
    expect(parseReadingsJson(readFileSync(out, 'utf8'))).toStrictEqual([getReading(ctx.db, id)]);
    const partial = await exportReadings(ctx, { format: 'json', meterSerial: 'A1', fromUtc: '2025-10-27T00:00:00Z' }, path.join(dir, 'a1.json'));
    expect(partial).toMatchObject({ readings: 1, intervals: 196 });
  });

  it('XLSX: sheets filled for the range, written atomically over an old file', async () => {
    const out = path.join(dir, 'day.xlsx');
    writeFileSync(out, 'old content');
    const res = await exportReadings(ctx, { format: 'xlsx', ...day }, out);
    expect(res).toMatchObject({ readings: 3, intervals: 108, registers: 4 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => [w.name, w.rowCount])).toEqual([['Readings', 4], ['Registers', 5], ['Load profile', 109]]);
    expect(tmpLeft()).toEqual([]);
  });

  it('says so when nothing matches, and refuses a backwards range; no file is written', async () => {
    const out = path.join(dir, 'none.csv');
    await expect(exportReadings(ctx, { format: 'csv', meterSerial: 'ZZ9' }, out)).rejects.toMatchObject({ code: 'nothing-selected', message: expect.stringContaining('meter ZZ9') });
    await expect(exportReadings(ctx, { format: 'csv', content: 'registers', fromUtc: '2030-01-01T00:00:00Z' }, out)).rejects.toBeInstanceOf(ExportError);
    await expect(exportReadings(ctx, { format: 'xlsx', fromUtc: '2025-10-27T00:00:00Z', toUtc: '2025-10-26T00:00:00Z' }, out)).rejects.toMatchObject({ code: 'bad-range' });
    await expect(exportReadings(ctx, { format: 'csv', fromUtc: 'yesterday' }, out)).rejects.toMatchObject({ code: 'bad-range' });
    expect(existsSync(out)).toBe(false);
  });

  it('leaves no temporary file when the target cannot be written', async () => {
    const target = path.join(dir, 'a-folder.csv');
    mkdirSync(target);
    await expect(exportReadings(ctx, { format: 'csv', meterSerial: 'B2' }, target)).rejects.toBeInstanceOf(StoreError);
    expect(tmpLeft()).toEqual([]);
    expect(existsSync(path.join(dir, 'a-folder-registers.csv'))).toBe(false);
  });
});

describe('exportMeters', () => {
  it('writes the meter parameters as CSV and JSON', async () => {
    const csv = await exportMeters(ctx, 'csv', path.join(dir, 'm.csv'));
    expect(csv.meters).toBe(3);
    const rows = csvRecords(readFileSync(csv.path, 'utf8'), ',');
    expect(rows[0]?.fields).toEqual(['meter_serial', 'meter_manufacturer', 'meter_model', 'meter_identification', 'meter_address', 'first_seen_utc', 'last_seen_utc', 'reading_count']);
    expect(rows.find((r) => r.fields[0] === 'A1')?.fields.slice(5)).toEqual(['2025-10-26T06:05:00.000Z', '2025-10-27T07:05:00.000Z', '2']);
    const json = JSON.parse(readFileSync((await exportMeters(ctx, 'json', path.join(dir, 'm.json'))).path, 'utf8')) as { format: string; meters: { serial: string; readingCount: number }[] };
    expect(json.format).toBe('pmu-meters');
    expect(json.meters.map((m) => [m.serial, m.readingCount]).sort()).toEqual([['60219548', 1], ['A1', 2], ['B2', 1]]);
  });
});

describe('parseTimeBound', () => {
  it('reads days in the zone (the to-day included), instants and local times', () => {
    expect(day).toEqual({ fromUtc: '2025-10-25T22:00:00.000Z', toUtc: '2025-10-26T23:00:00.000Z' });
    expect(parseTimeBound('2025-03-30', 'Europe/Berlin', 'to')).toBe('2025-03-30T22:00:00.000Z');
    expect(parseTimeBound('2025-10-26T02:00+01:00', 'UTC', 'from')).toBe('2025-10-26T01:00:00.000Z');
    expect(parseTimeBound('2025-07-01T12:00', 'Europe/Berlin', 'from')).toBe('2025-07-01T10:00:00.000Z');
    expect(() => parseTimeBound('26/10/2025', 'Europe/Berlin', 'from')).toThrow(/--from "26\/10\/2025" is not a date/);
  });
});
