import type { Register, RegisterValue } from '../reading';
import { FrameError } from './errors';
import { interpretRegister } from './interpret';
import { lastAddress, readObisAddress } from './obis';
import { parseMeterStamp } from './stamps';

/**
 * The data block of a readout or push telegram → Registers: the one tolerant, fast scanner used by the live
 * reader (mode A/B/C/E readouts), listen mode (mode D push telegrams) and capture import.
 * Source: IEC 62056-21:2002 clause 6.5 (data block = data lines, data line = data sets, data set =
 * `address(value*unit)`), and what real meters send beyond its letter (issue 10 item 6, issue 17):
 * - data sets run together on one line without CR LF (`1.8.0(1*kWh)1.8.1(2*kWh)`);
 * - the end mark `!` at the end of the last data line (`…(1*kWh)!`) as well as on its own line;
 * - line ends CR LF, LF, LF LF or CR; blank lines; leading spaces, TABs or NULs;
 * - several values inside one group separated by `&` (`(0008.1*kWh&2703101200)`);
 * - empty values `()`, values padded with spaces (`( 12.5*kWh)`), signed values (`+000.8*A`), text values
 *   (`C.5.0(L1-L2-L3)`), codes outside OBIS (`96.50.0*n`, `32.7`), units in any case (`*KWH`): all kept as sent.
 * Hand-written character scanning (no regular expression per data set, no split of the block): the readout
 * parse must stay well ahead of other D0 parsers (issue 12 item 9, bench/readout-parse.ts).
 */

/** Where the data block scan stopped. */
export interface DataBlockScan {
  /** Index of the end mark `!` in the text, or -1 when the text ran out first. */
  readonly endMark: number;
  /**
   * The text ran out inside a data set (an address or value group not finished at `to`), which is left out:
   * a capture or stream cut short. `cutLine` is its line.
   */
  readonly cutLine: number | null;
}

const CR = 0x0d;
const LF = 0x0a;
const OPEN = 0x28;
const CLOSE = 0x29;
const BANG = 0x21;

function lineError(lineNo: number, what: string): FrameError {
  return new FrameError(`data block (line ${lineNo})`, `line ${lineNo}: ${what}`);
}

/**
 * Scan data sets of `text[from, to)` into `out`, stopping at the end mark `!` (outside a value group).
 * Line numbers in errors count from `firstLine` (1 for the first line of the text). A data set not finished
 * at `to` is left out and reported as `cutLine`.
 * @throws FrameError (code GARBLED) naming the line: text that is not followed by a value group on its line
 *   (`1.8.0 12.5`), a value group not closed on its line, a `)` with no `(`.
 */
export function scanDataSets(text: string, from: number, to: number, out: Register[], firstLine = 1): DataBlockScan {
  let i = from;
  let line = firstLine;
  // One pass of plain character tests: on these short spans they beat native searches (each a runtime call).
  for (;;) {
    // Skip line ends (CR LF, LF, CR), blanks and NULs between data sets.
    let c = text.charCodeAt(i);
    while (i < to && c <= 0x20) {
      if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
      c = text.charCodeAt(++i);
    }
    if (i >= to) return { endMark: -1, cutLine: null };
    if (c === BANG) return { endMark: i, cutLine: null };
    // Address: up to the first '(' of the line.
    const start = i;
    while (c !== OPEN) {
      if (i >= to) return { endMark: -1, cutLine: line };
      if (c === CR || c === LF) {
        throw lineError(line, `${JSON.stringify(text.slice(start, Math.min(i, start + 40)))} has no value in brackets`);
      }
      if (c === CLOSE) throw lineError(line, `stray ")" in ${JSON.stringify(text.slice(start, i + 1).slice(0, 40))}`);
      c = text.charCodeAt(++i);
    }
    const open = i;
    // Value groups: '(' … ')' repeated, each closed on its line; the first group's '*' and '&' noted on the way.
    let firstEnd = -1;
    let star = -1;
    let amp = -1;
    let more: string[] | null = null;
    while (c === OPEN) {
      const g = i;
      c = text.charCodeAt(++i);
      while (c !== CLOSE) {
        if (i >= to) return { endMark: -1, cutLine: line };
        if (c === OPEN || c === CR || c === LF) {
          throw lineError(line, `value group not closed after ${JSON.stringify(text.slice(g, i).slice(0, 40))}`);
        }
        if (firstEnd < 0) {
          if (c === 0x2a /* * */ && star < 0 && amp < 0) star = i;
          else if (c === 0x26 /* & */ && amp < 0) amp = i;
        }
        c = text.charCodeAt(++i);
      }
      if (firstEnd < 0) firstEnd = i;
      else (more ??= []).push(text.slice(g + 1, i));
      c = text.charCodeAt(++i);
    }
    out.push(dataSet(text, start, open, firstEnd, star, amp, more));
  }
}

/**
 * Parse a data block (data lines; a line may hold one or more data sets; every data set is an address
 * followed by one or more value groups, empty `()` allowed) into Registers in the order sent. The address may
 * be empty (answers to R1 carry only `(value)`). Everything from an end mark `!` on is ignored.
 * @throws FrameError (code GARBLED) naming the line number, see {@link scanDataSets}.
 */
export function parseDataBlock(data: string): Register[] {
  const out: Register[] = [];
  const { cutLine } = scanDataSets(data, 0, data.length, out);
  if (cutLine !== null) throw lineError(cutLine, `value group not closed at the end of the data: ${JSON.stringify(data.slice(-40))}`);
  return out;
}

