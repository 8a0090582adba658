/**
 * What a UART receiving at one baud rate makes of 7E1 characters sent at another: the deterministic
 * "garbage" a wrong line speed produces. Used by the in-memory link (link.ts) to emulate baud mismatch.
 *
 * Model (a plain asynchronous receiver, as in a 16550-style UART): the sender's characters are laid
 * back to back on the wire as 10-bit frames (start bit 0, 7 data bits LSB first, even parity, stop bit 1,
 * line idle = 1). The receiver waits for the line to be idle (1), then for a falling edge (start bit), samples
 * each of its own 10 bit cells in the middle, and delivers the 7 data bits. A frame whose stop bit samples as 0
 * (framing error) is delivered as NUL (0x00), as Linux termios does without PARMRK; a parity error is not
 * flagged (the data bits are delivered). After a frame the receiver looks for the next idle→start edge.
 * Source of the line format: IEC 62056-21:2002 clause 6.1 (7E1); ../shared/reference/iec62056-21.md "Line".
 */

/** Bits per character on a 7E1 line: start + 7 data + parity + stop. */
export const BITS_PER_CHAR = 10;

/** Level (0/1) of bit `bit` (0…9) of the 7E1 frame of byte `b`. */
function frameBit(b: number, bit: number): number {
  if (bit === 0) return 0; // start bit
  if (bit <= 7) return (b >> (bit - 1)) & 1;
  if (bit === 8) {
    let ones = 0;
    for (let i = 0; i < 7; i++) ones += (b >> i) & 1;
    return ones & 1; // even parity: parity bit makes the count of ones even
  }
  return 1; // stop bit
}

/**
 * Bytes as received by a UART at `receiverBaud` when `bytes` were sent back to back at `senderBaud`.
 * Equal rates return a copy of the 7-bit data (the parity bit is not data), or of all 8 bits when `dataBits` is 8
 * (an 8-bit-clean line, see link.ts). Unequal rates always use the 7E1 model above. Pure and deterministic.
 * @param bytes characters sent (only their low 7 bits travel on a 7E1 line).
 * @param senderBaud, receiverBaud bit/s, > 0.
 */
export function receiveAtBaud(bytes: Uint8Array, senderBaud: number, receiverBaud: number, dataBits: 7 | 8 = 7): Uint8Array {
  if (senderBaud === receiverBaud) return dataBits === 8 ? bytes.slice() : bytes.map((b) => b & 0x7f);
  const ts = 1 / senderBaud; // sender bit time, s
  const tr = 1 / receiverBaud; // receiver bit time, s
  const totalBits = bytes.length * BITS_PER_CHAR;
  const level = (bitIndex: number): number => {
    if (bitIndex < 0 || bitIndex >= totalBits) return 1;
    return frameBit(bytes[Math.floor(bitIndex / BITS_PER_CHAR)]!, bitIndex % BITS_PER_CHAR);
  };
  const levelAt = (t: number): number => level(Math.floor(t / ts + 1e-9));
  const out: number[] = [];
  let bit = 0; // sender bit index from which to look for idle, then a start edge
  while (bit < totalBits) {
    // Wait for idle (a 1 bit) …
    while (bit < totalBits && level(bit) === 0) bit++;
    // … then for the falling edge.
    while (bit < totalBits && level(bit) === 1) bit++;
    if (bit >= totalBits) break;
    const start = bit * ts;
    let data = 0;
    for (let i = 1; i <= 7; i++) data |= levelAt(start + (i + 0.5) * tr) << (i - 1);
    const stop = levelAt(start + 9.5 * tr);
    out.push(stop === 1 ? data : 0x00);
    bit = Math.max(bit + 1, Math.floor((start + 9.5 * tr) / ts + 1e-9));
  }
  return Uint8Array.from(out);
}
