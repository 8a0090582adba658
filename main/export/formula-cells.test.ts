/**
 * Issue 11, reproduction 3: a serial such as `=cmd|' /C calc'!A0` (from an imported CSV, or sent by a meter) must
 * not reach the start of a cell in ANY CSV we write — readings (load profile, registers), meters, audit,
 * programming certificate, meter list, reports — while numbers stay numeric; our own CSV imports back to the same text; XLSX keeps
 * it a text cell (never a formula).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setupActor } from '../auth/actor';
import { memoryKeyProvider } from '../secrets/key-provider';
import { appendAudit } from '../audit/append';
import { exportAuditCsv } from '../audit/export';
import { csvLines, csvRecords, neutraliseCell, restoreCell } from '../formats/csv-text';
import { formatMeterListCsv, parseMeterListCsv } from '../formats/meter-list-csv';
import { parseProfileCsv } from '../formats/profile-csv';
import { documentCsv } from '../reports/render';
import { certificateCsv } from '../services/certificate-text';
import type { AppContext } from '../core/context';
import { openDatabase } from '../store/db';
import { createLinkRegistry } from '../links/registry';
import { saveReading } from '../store/readings';
import { buildReading } from '../store/test-fixtures';
import { exportMeters, exportReadings } from './index';

const EVIL = "=cmd|' /C calc'!A0";
const EVIL_CELLS = [EVIL, '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR', "'=already quoted"];

let dir: string;
let ctx: AppContext;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pmu-formula-'));
  const dbPath = path.join(dir, 'pmu.sqlite');
  ctx = { db: openDatabase(dbPath), dbPath, resDir: path.join(dir, 'RES'), operator: 'tester', timeZone: 'Europe/London', software: 'pmu test', keys: memoryKeyProvider(), actor: setupActor('tester'), links: createLinkRegistry() };
});
afterEach(() => {
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every cell of a CSV file as a spreadsheet sees it (plain RFC 4180, no restoring of our quote). */
function cellsOf(file: string): string[] {
  return (parse(readFileSync(file, 'utf8'), { bom: true, relax_column_count: true }) as string[][]).flat();
}

/** A spreadsheet would run it: starts like a formula and is not a number. */
const dangerous = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(cell);

