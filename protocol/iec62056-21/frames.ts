import { checkBlockBcc, computeBcc } from './bcc';
import { ACK, CR, EOT, ETX, LF, NAK, SOH, STX, asciiToBytes, bytesToAscii, concatBytes, describeBytes } from './control';
import { BccError, FrameError } from './errors';

/**
 * IEC 62056-21 message codec: frames → bytes (encode*) and bytes → frames (scanMessage + decode*).
 * Source: IEC 62056-21:2002 clause 6.3 (message formats); ../shared/reference/iec62056-21.md.
 * Pure functions; strings are ASCII.
 */

/**
 * Command message identifiers C D of clause 6.3.7: password, write, read, execute, break; plus `RD`, the
 * manufacturer-specific stream read of the Elster dialect (protocol/meters/elster/commands.ts).
 */
export type CommandId =
  | 'P0' | 'P1' | 'P2'
  | 'W1' | 'W2' | 'W5'
  | 'R1' | 'R2' | 'R5' | 'R6' | 'RD'
  | 'E2'
  | 'B0';

/** Option-select (acknowledgement/option select) message `ACK V Z Y CR LF`, clause 6.3.3. */
export interface OptionSelect {
  /** V: protocol control character, `0` normal protocol, `1` secondary protocol. */
  readonly protocolControl: string;
  /** Z: baud-rate character to switch to (e.g. `5` = 9600 in mode C). */
  readonly baudChar: string;
  /** Y: mode control: `0` data readout, `1` programming mode, `2` binary (HDLC), `6`–`9` manufacturer-specific. */
  readonly modeControl: string;
}

/** A decoded SOH/STX block. */
export interface Block {
  /** `SOH` for command messages (programming mode), `STX` for data/answer messages. */
  readonly opening: 'SOH' | 'STX';
  /** For SOH blocks: the command C D (e.g. `R5`). Null for STX blocks. */
  readonly command: CommandId | string | null;
  /** The data between STX and ETX/EOT (command data set, answer data set or readout data block). */
  readonly data: string;
  /** True when the block ended with EOT: a partial block, more follows (clause 6.3.9). */
  readonly partial: boolean;
}

/** Sign-on (request) message `/? [device address] ! CR LF`, clause 6.3.1. Address: 0–32 printable chars. */
export function encodeSignOn(address = ''): Uint8Array {
  if (!/^[\x20-\x7e]{0,32}$/.test(address) || address.includes('!')) {
    throw new RangeError('device address must be 0–32 printable characters without "!"');
  }
  return asciiToBytes(`/?${address}!\r\n`);
}

/** Option-select message `ACK V Z Y CR LF`, clause 6.3.3. Sent at 300 baud; both sides switch afterwards. */
export function encodeOptionSelect(o: OptionSelect): Uint8Array {
  return concatBytes(Uint8Array.of(ACK), asciiToBytes(`${o.protocolControl}${o.baudChar}${o.modeControl}\r\n`));
}

/** Block `SOH C D [STX data] ETX BCC`; the BCC covers everything after SOH (so it includes the inner STX). */
function encodeBlock(opening: number, head: string, data: string | null, partial: boolean): Uint8Array {
  const body = asciiToBytes(head + (data === null ? '' : `\x02${data}`));
  const inner = concatBytes(body, Uint8Array.of(partial ? EOT : ETX));
  return concatBytes(Uint8Array.of(opening), inner, Uint8Array.of(computeBcc(inner)));
}

/**
 * Command message `SOH C D STX data-set ETX BCC` (clause 6.3.7). `data` null gives `SOH C D ETX BCC`,
 * the form of the break command B0 (bytes `01 42 30 03 71`).
 */
export function encodeCommand(command: CommandId, data: string | null): Uint8Array {
  return encodeBlock(SOH, command, data, false);
}

/** Break message `SOH B0 ETX BCC`: ends the session; the meter returns to 300 baud idle. */
export function encodeBreak(): Uint8Array {
  return encodeCommand('B0', null);
}

/** Data/answer message `STX data ETX|EOT BCC` (clauses 6.3.5, 6.3.8, 6.3.9). `partial` closes with EOT. */
export function encodeDataMessage(data: string, partial = false): Uint8Array {
  const inner = concatBytes(asciiToBytes(data), Uint8Array.of(partial ? EOT : ETX));
  return concatBytes(Uint8Array.of(STX), inner, Uint8Array.of(computeBcc(inner)));
}

/** Data readout message of mode A/B/C: `STX data-block ! CR LF ETX BCC` (clause 6.3.5). */
export function encodeReadout(dataBlock: string): Uint8Array {
  const block = dataBlock.endsWith('\r\n') || dataBlock === '' ? dataBlock : `${dataBlock}\r\n`;
  return encodeDataMessage(`${block}!\r\n`);
}

/** Result of scanning a receive buffer for the next message. */
export type ScanResult =
  /** A complete message occupies `bytes` = buf[start, end). */
  | { readonly type: 'message'; readonly kind: MessageKind; readonly bytes: Uint8Array; readonly end: number }
  /** The buffer holds the beginning of a message; wait for more bytes. */
  | { readonly type: 'incomplete' }
  /** buf[start, end) is not the start of any message (line noise, echo, NUL wake-up bytes); skip it. */
  | { readonly type: 'noise'; readonly end: number };

