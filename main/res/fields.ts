/**
 * Field-level encoding of the .RES format (docs/res-format.md, "Fields"): text escaping, numbers, time stamps,
 * value groups and base64 lines. Writers throw RangeError for data the format cannot hold; readers throw
 * ResFormatError with the line number.
 */
import { ResFormatError } from './errors';

/** Characters always written as escapes: C0 controls, DEL, C1 controls, U+2028/U+2029 line separators, BOM. */
const NEEDS_ESCAPE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\\]/;

/**
 * Text → one escaped cell: `\` → `\\`, TAB → `\t`, LF → `\n`, CR → `\r`, other characters below U+0100 that
 * are not printable → `\xNN`, U+2028/U+2029/U+FEFF and lone surrogates → `\uXXXX` (hex upper case).
 * With `parens`, `(` and `)` become `\x28` / `\x29` (inside value groups). Everything else is kept as is.
 */
export function escapeText(s: string, parens = false): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] as string;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
      out += ch + (s[i + 1] as string);
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out += `\\u${hex(c, 4)}`;
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (parens && (ch === '(' || ch === ')')) out += `\\x${hex(c, 2)}`;
    else if (NEEDS_ESCAPE.test(ch)) out += c < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`;
    else out += ch;
  }
  return out;
}

const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

/** A nullable text: null → empty cell, '' → `\E`, else {@link escapeText}. */
export function escapeNullable(s: string | null): string {
  return s === null ? '' : s === '' ? '\\E' : escapeText(s);
}

/**
 * Escaped cell → text (inverse of {@link escapeText}). Throws ResFormatError `bad-escape` for an unknown
 * escape or a raw control character (the writer never leaves one).
 */
export function unescapeText(cell: string, line: number, what: string): string {
  if (!NEEDS_ESCAPE.test(cell)) return cell; // no backslash, no control character: nothing to undo
  let out = '';
  for (let i = 0; i < cell.length; i++) {
    const ch = cell[i] as string;
    if (ch !== '\\') {
      if (NEEDS_ESCAPE.test(ch)) bad(line, `${what} contains a raw control character (code ${hex(ch.charCodeAt(0), 2)}).`);
      out += ch;
      continue;
    }
    const next = cell[i + 1];
    if (next === '\\') out += '\\';
    else if (next === 't') out += '\t';
    else if (next === 'n') out += '\n';
    else if (next === 'r') out += '\r';
    else if (next === 'x' && /^[0-9A-Fa-f]{2}$/.test(cell.slice(i + 2, i + 4))) {
      out += String.fromCharCode(parseInt(cell.slice(i + 2, i + 4), 16));
      i += 2;
    } else if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(cell.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(cell.slice(i + 2, i + 6), 16));
      i += 4;
    } else bad(line, `${what} has an unknown escape "\\${next ?? ''}" (allowed: \\t \\n \\r \\\\ \\xNN \\uXXXX).`);
    i++;
  }
  return out;
}

function bad(line: number, detail: string): never {
  throw new ResFormatError('bad-escape', line, `${detail} The file was not written by PMU Workstation or was edited.`);
}

/** Nullable text cell: empty → null, exactly `\E` → '', else {@link unescapeText}. */
export function unescapeNullable(cell: string, line: number, what: string): string | null {
  return cell === '' ? null : cell === '\\E' ? '' : unescapeText(cell, line, what);
}

/**
 * A finite number as the shortest text that re-parses to the identical number (`String(n)`; `-0` as `-0`).
 * Throws RangeError for NaN or ±Infinity, which the format cannot hold.
 */
export function formatNumber(n: number, what: string): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new RangeError(`${what} is not a finite number (${String(n)}); a .RES file cannot hold it.`);
  return Object.is(n, -0) ? '-0' : String(n);
}

/** A nullable number: null → empty cell. */
export function formatNullableNumber(n: number | null, what: string): string {
  return n === null ? '' : formatNumber(n, what);
}

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** Cell → number (decimal, optional exponent). Throws ResFormatError `bad-number`. */
export function parseNumber(cell: string, line: number, what: string): number {
  const n = NUMBER.test(cell) ? Number(cell) : NaN;
  if (!Number.isFinite(n)) {
    throw new ResFormatError('bad-number', line, `${what} "${cell}" is not a number.`);
  }
  return n;
}

/** Nullable number cell: empty → null. */
export function parseNullableNumber(cell: string, line: number, what: string): number | null {
  return cell === '' ? null : parseNumber(cell, line, what);
}

const UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?$/;

/**
 * True when `s` is a valid time stamp: `utc` = `YYYY-MM-DDThh:mm:ss[.fff]Z`; local (meter wall clock, no
 * offset) = `YYYY-MM-DDThh:mm[:ss[.fff]]`. Calendar-checked (month, days in month, hour ≤ 23, min/s ≤ 59).
 */
export function isTimestamp(s: string, utc: boolean): boolean {
  // Fast path for the forms this app writes (UTC `YYYY-MM-DDThh:mm:ss.sssZ`, local `YYYY-MM-DDThh:mm:ss`): checked
  // character by character without a regular expression, three times per load-profile interval. Anything
  // else takes the regular expression below; both give the same answer.
  const n = s.length;
  if (utc ? n === 24 && s.charCodeAt(19) === 0x2e && s.charCodeAt(23) === 0x5a && digits(s, 20, 3) : n === 19) {
    if (s.charCodeAt(4) === 0x2d && s.charCodeAt(7) === 0x2d && s.charCodeAt(10) === 0x54 && s.charCodeAt(13) === 0x3a && s.charCodeAt(16) === 0x3a) {
      const y = two(s, 0) * 100 + two(s, 2);
      const mo = two(s, 5);
      const d = two(s, 8);
      const h = two(s, 11);
      const mi = two(s, 14);
      const sec = two(s, 17);
      if (y >= 0 && mo >= 0 && d >= 0 && h >= 0 && mi >= 0 && sec >= 0) {
        return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h <= 23 && mi <= 59 && sec <= 59;
      }
    }
  }
  const m = (utc ? UTC : LOCAL).exec(s);
  if (m === null) return false;
  const y = +m[1]!;
  const mo = +m[2]!;
  const d = +m[3]!;
  const sec = m[6] === undefined ? 0 : +m[6];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && +m[4]! <= 23 && +m[5]! <= 59 && sec <= 59;
}

/** The number of the two ASCII digits at `i`, or a negative number when they are not both digits. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -10_000;
}

/** True when the `count` characters from `i` are ASCII digits. */
function digits(s: string, i: number, count: number): boolean {
  for (let k = i; k < i + count; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Days in month `mo` (1–12) of year `y`, Gregorian. Years 0–99 count as 1900–1999, as `Date.UTC` (used here
 * before) takes them. Plain arithmetic: this check runs three times per load-profile interval.
 */
function daysInMonth(y: number, mo: number): number {
  if (mo === 2) {
    const yy = y < 100 ? y + 1900 : y;
    return yy % 4 === 0 && (yy % 100 !== 0 || yy % 400 === 0) ? 29 : 28;
  }
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** Writer side: `s` unchanged when a valid time stamp, else RangeError. */
export function formatTimestamp(s: string, utc: boolean, what: string): string {
  if (typeof s !== 'string' || !isTimestamp(s, utc)) {
    throw new RangeError(`${what} "${String(s)}" is not a valid ${utc ? 'UTC time stamp (YYYY-MM-DDThh:mm:ss.sssZ)' : 'local time (YYYY-MM-DDThh:mm:ss)'}.`);
  }
  return s;
}

/** Reader side: the cell when a valid time stamp, else ResFormatError `bad-timestamp`. */
export function parseTimestamp(cell: string, line: number, utc: boolean, what: string): string {
  if (!isTimestamp(cell, utc)) {
    const form = utc ? 'a UTC time YYYY-MM-DDThh:mm:ss.sssZ' : 'a meter local time YYYY-MM-DDThh:mm:ss';
    throw new ResFormatError('bad-timestamp', line, `${what} "${cell}" is not ${form}.`);
  }
  return cell;
}

/** Value groups → `(raw1)(raw2)…` with `(`/`)` inside escaped; no groups → empty cell. */
export function formatGroups(raws: readonly string[]): string {
  return raws.map((r) => `(${escapeText(r, true)})`).join('');
}

/** Inverse of {@link formatGroups}. Throws ResFormatError `bad-value` / `bad-escape`. */
export function parseGroups(cell: string, line: number, what: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < cell.length) {
    const close = cell.indexOf(')', i);
    if (cell[i] !== '(' || close < 0 || cell.slice(i + 1, close).includes('(')) {
      throw new ResFormatError('bad-value', line, `${what} "${cell}" is not a list of value groups "(…)(…)".`);
    }
    out.push(unescapeText(cell.slice(i + 1, close), line, what));
    i = close + 1;
  }
  return out;
}

/** Bytes → base64 lines of 76 characters (the last may be shorter); no bytes → no lines. */
export function base64Lines(bytes: Uint8Array): string[] {
  const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines;
}

/**
 * Base64 lines (first at 1-based `firstLine`) → exactly `count` bytes. Throws ResFormatError `bad-base64`
 * for a line of the wrong length, a character outside the base64 alphabet, misplaced padding, or a
 * different byte count.
 */
export function parseBase64Lines(lines: readonly string[], firstLine: number, count: number, what: string): Uint8Array {
  lines.forEach((l, k) => {
    const last = k === lines.length - 1;
    const ok = /^[A-Za-z0-9+/]*={0,2}$/.test(l) && (last ? l.length > 0 && l.length <= 76 && l.length % 4 === 0 : l.length === 76 && !l.includes('='));
    if (!ok) {
      throw new ResFormatError('bad-base64', firstLine + k, `${what}: this line is not base64 in lines of 76 characters.`);
    }
  });
  const text = lines.join('');
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  if (Buffer.from(bytes).toString('base64') !== text || bytes.length !== count) {
    throw new ResFormatError(
      'bad-base64',
      firstLine + Math.max(0, lines.length - 1),
      `${what}: the base64 lines hold ${bytes.length} bytes, but the section says bytes=${count}.`,
    );
  }
  return bytes;
}
