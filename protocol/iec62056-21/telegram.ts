import type { Register } from '../reading';
import { computeBcc } from './bcc';
import { bytesToAscii } from './control';
import { scanDataSets } from './data-block';
import { BccError, FrameError } from './errors';
import { parseIdentification, type Identification } from './identification';

/**
 * One telegram — a mode A/B/C/E data readout `STX data ! CR LF ETX BCC`, or a mode D push telegram
 * `/XXXZ ident CR LF CR LF data ! CR LF` with or without STX/ETX/BCC — found in a byte stream or a capture
 * file. The one parser behind the live reader (`parseReadout`), listen mode (main/links/listen) and capture
 * import (main/import/readout-capture.ts). Sources: IEC 62056-21:2002 clauses 6.3.2 (identification), 6.3.5
 * (data readout), 6.4.6 (mode D: the meter sends its identification and data at fixed intervals, no request);
 * ../shared/reference/iec62056-21.md (BCC: XOR after STX up to and including ETX).
 * Tolerant of what real meters and logging tools produce (issue 10 item 6, issue 17): noise, echoes and NUL
 * wake-up bytes before the telegram, control characters stripped from text logs, LF or LF LF line ends,
 * identifications with trailing spaces or `\@` / `\2` markers, the data-block deviations of data-block.ts.
 * Refused only when truly broken: a checksum that does not match (BccError), no end (FrameError).
 */
export interface Telegram {
  /** The identification line before the data, or null when the telegram has none (a bare readout). */
  readonly identification: Identification | null;
  readonly registers: Register[];
  /** The data block text as sent, from after STX (or the identification line) up to the end mark `!`. */
  readonly dataBlock: string;
  /** `valid` when the telegram was framed STX … ETX BCC and the BCC matched; `absent` when it carried none. */
  readonly checksum: 'valid' | 'absent';
  /** What the telegram lacked, in words for a reading note (`no checksum in the capture`, `identification absent`). */
  readonly missing: readonly string[];
  /** Byte offsets in the input: the telegram occupies [start, end) (identification or STX … BCC or end line). */
  readonly start: number;
  readonly end: number;
  /** Offsets of the framed message STX … ETX BCC within the input, or null when not framed. */
  readonly frame: { readonly start: number; readonly end: number } | null;
}

/** Where a telegram's search stands in a buffer that may still grow (listen mode). */
export type TelegramScan =
  | { readonly type: 'telegram'; readonly telegram: Telegram }
  /** A telegram has started at `start` and has not ended yet. */
  | { readonly type: 'incomplete'; readonly start: number }
  /** Nothing that starts a telegram before `end` (noise, another tool's echo, wake-up bytes). */
  | { readonly type: 'noise'; readonly end: number };

const STX = 0x02;
const ETX = 0x03;
const EOT = 0x04;
const LF = 0x0a;
const CR = 0x0d;

/** Parsing options. */
export interface TelegramOptions {
  /** Offset to start from. */
  readonly from?: number;
  /** Require the STX … ETX BCC framing of a mode A/B/C/E readout (the live reader); default false. */
  readonly requireFrame?: boolean;
}

/**
 * Parse the first telegram at or after `opts.from` of a complete input (a capture file, a received readout).
 * @throws BccError when the telegram is framed and its BCC does not match; FrameError (GARBLED) when there is
 *   no data, no end (no `!` end mark and no ETX), a partial block (EOT), a malformed data line (with its line
 *   number), or — with `requireFrame` — no STX or no ETX + BCC.
 */
export function parseTelegram(bytes: Uint8Array, opts: TelegramOptions = {}): Telegram {
  const r = locate(bytes, bytesToAscii(bytes), opts.from ?? 0, true, opts.requireFrame ?? false);
  if (r.type === 'telegram') return r.telegram;
  throw new FrameError('telegram', r.type === 'noise' ? 'no data sets found' : 'the telegram has no end ("!" end mark or ETX and checksum)');
}

