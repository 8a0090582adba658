/**
 * Importing one file (from disk or uploaded bytes): read, recognise by content, decode, store in one
 * transaction, log. A file that cannot be imported is quarantined with a plain reason and line; it never
 * throws for a bad file. Shared design of issue 5 (see ./types.ts).
 */
import { ownFingerprint } from '../audit/installation-signer';
import { checkResSignature, signatureWords } from '../res/signature';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ReadingResult } from '../../protocol/reading';
import { appendAudit } from '../audit/append';
import type { AppContext } from '../core/context';
import { StoreError } from '../core/errors';
import { addImportLog } from '../store/import-log';
import { decodeReadings, SOURCE_OF } from './decode';
import { detectKind, looksBinary } from './detect';
import { QuarantineError, readErrorReason, REASONS, toQuarantine } from './quarantine';
import { storeReadings, type StoredReadings } from './save';
import type { ImportFileOutcome, ImportKind, ImportOptions } from './types';

/** What is known about the bytes' origin. */
export interface FileMeta {
  /** Path (or upload name) as logged and reported. */
  readonly file: string;
  /** Modification time, epoch ms (null for uploads). */
  readonly mtimeMs: number | null;
  /** Reading time of a readout capture without meter clock, UTC ISO. */
  readonly fileTimeUtc: string;
  /** Path recorded as the .RES file of readings from a .RES (null for uploads). */
  readonly resPath: string | null;
}

/** SHA-256 (lower-case hex) of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Logs and returns the quarantine outcome of a file. */
function quarantine(
  ctx: AppContext,
  meta: { file: string; size: number | null; mtimeMs: number | null; sha256: string | null },
  kind: ImportKind | null,
  q: QuarantineError,
  opts: ImportOptions,
  t0: number,
): ImportFileOutcome {
  const durationMs = performance.now() - t0;
  const counts = { readingIds: [], registers: 0, intervals: 0, durationMs, reason: q.reason, line: q.line };
  addImportLog(ctx.db, { ...meta, ...counts, kind, mode: opts.mode ?? 'append', result: 'quarantined', folderId: opts.folderId ?? null, origin: opts.origin ?? null });
  return { file: meta.file, kind, result: 'quarantined', ...counts };
}

/**
 * Imports `bytes` whose origin is `meta` (the common path of importFile and importContent). Synchronous:
 * decoding and the store transaction run without yielding. Throws only StoreErrors that are not the file's
 * fault (disk full, database locked or read-only), after which nothing of the file is stored.
 */
export function importBytes(ctx: AppContext, meta: FileMeta, bytes: Uint8Array, opts: ImportOptions = {}, t0 = performance.now()): ImportFileOutcome {
  const sha256 = sha256Hex(bytes);
  const logMeta = { file: meta.file, size: bytes.length, mtimeMs: meta.mtimeMs, sha256 };
  if (bytes.length === 0) return quarantine(ctx, logMeta, null, new QuarantineError(REASONS.empty), opts, t0);
  const kind = detectKind(meta.file, bytes);
  if (kind === null) {
    return quarantine(ctx, logMeta, null, new QuarantineError(looksBinary(bytes) ? REASONS.binary : REASONS.unknown), opts, t0);
  }
  const mode = opts.mode ?? 'append';
  // A .RES file's signature (main/res/signature.ts): said in the outcome and the audit record; a broken one quarantines.
  const signature = kind === 'res' ? resSignatureOf(ctx, bytes) : null;
  if (signature?.startsWith('signature does not match')) return quarantine(ctx, logMeta, kind, new QuarantineError(REASONS.badSignature), opts, t0);
  let readings: ReadingResult[];
  try {
    readings = decodeReadings(kind, bytes, {
      name: basename(meta.file),
      fileTimeUtc: meta.fileTimeUtc,
      timeZone: ctx.timeZone,
      operator: ctx.operator,
      software: ctx.software,
      csvMapping: opts.csvMapping,
    });
  } catch (err) {
    return quarantine(ctx, logMeta, kind, toQuarantine(err) ?? new QuarantineError(String(err)), opts, t0);
  }
  let durationMs = 0;
  let stored: StoredReadings;
  // The file's readings and their audit record (`readings.imported`, by ctx.actor) commit together.
  const storeAndRecord = ctx.db.transaction((): StoredReadings => {
    const st = storeReadings(ctx.db, readings, {
      source: SOURCE_OF[kind],
      mode,
      resPath: kind === 'res' ? meta.resPath : null,
      log: (s) => {
        durationMs = performance.now() - t0;
        const { result, readingIds, registers, intervals } = s;
        const who = { folderId: opts.folderId ?? null, origin: opts.origin ?? null };
        return { ...logMeta, ...who, kind, mode, result, readingIds, registers, intervals, durationMs, reason: null, line: null };
      },
    });
    if (st.result !== 'duplicate') {
      const serials = [...new Set(readings.map((r) => r.meter.serial).filter((x): x is string => x !== null))];
      appendAudit(ctx, {
        action: 'readings.imported',
        meterSerial: serials.length === 1 ? serials[0]! : null,
        object: `file:${basename(meta.file)}`,
        summary: { after: { result: st.result, kind, mode, readingIds: st.readingIds, registers: st.registers, intervals: st.intervals, sha256, origin: opts.origin ?? null, ...(signature ? { signature } : {}) } },
      });
    }
    return st;
  });
  try {
    stored = storeAndRecord.immediate(); // the write lock up front (CLI and UI share the store)
  } catch (err) {
    // Data the store refuses (StoreError INVALID_DATA) is the file's fault; any other store failure is not.
    if (!(err instanceof StoreError) || err.code !== 'INVALID_DATA') throw err;
    return quarantine(ctx, logMeta, kind, new QuarantineError(err.message), opts, t0);
  }
  const { result, readingIds, registers, intervals } = stored;
  return { file: meta.file, kind, result, readingIds, registers, intervals, durationMs, reason: null, line: null, ...(signature ? { signature } : {}) };
}

