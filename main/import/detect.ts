/**
 * Recognising what a file holds from its bytes (the extension is only a tie-breaker): a .RES file, a raw
 * IEC 62056-21 data readout capture, a JSON export or a CSV. Also strict UTF-8 decoding with the line of
 * the first bad byte. Sources: docs/res-format.md (magic line), IEC 62056-21:2002 clause 6.3.5 (data readout
 * `STX … ! CR LF ETX BCC`, preceded on the wire by the identification and the echoed option select).
 */
import { isUtf8 } from 'node:buffer';
import { extname } from 'node:path';
import { STX } from '../../protocol/iec62056-21/control';
import type { ImportKind } from './types';

const BOM = [0xef, 0xbb, 0xbf];
const MAGIC = 'PMU-RES';

/** Offset after a UTF-8 byte-order mark, else 0. */
function afterBom(b: Uint8Array): number {
  return b.length >= 3 && b[0] === BOM[0] && b[1] === BOM[1] && b[2] === BOM[2] ? 3 : 0;
}

/** Index of the first byte at or after `from` that is not blank (space, TAB, CR, LF, NUL), or -1. */
function firstSignificant(b: Uint8Array, from: number): number {
  for (let i = from; i < b.length; i++) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a && c !== 0x00) return i;
  }
  return -1;
}

/** An identification line `/XXXZ…` (3 letters, a baud character) at a line start or after noise. */
const IDENTIFICATION = /\/[A-Za-z]{3}[0-9A-Za-z][^\r\n]*\r?\n/;
/** A first data line `address(value…)` (OBIS-like address) of a capture without identification and framing. */
const DATA_LINE = /^[0-9A-Za-z][0-9A-Za-z.:*&-]{0,30}\([^()\r\n]*\)/;

/**
 * True when the bytes look like a captured readout or push telegram (issue 17: captures of other tools):
 * - blanks, then an identification line `/…`, the echoed option select `ACK V Z Y CR LF` or STX itself, and an
 *   STX within the first 1 kB, bytes before it printable ASCII, CR, LF, ACK or NUL (what a probe records); or
 * - an identification line `/XXXZ…` within the first 1 kB (line noise or a request echo may precede it)
 *   followed by a data set `address(…)` (a push telegram or a text log whose control characters were stripped); or
 * - a first line that is a data set `address(value)` and an end mark `!` later (a telegram without its
 *   identification).
 */
export function looksLikeReadout(b: Uint8Array): boolean {
  const start = firstSignificant(b, 0);
  if (start < 0) return false;
  const first = b[start]!;
  const limit = Math.min(b.length, 1024);
  if (first === STX || first === 0x06 || first === 0x2f /* '/' */) {
    for (let i = start; i < limit; i++) {
      const c = b[i]!;
      if (c === STX) return true;
      const ok = (c >= 0x20 && c <= 0x7e) || c === 0x0d || c === 0x0a || c === 0x06 || c === 0x00;
      if (!ok) break;
    }
  }
  const head = Buffer.from(b.buffer, b.byteOffset, limit).toString('latin1');
  const id = IDENTIFICATION.exec(head);
  if (id !== null && head.indexOf('(', id.index) > 0) return true;
  return DATA_LINE.test(head.slice(start)) && b.indexOf(0x21 /* ! */) > 0;
}

/** True when the bytes contain a NUL outside leading blanks, or are not valid UTF-8: binary data, not text. */
export function looksBinary(b: Uint8Array): boolean {
  const start = firstSignificant(b, 0);
  if (start >= 0 && b.indexOf(0x00, start) >= 0) return true;
  return !isUtf8(b);
}

/**
 * The kind of content in `bytes` (file name `name` for its extension), or null when it is none of them:
 * - `res`: starts (after an optional BOM) with `PMU-RES`;
 * - `readout`: see {@link looksLikeReadout};
 * - `json`: first non-blank character `{` or `[`;
 * - `res` again: any other file with the extension `.res` (so a damaged or foreign .RES file gets the .RES
 *   reader's precise reason);
 * - `csv`: text (not binary) with the extension .csv/.tsv, or whose first line holds a `,`, `;` or TAB.
 * Checked in this order.
 * Empty bytes give null. Never throws.
 */
export function detectKind(name: string, bytes: Uint8Array): ImportKind | null {
  if (bytes.length === 0) return null;
  const o = afterBom(bytes);
  let magic = true;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[o + i] !== MAGIC.charCodeAt(i)) magic = false;
  if (magic) return 'res';
  if (looksLikeReadout(bytes)) return 'readout';
  const s = firstSignificant(bytes, o);
  if (s >= 0 && (bytes[s] === 0x7b || bytes[s] === 0x5b)) return 'json';
  const ext = extname(name).toLowerCase();
  if (ext === '.res') return 'res';
  if (looksBinary(bytes)) return null;
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  let end = bytes.indexOf(0x0a, o);
  if (end < 0) end = bytes.length;
  for (let i = o; i < end; i++) {
    const c = bytes[i];
    if (c === 0x2c || c === 0x3b || c === 0x09) return 'csv';
  }
  return null;
}

/**
 * Bytes → text, strictly UTF-8 (a leading BOM is kept for the parsers, which drop it). Throws
 * {@link NotTextError} with the 1-based line of the first invalid byte sequence.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  // isUtf8 + toString: the same result as a fatal TextDecoder, several times faster on big files.
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      if (!isUtf8(bytes.subarray(start, i))) break;
      line++;
      start = i + 1;
    }
  }
  throw new NotTextError(line);
}

/** Bytes that are not UTF-8 text; `line` is where the first bad byte sequence is. */
export class NotTextError extends Error {
  override readonly name = 'NotTextError';
  constructor(readonly line: number) {
    super(`the file is not UTF-8 text (line ${line})`);
  }
}