/** Kinds of message scanMessage can delimit. */
export type MessageKind = 'line' | 'ack' | 'nak' | 'option-select' | 'block';

/** Longest message line (`/…` or option select) accepted before the bytes are judged noise. */
const MAX_LINE = 128;

/**
 * Find the next message in `buf` from `start`. Pure and incremental: call again after more bytes arrive.
 * Delimits, by first byte: `/`… CR LF (sign-on request or identification); ACK V Z Y CR LF (option select,
 * only when `ackMayStartOptionSelect`); lone ACK or NAK; SOH/STX … ETX/EOT + BCC. Anything else is noise.
 *
 * @param ackMayStartOptionSelect true on the meter side right after identification, where an ACK followed
 *   by a digit is an option select; the client side never receives option selects and passes false.
 */
export function scanMessage(buf: Uint8Array, start = 0, ackMayStartOptionSelect = false): ScanResult {
  if (start >= buf.length) return { type: 'incomplete' };
  const first = buf[start]!;
  if (first === 0x2f /* '/' */) return scanLine(buf, start, 'line');
  if (first === NAK) return { type: 'message', kind: 'nak', bytes: buf.subarray(start, start + 1), end: start + 1 };
  if (first === ACK) {
    if (ackMayStartOptionSelect) {
      if (start + 1 >= buf.length) return { type: 'incomplete' };
      const next = buf[start + 1]!;
      if (next >= 0x30 && next <= 0x39) return scanLine(buf, start, 'option-select');
    }
    return { type: 'message', kind: 'ack', bytes: buf.subarray(start, start + 1), end: start + 1 };
  }
  if (first === SOH || first === STX) {
    for (let i = start + 1; i < buf.length; i++) {
      const b = buf[i]!;
      if (b === ETX || b === EOT) {
        if (i + 1 >= buf.length) return { type: 'incomplete' };
        return { type: 'message', kind: 'block', bytes: buf.subarray(start, i + 2), end: i + 2 };
      }
    }
    return { type: 'incomplete' };
  }
  // Noise: skip up to the next byte that could start a message.
  let i = start + 1;
  while (i < buf.length) {
    const b = buf[i]!;
    if (b === 0x2f || b === ACK || b === NAK || b === SOH || b === STX) break;
    i++;
  }
  return { type: 'noise', end: i };
}

function scanLine(buf: Uint8Array, start: number, kind: 'line' | 'option-select'): ScanResult {
  for (let i = start + 1; i < buf.length; i++) {
    if (buf[i] === LF && buf[i - 1] === CR) {
      return { type: 'message', kind, bytes: buf.subarray(start, i + 1), end: i + 1 };
    }
    if (i - start > MAX_LINE) return { type: 'noise', end: start + 1 };
  }
  return { type: 'incomplete' };
}

/**
 * Decode a SOH/STX block, verifying its BCC.
 * @param where words for error messages, e.g. "data readout".
 * @throws BccError on a BCC mismatch; FrameError when the bytes are not a block.
 */
export function decodeBlock(bytes: Uint8Array, where = 'message'): Block {
  const verdict = checkBlockBcc(bytes);
  if (!verdict.ok) {
    if (verdict.reason === 'BCC mismatch') throw new BccError(verdict.expected!, verdict.actual!, where);
    throw new FrameError(where, `${verdict.reason}: ${describeBytes(bytes)}`);
  }
  const partial = bytes[bytes.length - 2] === EOT;
  const body = bytesToAscii(bytes.subarray(1, bytes.length - 2));
  if (bytes[0] === STX) return { opening: 'STX', command: null, data: body, partial };
  // SOH C D [STX data]
  if (body.length < 2) throw new FrameError(where, `command message without command id: ${describeBytes(bytes)}`);
  const command = body.slice(0, 2);
  if (body.length === 2) return { opening: 'SOH', command, data: '', partial };
  if (body.charCodeAt(2) !== STX) throw new FrameError(where, `command ${command} not followed by STX: ${describeBytes(bytes)}`);
  return { opening: 'SOH', command, data: body.slice(3), partial };
}

/**
 * Decode an option-select message `ACK V Z Y CR LF`.
 * @throws FrameError when the bytes are not an option select.
 */
export function decodeOptionSelect(bytes: Uint8Array): OptionSelect {
  const s = bytesToAscii(bytes);
  const m = /^\x06([0-9])(.)([0-9])\r\n$/.exec(s);
  if (!m) throw new FrameError('option select', describeBytes(bytes));
  return { protocolControl: m[1]!, baudChar: m[2]!, modeControl: m[3]! };
}

/**
 * Decode a sign-on (request) message `/?address!CR LF`; returns the device address ('' when absent).
 * @throws FrameError when the bytes are not a sign-on request.
 */
export function decodeSignOn(bytes: Uint8Array): { address: string } {
  const s = bytesToAscii(bytes);
  const m = /^\/\?([\x20-\x7e]{0,32})!\r\n$/.exec(s);
  if (!m || m[1]!.includes('!')) throw new FrameError('sign-on request', describeBytes(bytes));
  return { address: m[1]! };
}

/** The `(ERRnn)` / `(ERRORnn)` refusal inside an answer data set, or null. Clause 6.3.7, and manufacturer usage. */
export function answerError(data: string): string | null {
  const m = /^\(?(ERR[A-Z0-9]*)\)?(?:\r\n)?$/i.exec(data.trim());
  return m ? m[1]!.toUpperCase() : null;
}
