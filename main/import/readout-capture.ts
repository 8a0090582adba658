/**
 * A raw IEC 62056-21 capture → ReadingResults: the bytes a probe, a logging head or another tool recorded of a
 * data readout (`[identification] [echoed option select] STX data ! CR LF ETX BCC`) or of push telegrams
 * (mode D: `/XXXZ ident CR LF CR LF data ! CR LF`, with or without STX/ETX/BCC). Parsed by the one telegram
 * parser the live reader and listen mode use (protocol/iec62056-21/telegram.ts), so every deviation real
 * meters and tools produce is read the same way here (issue 17): text logs with stripped control characters,
 * LF line ends, noise or a request echo before the identification, padded or signed values, text values,
 * codes outside OBIS. What a capture lacks becomes a reading note ("no checksum in the capture",
 * "identification absent"); a wrong BCC or a telegram without end is refused with its line.
 * Sources: IEC 62056-21:2002 clauses 6.3.2, 6.3.3, 6.3.5, 6.4.6; reference note "OBIS conventions seen in
 * readouts" (serial C.1.0 / 0.0.0, clock 0.9.1 / 0.9.2).
 */
import { DateTime } from 'luxon';
import { bytesToAscii } from '../../protocol/iec62056-21/control';
import { meterClockLocal } from '../../protocol/iec62056-21/datasets';
import { BccError, FrameError } from '../../protocol/iec62056-21/errors';
import { decodeOptionSelect } from '../../protocol/iec62056-21/frames';
import { MODE_C_BAUD, parseIdentification, type Identification } from '../../protocol/iec62056-21/identification';
import { stampToUtcMillis } from '../../protocol/iec62056-21/local-stamp';
import { parseTelegram, type Telegram } from '../../protocol/iec62056-21/telegram';
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

/**
 * The echoed option select before the telegram's data (its baud character), and a refusal of a `/` line that
 * is neither a sign-on echo (`/?…!`) nor an identification: a damaged identification would misname the meter.
 */
function preamble(bytes: Uint8Array, from: number, to: number, id: Identification | null): { baudChar: string | null } {
  let baudChar: string | null = null;
  const lines = bytesToAscii(bytes.subarray(from, to)).split('\n');
  const firstLine = lineAt(bytes, from);
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!.replace(/\r$/, '').replace(/^[\x00\x02]+/, '');
    if (id === null && line.startsWith('/') && !line.startsWith('/?')) {
      try {
        parseIdentification(line);
      } catch {
        throw new QuarantineError(
          `The identification line "${line}" before the readout cannot be understood: it should be "/", 3 letters, a baud character and the meter type, e.g. "/ISk5MT174-0001".`,
          firstLine + k,
        );
      }
    } else if (line.startsWith('\x06')) {
      try {
        baudChar = decodeOptionSelect(new TextEncoder().encode(`${line}\r\n`)).baudChar;
      } catch {
        throw new QuarantineError(
          'The echoed option select before the readout cannot be understood: it should be ACK, then 3 characters (e.g. ACK 0 5 0).',
          firstLine + k,
        );
      }
    }
  }
  return { baudChar };
}

