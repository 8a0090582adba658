import type { Register, RegisterValue } from '../reading';
import { ETX, STX } from './control';
import { FrameError } from './errors';
import { decodeBlock, scanMessage } from './frames';
import { interpretRegister } from './interpret';
import { parseObisAddress } from './obis';

/**
 * Data sets of a data readout or answer message → `Register`s, and the whole mode A/B/C data readout.
 * Source: IEC 62056-21:2002 clauses 6.3.5 (data readout message `STX data-block ! CR LF ETX BCC`) and 6.5
 * (data block = data lines, data line = data sets, data set = `address(value*unit)`); reference note
 * "OBIS conventions seen in readouts" (../shared/reference/iec62056-21.md).
 */

/** `YYMMDDhhmm` or `YYMMDDhhmmss`, optionally preceded by a season digit (0 normal, 1 summer, 2 UTC). */
const STAMP = /^([012])?(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/;

/**
 * A meter time stamp `[z]YYMMDDhhmm[ss]` → local ISO text `20YY-MM-DDThh:mm:ss`, or null when the text is not
 * a valid date and time. Two-digit years are taken as 2000–2099. The optional leading season digit (11 or 13
 * digits) is accepted and dropped. Never throws.
 */
export function parseMeterStamp(text: string): string | null {
  if (text.length < 10 || text.length > 13) return null;
  const m = STAMP.exec(text);
  if (!m) return null;
  const [, , yy, mo, dd, hh, mi, ss] = m as unknown as [string, string | undefined, string, string, string, string, string, string | undefined];
  return localIso(2000 + Number(yy), Number(mo), Number(dd), Number(hh), Number(mi), Number(ss ?? '0'));
}

/** Validated `YYYY-MM-DDThh:mm:ss` from parts, or null for an impossible date/time. */
export function localIso(y: number, mo: number, d: number, h: number, mi: number, s: number): string | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const daysInMonth = mo === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;
  if (d > daysInMonth) return null;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}`;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Number of a plain decimal text (`0008048.375`, `-1.5`), else null. */
export function decimalValue(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * Interpret one data set `address(group1)(group2)…` as a Register. Rules:
 * - `text` / `unit`: the first value group split at its first `*` (`0008048.375*kWh` → `0008048.375`, `kWh`);
 *   no `*` or nothing after it → unit null. `text` keeps the exact characters sent.
 * - `value`: the number of `text` when it is a plain decimal (`[+-]digits[.digits]`), else null.
 * - `timestampLocal`: the first LATER value group holding a valid `YYMMDDhhmm` or `YYMMDDhhmmss` (optionally
 *   with a leading season digit), as `20YY-MM-DDThh:mm:ss` meter local time — the maximum-demand time of
 *   `1.6.0(02.468*kW)(1703100930)`.
 * - Billing period time stamps (code `0.1.2`, e.g. `0.1.2*01(1703010000)`): the FIRST group is the time stamp,
 *   so `timestampLocal` comes from it and `value` is null.
 * - Date `0.9.2` and time `0.9.1` are left as numbers (`0170318` may carry a leading season digit); use
 *   `meterClockLocal` to combine them.
 */
export function interpretDataSet(address: string, groups: readonly string[]): Register {
  const { obis, code, billingPeriod } = parseObisAddress(address);
  const first = groups[0] ?? '';
  const star = first.indexOf('*');
  const text = star < 0 ? first : first.slice(0, star);
  const unitText = star < 0 ? '' : first.slice(star + 1);
  const values: RegisterValue[] = groups.map((raw) => ({ raw }));
  let value: number | null;
  let timestampLocal: string | null = null;
  const interpretation = interpretRegister(code, text);
  if (code === '0.1.2') {
    value = null;
    timestampLocal = parseMeterStamp(text);
  } else {
    value = interpretation === null ? decimalValue(text.trim()) : null;
    for (const g of groups.slice(1)) {
      timestampLocal = parseMeterStamp(g);
      if (timestampLocal !== null) break;
    }
  }
  return { address, obis, code, billingPeriod, value, text, unit: unitText === '' ? null : unitText, timestampLocal, values, interpretation };
}

/**
 * Parse a data block (data lines separated by CR LF; a line may hold one or more data sets; every data set is
 * an address followed by one or more value groups `(value*unit)`, empty `()` allowed) into Registers in the
 * order sent. The address may be empty (answers to R1 carry only `(value)`). Empty lines are skipped. A lone
 * LF or CR is tolerated as a line end. Interpretation per `interpretDataSet`.
 * @throws FrameError (code GARBLED) naming the line number when a line has text outside value groups that is
 *   not followed by a value group, or a value group that is not closed.
 */
export function parseDataBlock(data: string): Register[] {
  const registers: Register[] = [];
  const lines = data.split(/\r\n|\n|\r/);
  lines.forEach((line, index) => {
    let i = 0;
    while (i < line.length) {
      const open = line.indexOf('(', i);
      if (open < 0) {
        throw new FrameError(`data block (line ${index + 1})`, `line ${index + 1}: ${JSON.stringify(line.slice(i, i + 40))} has no value in brackets`);
      }
      const address = line.slice(i, open);
      if (address.includes(')')) {
        throw new FrameError(`data block (line ${index + 1})`, `line ${index + 1}: stray ")" in ${JSON.stringify(address.slice(0, 40))}`);
      }
      const groups: string[] = [];
      i = open;
      while (line[i] === '(') {
        const close = line.indexOf(')', i + 1);
        const nextOpen = line.indexOf('(', i + 1);
        if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
          throw new FrameError(`data block (line ${index + 1})`, `line ${index + 1}: value group not closed after ${JSON.stringify(line.slice(i, i + 40))}`);
        }
        groups.push(line.slice(i + 1, close));
        i = close + 1;
      }
      registers.push(interpretDataSet(address, groups));
    }
  });
  return registers;
}

/**
 * Decode a mode A/B/C data readout `STX data-block ! CR LF ETX BCC` (clause 6.3.5).
 * Bytes before the first STX are skipped (the echoed option select `ACK 0 5 0 CR LF` of a half-duplex probe,
 * the identification line, NUL wake-up bytes); bytes after the BCC are ignored.
 * @returns the registers and `dataBlock`, the text between STX and the final `!` line (ending CR LF as sent).
 * @throws BccError when the block's BCC does not match; FrameError when there is no STX, no ETX + BCC, the
 *   block ends with EOT (partial block), the final `!` line is missing, or a data line is malformed.
 */
export function parseReadout(bytes: Uint8Array): { registers: Register[]; dataBlock: string } {
  const start = bytes.indexOf(STX);
  if (start < 0) throw new FrameError('data readout', 'no STX (start of the data readout) received');
  const scan = scanMessage(bytes, start);
  if (scan.type !== 'message') {
    throw new FrameError('data readout', 'the readout ended before its ETX and checksum (BCC) arrived');
  }
  if (scan.bytes[scan.bytes.length - 2] !== ETX) {
    throw new FrameError('data readout', 'a partial block (EOT) was received where a complete readout was expected');
  }
  const block = decodeBlock(scan.bytes, 'data readout');
  const m = /(?:^|\r\n)!(?:\r\n)?$/.exec(block.data);
  if (!m) throw new FrameError('data readout', 'the readout does not end with the "!" end line');
  const dataBlock = block.data.slice(0, m.index + (m[0].startsWith('\r\n') ? 2 : 0));
  return { registers: parseDataBlock(dataBlock), dataBlock };
}

/**
 * The meter clock from the `0.9.2` date (`YYMMDD`, or `zYYMMDD` with a leading season digit) and `0.9.1` time
 * (`hhmmss`) registers of a readout, as `{ local, season }`; `local` = `20YY-MM-DDThh:mm:ss` meter local
 * time, `season` = 0 normal time, 1 summer time, 2 UTC, or null when the meter sent no season digit.
 * Null when either register is missing or invalid. Reference note "OBIS conventions seen in readouts".
 */
export function meterClockLocal(registers: readonly Register[]): { local: string; season: 0 | 1 | 2 | null } | null {
  const date = registers.find((r) => r.code === '0.9.2' && r.billingPeriod === null)?.text;
  const time = registers.find((r) => r.code === '0.9.1' && r.billingPeriod === null)?.text;
  if (date === undefined || time === undefined) return null;
  const dm = /^([012])?(\d{2})(\d{2})(\d{2})$/.exec(date);
  const tm = /^(\d{2})(\d{2})(\d{2})$/.exec(time);
  if (!dm || !tm) return null;
  const local = localIso(2000 + Number(dm[2]), Number(dm[3]), Number(dm[4]), Number(tm[1]), Number(tm[2]), Number(tm[3]));
  if (local === null) return null;
  return { local, season: dm[1] === undefined ? null : (Number(dm[1]) as 0 | 1 | 2) };
}
