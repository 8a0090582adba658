/**
 * Foreign load-profile CSV files (other tools' exports, spreadsheets) read with a column mapping chosen in
 * the import dialog: delimiter, decimal mark, header rows, the time-stamp column and its form and zone,
 * whether it stamps the start or the end of the interval, the capture period, and the channel columns.
 * Rules and error reasons: docs/export-formats.md ("Foreign CSV with a column mapping").
 */
import { DateTime } from 'luxon';
import type { CsvMappingView } from '../../contract/files';
import { wallClock } from '../../protocol/iec62056-21/local-stamp';
import type { ReadingResult } from '../../protocol/reading';
import { csvRecords, type CsvDelimiter, type CsvRecord } from './csv-text';
import { guessDelimiter } from './csv-sniff';
import { ImportFormatError, type ImportFormatReason } from './errors';
import { importedReading, type ImportSessionOptions, type TimedInterval } from './imported-reading';
import { WallClockResolver } from './wall-clock';

/** How to read a foreign load-profile CSV: THE shape is the contract's (contract/files.ts `csvMappingSchema`). */
export type CsvMapping = CsvMappingView;

const fail = (reason: ImportFormatReason, line: number | null, detail: string) => new ImportFormatError(reason, line, detail);

/** Checks the mapping's own values; ImportFormatError `bad-mapping`. */
function checkMapping(m: CsvMapping): void {
  const bad = (detail: string) => fail('bad-mapping', null, `the column mapping is not usable: ${detail}`);
  if (!Number.isInteger(m.periodMinutes) || m.periodMinutes < 1 || m.periodMinutes > 1440) throw bad(`the capture period ${m.periodMinutes} is not 1…1440 minutes.`);
  if (m.channels.length === 0) throw bad('choose at least one value column.');
  if (m.timeZone === '' || !DateTime.fromMillis(0, { zone: m.timeZone }).isValid) throw bad(`"${m.timeZone}" is not an IANA time zone such as Europe/Berlin or UTC.`);
  const h = m.headerRows ?? 1;
  if (!Number.isInteger(h) || h < 0) throw bad(`the number of header rows (${h}) must be 0 or more.`);
  if (m.timestampFormat.trim() === '') throw bad('give the form of the time stamps, e.g. dd.MM.yyyy HH:mm or iso.');
  if (m.stampIs !== 'start' && m.stampIs !== 'end') throw bad('say whether the time stamp is the start or the end of the interval.');
}

/** Column reference → 0-based index (checked against the header names when there are some). */
function resolveColumn(ref: number | string, names: readonly string[] | null, headLine: number | null): number {
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref < 0) throw fail('bad-mapping', null, `the column mapping is not usable: column number ${ref} is not 0 or more.`);
    if (names !== null && ref >= names.length) {
      throw fail('missing-column', headLine, `the mapping uses column number ${ref + 1}, but the header has only ${names.length} columns.`);
    }
    return ref;
  }
  if (names === null) throw fail('bad-mapping', null, `the column mapping is not usable: column "${ref}" is named, but the file has no header row; use column numbers.`);
  const want = ref.trim();
  let i = names.findIndex((n) => n.trim() === want);
  if (i < 0) i = names.findIndex((n) => n.trim().toLowerCase() === want.toLowerCase());
  if (i < 0) throw fail('missing-column', headLine, `the column '${ref}' is not in the header (columns: ${names.map((n) => `'${n}'`).join(', ')}).`);
  return i;
}

/** A value cell → number, '' → null, undefined when not a number in this decimal notation. */
function readDecimal(text: string, decimal: '.' | ','): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  const ok = decimal === ',' ? /^[+-]?(?:\d+(?:,\d*)?|,\d+)$/.test(t) : /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(t);
  if (!ok) return undefined;
  const n = Number(decimal === ',' ? t.replace(',', '.') : t);
  return Number.isFinite(n) ? n : undefined;
}

/** A parsed stamp: an exact instant (it carried an offset) or a wall-clock time to place in the zone. */
type Stamp = { exact: number } | { wall: number };

