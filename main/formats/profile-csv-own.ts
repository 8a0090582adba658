/**
 * Reading a PMU load-profile CSV (version 1, docs/export-formats.md) back into ReadingResults: one per meter
 * (manufacturer + serial number) and time zone, every cell checked, errors with their 1-based line.
 */
import { DateTime } from 'luxon';
import type { LoadProfileChannel, ReadingResult } from '../../protocol/reading';
import { csvRecords, readPlainNumber, type CsvRecord } from './csv-text';
import { ImportFormatError } from './errors';
import { importedReading, type ImportSessionOptions, type TimedInterval } from './imported-reading';
import { localWallMillis, parseChannelHeader, parseUtcOffset, PROFILE_CSV_COLUMNS } from './profile-columns';
import { channelKey } from './profile-table';

const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;
const FIXED = PROFILE_CSV_COLUMNS.length;
const COL = Object.fromEntries(PROFILE_CSV_COLUMNS.map((c, i) => [c, i])) as Record<(typeof PROFILE_CSV_COLUMNS)[number], number>;

/** Channel columns of the header; ImportFormatError `bad-header` for a cell not `<obis> [<unit>]` or a repeat. */
function headerChannels(head: CsvRecord): LoadProfileChannel[] {
  const seen = new Set<string>();
  return head.fields.slice(FIXED).map((h) => {
    const c = parseChannelHeader(h);
    if (c === null) {
      throw new ImportFormatError('bad-header', head.line, `the column "${h}" is not a channel column of the form "<OBIS code> [<unit>]", e.g. "1.5.0 [kW]".`);
    }
    if (seen.has(channelKey(c))) throw new ImportFormatError('bad-header', head.line, `the channel column "${h}" appears twice.`);
    seen.add(channelKey(c));
    return c;
  });
}

const zoneValid = new Map<string, boolean>();
function isZone(zone: string): boolean {
  let ok = zoneValid.get(zone);
  if (ok === undefined) {
    ok = zone !== '' && DateTime.fromMillis(0, { zone }).isValid;
    zoneValid.set(zone, ok);
  }
  return ok;
}

interface Group {
  readonly serial: string;
  readonly manufacturer: string;
  readonly timeZone: string;
  readonly rows: TimedInterval[];
}

/** One data row → its interval, checked. */
function readRow(rec: CsvRecord, channels: readonly LoadProfileChannel[], headers: readonly string[]): TimedInterval {
  const f = rec.fields;
  const bad = (reason: ConstructorParameters<typeof ImportFormatError>[0], detail: string) => new ImportFormatError(reason, rec.line, detail);
  if (f.length !== headers.length) {
    throw bad('wrong-column-count', `the row has ${f.length} columns, the header has ${headers.length}. Each row needs one cell per column (empty cells are fine).`);
  }
  const cell = (c: keyof typeof COL) => f[COL[c]] ?? '';
  const utc = (c: 'interval_start_utc' | 'interval_end_utc') => {
    const ms = UTC_ISO.test(cell(c)) ? Date.parse(cell(c)) : NaN;
    if (Number.isNaN(ms)) throw bad('bad-timestamp', `'${cell(c)}' in column '${c}' is not a UTC time like 2025-10-26T01:00:00.000Z.`);
    return ms;
  };
  const startMs = utc('interval_start_utc');
  const endMs = utc('interval_end_utc');
  if (endMs <= startMs) throw bad('bad-value', `the interval ends (${cell('interval_end_utc')}) before or when it starts (${cell('interval_start_utc')}).`);
  const startLocal = cell('interval_start_local');
  const localMs = localWallMillis(startLocal);
  if (Number.isNaN(localMs)) throw bad('bad-timestamp', `'${startLocal}' in column 'interval_start_local' is not a local time like 2025-10-26T02:00:00.`);
  if (Number.isNaN(localWallMillis(cell('interval_end_local')))) {
    throw bad('bad-timestamp', `'${cell('interval_end_local')}' in column 'interval_end_local' is not a local time like 2025-10-26T02:15:00.`);
  }
  if (!isZone(cell('time_zone'))) throw bad('bad-value', `'${cell('time_zone')}' in column 'time_zone' is not an IANA time zone such as Europe/Berlin or UTC.`);
  const offset = parseUtcOffset(cell('utc_offset'));
  if (offset === null) throw bad('bad-timestamp', `'${cell('utc_offset')}' in column 'utc_offset' is not an offset like +01:00.`);
  if (Math.round((localMs - startMs) / 60_000) !== offset) {
    throw bad('bad-timestamp', `the local start ${startLocal} is not the UTC start ${cell('interval_start_utc')} at offset ${cell('utc_offset')}; the row was changed by hand.`);
  }
  const dst = cell('dst');
  if (dst !== '0' && dst !== '1') throw bad('bad-value', `'${dst}' in column 'dst' is not 0 (standard time) or 1 (summer time).`);
  const values = channels.map((_c, k) => {
    const text = f[FIXED + k] ?? '';
    const v = readPlainNumber(text);
    if (v === undefined) throw bad('bad-number', `'${text}' in column '${headers[FIXED + k] ?? ''}' is not a number (use '.' as decimal mark, leave the cell empty for no value).`);
    return v;
  });
  return { startMs, endMs, interval: { startUtc: new Date(startMs).toISOString(), endUtc: new Date(endMs).toISOString(), startLocal, dst: dst === '1', status: cell('status'), values } };
}