/**
 * Look for the next complete telegram in a buffer that is still being received (listen mode). A telegram
 * starts at an identification line (`/XXXZ…`) or an STX; it is complete at ETX + BCC (framed) or at its end
 * mark `!` and line end (unframed). Same errors as {@link parseTelegram} for a complete but broken telegram.
 * `requireIdentification` (listen mode: a mode D meter always sends one): data without an identification before
 * it is the tail of a telegram heard from its middle, skipped as noise up to the next `/`.
 */
export function scanTelegram(bytes: Uint8Array, from = 0, opts: { requireIdentification?: boolean } = {}): TelegramScan {
  return locate(bytes, bytesToAscii(bytes), from, false, false, opts.requireIdentification ?? false);
}

/** An identification line starting at `p` (`/` + 3 letters + baud character …), or null. */
function identificationAt(text: string, p: number): { id: Identification; lineEnd: number } | null {
  if (text.charCodeAt(p + 1) === 0x3f /* '?' = a sign-on request (echo) */) return null;
  let e = p + 1;
  while (e < text.length && text.charCodeAt(e) !== LF && text.charCodeAt(e) !== CR && text.charCodeAt(e) !== STX) e++;
  if (e >= text.length) return null; // line not complete yet
  try {
    return { id: parseIdentification(text.slice(p, e)), lineEnd: e };
  } catch {
    return null;
  }
}

/**
 * First identification at or after `from` and before `limit` (the first STX, else the first end mark: an
 * identification comes before the data), or null; `incomplete` when a `/` line has not ended yet.
 */
function findIdentification(text: string, from: number, limit: number): { pos: number; id: Identification; lineEnd: number } | 'incomplete' | null {
  for (let p = text.indexOf('/', from); p >= 0 && p < limit; p = text.indexOf('/', p + 1)) {
    const found = identificationAt(text, p);
    if (found) return { pos: p, ...found };
    if (text.indexOf('\n', p) < 0 && text.indexOf('\r', p) < 0 && text.length - p < 128) return 'incomplete';
  }
  return null;
}

function skipLineEnd(text: string, i: number): number {
  if (text.charCodeAt(i) === CR) i++;
  if (text.charCodeAt(i) === LF) i++;
  return i;
}

