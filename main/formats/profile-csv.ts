/**
 * The PMU load-profile CSV, format version 1 (specification: docs/export-formats.md, "Load-profile CSV"):
 * writing it from readings, and reading it — or a foreign load-profile CSV with a column mapping — back
 * into ReadingResults. `formatProfileCsv(parseProfileCsv(t))` gives `t` again for every `t` we wrote.
 */
import type { LoadProfileChannel, ReadingResult } from '../../protocol/reading';
import { BOM, csvLines, csvRecords, plainNumber } from './csv-text';
import { parseMappedCsv, type CsvMapping } from './csv-mapping';
import { ImportFormatError } from './errors';
import type { ImportSessionOptions } from './imported-reading';
import { parseOwnProfileCsv } from './profile-csv-own';
import { PROFILE_CSV_COLUMNS, profileRowFields } from './profile-columns';
import {
  channelHeader,
  channelKey,
  groupByMeter,
  meterProfileRows,
  profileChannels,
  type ProfileRow,
  type TimeRange,
} from './profile-table';
import { REGISTERS_CSV_COLUMNS } from './registers-csv';

export type { CsvMapping } from './csv-mapping';
export { sniffCsv, type CsvSniff } from './csv-sniff';
export type { TimeRange } from './profile-table';
export { PROFILE_CSV_COLUMNS } from './profile-columns';

/** The header row text (no BOM) for the given channel columns. */
export function profileCsvHeader(channels: readonly LoadProfileChannel[]): string {
  return csvLines([[...PROFILE_CSV_COLUMNS, ...channels.map(channelHeader)]]);
}

/** The CSV cells of one table row. */
function rowCells(row: ProfileRow, columns: ReadonlyMap<string, number>): string[] {
  const f = profileRowFields(row, columns);
  return [
    f.serial,
    f.manufacturer,
    f.startUtc,
    f.endUtc,
    f.startLocal,
    f.endLocal,
    f.timeZone,
    f.utcOffset,
    f.dst ? '1' : '0',
    f.status,
    ...f.values.map((v) => (v === null ? '' : plainNumber(v))),
  ];
}

/**
 * The data rows (CSV text, no header) of ONE meter's readings under the given channel columns: the
 * intervals in the range, each once (newest reading wins), in UTC order. Used by the streaming export.
 * @throws RangeError for a reading the format cannot hold (bad time stamp or time zone, non-finite value).
 */
export function profileCsvMeterRows(
  meterReadings: readonly ReadingResult[],
  channels: readonly LoadProfileChannel[],
  range: TimeRange = {},
): { text: string; rows: number } {
  const columns = new Map(channels.map((c, i) => [channelKey(c), i] as const));
  const rows = meterProfileRows(meterReadings, range).map((row) => rowCells(row, columns));
  return { text: csvLines(rows), rows: rows.length };
}

/**
 * Readings → the PMU load-profile CSV (version 1): UTF-8 BOM, one header row
 * (`meter_serial,…,status,<obis> [<unit>],…`), then one row per interval per meter, CR LF line ends.
 * - Meters (manufacturer + serial number) in order of first appearance; rows of a meter in UTC order.
 * - `range` keeps the intervals overlapping [fromUtc, toUtc).
 * - Overlapping readings of one meter: each interval once, the newest reading's (latest `startedUtc`).
 * - Channel columns: the channels of every reading with an interval in the range, sorted by OBIS code
 *   (`compareChannels`); a cell is empty where the meter sent no value or has no such channel.
 * - Times: `interval_*_utc` as `YYYY-MM-DDThh:mm:ss.sssZ`; `interval_start_local` as stored (meter wall
 *   clock); `interval_end_local` the end in the reading's time zone; `utc_offset` = start local − start UTC;
 *   `dst` 1/0. Values: plain decimal numbers, `.` decimal mark, units only in the header.
 * @throws RangeError for a reading the format cannot hold (bad time stamp or time zone, non-finite value,
 *   a channel listed twice).
 */
export function formatProfileCsv(readings: readonly ReadingResult[], range: TimeRange = {}): string {
  const channels = profileChannels(readings, range);
  let out = BOM + profileCsvHeader(channels);
  for (const group of groupByMeter(readings)) out += profileCsvMeterRows(group, channels, range).text;
  return out;
}

/** Options of {@link parseProfileCsv}. */
export interface ParseProfileCsvOptions extends ImportSessionOptions {
  /** Column mapping for a CSV that is not a PMU export (ignored for a PMU load-profile CSV). */
  readonly mapping?: CsvMapping;
  /** File name, used in error messages. */
  readonly fileName?: string;
}

/** The cells of the first line of `text` read as comma-separated (BOM dropped), or null when it is not CSV. */
function firstRow(text: string): readonly string[] | null {
  const end = text.search(/\r|\n/);
  try {
    return csvRecords(end < 0 ? text : text.slice(0, end), ',')[0]?.fields ?? null;
  } catch {
    return null;
  }
}

const startsWith = (row: readonly string[] | null, cols: readonly string[]) =>
  row !== null && row.length >= cols.length && cols.every((c, i) => row[i] === c);

/**
 * Load-profile CSV text → ReadingResults.
 * - A PMU load-profile CSV (recognised by its header, no mapping needed) gives one reading per meter and
 *   time zone (see docs/export-formats.md, "Reading it back" for the fields a CSV does not carry).
 * - Any other CSV needs `opts.mapping` and gives one reading for the mapped meter.
 * Readings carry `session.port = 'csv-import'`, no registers and no raw bytes (empty readout).
 * @throws ImportFormatError with a reason code, the 1-based line and a plain message: `needs-mapping` for a
 *   foreign CSV without mapping, `registers-csv` for a PMU registers export, and the row errors listed in
 *   docs/export-formats.md.
 */
export function parseProfileCsv(text: string, opts: ParseProfileCsvOptions = {}): ReadingResult[] {
  try {
    const head = firstRow(text.startsWith(BOM) ? text.slice(1) : text);
    if (startsWith(head, PROFILE_CSV_COLUMNS)) return parseOwnProfileCsv(text, opts);
    if (startsWith(head, REGISTERS_CSV_COLUMNS)) {
      throw new ImportFormatError(
        'registers-csv',
        1,
        'this is a PMU registers CSV, which is made for reading in a spreadsheet and cannot be imported. Import the JSON export of the same readings instead.',
      );
    }
    if (opts.mapping === undefined) {
      throw new ImportFormatError(
        'needs-mapping',
        1,
        'this CSV is not a PMU load-profile export. Import it with a column mapping (which column holds the time stamp, which the channel values, and in which time zone).',
      );
    }
    return parseMappedCsv(text, opts.mapping, opts);
  } catch (err) {
    if (err instanceof ImportFormatError && opts.fileName !== undefined) throw err.withFile(opts.fileName);
    throw err;
  }
}
