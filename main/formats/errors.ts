/**
 * The error raised when an imported file (load-profile CSV, PMU JSON export) cannot be read.
 * Formats and reasons: docs/export-formats.md ("Reading files back: errors").
 */

/** Why a file was refused (stable codes for tests, the import log and the quarantine view). */
export type ImportFormatReason =
  /** The file holds no data rows (empty, only a header, or only blank lines). */
  | 'empty'
  /** Broken CSV quoting (a quote not closed, text after a closing quote). */
  | 'bad-csv'
  /** A CSV that is not a PMU load-profile export and no column mapping was given. */
  | 'needs-mapping'
  /** A PMU registers CSV: it is an export for reading only and cannot be imported (use the JSON export). */
  | 'registers-csv'
  /** A header cell that is not what the format expects (e.g. a channel column not `<obis> [<unit>]`). */
  | 'bad-header'
  /** A column named by the mapping is not in the header, or a column number is past the last column. */
  | 'missing-column'
  /** A row with a different number of columns than the header. */
  | 'wrong-column-count'
  /** A value that is not a number (in the file's decimal notation). */
  | 'bad-number'
  /** A time stamp that cannot be read with the expected form, or that contradicts the row's other times. */
  | 'bad-timestamp'
  /** A local time that does not exist (skipped by the spring DST change). */
  | 'nonexistent-time'
  /** The same interval (same meter, same UTC start) appears twice. */
  | 'duplicate-interval'
  /** A value outside its allowed set (dst not 0/1, unknown time zone, interval end not after its start…). */
  | 'bad-value'
  /** The column mapping itself is unusable (no channel, bad capture period, unknown time zone…). */
  | 'bad-mapping'
  /** Not JSON text, or JSON cut short. */
  | 'not-json'
  /** JSON, but not a PMU readings export (`format` is not `pmu-readings`). */
  | 'not-pmu-json'
  /** A PMU readings export of a newer format version than this app reads. */
  | 'unsupported-version'
  /** A PMU readings export with a missing or wrongly typed field. */
  | 'bad-field';

const REASONS: Record<ImportFormatReason, true> = {
  empty: true, 'bad-csv': true, 'needs-mapping': true, 'registers-csv': true, 'bad-header': true, 'missing-column': true,
  'wrong-column-count': true, 'bad-number': true, 'bad-timestamp': true, 'nonexistent-time': true,
  'duplicate-interval': true, 'bad-value': true, 'bad-mapping': true, 'not-json': true, 'not-pmu-json': true,
  'unsupported-version': true, 'bad-field': true,
};

/** Every {@link ImportFormatReason} (documented in docs/export-formats.md, "Reading files back: errors"). */
export const IMPORT_FORMAT_REASONS: readonly ImportFormatReason[] = Object.keys(REASONS) as ImportFormatReason[];

/**
 * An imported file could not be read. `reason` is a stable code, `line` the 1-based line of the file where
 * the problem was found (null when the format has no useful line, e.g. a JSON field), `file` the file name
 * when known. `message` is plain language with the line and what to do; `detail` is the problem alone.
 */
export class ImportFormatError extends Error {
  override readonly name = 'ImportFormatError';
  constructor(
    readonly reason: ImportFormatReason,
    readonly line: number | null,
    /** The problem alone, without file name and line (the message is built from it). */
    readonly detail: string,
    readonly file?: string,
  ) {
    const where = file === undefined ? 'The file' : `The file "${file}"`;
    super(`${where} cannot be imported: ${line === null ? '' : `line ${line}: `}${detail}`);
  }

  /** The same error naming `file` in its message. */
  withFile(file: string): ImportFormatError {
    return new ImportFormatError(this.reason, this.line, this.detail, file);
  }
}