function locate(bytes: Uint8Array, text: string, from: number, final: boolean, requireFrame: boolean, requireIdentification = false): TelegramScan {
  const missing: string[] = [];
  const firstStx = bytes.indexOf(STX, from);
  const firstBang = text.indexOf('!', from);
  const idFound = findIdentification(text, from, firstStx >= 0 ? firstStx : firstBang >= 0 ? firstBang : text.length);
  if (idFound === 'incomplete' && !final) return { type: 'incomplete', start: from };
  const ident = idFound === 'incomplete' ? null : idFound;
  if (requireIdentification && ident === null) {
    if (idFound === 'incomplete') return { type: 'incomplete', start: from };
    const next = text.indexOf('/', from + 1);
    return { type: 'noise', end: next < 0 ? text.length : next };
  }
  const stx = bytes.indexOf(STX, ident ? ident.lineEnd : from);
  const afterId = ident ? ident.lineEnd : from;
  // Framed when the STX comes before any data set (only line ends, NULs, noise between).
  const framed = stx >= 0 && text.lastIndexOf('(', stx) < afterId;
  if (requireFrame && !framed) throw new FrameError('data readout', 'no STX (start of the data readout) received');
  let dataStart: number;
  if (framed) dataStart = stx + 1;
  else {
    // Unframed: data begins at the first line holding a '(' (lines of noise or an echo before it are skipped).
    const open = text.indexOf('(', afterId);
    if (open < 0) return final || !ident ? { type: 'noise', end: text.length } : { type: 'incomplete', start: ident.pos };
    let ls = open;
    while (ls > afterId && text.charCodeAt(ls - 1) !== LF && text.charCodeAt(ls - 1) !== CR) ls--;
    dataStart = ls;
  }
  const start = ident ? ident.pos : framed ? stx : dataStart;
  if (!ident) missing.push('identification absent');
  // A framed block ends at its first ETX/EOT (neither can occur inside the data).
  let close = -1;
  if (framed) {
    const etx = bytes.indexOf(ETX, dataStart);
    const eot = bytes.indexOf(EOT, dataStart);
    close = etx < 0 ? eot : eot < 0 ? etx : Math.min(etx, eot);
  }
  if (close >= 0 && bytes[close] === EOT) {
    throw new FrameError('data readout', 'a partial block (EOT) was received where a complete readout was expected');
  }
  if (framed && close < 0 && requireFrame) {
    if (!final) return { type: 'incomplete', start };
    throw new FrameError('data readout', 'the readout ended before its ETX and checksum (BCC) arrived');
  }
  // Unframed in a growing buffer: parse only once an end mark and its line end may be there.
  if (!final && !framed) {
    const bang = text.indexOf('!', dataStart);
    if (bang < 0 || text.indexOf('\n', bang) < 0) return { type: 'incomplete', start };
  }
  if (!final && framed && (close < 0 || close + 1 >= bytes.length)) {
    if (close < 0 && text.indexOf('!', dataStart) >= 0 && text.indexOf('/', text.indexOf('!', dataStart)) >= 0) {
      // A framed telegram whose ETX never came, followed by the next telegram: judge it without the frame end.
    } else return { type: 'incomplete', start };
  }
  const registers: Register[] = [];
  const to = close >= 0 ? close : text.length;
  const firstLine = lineNumber(text, dataStart);
  const { endMark, cutLine } = scanDataSets(text, dataStart, to, registers, firstLine);
  if (cutLine !== null && close >= 0) {
    throw new FrameError(`data block (line ${cutLine})`, `line ${cutLine}: value group not closed before the end of the block`);
  }
  if (endMark < 0 && close < 0) {
    if (!final) return { type: 'incomplete', start };
    throw new FrameError('telegram', 'the telegram has no end: no "!" end mark after the last data set');
  }
  if (endMark < 0) missing.push('no "!" end mark before ETX');
  if (registers.length === 0 && !framed) return { type: 'noise', end: Math.max(endMark + 1, dataStart + 1) };
  const dataBlock = text.slice(dataStart, endMark < 0 ? to : endMark);
  let checksum: 'valid' | 'absent' = 'absent';
  let end: number;
  let frame: { start: number; end: number } | null = null;
  if (close >= 0) {
    if (close + 1 >= bytes.length) {
      if (!final) return { type: 'incomplete', start };
      throw new FrameError('data readout', 'the readout ended before its checksum (BCC) arrived');
    }
    const expected = computeBcc(bytes.subarray(stx + 1, close + 1));
    const actual = bytes[close + 1]!;
    // A 7E1 line carries 7 data bits: compare the low 7 bits (the parity bit is not data).
    if ((expected & 0x7f) !== (actual & 0x7f)) throw new BccError(expected, actual, 'data readout');
    checksum = 'valid';
    end = close + 2;
    frame = { start: stx, end };
  } else {
    missing.push(framed ? 'no ETX and checksum after the end mark' : 'no checksum in the capture (no STX … ETX BCC framing)');
    end = skipLineEnd(text, endMark + 1);
    if (text.charCodeAt(end) === LF || text.charCodeAt(end) === CR) end = skipLineEnd(text, end);
  }
  return { type: 'telegram', telegram: { identification: ident?.id ?? null, registers, dataBlock, checksum, missing, start, end, frame } };
}

/** 1-based line of offset `at` (LF-separated; a lone CR also ends a line). */
function lineNumber(text: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
  }
  return line;
}
