import { ETX, EOT, SOH, STX } from './control';

/**
 * Block check character (BCC) of IEC 62056-21 clause 6.3.8: XOR of every byte after the first SOH or STX,
 * up to and including the ETX or EOT that ends the block. The opening SOH/STX is not included.
 *
 * @param bytes the bytes to check *without* the opening SOH/STX and *with* the closing ETX/EOT.
 * @returns the BCC, 0..255 (7 bits on a 7E1 line when every byte is ASCII).
 */
export function computeBcc(bytes: Uint8Array): number {
  let bcc = 0;
  let i = 0;
  const n = bytes.length;
  // XOR is associative: fold 32-bit words of the aligned middle (a readout is kilobytes long), then the rest.
  if (n >= 64) {
    while ((bytes.byteOffset + i) % 4 !== 0) bcc ^= bytes[i++]!;
    const words = (n - i) >>> 2;
    const w = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    let x = 0;
    for (let k = 0; k < words; k++) x ^= w[k]!;
    bcc ^= (x ^ (x >>> 8) ^ (x >>> 16) ^ (x >>> 24)) & 0xff;
    i += words * 4;
  }
  for (; i < n; i++) bcc ^= bytes[i]!;
  return bcc;
}

/**
 * Verdict for a whole block `SOH|STX … ETX|EOT BCC`.
 * Returns `{ ok: true }` or `{ ok: false, expected, actual }`. Throws nothing; a frame without an opening
 * SOH/STX or closing ETX/EOT + BCC gives `{ ok: false, reason }`.
 */
export function checkBlockBcc(
  frame: Uint8Array,
): { ok: true } | { ok: false; reason: string; expected?: number; actual?: number } {
  if (frame.length < 3) return { ok: false, reason: 'block too short to carry a BCC' };
  const first = frame[0];
  if (first !== SOH && first !== STX) return { ok: false, reason: 'block does not start with SOH or STX' };
  const end = frame[frame.length - 2];
  if (end !== ETX && end !== EOT) return { ok: false, reason: 'block does not end with ETX or EOT before the BCC' };
  const expected = computeBcc(frame.subarray(1, frame.length - 1));
  const actual = frame[frame.length - 1]!;
  // A 7E1 line carries 7 data bits: compare the low 7 bits (the parity bit is not data).
  if ((expected & 0x7f) !== (actual & 0x7f)) return { ok: false, reason: 'BCC mismatch', expected, actual };
  return { ok: true };
}
