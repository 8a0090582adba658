import { decodeBlock, encodeDataMessage } from '../../iec62056-21/frames';
import { bytesToHex, hexToBytes } from './bcd';
import {
  type ReadRequest, type StreamRequest, type WriteRequest, encodeElsterCommand, parseReadRequest, parseStreamRequest,
  parseWriteRequest,
} from './commands';
import { type ElsterErrorCode, ElsterDataError, ElsterMeterError } from './errors';
import type { PasswordStep } from './password';
import { ELSTER_SEED_HEX_LENGTH } from './profile';

/**
 * Answers and password messages of the Elster dialect, and the meter-side decoding of client commands.
 * Source: reference "Session" and "Register access by 3-digit data ID" (../shared/reference/elster-dialect.md):
 * an R1 answer is `STX (hex ASCII) ETX BCC` with 2 × len characters; a refusal is `(ERRn)`; the meter offers
 * its seed as `SOH P0 STX (seed) ETX BCC`. Framing and BCC by protocol/iec62056-21/frames.ts.
 */

const ERROR_ANSWER = /^\(ERR0*(\d{1,2})\)(?:\r\n)?$/i;

/** The `(ERRn)` of an answer data set (also `(ERR05)`), normalised to `ERR5`; null when it is not one. */
export function parseErrorAnswer(data: string): string | null {
  const m = ERROR_ANSWER.exec(data);
  return m ? `ERR${m[1]!}` : null;
}

/** Answer data set of a refusal, e.g. `ERR5` → `(ERR5)` (used by the emulator). */
export function encodeErrorAnswer(code: ElsterErrorCode): string {
  return `(${code})`;
}

/** Answer data set of a read: bytes → `(HEX)`, upper-case (used by the emulator). */
export function encodeDataAnswer(bytes: Uint8Array): string {
  return `(${bytesToHex(bytes)})`;
}

/**
 * Answer data set → bytes. `(0A1B)` → [0x0a, 0x1b]; a trailing CR LF is ignored.
 * @param what words for errors, e.g. "answer to R1 798".
 * @param expectedLength when given, the answer must carry exactly this many bytes (the R1 length asked for).
 * @throws ElsterMeterError for `(ERRn)`; ElsterDataError for anything else that is not `(hex)` of the right length.
 */
export function decodeDataAnswer(data: string, what = 'answer', expectedLength?: number): Uint8Array {
  const err = parseErrorAnswer(data);
  if (err) throw new ElsterMeterError(err, what);
  const m = /^\(([^()]*)\)(?:\r\n)?$/.exec(data);
  if (!m) throw new ElsterDataError(what, 'expected (hex data)');
  const bytes = hexToBytes(m[1]!, what);
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new ElsterDataError(what, `${bytes.length} bytes received, ${expectedLength} asked for`);
  }
  return bytes;
}

/** Whole answer message `STX (HEX) ETX BCC` for bytes (used by the emulator). */
export function encodeAnswerFrame(bytes: Uint8Array): Uint8Array {
  return encodeDataMessage(encodeDataAnswer(bytes));
}

/** Whole refusal message `STX (ERRn) ETX BCC` (used by the emulator). */
export function encodeErrorFrame(code: ElsterErrorCode): Uint8Array {
  return encodeDataMessage(encodeErrorAnswer(code));
}

/**
 * Whole answer message (STX … ETX BCC) → bytes: BCC checked, then `decodeDataAnswer`.
 * @throws BccError / FrameError (frames.ts), ElsterMeterError, ElsterDataError.
 */
export function decodeAnswerFrame(frame: Uint8Array, what = 'answer', expectedLength?: number): Uint8Array {
  const block = decodeBlock(frame, what);
  if (block.opening !== 'STX') throw new ElsterDataError(what, `a command message (${block.command ?? ''}) arrived instead of an answer`);
  return decodeDataAnswer(block.data, what, expectedLength);
}

/** P0 operand `(seed)` for a 16-hex-digit seed (used by the emulator). @throws RangeError for a bad seed. */
export function encodeSeedOperand(seedHex: string): string {
  if (!new RegExp(`^[0-9A-Fa-f]{${ELSTER_SEED_HEX_LENGTH}}$`).test(seedHex)) throw new RangeError(`seed ${JSON.stringify(seedHex)} is not 16 hex digits`);
  return `(${seedHex.toUpperCase()})`;
}

/** P0 operand `(seed)` → the 16 hex digits, upper-cased. @throws ElsterDataError when it is not that. */
export function parseSeedOperand(data: string): string {
  const m = new RegExp(`^\\(([0-9A-Fa-f]{${ELSTER_SEED_HEX_LENGTH}})\\)(?:\\r\\n)?$`).exec(data);
  if (!m) throw new ElsterDataError('password seed (P0)', 'expected (16 hex digits)');
  return m[1]!.toUpperCase();
}

/** The meter's `SOH P0 STX (seed) ETX BCC` (used by the emulator). @throws RangeError for a bad seed. */
export function encodeSeedFrame(seedHex: string): Uint8Array {
  return encodeElsterCommand('P0', encodeSeedOperand(seedHex));
}

/**
 * `SOH P0 STX (seed) ETX BCC` → the seed (16 upper-case hex digits).
 * @throws BccError / FrameError, ElsterDataError when it is not a P0 message with a 16-hex-digit seed.
 */
export function decodeSeedFrame(frame: Uint8Array): string {
  const block = decodeBlock(frame, 'password seed (P0)');
  if (block.opening !== 'SOH' || block.command !== 'P0') throw new ElsterDataError('password seed (P0)', 'the message is not a P0 command');
  return parseSeedOperand(block.data);
}

/** `SOH P1|P2 STX (operand) ETX BCC` for a password step. @throws RangeError for a character above U+00FF. */
export function encodePasswordFrame(step: PasswordStep): Uint8Array {
  return encodeElsterCommand(step.command, `(${step.operand})`);
}

/** A client command as the meter (emulator) receives it. */
export type ElsterClientCommand =
  | { readonly command: 'R1'; readonly request: ReadRequest }
  | { readonly command: 'W1'; readonly request: WriteRequest }
  | { readonly command: 'RD'; readonly request: StreamRequest }
  | { readonly command: 'P1' | 'P2'; readonly operand: string }
  | { readonly command: 'B0' };

/**
 * A client command message `SOH C D [STX data] ETX BCC` → what it asks (meter side).
 * @throws BccError / FrameError (frames.ts); ElsterDataError with `meterAnswer` (ERR1 for an unknown command
 *   or malformed data set, ERR2 bad data ID, ERR3 bad packet/length).
 */
export function decodeClientCommand(frame: Uint8Array): ElsterClientCommand {
  const block = decodeBlock(frame, 'command');
  if (block.opening !== 'SOH') throw new ElsterDataError('command', 'a data message arrived instead of a command', 'ERR1');
  const data = block.data;
  switch (block.command) {
    case 'R1': return { command: 'R1', request: parseReadRequest(data) };
    case 'W1': return { command: 'W1', request: parseWriteRequest(data) };
    case 'RD': return { command: 'RD', request: parseStreamRequest(data) };
    case 'B0': return { command: 'B0' };
    case 'P1':
    case 'P2': {
      const m = /^\(([^()]*)\)(?:\r\n)?$/.exec(data);
      if (!m) throw new ElsterDataError(`password (${block.command})`, 'expected (password)', 'ERR1');
      return { command: block.command, operand: m[1]! };
    }
    default:
      throw new ElsterDataError('command', `command ${JSON.stringify(block.command)} is not part of the dialect`, 'ERR1');
  }
}
