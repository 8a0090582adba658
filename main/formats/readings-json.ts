/**
 * The PMU readings JSON export, format version 1 (docs/export-formats.md, "Readings JSON"): lossless —
 * `parseReadingsJson(formatReadingsJson(r))` deep-equals `r`, raw bytes (base64 in the file) restored as
 * Uint8Array and a value of -0 kept as -0.
 */
import { randomUUID } from 'node:crypto';
import type { ReadingResult } from '../../protocol/reading';
import { ImportFormatError } from './errors';
import { envelopeSchema } from './readings-json-schema';

/** The `format` field of the envelope. */
export const READINGS_JSON_FORMAT = 'pmu-readings';
/** The format version this code writes and reads. */
export const READINGS_JSON_VERSION = 1;

const b64 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64');

/**
 * One reading as one line of JSON (no line break inside): the ReadingResult's fields, raw bytes as base64,
 * -0 written as `-0`. @throws RangeError for a number that is NaN or ±Infinity (JSON cannot hold it).
 */
export function readingJson(r: ReadingResult): string {
  const token = `\u0000-0:${randomUUID()}`;
  const text = JSON.stringify({ ...r, raw: { readout: b64(r.raw.readout), loadProfile: r.raw.loadProfile === null ? null : b64(r.raw.loadProfile) } }, (key, v: unknown) => {
    if (typeof v !== 'number') return v;
    if (!Number.isFinite(v)) throw new RangeError(`The reading of ${r.session.startedUtc} has a value that is not a finite number (${String(v)}) in "${key}".`);
    return Object.is(v, -0) ? token : v;
  });
  return text.split(JSON.stringify(token)).join('-0');
}

/** The first line of the file, up to and including `"readings":[`. `exportedUtc`: ISO UTC instant. */
export function readingsJsonHead(exportedUtc: string): string {
  return `{"format":${JSON.stringify(READINGS_JSON_FORMAT)},"version":${READINGS_JSON_VERSION},"exported_utc":${JSON.stringify(exportedUtc)},"readings":[\n`;
}

/** The last line of the file. */
export const READINGS_JSON_TAIL = ']}\n';

/**
 * Readings → the JSON export text: `{"format":"pmu-readings","version":1,"exported_utc":…,"readings":[…]}`
 * with one reading per line (after the first line). `opts.exportedUtc` defaults to now.
 * @throws RangeError for a non-finite number.
 */
export function formatReadingsJson(readings: readonly ReadingResult[], opts: { exportedUtc?: string } = {}): string {
  return readingsJsonHead(opts.exportedUtc ?? new Date().toISOString()) + readings.map(readingJson).join(',\n') + (readings.length > 0 ? '\n' : '') + READINGS_JSON_TAIL;
}

/**
 * The 1-based line of a JSON.parse error: the last line when the text ends too early, else from the position
 * newer V8 versions put in the message; null when unknown.
 */
function syntaxErrorLine(text: string, err: unknown): number | null {
  const message = err instanceof Error ? err.message : '';
  if (/end of JSON input/i.test(message)) return text.replace(/\s+$/, '').split('\n').length;
  const pos = /position (\d+)/.exec(message);
  return pos === null ? null : text.slice(0, Number(pos[1])).split('\n').length;
}

/** `readings[3].loadProfile.intervals[17]` from a zod issue path. */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/**
 * JSON export text → ReadingResults (zod-validated; raw bytes as Uint8Array).
 * @throws ImportFormatError: `not-json` (with the line when known) for text that is not JSON or cut short;
 *   `not-pmu-json` when `format` is not `pmu-readings`; `unsupported-version` for a newer version;
 *   `bad-field` naming the field (e.g. `readings[0].session.baud: expected number`), line null.
 */
export function parseReadingsJson(text: string, opts: { fileName?: string } = {}): ReadingResult[] {
  const named = (e: ImportFormatError) => (opts.fileName === undefined ? e : e.withFile(opts.fileName));
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    throw named(new ImportFormatError('not-json', syntaxErrorLine(body, err), 'the file is not valid JSON (damaged or cut short). Export the readings again.'));
  }
  const head = typeof data === 'object' && data !== null ? (data as { format?: unknown; version?: unknown }) : {};
  if (head.format !== READINGS_JSON_FORMAT) {
    throw named(new ImportFormatError('not-pmu-json', 1, 'this JSON file is not a PMU readings export (its "format" is not "pmu-readings").'));
  }
  if (typeof head.version === 'number' && head.version > READINGS_JSON_VERSION) {
    throw named(
      new ImportFormatError('unsupported-version', 1, `the export is of format version ${head.version}; this app reads version ${READINGS_JSON_VERSION}. Update PMU Workstation to import it.`),
    );
  }
  const parsed = envelopeSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : `${pathText(issue.path)}: `;
    throw named(new ImportFormatError('bad-field', null, `the export has a missing or wrong field (${where}${issue?.message ?? 'invalid'}). Export the readings again.`));
  }
  return parsed.data.readings;
}
