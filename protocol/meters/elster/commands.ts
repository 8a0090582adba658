import { type OptionSelect, encodeCommand, encodeOptionSelect } from '../../iec62056-21/frames';
import { bytesToHex, hexToBytes } from './bcd';
import { ElsterDataError } from './errors';
import {
  ELSTER_FIRST_PACKET, ELSTER_MAX_PACKET_BYTES, ELSTER_MAX_PACKET_NUMBER, ELSTER_MAX_STREAM_BLOCKS, ELSTER_MAX_WRITE_BYTES,
  ELSTER_MODE_CONTROL,
} from './profile';

/**
 * The command data sets of the Elster dialect (reference "Register access by 3-digit data ID",
 * ../shared/reference/elster-dialect.md), framed as IEC 62056-21 command messages `SOH C D STX data ETX BCC`
 * by protocol/iec62056-21/frames.ts:
 * - `R1` `IDppp(n)`: read n bytes (hex, ≤ 0x40) of data ID `ID` (3 decimal digits), packet ppp (3 hex, from 001);
 * - `W1` `ID001(HEX)`: write bytes given as hex ASCII;
 * - `RD` `ID001(n)`: stream n blocks (hex) in data stream mode (see stream.ts).
 * Counts (R1 length, RD blocks) are written as the public driver writes them (`Integer.toHexString`: lower case, no
 * padding) and parsed in either case. Encoders take program values and throw RangeError; parsers (meter side, used
 * by the emulator) take received text and throw ElsterDataError whose `meterAnswer` is the ERRn a meter would answer.
 */

/** Command identifiers used by the dialect. `RD` (data stream) is Elster-specific. */
export type ElsterCommandId = 'P0' | 'P1' | 'P2' | 'R1' | 'W1' | 'RD' | 'B0';

/**
 * Command message `SOH C D STX data ETX BCC` for a dialect command (`data` null gives `SOH C D ETX BCC`).
 * Framing and BCC by frames.ts `encodeCommand` (whose CommandId includes the dialect's `RD`).
 * @throws RangeError for a character above U+00FF.
 */
export function encodeElsterCommand(command: ElsterCommandId, data: string | null): Uint8Array {
  return encodeCommand(command, data);
}

/** Option select for the dialect: `ACK 0 Z 6 CR LF` (manufacturer mode) or `ACK 0 Z 1 CR LF` ("IEC 1107 compatible" meters). */
export function elsterOptionSelect(baudChar: string, variant: 'manufacturer' | 'iec1107' = 'manufacturer'): OptionSelect {
  return { protocolControl: '0', baudChar, modeControl: ELSTER_MODE_CONTROL[variant] };
}

/** Bytes of `elsterOptionSelect`. @throws RangeError for a baud character above U+00FF. */
export function encodeElsterOptionSelect(baudChar: string, variant: 'manufacturer' | 'iec1107' = 'manufacturer'): Uint8Array {
  return encodeOptionSelect(elsterOptionSelect(baudChar, variant));
}

/** Which dialect entry an option select asks for: `manufacturer` (Y = 6), `iec1107` (Y = 1), or null (another mode). */
export function elsterOptionVariant(o: OptionSelect): 'manufacturer' | 'iec1107' | null {
  if (o.protocolControl !== '0') return null;
  if (o.modeControl === ELSTER_MODE_CONTROL.manufacturer) return 'manufacturer';
  if (o.modeControl === ELSTER_MODE_CONTROL.iec1107) return 'iec1107';
  return null;
}

/** R1 read of one packet. */
export interface ReadRequest {
  /** 3-digit data ID, e.g. `798`. */
  readonly dataId: string;
  /** Packet number 1…0xFFF; packet p holds bytes (p − 1) × 0x40 … of the item. */
  readonly packet: number;
  /** Bytes to read, 1…0x40. */
  readonly length: number;
}

/** W1 write of one packet. */
export interface WriteRequest {
  readonly dataId: string;
  /** Packet number 1…0xFFF (the reference shows 001). */
  readonly packet: number;
  /** Bytes to write, 1…0x40 (ELSTER_MAX_WRITE_BYTES, an assumption). */
  readonly data: Uint8Array;
}

/** RD stream request. */
export interface StreamRequest {
  readonly dataId: string;
  /** Number of blocks to stream, 1…0xFFFF. */
  readonly blocks: number;
}

function checkDataId(id: string): void {
  if (!/^\d{3}$/.test(id)) throw new RangeError(`data ID ${JSON.stringify(id)} is not 3 decimal digits`);
}
function checkPacket(p: number): void {
  if (!Number.isInteger(p) || p < ELSTER_FIRST_PACKET || p > ELSTER_MAX_PACKET_NUMBER) throw new RangeError(`packet number ${p} is not 1…0xFFF`);
}
const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');
/** A count as the driver writes it: `Integer.toHexString`, lower case, no padding (reference "Corrections"). */
const count = (n: number) => n.toString(16);

/**
 * `IDppp(n)`, e.g. `{798, 1, 16}` → `798001(10)`, `{861, 1, 7}` → `861001(7)`: the length as the public driver writes
 * it (lower-case hex without padding; meters are known to accept it, reference "Corrections").
 * @throws RangeError for a bad ID, packet or length.
 */
export function encodeReadRequest(r: ReadRequest): string {
  checkDataId(r.dataId);
  checkPacket(r.packet);
  if (!Number.isInteger(r.length) || r.length < 1 || r.length > ELSTER_MAX_PACKET_BYTES) throw new RangeError(`read length ${r.length} is not 1…0x40 bytes`);
  return `${r.dataId}${hex(r.packet, 3)}(${count(r.length)})`;
}

