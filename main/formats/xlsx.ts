/**
 * The XLSX (Excel) export (exceljs): sheets "Readings" (one row per reading), "Registers" and "Load profile"
 * (the load-profile CSV's columns plus real Excel date cells, numbers as numbers, units in the header row,
 * header row frozen). For people and spreadsheets; it is not imported back (docs/export-formats.md, "XLSX").
 * Excel date cells have no time zone: local-time cells hold the meter's wall clock, UTC cells the UTC time.
 */
import { describeInterpretation } from '../../protocol/iec62056-21/interpret';
import ExcelJS from 'exceljs';
import type { LoadProfileChannel, ReadingResult } from '../../protocol/reading';
import { PROFILE_CSV_COLUMNS, profileRowFields } from './profile-columns';
import { channelHeader, channelKey, groupByMeter, meterProfileRows, profileChannels, type TimeRange } from './profile-table';
import { REGISTERS_CSV_COLUMNS } from './registers-csv';

/** Data rows a sheet may hold: Excel's 1,048,576 rows less the header row. */
export const XLSX_MAX_ROWS = 1_048_575;

/** Which sheets besides "Readings" the workbook gets. */
export type XlsxContent = 'load-profile' | 'registers' | 'all';

/** Header of the "Readings" sheet. */
export const READINGS_SHEET_COLUMNS = [
  'meter_serial', 'meter_manufacturer', 'meter_model', 'meter_identification', 'meter_address',
  'reading_started (UTC)', 'reading_started_utc', 'reading_finished_utc', 'time_zone', 'operator', 'port', 'mode',
  'baud', 'software', 'registers', 'intervals', 'notes',
] as const;

/** Date columns put before the load-profile CSV columns (wall clock for local, UTC for UTC). */
export const PROFILE_DATE_COLUMNS = ['start (local)', 'end (local)', 'start (UTC)', 'end (UTC)'] as const;

const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';

