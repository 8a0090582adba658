/**
 * CSV plumbing shared by EVERY CSV the workstation writes or reads: writing rows (csv-stringify, RFC 4180 quoting),
 * reading records with their 1-based line numbers (csv-parse), and plain decimal numbers without exponent.
 * Formula injection (OWASP "CSV Injection"; issue 11): a text cell starting with `=`, `+`, `-`, `@`, TAB or CR is
 * taken as a formula by spreadsheet programs, so {@link csvLines} writes it with a leading `'` (and quoted) —
 * {@link neutraliseCell}; numbers stay numbers. {@link csvRecords} removes that quote again
 * ({@link restoreCell}), so our own files import back exactly. Every CSV writer goes through csvLines (audit,
 * readings, registers, meters, certificates): do not call csv-stringify elsewhere.
 * Source: RFC 4180 (Common Format for CSV files); OWASP CSV Injection; docs/export-formats.md.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ImportFormatError } from './errors';

/** The UTF-8 byte order mark as a character: written first so Excel reads the file as UTF-8. */
export const BOM = '\ufeff';

/** Line end of every CSV we write (RFC 4180). */
export const CSV_EOL = '\r\n';

/** Field delimiters a CSV may use (comma, semicolon, tab). */
export type CsvDelimiter = ',' | ';' | '\t';

/** A text that starts (after any `'` already there) with a character spreadsheets read as a formula. */
const FORMULA_START = /^'*[=+\-@\t\r]/;
/** A cell that is a number (a spreadsheet reads it as a number, not a formula): kept as it is. */
const NUMBER_CELL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** A cell {@link neutraliseCell} prefixed. */
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/**
 * A cell made safe to open in a spreadsheet (OWASP CSV Injection): text starting with `=`, `+`, `-`, `@`, TAB or
 * CR gets a leading `'` (so `=cmd|' /C calc'!A0` → `'=cmd|' /C calc'!A0`); numbers (`-12.5`, `+3`) stay as they
 * are. Text already starting with quotes and then such a character gets one more quote, so
 * `restoreCell(neutraliseCell(t)) === t` for every `t`.
 */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) && !NUMBER_CELL.test(text) ? `'${text}` : text;
}

/** The inverse of {@link neutraliseCell}: one leading `'` removed where neutraliseCell added it. */
export function restoreCell(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}

/**
 * Rows → CSV text, comma-separated, CR LF after every row; every cell neutralised against formula injection
 * ({@link neutraliseCell}); a field quoted when it holds a comma, quote, CR or LF (quotes doubled), starts or ends
 * with white space, or starts with the neutralising `'`. No BOM (callers add {@link BOM} once at the top of a file).
 */
export function csvLines(rows: readonly (readonly string[])[], delimiter: CsvDelimiter = ','): string {
  if (rows.length === 0) return '';
  const safe = rows.map((row) => row.map(neutraliseCell));
  return stringify(safe, { delimiter, record_delimiter: CSV_EOL, quoted_match: [/^\s|\s$/, /^'/] });
}

/** One CSV record and the 1-based line of the file where it starts. */
export interface CsvRecord {
  readonly fields: readonly string[];
  readonly line: number;
}

/**
 * CSV text → records with their start lines. A leading BOM is dropped; blank lines and lines holding only
 * delimiters are skipped; rows may have different lengths (callers check the column count); cells our writer
 * neutralised get their text back ({@link restoreCell}).
 * @throws ImportFormatError `bad-csv` (with the line) for broken quoting.
 */
export function csvRecords(text: string, delimiter: CsvDelimiter): CsvRecord[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof rows;
  } catch (err) {
    const e = err as { code?: string; lines?: number };
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new ImportFormatError('bad-csv', openQuoteLine(text), 'a quoted field ("…) is never closed. Check the file is complete and not cut short.');
    }
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      throw new ImportFormatError(
        'bad-csv',
        typeof e.lines === 'number' ? e.lines : null,
        'the quotes in this row are broken (text after a closing quote, or a quote inside an unquoted field). Fix the row or re-export the file.',
      );
    }
    throw err;
  }
  const out: CsvRecord[] = [];
  for (const { record, info } of rows) {
    if (record.every((f) => f === '')) continue;
    const inner = record.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    out.push({ fields: record.map(restoreCell), line: info.lines - inner });
  }
  return out;
}

/** Line where the last unclosed quote of `text` opens (doubled quotes inside a field toggle twice). */
function openQuoteLine(text: string): number {
  let line = 1;
  let open = 1;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      inQuotes = !inQuotes;
      if (inQuotes) open = line;
    } else if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
  }
  return open;
}

/**
 * A finite number as plain decimal text with `.` as decimal mark and no exponent (`1e-7` → `0.0000001`,
 * `1e21` → `1000000000000000000000`); `-0` stays `-0`. The digits are JavaScript's shortest round-trip
 * digits, so `Number(plainNumber(n)) === n` (and keeps the sign of zero).
 * @throws RangeError for NaN or ±Infinity.
 */
export function plainNumber(n: number): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new RangeError(`${String(n)} is not a finite number`);
  if (Object.is(n, -0)) return '-0';
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (m === null) return s;
  const sign = m[1] ?? '';
  const digits = `${m[2] ?? ''}${m[3] ?? ''}`;
  const exp = Number(m[4]);
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** Our own number cells: optional minus, digits, optional `.digits` (what {@link plainNumber} writes). */
const PLAIN = /^-?\d+(?:\.\d+)?$/;

/** A cell written by {@link plainNumber} back to its number, '' → null, anything else → undefined. */
export function readPlainNumber(cell: string): number | null | undefined {
  if (cell === '') return null;
  if (!PLAIN.test(cell)) return undefined;
  const n = Number(cell);
  return Number.isFinite(n) ? n : undefined;
}
