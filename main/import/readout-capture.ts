/**
 * A raw IEC 62056-21 data readout capture (the bytes a probe recorded: optionally the identification line and
 * the echoed option select, then `STX data-block ! CR LF ETX BCC`) → a ReadingResult with its registers.
 * Sources: IEC 62056-21:2002 clauses 6.3.2 (identification), 6.3.3 (option select), 6.3.5 (data readout);
 * reference note "OBIS conventions seen in readouts" (serial C.1.0 / 0.0.0, clock 0.9.1 / 0.9.2).
 */
import { DateTime } from 'luxon';
import { bytesToAscii, STX } from '../../protocol/iec62056-21/control';
import { meterClockLocal, parseReadout } from '../../protocol/iec62056-21/datasets';
import { BccError, FrameError } from '../../protocol/iec62056-21/errors';
import { decodeOptionSelect, scanMessage } from '../../protocol/iec62056-21/frames';
import { MODE_C_BAUD, parseIdentification, type Identification } from '../../protocol/iec62056-21/identification';
import { stampToUtcMillis } from '../../protocol/iec62056-21/local-stamp';
import type { ReadingNote, ReadingResult, Register } from '../../protocol/reading';
import { QuarantineError } from './quarantine';

/** Who imports and how meter local time is placed in UTC. */
export interface CaptureContext {
  /** IANA time zone of the meter clock (the workstation's meter time zone). */
  readonly timeZone: string;
  readonly operator: string;
  readonly software: string;
}

/** 1-based line of byte `offset` (LF-separated). */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** The identification and option select found before the STX (with their lines), if any. */
function preamble(bytes: Uint8Array, stx: number): { id: Identification | null; baudChar: string | null } {
  let id: Identification | null = null;
  let baudChar: string | null = null;
  const lines = bytesToAscii(bytes.subarray(0, stx)).split('\n');
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!.replace(/\r$/, '').replace(/^\x00+/, '');
    if (line.startsWith('/') && !line.startsWith('/?')) {
      try {
        id = parseIdentification(line);
      } catch {
        throw new QuarantineError(
          `The identification line "${line}" before the readout cannot be understood: it should be "/", 3 letters, a baud character and the meter type, e.g. "/ISk5MT174-0001".`,
          k + 1,
        );
      }
    } else if (line.startsWith('\x06')) {
      try {
        baudChar = decodeOptionSelect(new TextEncoder().encode(`${line}\r\n`)).baudChar;
      } catch {
        throw new QuarantineError(
          'The echoed option select before the readout cannot be understood: it should be ACK, then 3 characters (e.g. ACK 0 5 0).',
          k + 1,
        );
      }
    }
  }
  return { id, baudChar };
}

/** Registers of the readout, or a QuarantineError saying what is wrong and on which line. */
function readRegisters(bytes: Uint8Array, stx: number): { registers: Register[]; end: number } {
  const scan = scanMessage(bytes, stx);
  if (scan.type !== 'message') {
    throw new QuarantineError(
      'The capture ends before the readout does (no ETX and checksum): it was cut short. Use a complete capture, or read the meter again.',
      lineAt(bytes, bytes.length),
    );
  }
  const etxLine = lineAt(bytes, scan.end - 2);
  try {
    return { registers: parseReadout(bytes.subarray(stx)).registers, end: scan.end };
  } catch (err) {
    if (err instanceof BccError) {
      throw new QuarantineError(
        `The data readout failed its checksum (BCC; ${err.detail ?? 'mismatch'}): the capture is damaged. Use another copy, or read the meter again.`,
        etxLine,
      );
    }
    const detail = err instanceof FrameError ? (err.detail ?? '') : String(err);
    const dataLine = /^line (\d+): (.*)$/.exec(detail);
    if (dataLine) {
      throw new QuarantineError(`A data line of the readout cannot be understood: ${dataLine[2]}.`, lineAt(bytes, stx) + Number(dataLine[1]) - 1);
    }
    if (detail.includes('"!" end line')) {
      throw new QuarantineError('The data readout has no end line "!" before ETX: the capture is incomplete or not a data readout.', etxLine);
    }
    if (detail.includes('partial block')) {
      throw new QuarantineError('The capture holds a partial block (ending with EOT), not a complete data readout.', etxLine);
    }
    throw new QuarantineError(`The data readout cannot be understood (${detail || String(err)}).`, etxLine);
  }
}

