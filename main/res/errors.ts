/**
 * The error raised when a .RES reading-result file cannot be read (format: docs/res-format.md).
 */

/** Why a .RES file was refused (stable codes for tests, logs and the UI). */
export type ResErrorReason =
  /** The file's bytes are not valid UTF-8 text (readResFile only). */
  | 'not-utf8'
  /** The first line is not `PMU-RES <version>`: not a .RES file of this app. */
  | 'not-res'
  /** The file is of a newer format version than this app reads. */
  | 'unsupported-version'
  /** The `[end]` section (or part of it) is missing: the file was cut short. */
  | 'truncated'
  /** The line count or SHA-256 in `[end]` does not match the content: changed or cut after writing. */
  | 'checksum-mismatch'
  /** Something follows the `[end]` section. */
  | 'trailing-data'
  /** A required section is missing (or out of order). */
  | 'missing-section'
  /** An unknown or repeated section header. */
  | 'bad-section'
  /** A line that is not `key=value`, an unknown, repeated or missing key, or a wrong column header row. */
  | 'bad-line'
  /** A table row with the wrong number of columns. */
  | 'bad-row'
  /** A number that is not a finite decimal number. */
  | 'bad-number'
  /** A time stamp that is not a valid ISO 8601 UTC instant / meter local time. */
  | 'bad-timestamp'
  /** Raw bytes that are not valid base64 lines of 76 characters, or not the stated byte count. */
  | 'bad-base64'
  /** A backslash escape that is not one of `\t \n \r \\ \xNN \uXXXX \E`, or an unescaped control character. */
  | 'bad-escape'
  /** A value outside its allowed set (e.g. dst not 0/1, note level not info/warning). */
  | 'bad-value';

const REASONS: Record<ResErrorReason, true> = {
  'not-utf8': true,
  'not-res': true,
  'unsupported-version': true,
  truncated: true,
  'checksum-mismatch': true,
  'trailing-data': true,
  'missing-section': true,
  'bad-section': true,
  'bad-line': true,
  'bad-row': true,
  'bad-number': true,
  'bad-timestamp': true,
  'bad-base64': true,
  'bad-escape': true,
  'bad-value': true,
};

/** Every {@link ResErrorReason} (documented in docs/res-format.md, "Reading a file"). */
export const RES_ERROR_REASONS: readonly ResErrorReason[] = Object.keys(REASONS) as ResErrorReason[];

/**
 * A .RES file could not be read. `line` is the 1-based line number where the problem was found, `reason`
 * a stable code, `file` the file name when known; `message` is plain language with the advice to give.
 */
export class ResFormatError extends Error {
  override readonly name = 'ResFormatError';
  constructor(
    readonly reason: ResErrorReason,
    readonly line: number,
    /** The problem alone, without file name and line (the message is built from it). */
    readonly detail: string,
    readonly file?: string,
  ) {
    super(`${file === undefined ? 'The .RES file' : `The .RES file "${file}"`} cannot be read (line ${line}): ${detail}`);
  }

  /** The same error naming `file` in its message. */
  withFile(file: string): ResFormatError {
    return new ResFormatError(this.reason, this.line, this.detail, file);
  }
}