describe('CSV exports are safe to open (OWASP CSV injection)', () => {
  it('readings, registers, meters and audit CSVs never start a cell with a formula; negative numbers stay numbers', async () => {
    const reading = buildReading({ serial: EVIL });
    saveReading(ctx.db, reading, { source: 'probe' });
    appendAudit(ctx, { action: 'reading.stored', meterSerial: EVIL, object: 'reading:1' });
    const out = path.join(dir, 'readings.csv');
    await exportReadings(ctx, { format: 'csv' }, out);
    await exportMeters(ctx, 'csv', path.join(dir, 'meters.csv'));
    await exportAuditCsv(ctx, {}, path.join(dir, 'audit.csv'));
    const files = [out, path.join(dir, 'readings-registers.csv'), path.join(dir, 'meters.csv'), path.join(dir, 'audit.csv')];
    for (const f of files) {
      const cells = cellsOf(f);
      expect(cells.filter(dangerous), f).toEqual([]);
      expect(cells.some((c) => c === `'${EVIL}`), f).toBe(true);
    }
    // The registers CSV keeps the meter's `-0.000` as the number -0 (not neutralised).
    expect(cellsOf(path.join(dir, 'readings-registers.csv'))).toContain('-0');
    // Our own load-profile CSV imports back with the serial as it was.
    const back = parseProfileCsv(readFileSync(out, 'utf8'), { fileName: 'readings.csv' });
    expect(back[0]!.meter.serial).toBe(EVIL);
  });

  it('the programming certificate CSV too', () => {
    const csv = certificateCsv({
      certificateVersion: 1, jobId: 7, status: 'failed', scheme: { storeId: 1, version: 1, id: EVIL, name: 'x', contentSha256: '0'.repeat(64) },
      meter: { serial: '@evil', model: 'A1140', identification: null, manufacturer: null } as never, port: 'COM1', operator: '-op', meterUserId: 'X',
      startedUtc: '2026-01-01T00:00:00Z', finishedUtc: '2026-01-01T00:00:01Z', meterTimeLocal: null, counterBefore: null, counterAfter: null,
      written: [], notWritten: [{ command: 'W1', address: '795', part: 'scheme-id', schemePath: 'id', description: '=HYPERLINK("x")', value: '00', verify: true, provenance: 'manual:=HYPERLINK("y")' }] as never,
      readBack: [], differences: [], error: null,
    } as never);
    const cells = (parse(csv) as string[][]).flat();
    expect(cells.filter(dangerous)).toEqual([]);
    expect(cells).toContain(`'${EVIL}`);
  });

  it('XLSX keeps such a serial a text cell, never a formula', async () => {
    saveReading(ctx.db, buildReading({ serial: EVIL }), { source: 'probe' });
    const out = path.join(dir, 'readings.xlsx');
    await exportReadings(ctx, { format: 'xlsx' }, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const found: ExcelJS.Cell[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void (cell.text === EVIL && found.push(cell)))));
    expect(found.length).toBeGreaterThan(0);
    for (const cell of found) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
  });

  it('neutralise / restore round-trip every text, and the reader restores what the writer protected', () => {
    for (const t of EVIL_CELLS) expect(restoreCell(neutraliseCell(t))).toBe(t);
    expect(neutraliseCell('-12.5')).toBe('-12.5');
    expect(neutraliseCell('+3')).toBe('+3');
    expect(neutraliseCell('12:00')).toBe('12:00');
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = csvLines(rows);
        expect((parse(text, { relax_column_count: true }) as string[][]).flat().filter(dangerous)).toEqual([]);
        const back = csvRecords(text, ',').map((r) => r.fields);
        const kept = rows.filter((r) => !r.every((f) => f === ''));
        expect(back).toEqual(kept);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('the fleet meter list and the report CSVs too; the meter list imports back to the same text', () => {
    const meter = {
      id: 1, serial: EVIL, manufacturer: '@maker', model: 'A1140', link: 'COM3', deviceAddress: '', dialect: 'a1140', line: null, passwordLevel: 1,
      timeZone: null, enabled: true, notes: '-note', installation: null,
    } as never;
    const list = formatMeterListCsv([{ meter, place: null }]);
    expect(cellsOfText(list).filter(dangerous)).toEqual([]);
    const back = parseMeterListCsv(list, 'Europe/London');
    expect(back.errors).toEqual([]);
    expect(back.rows[0]).toMatchObject({ serial: EVIL, manufacturer: '@maker', notes: '-note' });

    const report = documentCsv({
      title: '=HYPERLINK("http://x")', header: [['Customer', '+ACME']], notes: ['-1 interval missing'],
      tables: [{ title: 'Energy', columns: ['Meter', 'kWh'], numeric: [false, true], rows: [[EVIL, -12.5]] }],
    });
    const cells = cellsOfText(report);
    expect(cells.filter(dangerous)).toEqual([]);
    expect(cells).toContain(`'${EVIL}`);
    expect(cells).toContain('-12.5');
  });

  it('no source file writes CSV around the shared writer (csv-stringify is imported by csv-text.ts only)', () => {
    const root = path.resolve(__dirname, '../..');
    const offenders: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && /from 'csv-stringify/.test(readFileSync(p, 'utf8'))) offenders.push(path.relative(root, p));
      }
    };
    for (const top of ['main', 'renderer', 'contract', 'reporting']) walk(path.join(root, top));
    expect(offenders).toEqual([path.join('main', 'formats', 'csv-text.ts')]);
  });
});

/** Every cell of CSV text as a spreadsheet sees it. */
function cellsOfText(text: string): string[] {
  return (parse(text, { bom: true, relax_column_count: true }) as string[][]).flat();
}
