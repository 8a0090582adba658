import type { RegisterInterpretation, StatusBit } from '../reading';
import { daysInMonth } from './stamps';

/**
 * Typed interpretations of register texts, kept beside the text as the meter sent it (protocol/reading.ts
 * `Register.interpretation`). Sources: reference note "OBIS conventions seen in readouts"
 * (../shared/reference/iec62056-21.md: `0.9.1` time hhmmss, `0.9.2` date YYMMDD with an optional leading season
 * digit, `0.0.0` device address, `C.1.0` serial number, `0.2.0` firmware version, `F.F` error register);
 * IEC 62056-61 (value group C = 96 is the letter C, 97 is F).
 * Pure and cheap: only a handful of codes are looked at, so the readout parser's hot path pays a string compare.
 */

/** Meter local date `YYYY-MM-DD` of 2-digit year parts (2000–2099), or null for an impossible date. */
function isoDate(yy: number, mo: number, dd: number): string | null {
  if (mo < 1 || mo > 12 || dd < 1) return null;
  const y = 2000 + yy;
  if (dd > daysInMonth(y, mo)) return null;
  return `${y}-${pad(mo)}-${pad(dd)}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const TIME = /^(\d{2}):?(\d{2}):?(\d{2})$/;
const DATE = /^([012])?(\d{2})-?(\d{2})-?(\d{2})$/;
const STAMP = /^([012])?(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/;
const HEX = /^[0-9A-Fa-f]{1,16}$/;

/** `0.9.1` time `hhmmss` (or `hh:mm:ss`) → `hh:mm:ss`, or null when it is not a valid time of day. */
export function interpretTime(text: string): RegisterInterpretation | null {
  const m = TIME.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = Number(m[3]);
  if (h > 23 || mi > 59 || s > 59) return null;
  return { kind: 'time', time: `${m[1]}:${m[2]}:${m[3]}` };
}

/** `0.9.2` date `[z]YYMMDD` (or `YY-MM-DD`) → `YYYY-MM-DD` and the season digit, or null when invalid. */
export function interpretDate(text: string): RegisterInterpretation | null {
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const date = isoDate(Number(m[2]), Number(m[3]), Number(m[4]));
  if (date === null) return null;
  return { kind: 'date', date, season: m[1] === undefined ? null : (Number(m[1]) as 0 | 1 | 2) };
}

/** A time stamp `[z]YYMMDDhhmm[ss]` → local `YYYY-MM-DDThh:mm:ss` and the season digit, or null. */
export function interpretStamp(text: string): RegisterInterpretation | null {
  const m = STAMP.exec(text.trim());
  if (!m) return null;
  const date = isoDate(Number(m[2]), Number(m[3]), Number(m[4]));
  const h = Number(m[5]);
  const mi = Number(m[6]);
  const s = Number(m[7] ?? '0');
  if (date === null || h > 23 || mi > 59 || s > 59) return null;
  return { kind: 'date-time', local: `${date}T${m[5]}:${m[6]}:${m[7] ?? '00'}`, season: m[1] === undefined ? null : (Number(m[1]) as 0 | 1 | 2) };
}

/**
 * A status word sent as hexadecimal digits (`00000000`, `0010`) → its width (4 bits per digit) and the bits set,
 * bit 0 = least significant, each named by `names[bit]` where given, else null. Null for a text that is not hex.
 * Bit names are meter-specific: the generic reader passes none (no standard names the F.F bits; ASSUMPTION that
 * the digits are hexadecimal, as every readout in the reference shows them); a dialect passes its own.
 */
export function interpretStatusWord(text: string, names: Readonly<Record<number, string>> = {}): RegisterInterpretation | null {
  const t = text.trim();
  if (!HEX.test(t)) return null;
  const set: StatusBit[] = [];
  const width = t.length * 4;
  for (let k = 0; k < t.length; k++) {
    const nibble = parseInt(t[t.length - 1 - k]!, 16);
    for (let b = 0; b < 4; b++) {
      if (nibble & (1 << b)) {
        const bit = k * 4 + b;
        set.push({ bit, name: names[bit] ?? null });
      }
    }
  }
  return { kind: 'status', widthBits: width, set };
}

const IDENTIFIER: RegisterInterpretation = { kind: 'identifier' };

/**
 * The interpretation of a register's first value group by its short OBIS code `C.D.E` (see obis.ts; `96` and
 * `97` already read as `C` and `F` when the address used them as letters). Covers the meter clock (`0.9.1`,
 * `0.9.2`), billing period time stamps (`0.1.2`), the error register (`F.F.0`), and identifiers (`0.0.x`,
 * `C.1.x`, `0.2.x`). Null for anything else (quantities, text values, maker-specific codes) — and for a clock or
 * status text that does not have the expected form: it is then kept as text only. Never throws.
 */
export function interpretRegister(code: string, text: string): RegisterInterpretation | null {
  const c0 = code.charCodeAt(0);
  if (c0 === 0x30 /* 0 */) {
    if (code === '0.9.1') return interpretTime(text);
    if (code === '0.9.2') return interpretDate(text);
    if (code === '0.1.2') return interpretStamp(text);
    if (code.startsWith('0.0.') || code.startsWith('0.2.')) return text === '' ? null : IDENTIFIER;
    return null;
  }
  if (c0 === 0x46 /* F */ && code === 'F.F.0') return interpretStatusWord(text);
  if (c0 === 0x43 /* C */ && code.startsWith('C.1.')) return text === '' ? null : IDENTIFIER;
  return null;
}

/**
 * The interpretation for display, in words: `03:16:29`, `2026-12-06 (summer time)`, `no bit set`,
 * `bits 3, 7 set (3 = battery low)`, or null for identifiers and none. Pure; used by the UI, .RES readers and
 * exports so they all say the same.
 */
export function describeInterpretation(i: RegisterInterpretation | null): string | null {
  if (i === null) return null;
  const season = (s: 0 | 1 | 2 | null) => (s === 1 ? ' (summer time)' : s === 2 ? ' (UTC)' : s === 0 ? ' (normal time)' : '');
  switch (i.kind) {
    case 'time':
      return i.time;
    case 'date':
      return `${i.date}${season(i.season)}`;
    case 'date-time':
      return `${i.local.replace('T', ' ')}${season(i.season)}`;
    case 'status': {
      if (i.set.length === 0) return 'no bit set';
      const named = i.set.filter((b) => b.name !== null).map((b) => `${b.bit} = ${b.name}`);
      return `bit${i.set.length === 1 ? '' : 's'} ${i.set.map((b) => b.bit).join(', ')} set${named.length ? ` (${named.join('; ')})` : ''}`;
    }
    case 'identifier':
      return null;
  }
}