/**
 * Interpret one data set `address(group1)(group2)…` as a Register. Rules:
 * - `text` / `unit`: the first value (the first group, up to a `&` that separates several values inside it)
 *   split at its first `*` (`0008048.375*kWh` → `0008048.375`, `kWh`); no `*` or nothing after it → unit null.
 *   `text` keeps the exact characters sent (zeros, sign, padding); `unit` as sent, any case.
 * - `interpretation`: by code (interpret.ts): meter clock, billing time stamps, status word, identifiers.
 * - `value`: the number of `text` when it is a plain decimal (`[+-]digits[.digits]`, surrounding spaces
 *   allowed) and the register has no interpretation (a clock or serial number is not a quantity), else null.
 * - `timestampLocal`: the first later value (later group, or later `&` value) holding a valid `YYMMDDhhmm` or
 *   `YYMMDDhhmmss` (optionally with a leading season digit), as `20YY-MM-DDThh:mm:ss` meter local time — the
 *   maximum-demand time of `1.6.0(02.468*kW)(1703100930)`.
 * - Billing period time stamps (code `0.1.2`, e.g. `0.1.2*01(1703010000)`): the FIRST value is the time stamp,
 *   so `timestampLocal` comes from it and `value` is null.
 */
export function interpretDataSet(address: string, groups: readonly string[]): Register {
  const first = groups[0] ?? '';
  const s = `${address}(${first})`;
  const open = address.length;
  const star = first.indexOf('*');
  const amp = first.indexOf('&');
  return dataSet(s, 0, open, s.length - 1, star < 0 || (amp >= 0 && amp < star) ? -1 : open + 1 + star, amp < 0 ? -1 : open + 1 + amp, groups.length > 1 ? groups.slice(1) : null);
}

/**
 * The Register of a data set: `text[start, open)` is the address, `text[open]` the '(' of the first group,
 * which closes at `firstEnd`; `star` / `amp` are the positions of its first '*' (before any '&') and first '&',
 * or -1; `more` the texts of the later groups. Rules: {@link interpretDataSet}.
 */
function dataSet(text: string, start: number, open: number, firstEnd: number, star: number, amp: number, more: readonly string[] | null): Register {
  const address = text.slice(start, open);
  readObisAddress(address);
  const code = lastAddress.code;
  const first = text.slice(open + 1, firstEnd);
  const headEnd = amp < 0 ? firstEnd : amp;
  const sent = star >= 0 ? text.slice(open + 1, star) : amp >= 0 ? text.slice(open + 1, amp) : first;
  const unit = star < 0 || star + 1 === headEnd ? null : text.slice(star + 1, headEnd);
  const values: RegisterValue[] = [{ raw: first }];
  if (more !== null) for (let k = 0; k < more.length; k++) values.push({ raw: more[k]! });
  const c0 = code.charCodeAt(0);
  const interpretation = c0 === 0x30 || c0 === 0x43 || c0 === 0x46 ? interpretRegister(code, sent) : null;
  let value: number | null = null;
  let timestampLocal: string | null = null;
  if (code === '0.1.2') {
    timestampLocal = parseMeterStamp(sent);
  } else {
    if (interpretation === null) value = decimalValue(sent);
    if (amp >= 0) timestampLocal = firstStamp(text.slice(amp + 1, firstEnd).split('&'));
    if (timestampLocal === null && more !== null) timestampLocal = firstStamp(more);
  }
  return {
    address,
    obis: lastAddress.obis,
    code,
    billingPeriod: lastAddress.billingPeriod,
    value,
    text: sent,
    unit,
    timestampLocal,
    values,
    interpretation,
  };
}

function firstStamp(groups: readonly string[]): string | null {
  for (const g of groups) {
    if (g.length < 10 || g.length > 13) continue;
    const t = parseMeterStamp(g);
    if (t !== null) return t;
  }
  return null;
}

/** Exact powers of ten 10^0 … 10^22 (every one a double without rounding). */
const POW10 = Array.from({ length: 23 }, (_v, k) => 10 ** k);

/**
 * Number of a plain decimal text (`0008048.375`, `-1.5`, `+000.8`, `.5`, `7.`; spaces around allowed), else
 * null (`1e3`, `0x10`, `1,5`, `FDF5`, ``). Equal to `Number(text)` for every accepted text: up to 15 significant
 * digits and 22 decimals the value is computed as mantissa / 10^decimals, one correctly rounded division of two
 * exact doubles (Clinger's fast path), else by `Number`. Never throws.
 */
export function decimalValue(text: string): number | null {
  let i = 0;
  let end = text.length;
  while (i < end && text.charCodeAt(i) === 0x20) i++;
  while (end > i && text.charCodeAt(end - 1) === 0x20) end--;
  if (i === end) return null;
  const s0 = text.charCodeAt(i);
  const negative = s0 === 0x2d;
  if (negative || s0 === 0x2b) i++;
  let digits = 0;
  let significant = 0;
  let decimals = 0;
  let dot = false;
  let mantissa = 0;
  for (let k = i; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0x30 && c <= 0x39) {
      digits++;
      if (dot) decimals++;
      if (significant > 0 || c !== 0x30) significant++;
      mantissa = mantissa * 10 + (c - 0x30);
    } else if (c === 0x2e && !dot) dot = true;
    else return null;
  }
  if (digits === 0) return null;
  if (significant <= 15 && decimals <= 22) {
    const v = mantissa / POW10[decimals]!;
    return negative ? -v : v;
  }
  const n = Number(text); // Number() itself ignores the surrounding spaces checked above
  return Number.isFinite(n) ? n : null;
}
