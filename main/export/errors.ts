/**
 * The error of an export that could not be made for a reason the technician can act on (nothing matches the
 * filter, a bad date range, too many rows for Excel). File-system failures are StoreErrors (READ_ONLY,
 * DISK_FULL…) from main/store/errors.ts.
 */

/** Stable codes of {@link ExportError}. */
export type ExportErrorCode =
  /** No stored reading (or meter) matches the filter: nothing was written. */
  | 'nothing-selected'
  /** A date/time bound cannot be read, or the range ends before it starts. */
  | 'bad-range'
  /** The readings cannot be written in this format (e.g. more rows than an Excel sheet holds). */
  | 'cannot-format';

/** An export that was not made; `message` is plain language saying what to change. Nothing was written. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  constructor(
    readonly code: ExportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
