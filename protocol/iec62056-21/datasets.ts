import type { Register } from '../reading';
import { localIso } from './stamps';
import { parseTelegram } from './telegram';

/**
 * Data sets of a data readout or answer message → `Register`s, and the whole mode A/B/C data readout.
 * Source: IEC 62056-21:2002 clauses 6.3.5 (data readout message `STX data-block ! CR LF ETX BCC`) and 6.5
 * (data block = data lines, data line = data sets, data set = `address(value*unit)`); reference note
 * "OBIS conventions seen in readouts" (../shared/reference/iec62056-21.md). The scanner is data-block.ts.
 */
export { decimalValue, interpretDataSet, parseDataBlock } from './data-block';
export { localIso, parseMeterStamp } from './stamps';

/**
 * Decode a mode A/B/C data readout `STX data-block ! CR LF ETX BCC` (clause 6.3.5) with the one telegram
 * parser (telegram.ts) in its framed form. Bytes before the first STX are skipped (the echoed option select
 * `ACK 0 5 0 CR LF` of a half-duplex probe, the identification line, NUL wake-up bytes); bytes after the BCC are
 * ignored. Real-meter deviations inside the block are accepted (data-block.ts): data sets run together, the
 * end mark `!` at the end of the last data line, LF line ends, `&`-separated values, empty `()`.
 * @returns the registers and `dataBlock`, the text between STX and the end mark `!`.
 * @throws BccError when the block's BCC does not match; FrameError when there is no STX, no ETX + BCC, the
 *   block ends with EOT (partial block), or a data line is malformed.
 */
export function parseReadout(bytes: Uint8Array): { registers: Register[]; dataBlock: string } {
  const t = parseTelegram(bytes, { requireFrame: true });
  return { registers: t.registers, dataBlock: t.dataBlock };
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