/** The signature of a .RES file's bytes in words (main/res/signature.ts), or null when they are not UTF-8 (parseRes says why). */
function resSignatureOf(ctx: AppContext, bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  return signatureWords(checkResSignature(text), ownFingerprint(ctx));
}

/** A file as read from disk for import: its bytes, or the error that prevented reading them. */
export interface LoadedFile {
  readonly path: string;
  /** Size (bytes) and modification time (epoch ms) when it could be looked at, else null. */
  readonly size: number | null;
  readonly mtimeMs: number | null;
  /** The bytes, or null when the file could not be read (`error` says why). */
  readonly bytes: Uint8Array | null;
  readonly error: unknown;
  /** Milliseconds the reading took (part of the file's import duration). */
  readonly readMs: number;
}

/** Reads `path` for import (open, stat, read, close). Never throws: a failure is in `error`. */
export async function loadFile(path: string): Promise<LoadedFile> {
  const t0 = performance.now();
  let size: number | null = null;
  let mtimeMs: number | null = null;
  try {
    const fh = await open(path, 'r');
    try {
      const st = await fh.stat();
      size = st.size;
      mtimeMs = st.mtimeMs;
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      const bytes = await fh.readFile();
      return { path, size, mtimeMs, bytes, error: null, readMs: performance.now() - t0 };
    } finally {
      await fh.close();
    }
  } catch (error) {
    return { path, size, mtimeMs, bytes: null, error, readMs: performance.now() - t0 };
  }
}

/**
 * As {@link loadFile}, synchronously: for folder imports, where a file is decoded and stored synchronously
 * right after it is read anyway; one blocking read costs less than the several event-loop round trips of an
 * asynchronous one (bench/import.ts).
 */
export function loadFileSync(path: string): LoadedFile {
  const t0 = performance.now();
  let size: number | null = null;
  let mtimeMs: number | null = null;
  try {
    const fd = openSync(path, 'r');
    try {
      const st = fstatSync(fd);
      size = st.size;
      mtimeMs = st.mtimeMs;
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      const bytes = readFileSync(fd);
      return { path, size, mtimeMs, bytes, error: null, readMs: performance.now() - t0 };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return { path, size, mtimeMs, bytes: null, error, readMs: performance.now() - t0 };
  }
}

/** Imports a file read by {@link loadFile} (synchronous; see importFile). */
export function importLoaded(ctx: AppContext, f: LoadedFile, opts: ImportOptions = {}): ImportFileOutcome {
  const t0 = performance.now() - f.readMs;
  if (f.bytes === null || f.mtimeMs === null) {
    const meta = { file: f.path, size: f.size, mtimeMs: f.mtimeMs, sha256: null };
    return quarantine(ctx, meta, null, new QuarantineError(readErrorReason(f.error)), opts, t0);
  }
  return importBytes(ctx, { file: f.path, mtimeMs: f.mtimeMs, fileTimeUtc: new Date(f.mtimeMs).toISOString(), resPath: f.path }, f.bytes, opts, t0);
}

/**
 * Imports the file at `path` (see the shared design): recognised by content (.RES, raw readout capture,
 * load-profile CSV — `opts.csvMapping` for a foreign one —, PMU JSON export), stored in one transaction
 * (`opts.mode` append/overwrite), logged in the import log. Never throws for a bad or unreadable file:
 * the outcome is then `quarantined` with its reason and line. Throws StoreError when the store itself fails
 * (disk full, locked, read-only): nothing of the file is stored and it can be tried again.
 */
export async function importFile(ctx: AppContext, path: string, opts: ImportOptions = {}): Promise<ImportFileOutcome> {
  return importLoaded(ctx, await loadFile(path), opts);
}

/**
 * Imports uploaded bytes named `name` (drag-and-drop or file dialog in the UI), exactly like importFile.
 * A readout capture without meter clock takes `opts.modifiedUtc` (the file's time as the browser saw it;
 * default, or when not a valid date: now) as its reading time. No .RES path is recorded.
 */
export async function importContent(ctx: AppContext, name: string, bytes: Uint8Array, opts: ImportOptions = {}): Promise<ImportFileOutcome> {
  const at = opts.modifiedUtc === undefined ? NaN : Date.parse(opts.modifiedUtc);
  const fileTimeUtc = new Date(Number.isNaN(at) ? Date.now() : at).toISOString();
  return importBytes(ctx, { file: name, mtimeMs: null, fileTimeUtc, resPath: null }, bytes, { origin: 'upload', ...opts });
}