/** A stamp reader for the mapping's format; null for text that is not a stamp of that form. */
function stampReader(format: string): (text: string) => Stamp | null {
  if (format === 'iso') {
    const withOffset = /[T ]\d{2}(?::?\d{2}){0,2}(?:[.,]\d+)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
    return (text) => {
      const t = text.trim();
      const exact = withOffset.test(t);
      const o = { zone: 'utc', setZone: exact };
      let dt = DateTime.fromISO(t, o);
      if (!dt.isValid) dt = DateTime.fromSQL(t, o);
      if (!dt.isValid) return null;
      return exact ? { exact: dt.toMillis() } : { wall: dt.toMillis() };
    };
  }
  const exact = /[Zz]/.test(format.replace(/'[^']*'/g, ''));
  return (text) => {
    const dt = DateTime.fromFormat(text.trim(), format, { zone: 'utc', setZone: exact });
    if (!dt.isValid) return null;
    return exact ? { exact: dt.toMillis() } : { wall: dt.toMillis() };
  };
}

const stampValue = (s: Stamp) => ('exact' in s ? s.exact : s.wall);

/**
 * A foreign CSV → one reading of `mapping.meter` whose load profile has the mapped channels, intervals in
 * UTC order (`startLocal`/`dst` from the UTC start in `mapping.timeZone`).
 * @throws ImportFormatError: `bad-mapping`, `bad-csv`, `empty`, `missing-column`, `wrong-column-count`
 *   (a row with another width than the header, or than the first row without header), `bad-timestamp`,
 *   `nonexistent-time` (spring DST gap), `bad-number`, `duplicate-interval`, each with its 1-based line.
 */
export function parseMappedCsv(text: string, mapping: CsvMapping, opts: ImportSessionOptions): ReadingResult[] {
  checkMapping(mapping);
  const records = csvRecords(text, mapping.delimiter ?? guessDelimiter(text));
  const headerRows = mapping.headerRows ?? 1;
  const head: CsvRecord | undefined = headerRows > 0 ? records[headerRows - 1] : undefined;
  const data = records.slice(headerRows);
  const first = data[0];
  if (first === undefined) throw fail('empty', head?.line ?? null, 'the file has no data rows below its header.');
  const names = head === undefined ? null : head.fields;
  const width = names?.length ?? first.fields.length;
  const ts = resolveColumn(mapping.timestampColumn, names, head?.line ?? null);
  const status = mapping.statusColumn === undefined ? null : resolveColumn(mapping.statusColumn, names, head?.line ?? null);
  const cols = mapping.channels.map((c) => resolveColumn(c.column, names, head?.line ?? null));
  const label = (i: number) => (names?.[i] !== undefined ? names[i]!.trim() : `column ${i + 1}`);
  const tooFar = [ts, status ?? 0, ...cols].find((i) => i >= width);
  if (tooFar !== undefined) throw fail('missing-column', first.line, `the mapping uses column number ${tooFar + 1}, but the rows have only ${width} columns.`);

  const readStamp = stampReader(mapping.timestampFormat);
  const edge = [first, data[data.length - 1]!].map((r) => readStamp(r.fields[ts] ?? ''));
  const descending = edge[0] != null && edge[1] != null && stampValue(edge[1]) < stampValue(edge[0]);
  const resolver = new WallClockResolver(mapping.timeZone, descending);
  const periodMs = mapping.periodMinutes * 60_000;
  const firstLine = new Map<number, number>();
  const intervals: TimedInterval[] = [];
  for (const rec of data) {
    const f = rec.fields;
    if (f.length !== width) {
      throw fail('wrong-column-count', rec.line, `the row has ${f.length} columns, ${names === null ? 'the first row' : 'the header'} has ${width}. Check the delimiter and that no row was cut short.`);
    }
    const cell = f[ts] ?? '';
    const stamp = readStamp(cell);
    if (stamp === null) {
      const form = mapping.timestampFormat === 'iso' ? 'ISO 8601 (e.g. 2025-10-26T02:00)' : `the form ${mapping.timestampFormat}`;
      throw fail('bad-timestamp', rec.line, `'${cell}' in column '${label(ts)}' is not a time stamp of ${form}.`);
    }
    let at: number;
    if ('exact' in stamp) at = stamp.exact;
    else {
      const p = resolver.place(stamp.wall);
      if (!p.ok) {
        throw fail('nonexistent-time', rec.line, `'${cell}' in column '${label(ts)}' does not exist in ${mapping.timeZone}: the clocks skip that hour at the change to summer time.`);
      }
      at = p.ms;
    }
    const values = mapping.channels.map((_c, k) => {
      const i = cols[k]!;
      const v = readDecimal(f[i] ?? '', mapping.decimal ?? '.');
      if (v === undefined) {
        throw fail('bad-number', rec.line, `'${f[i] ?? ''}' in column '${label(i)}' is not a number (decimal mark '${mapping.decimal ?? '.'}', no units or thousands separators).`);
      }
      return v;
    });
    const startMs = mapping.stampIs === 'start' ? at : at - periodMs;
    const dup = firstLine.get(startMs);
    if (dup !== undefined) {
      throw fail('duplicate-interval', rec.line, `the interval starting ${new Date(startMs).toISOString()} (UTC) appears twice (first on line ${dup}).`);
    }
    firstLine.set(startMs, rec.line);
    const local = wallClock(startMs, mapping.timeZone);
    intervals.push({
      startMs,
      endMs: startMs + periodMs,
      interval: {
        startUtc: new Date(startMs).toISOString(),
        endUtc: new Date(startMs + periodMs).toISOString(),
        startLocal: local.local,
        dst: local.dst,
        status: status === null ? '' : (f[status] ?? '').trim(),
        values,
      },
    });
  }
  intervals.sort((a, b) => a.startMs - b.startMs);
  const m = mapping.meter;
  return [importedReading({ serial: m.serial.trim(), manufacturer: m.manufacturer ?? '', model: m.model ?? '' }, mapping.timeZone, mapping.channels.map((c) => ({ obis: c.obis, unit: c.unit })), intervals, opts)];
}
