import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildReading } from '../store/test-fixtures';
import { profileReading } from './test-readings';
import { formatReadingsXlsx, PROFILE_DATE_COLUMNS, READINGS_SHEET_COLUMNS, XlsxBuilder } from './xlsx';

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

const headerOf = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);

describe('XLSX export', () => {
  it('has the three sheets with frozen headers, units in the header, date cells and number cells', async () => {
    const day = { fromUtc: '2025-10-25T22:00:00.000Z', toUtc: '2025-10-26T23:00:00.000Z' };
    const readings = [profileReading({ fromUtc: '2025-10-25T12:00:00.000Z', count: 200 }), buildReading()];
    const wb = await load(await formatReadingsXlsx(readings, { range: day }));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Readings', 'Registers', 'Load profile']);

    const rs = wb.getWorksheet('Readings')!;
    expect(headerOf(rs)).toEqual([...READINGS_SHEET_COLUMNS]);
    expect(rs.rowCount).toBe(3);
    expect(rs.getCell('F3').value).toEqual(new Date('2026-03-29T04:10:00.000Z'));
    expect(rs.getCell('M3').value).toBe(9600);
    expect(rs.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    const reg = wb.getWorksheet('Registers')!;
    expect(reg.rowCount).toBe(1 + 2 + 30);
    const r37 = reg.getRows(2, reg.rowCount - 1)!.find((row) => row.getCell(7).value === '3.7.0')!;
    expect(Object.is(r37.getCell(11).value, -0) || r37.getCell(11).value === 0).toBe(true);
    expect(r37.getCell(12).value).toBe('kvar');
    const r180 = reg.getRows(2, reg.rowCount - 1)!.find((row) => row.getCell(7).value === '1.8.0')!;
    expect(r180.getCell(11).value).toBe(1234.5);
    expect(r180.getCell(11).type).toBe(ExcelJS.ValueType.Number);

    const lp = wb.getWorksheet('Load profile')!;
    const head = headerOf(lp);
    expect(head.slice(0, 6)).toEqual(['meter_serial', 'meter_manufacturer', ...PROFILE_DATE_COLUMNS]);
    expect(head.slice(-3)).toEqual(['1.5.0 [kW]', '1-0:1.29.0 [kWh]', '2.5.0 [kW]']);
    expect(lp.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // Berlin's 25-hour day: 100 rows of the Berlin meter; the London fixture lies outside the range.
    expect(lp.rowCount).toBe(1 + 100);
    const row = lp.getRow(2 + 8); // 02:00 CEST, the first copy of the repeated hour
    expect(row.getCell(3).value).toEqual(new Date('2025-10-26T02:00:00.000Z')); // local wall clock
    expect(row.getCell(3).type).toBe(ExcelJS.ValueType.Date);
    expect(row.getCell(3).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(row.getCell(5).value).toEqual(new Date('2025-10-26T00:00:00.000Z')); // UTC
    expect(row.getCell(7).value).toBe('2025-10-26T00:00:00.000Z');
    expect(row.getCell(9).value).toBe('2025-10-26T02:00:00');
    expect([row.getCell(12).value, row.getCell(13).value, row.getCell(14).value]).toEqual(['+02:00', 1, '08']);
    expect(row.getCell(15).type).toBe(ExcelJS.ValueType.Number);
    expect(row.getCell(15).value).toBe(6); // 1.5.0 [kW] of the reading's interval 48 (12:00Z + 12 h): 48 × 0.125
    const second = lp.getRow(2 + 12);
    expect([second.getCell(9).value, second.getCell(12).value, second.getCell(13).value]).toEqual(['2025-10-26T02:00:00', '+01:00', 0]);
  });

  it('leaves out sheets by content and refuses more rows than Excel holds', async () => {
    const wb = await load(await formatReadingsXlsx([buildReading()], { content: 'registers' }));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Readings', 'Registers']);
    const b = new XlsxBuilder([], 'load-profile');
    const many = new Array(1_048_576).fill(buildReading({ intervals: 0 }));
    expect(() => b.addMeter(many)).toThrow(/more than 1,048,575 rows/);
  });
});