/** Session start in UTC from the meter clock in `timeZone`, or null when the readout has no valid clock. */
function clockUtc(registers: readonly Register[], timeZone: string): string | null {
  const clock = meterClockLocal(registers);
  if (clock === null) return null;
  try {
    if (clock.season !== null) return new Date(stampToUtcMillis({ local: clock.local, season: clock.season }, timeZone)).toISOString();
  } catch (err) {
    throw new QuarantineError(`The meter clock could not be placed in time zone "${timeZone}": ${(err as Error).message}.`);
  }
  const dt = DateTime.fromISO(clock.local, { zone: timeZone });
  if (!dt.isValid) throw new QuarantineError(`"${timeZone}" is not a valid time zone (e.g. Europe/Berlin); set the meter time zone and import again.`);
  return new Date(dt.toMillis()).toISOString();
}

/**
 * The ReadingResult of a capture: registers as parsed, no load profile, `raw.readout` = the STX … BCC bytes.
 * Meter: from the identification line when the capture has one (else identification/manufacturer/model ''),
 * serial from C.1.0, else 0.0.0. Session: port `readout-import`; start = finish = the meter clock
 * (0.9.2 date, 0.9.1 time; season digit honoured) placed in `ctx.timeZone`, else `fileTimeUtc`; mode and baud
 * from the echoed option select / identification (mode '' and baud 0 when the capture does not show them).
 * Deterministic: the same bytes, context and file time give an equal reading (so a re-import is a duplicate).
 * @throws QuarantineError with reason and line: cut short, bad BCC, no `!` end line, malformed data line or
 *   identification, unusable time zone.
 */
export function readingFromCapture(bytes: Uint8Array, ctx: CaptureContext, fileTimeUtc: string): ReadingResult {
  const stx = bytes.indexOf(STX);
  if (stx < 0) throw new QuarantineError('The capture holds no data readout (no STX byte).', null);
  const { id: ident, baudChar } = preamble(bytes, stx);
  const { registers, end } = readRegisters(bytes, stx);
  const current = (code: string) => registers.find((r) => r.code === code && r.billingPeriod === null && r.text !== '')?.text;
  const serial = current('C.1.0') ?? current('0.0.0') ?? null;
  const fromClock = clockUtc(registers, ctx.timeZone);
  const startedUtc = fromClock ?? fileTimeUtc;
  const notes: ReadingNote[] = [
    {
      level: 'info',
      message: fromClock
        ? `Imported from a raw data readout capture (registers only, no load profile); reading time from the meter clock (0.9.1/0.9.2) in ${ctx.timeZone}.`
        : 'Imported from a raw data readout capture (registers only, no load profile).',
    },
  ];
  if (!fromClock) notes.push({ level: 'warning', message: 'The readout holds no meter clock (0.9.1/0.9.2): the reading time is the capture file\'s modification time.' });
  if (ident === null) notes.push({ level: 'warning', message: 'The capture has no identification line (/XXX…): the meter manufacturer and type are unknown.' });
  const optionBaud = baudChar === null ? undefined : MODE_C_BAUD[baudChar];
  const mode = baudChar !== null ? (ident?.mode === 'E' ? 'E' : 'C') : (ident?.mode ?? '');
  const baud = optionBaud ?? (ident?.mode === 'A' ? 300 : ident?.mode === 'B' ? ident.maxBaud : 0);
  return {
    version: 1,
    meter: { identification: ident?.raw ?? '', manufacturer: ident?.manufacturerId ?? '', model: ident?.ident ?? '', serial, address: '' },
    session: {
      port: 'readout-import',
      operator: ctx.operator,
      startedUtc,
      finishedUtc: startedUtc,
      mode,
      baud,
      timeZone: ctx.timeZone,
      software: ctx.software,
    },
    registers,
    loadProfile: null,
    notes,
    raw: { readout: new Uint8Array(bytes.subarray(stx, end)), loadProfile: null },
  };
}