/** `IDppp(HEX)`, e.g. `861001(00302112030025)`. @throws RangeError for a bad ID, packet or size. */
export function encodeWriteRequest(w: WriteRequest): string {
  checkDataId(w.dataId);
  checkPacket(w.packet);
  if (w.data.length < 1 || w.data.length > ELSTER_MAX_WRITE_BYTES) throw new RangeError(`write of ${w.data.length} bytes is not 1…0x40 bytes`);
  return `${w.dataId}${hex(w.packet, 3)}(${bytesToHex(w.data)})`;
}

/** `ID001(n)`, n as the driver writes it (lower-case hex, no padding: `550001(a)`). @throws RangeError. */
export function encodeStreamRequest(s: StreamRequest): string {
  checkDataId(s.dataId);
  if (!Number.isInteger(s.blocks) || s.blocks < 1 || s.blocks > ELSTER_MAX_STREAM_BLOCKS) throw new RangeError(`block count ${s.blocks} is not 1…0xFFFF`);
  return `${s.dataId}001(${count(s.blocks)})`;
}

/** R1 requests covering `totalBytes` of an item in 0x40-byte packets from packet 1. @throws RangeError. */
export function readRequestsFor(dataId: string, totalBytes: number): ReadRequest[] {
  checkDataId(dataId);
  const count = Math.ceil(totalBytes / ELSTER_MAX_PACKET_BYTES);
  if (!Number.isInteger(totalBytes) || totalBytes < 1 || count > ELSTER_MAX_PACKET_NUMBER) throw new RangeError(`${totalBytes} bytes cannot be read in 1…0xFFF packets`);
  return Array.from({ length: count }, (_, i) => ({
    dataId,
    packet: i + 1,
    length: Math.min(ELSTER_MAX_PACKET_BYTES, totalBytes - i * ELSTER_MAX_PACKET_BYTES),
  }));
}

const REQUEST = /^([^(]*)\(([^()]*)\)(?:\r\n)?$/;

/** Split `IDppp(value)` into ID, packet and value, with the meter's ERRn for each kind of fault. */
function splitRequest(data: string, what: string): { dataId: string; packet: number; value: string } {
  const m = REQUEST.exec(data);
  if (!m) throw new ElsterDataError(what, 'expected IDppp(value)', 'ERR1');
  const head = m[1]!;
  if (head.length !== 6) throw new ElsterDataError(what, `expected a 3-digit data ID and a 3-digit packet number before "("`, 'ERR1');
  const dataId = head.slice(0, 3);
  if (!/^\d{3}$/.test(dataId)) throw new ElsterDataError(what, `data ID ${JSON.stringify(dataId)} is not 3 decimal digits`, 'ERR2');
  const p = head.slice(3);
  const packet = /^[0-9A-Fa-f]{3}$/.test(p) ? parseInt(p, 16) : 0;
  if (packet < ELSTER_FIRST_PACKET) throw new ElsterDataError(what, `packet number ${JSON.stringify(p)} is not 001…FFF`, 'ERR3');
  return { dataId, packet, value: m[2]! };
}

/** Parse an R1 data set `IDppp(LL)` (meter side). @throws ElsterDataError (meterAnswer ERR1/ERR2/ERR3). */
export function parseReadRequest(data: string): ReadRequest {
  const { dataId, packet, value } = splitRequest(data, 'read request (R1)');
  const length = /^[0-9A-Fa-f]{1,2}$/.test(value) ? parseInt(value, 16) : 0;
  if (length < 1 || length > ELSTER_MAX_PACKET_BYTES) throw new ElsterDataError('read request (R1)', `length ${JSON.stringify(value)} is not 1…40 hex`, 'ERR3');
  return { dataId, packet, length };
}

/** Parse a W1 data set `IDppp(HEX)` (meter side). @throws ElsterDataError (meterAnswer ERR1/ERR2/ERR3). */
export function parseWriteRequest(data: string): WriteRequest {
  const { dataId, packet, value } = splitRequest(data, 'write request (W1)');
  let bytes: Uint8Array;
  try {
    bytes = hexToBytes(value, 'write request (W1)');
  } catch {
    throw new ElsterDataError('write request (W1)', 'the value is not an even number of hex digits', 'ERR1');
  }
  if (bytes.length < 1 || bytes.length > ELSTER_MAX_WRITE_BYTES) throw new ElsterDataError('write request (W1)', `${bytes.length} bytes is not 1…64`, 'ERR3');
  return { dataId, packet, data: bytes };
}

/** Parse an RD data set `ID001(n)` (meter side). @throws ElsterDataError (meterAnswer ERR1/ERR2/ERR3). */
export function parseStreamRequest(data: string): StreamRequest {
  const { dataId, packet, value } = splitRequest(data, 'stream request (RD)');
  if (packet !== ELSTER_FIRST_PACKET) throw new ElsterDataError('stream request (RD)', 'the packet number of a stream request is 001', 'ERR3');
  const blocks = /^[0-9A-Fa-f]{1,4}$/.test(value) ? parseInt(value, 16) : 0;
  if (blocks < 1) throw new ElsterDataError('stream request (RD)', `block count ${JSON.stringify(value)} is not 1…FFFF hex`, 'ERR3');
  return { dataId, blocks };
}