/** A sheet with a bold, frozen header row. */
function sheet(wb: ExcelJS.Workbook, name: string, header: readonly string[], widths: (h: string) => number): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = header.map((h) => ({ header: h, width: widths(h) }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

const iso = (s: string) => new Date(Date.parse(s));

/**
 * Builds the workbook meter by meter (so a big export need not hold every reading at once).
 * Usage: `new XlsxBuilder(channels, content, range)`, `addMeter(readingsOfOneMeter)` per meter, `toBuffer()`.
 */
export class XlsxBuilder {
  private readonly wb = new ExcelJS.Workbook();
  private readonly readings: ExcelJS.Worksheet;
  private readonly registers: ExcelJS.Worksheet | null;
  private readonly profile: ExcelJS.Worksheet | null;
  private readonly columns: Map<string, number>;

  /**
   * @param channels the load-profile channel columns (see `profileChannels`), in order.
   * @param content which sheets: "Readings" always, "Registers" for `registers`/`all`, "Load profile" for `load-profile`/`all`.
   * @param range intervals kept on the "Load profile" sheet (UTC overlap).
   */
  constructor(
    channels: readonly LoadProfileChannel[],
    content: XlsxContent,
    private readonly range: TimeRange = {},
  ) {
    this.wb.creator = 'PMU Workstation';
    this.readings = sheet(this.wb, 'Readings', READINGS_SHEET_COLUMNS, (h) => (h.includes('utc') || h.includes('UTC') ? 22 : 14));
    this.registers = content === 'load-profile' ? null : sheet(this.wb, 'Registers', [...REGISTERS_CSV_COLUMNS.slice(0, 3), 'reading_started (UTC)', ...REGISTERS_CSV_COLUMNS.slice(3)], (h) => (h.includes('UTC') || h.includes('utc') ? 22 : 12));
    this.profile =
      content === 'registers'
        ? null
        : sheet(this.wb, 'Load profile', [PROFILE_CSV_COLUMNS[0], PROFILE_CSV_COLUMNS[1], ...PROFILE_DATE_COLUMNS, ...PROFILE_CSV_COLUMNS.slice(2), ...channels.map(channelHeader)], (h) => (h.includes('(') ? 20 : h.includes('utc') || h.includes('local') ? 25 : 12));
    this.columns = new Map(channels.map((c, i) => [channelKey(c), i] as const));
    if (this.profile !== null) for (let c = 3; c < 3 + PROFILE_DATE_COLUMNS.length; c++) this.profile.getColumn(c).numFmt = DATE_FORMAT;
    this.readings.getColumn(6).numFmt = DATE_FORMAT;
    if (this.registers !== null) this.registers.getColumn(4).numFmt = DATE_FORMAT;
  }

  private checkRoom(ws: ExcelJS.Worksheet, adding: number): void {
    if (ws.rowCount - 1 + adding > XLSX_MAX_ROWS) {
      throw new RangeError(`The "${ws.name}" sheet would need more than ${XLSX_MAX_ROWS.toLocaleString('en')} rows, the most Excel can hold. Export a shorter time range or fewer meters, or use CSV.`);
    }
  }

  /**
   * Adds the readings of ONE meter: a "Readings" row each, their registers (of the readings for which
   * `opts.withRegisters` is true; default all), and their load-profile intervals in the range (each once,
   * newest reading wins). Returns the rows added.
   * @throws RangeError when a sheet would exceed {@link XLSX_MAX_ROWS}, or for a bad time stamp/time zone.
   */
  addMeter(
    meterReadings: readonly ReadingResult[],
    opts: { withRegisters?: (r: ReadingResult) => boolean } = {},
  ): { readings: number; registers: number; intervals: number } {
    this.checkRoom(this.readings, meterReadings.length);
    for (const r of meterReadings) {
      const m = r.meter;
      const s = r.session;
      this.readings.addRow([
        m.serial ?? '', m.manufacturer, m.model, m.identification, m.address, iso(s.startedUtc), s.startedUtc, s.finishedUtc,
        s.timeZone, s.operator, s.port, s.mode, s.baud, s.software, r.registers.length, r.loadProfile?.intervals.length ?? 0,
        r.notes.map((n) => `${n.level}: ${n.message}`).join('\n'),
      ]);
    }
    let registers = 0;
    if (this.registers !== null) {
      const ws = this.registers;
      const withRegisters = meterReadings.filter((r) => opts.withRegisters?.(r) ?? true);
      this.checkRoom(ws, withRegisters.reduce((n, r) => n + r.registers.length, 0));
      for (const r of withRegisters) {
        for (const g of r.registers) {
          ws.addRow([
            r.meter.serial ?? '', r.meter.manufacturer, r.meter.model, iso(r.session.startedUtc), r.session.startedUtc, r.session.timeZone,
            g.address, g.obis, g.code, g.billingPeriod, g.value, g.unit ?? '', g.text, g.timestampLocal ?? '', describeInterpretation(g.interpretation) ?? '',
          ]);
          registers++;
        }
      }
    }
    let intervals = 0;
    if (this.profile !== null) {
      const ws = this.profile;
      const rows = meterProfileRows(meterReadings, this.range);
      this.checkRoom(ws, rows.length);
      for (const row of rows) {
        const f = profileRowFields(row, this.columns);
        ws.addRow([
          f.serial, f.manufacturer, new Date(f.startLocalMs), new Date(f.endLocalMs), new Date(row.startMs), new Date(row.endMs),
          f.startUtc, f.endUtc, f.startLocal, f.endLocal, f.timeZone, f.utcOffset, f.dst ? 1 : 0, f.status, ...f.values,
        ]);
      }
      intervals = rows.length;
    }
    return { readings: meterReadings.length, registers, intervals };
  }

  /** The workbook as XLSX bytes. */
  async toBuffer(): Promise<Uint8Array> {
    return new Uint8Array(await this.wb.xlsx.writeBuffer());
  }
}

/**
 * Readings → XLSX bytes in one call (all readings in memory): channels from `profileChannels`, meters in
 * order of first appearance. `opts.content` defaults to `all`.
 * @throws RangeError as {@link XlsxBuilder.addMeter}.
 */
export async function formatReadingsXlsx(readings: readonly ReadingResult[], opts: { content?: XlsxContent; range?: TimeRange } = {}): Promise<Uint8Array> {
  const b = new XlsxBuilder(profileChannels(readings, opts.range), opts.content ?? 'all', opts.range);
  for (const g of groupByMeter(readings)) b.addMeter(g);
  return b.toBuffer();
}
