/**
 * The watcher's decision for one file at one scan (pure, so it is tested without clocks and folders):
 * import it, look at its bytes first, wait because it may still be written, or skip it.
 */
import type { ImportLogEntry } from '../store/import-log';

/** What a scan saw of a file: size (bytes), modification time and last change (epoch ms). */
export interface Look {
  readonly size: number;
  readonly mtimeMs: number;
  /** The later of modification and status-change time (a file renamed into the folder counts as changed). */
  readonly changedMs: number;
}

/**
 * - `skip`: the import log's latest row for this path has the same size and mtime and was not quarantined:
 *   this very file was handled already.
 * - `check-content`: same size and mtime, but quarantined: retry only when its SHA-256 differs from the logged
 *   one (a file rewritten in place with the same size and time), or it was unreadable then and is readable now.
 * - `unsettled`: changed less than `settleMs` ago and not seen with the same size and mtime at the previous
 *   look: it may still be being written; look again soon.
 * - `import`: anything else.
 */
export function decideScan(
  look: Look,
  previous: Look | undefined,
  logged: Pick<ImportLogEntry, 'size' | 'mtimeMs' | 'result'> | null,
  nowMs: number,
  settleMs: number,
): 'import' | 'check-content' | 'unsettled' | 'skip' {
  if (logged !== null && logged.size === look.size && logged.mtimeMs === look.mtimeMs) {
    return logged.result === 'quarantined' ? 'check-content' : 'skip';
  }
  const steady = previous !== undefined && previous.size === look.size && previous.mtimeMs === look.mtimeMs;
  if (!steady && nowMs - look.changedMs < settleMs) return 'unsettled';
  return 'import';
}