/** The telegram at `from`, or a QuarantineError saying what is wrong and on which line. */
function readTelegram(bytes: Uint8Array, from: number): Telegram {
  try {
    return parseTelegram(bytes, { from });
  } catch (err) {
    if (err instanceof BccError) {
      const etx = bytes.indexOf(0x03, from);
      throw new QuarantineError(
        `The data readout failed its checksum (BCC; ${err.detail ?? 'mismatch'}): the capture is damaged. Use another copy, or read the meter again.`,
        lineAt(bytes, etx < 0 ? bytes.length : etx),
      );
    }
    const detail = err instanceof FrameError ? (err.detail ?? '') : String(err);
    const dataLine = /^line (\d+): (.*)$/.exec(detail);
    if (dataLine) throw new QuarantineError(`A data line of the readout cannot be understood: ${dataLine[2]}.`, Number(dataLine[1]));
    if (detail.includes('partial block')) {
      throw new QuarantineError('The capture holds a partial block (ending with EOT), not a complete data readout.', lineAt(bytes, bytes.length));
    }
    if (detail.includes('no data sets')) throw new QuarantineError('The capture holds no data readout: no data sets "address(value)" were found.', null);
    throw new QuarantineError(
      'The capture ends before the readout does (no "!" end mark, or no ETX and checksum): it was cut short. Use a complete capture, or read the meter again.',
      lineAt(bytes, bytes.length),
    );
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

/** Notes for what a telegram lacked, in the words a technician reads in the reading. */
function missingNotes(t: Telegram): ReadingNote[] {
  return t.missing.map((m) => ({
    level: 'warning' as const,
    message:
      m === 'identification absent'
        ? 'Identification absent: the capture has no identification line (/XXX…), so the meter manufacturer and type are unknown.'
        : m.startsWith('no checksum')
          ? 'No checksum in the capture: the telegram has no STX … ETX BCC framing (a push meter or a text log), so transmission errors could not be detected.'
          : `The telegram has ${m}.`,
  }));
}

/**
 * The ReadingResult of one telegram of a capture: registers as parsed, no load profile, `raw.readout` = the
 * STX … BCC bytes when framed, else the telegram's bytes. Meter: from the identification (else
 * identification/manufacturer/model ''), serial from C.1.0, else 0.0.0. Session: port `readout-import`; start =
 * finish = the meter clock (0.9.2 date, 0.9.1 time; season digit honoured) placed in `ctx.timeZone`, else
 * `fileTimeUtc`; mode and baud from the echoed option select / identification (mode '' and baud 0 when the
 * capture does not show them).
 */
function readingOf(bytes: Uint8Array, t: Telegram, preambleFrom: number, ctx: CaptureContext, fileTimeUtc: string): ReadingResult {
  const { registers } = t;
  const ident = t.identification;
  const { baudChar } = preamble(bytes, preambleFrom, t.frame?.start ?? t.start, ident);
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
    ...missingNotes(t),
  ];
  if (!fromClock) notes.push({ level: 'warning', message: 'The readout holds no meter clock (0.9.1/0.9.2): the reading time is the capture file\'s modification time.' });
  const optionBaud = baudChar === null ? undefined : MODE_C_BAUD[baudChar];
  const mode = baudChar !== null ? (ident?.mode === 'E' ? 'E' : 'C') : (ident?.mode ?? '');
  const baud = optionBaud ?? (ident?.mode === 'A' ? 300 : ident?.mode === 'B' ? ident.maxBaud : 0);
  const raw = t.frame ? bytes.subarray(t.frame.start, t.frame.end) : bytes.subarray(t.start, t.end);
  return {
    version: 1,
    meter: { identification: ident?.raw ?? '', manufacturer: ident?.manufacturerId ?? '', model: ident?.ident ?? '', serial, address: '' },
    session: { port: 'readout-import', operator: ctx.operator, startedUtc, finishedUtc: startedUtc, mode, baud, timeZone: ctx.timeZone, software: ctx.software },
    registers,
    loadProfile: null,
    notes,
    raw: { readout: new Uint8Array(raw), loadProfile: null },
  };
}

/**
 * Every telegram of a capture as a reading, in order (a logging head's file of a push meter holds many). A
 * last telegram cut short by the end of the file is left out with a note on the others; when it is the only
 * one, the capture is refused.
 * Deterministic: the same bytes, context and file time give equal readings (so a re-import is a duplicate).
 * @throws QuarantineError with reason and line: cut short, bad BCC, malformed data line or identification,
 *   no data sets, unusable time zone.
 */
export function readingsFromCapture(bytes: Uint8Array, ctx: CaptureContext, fileTimeUtc: string): ReadingResult[] {
  const out: ReadingResult[] = [];
  let from = 0;
  for (;;) {
    let t: Telegram;
    try {
      t = readTelegram(bytes, from);
    } catch (err) {
      const cutShort = err instanceof QuarantineError && err.reason.startsWith('The capture ends before');
      const noMore = err instanceof QuarantineError && err.reason.startsWith('The capture holds no data readout');
      if (out.length > 0 && noMore) return out;
      if (out.length > 0 && cutShort) {
        const note: ReadingNote = { level: 'warning', message: 'The capture ends with a telegram cut short; that telegram was not imported.' };
        return out.map((r, k) => (k === out.length - 1 ? { ...r, notes: [...r.notes, note] } : r));
      }
      throw err;
    }
    out.push(readingOf(bytes, t, from, ctx, fileTimeUtc));
    if (t.end <= from) return out;
    from = t.end;
  }
}

/** The first reading of a capture (see {@link readingsFromCapture}). */
export function readingFromCapture(bytes: Uint8Array, ctx: CaptureContext, fileTimeUtc: string): ReadingResult {
  return readingsFromCapture(bytes, ctx, fileTimeUtc)[0]!;
}