/**
 * A PMU load-profile CSV → one reading per meter (manufacturer + serial) and time zone, in order of first
 * appearance, intervals in UTC order. A reading keeps the channel columns where its rows hold at least one
 * value, plus the columns that are empty in every row of the file (so nothing of the file is lost).
 * @throws ImportFormatError: `empty`, `bad-csv`, `bad-header`, `wrong-column-count`, `bad-timestamp`,
 *   `bad-value`, `bad-number`, `duplicate-interval` (same meter and UTC start twice), each with its line.
 */
export function parseOwnProfileCsv(text: string, opts: ImportSessionOptions): ReadingResult[] {
  const records = csvRecords(text, ',');
  const head = records[0];
  if (head === undefined) throw new ImportFormatError('empty', null, 'the file is empty.');
  const channels = headerChannels(head);
  if (records.length === 1) throw new ImportFormatError('empty', head.line, 'the file has a header but no interval rows.');
  const groups = new Map<string, Group>();
  const firstLine = new Map<string, number>();
  const used = channels.map(() => false);
  for (const rec of records.slice(1)) {
    const row = readRow(rec, channels, head.fields);
    const [serial = '', manufacturer = ''] = rec.fields;
    const timeZone = rec.fields[COL.time_zone] ?? '';
    const dup = `${manufacturer}\u0000${serial}\u0000${row.startMs}`;
    const earlier = firstLine.get(dup);
    if (earlier !== undefined) {
      throw new ImportFormatError(
        'duplicate-interval',
        rec.line,
        `the interval starting ${row.interval.startUtc} of meter ${serial || '(no serial)'} appears twice (first on line ${earlier}).`,
      );
    }
    firstLine.set(dup, rec.line);
    const key = `${manufacturer}\u0000${serial}\u0000${timeZone}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { serial, manufacturer, timeZone, rows: [] }));
    g.rows.push(row);
    row.interval.values.forEach((v, k) => (used[k] ||= v !== null));
  }
  return [...groups.values()].map((g) => {
    const keep = channels.map((_c, k) => !used[k] || g.rows.some((t) => t.interval.values[k] !== null));
    const rows = g.rows
      .map((t) => ({ ...t, interval: { ...t.interval, values: t.interval.values.filter((_v, k) => keep[k]) } }))
      .sort((a, b) => a.startMs - b.startMs);
    return importedReading(
      { serial: g.serial, manufacturer: g.manufacturer, model: '' },
      g.timeZone,
      channels.filter((_c, k) => keep[k]),
      rows,
      opts,
    );
  });
}
