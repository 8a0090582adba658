/**
 * Why a file is refused: every failure while reading, recognising or checking a file becomes one
 * plain-language reason (what is wrong and what to do) and, when known, the 1-based line of the file.
 * Store failures that are not the file's fault (disk full, database locked…) are NOT quarantine reasons:
 * they are thrown on, so the file is tried again later.
 */
import { ImportFormatError } from '../formats/errors';
import { ResFormatError } from '../res/errors';
import { StoreError } from '../core/errors';
import { NotTextError } from './detect';

/** A file refused for a reason the file itself carries; `line` is 1-based or null. */
export class QuarantineError extends Error {
  override readonly name = 'QuarantineError';
  constructor(
    readonly reason: string,
    readonly line: number | null = null,
  ) {
    super(reason);
  }
}

/** Fixed reasons (exported for tests and the docs). */
export const REASONS = {
  badSignature:
    'The .RES file\'s signature does not match its content: it was changed after the workstation signed it (or the signature was copied from another file). Use the original file.',
  empty: 'The file is empty (0 bytes): it was not written completely. Copy it again from where it came from.',
  binary:
    'The file holds binary data, not a reading: it is not a .RES file, a meter readout capture, a load-profile CSV or a JSON export.',
  unknown:
    'The file is not a reading this app can import: not a .RES file (first line "PMU-RES 1"), a meter data readout capture (STX … ETX), a load-profile CSV or a JSON export.',
  needsMapping:
    'This CSV needs a column mapping: it is not a PMU load-profile export. Import it with the column mapping dialog, or with "pmu import --csv-map <mapping.json>".',
  noReadings: 'The file holds no reading.',
} as const;

const upperFirst = (s: string) => (s === '' ? s : s[0]!.toUpperCase() + s.slice(1));

/** Plain reason for a file-system error while reading `file` (code from Node's ErrnoException). */
export function readErrorReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code ?? '';
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'The file cannot be read: permission denied. Ask for read access to it (or copy it to a folder you can read) and import it again.';
    case 'ENOENT':
      return 'The file disappeared before it could be read (moved, renamed or deleted by another program).';
    case 'EISDIR':
      return 'This is a folder, not a file.';
    case 'EBUSY':
      return 'The file is locked by another program (still being copied?). It is tried again when it changes.';
    default:
      return `The file cannot be read (${code || (err instanceof Error ? err.message : String(err))}). Check the disk or network share and try again.`;
  }
}

/**
 * The quarantine reason and line of `err` thrown while decoding a file, or null when `err` is not the
 * file's fault (a StoreError other than INVALID_DATA) and must be thrown on.
 */
export function toQuarantine(err: unknown): QuarantineError | null {
  if (err instanceof QuarantineError) return err;
  if (err instanceof ResFormatError) return new QuarantineError(`The .RES file cannot be read: ${err.detail}`, err.line);
  if (err instanceof NotTextError) {
    return new QuarantineError('The file is not UTF-8 text: it was damaged, or saved by an editor in another encoding.', err.line);
  }
  if (err instanceof ImportFormatError) {
    if (err.reason === 'needs-mapping') return new QuarantineError(REASONS.needsMapping, err.line);
    return new QuarantineError(upperFirst(err.detail), err.line);
  }
  if (err instanceof StoreError) {
    return err.code === 'INVALID_DATA' ? new QuarantineError(err.message) : null;
  }
  if (err instanceof RangeError) return new QuarantineError(upperFirst(err.message));
  return new QuarantineError(`The file could not be imported: ${err instanceof Error ? err.message : String(err)}`);
}
