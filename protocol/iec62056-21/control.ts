/**
 * IEC 62056-21 control characters and byte/ASCII helpers.
 * Source: IEC 62056-21:2002 clause 6.3 (message characters); ../shared/reference/iec62056-21.md.
 * All helpers are pure; strings passed in are treated as ISO-8859-1/ASCII (one char = one byte).
 */

/** Start of header: opens a programming-mode command message (`SOH C D STX … ETX BCC`). */
export const SOH = 0x01;
/** Start of text: opens a data block. */
export const STX = 0x02;
/** End of text: closes a complete block; followed by the BCC. */
export const ETX = 0x03;
/** End of transmission: closes a partial block ("more follows"); followed by the BCC. */
export const EOT = 0x04;
/** Acknowledge: positive reply; also the first byte of the option-select (acknowledgement/option) message. */
export const ACK = 0x06;
/** Negative acknowledge: "repeat your last message". */
export const NAK = 0x15;
export const CR = 0x0d;
export const LF = 0x0a;

/** Bytes → string, one char per byte (latin1). Never throws. */
export function bytesToAscii(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  }
  return s;
}

/** String → bytes, one byte per char (latin1). Throws RangeError on a char above U+00FF. */
export function asciiToBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new RangeError(`character ${JSON.stringify(text[i])} cannot be sent on a 7E1 line`);
    out[i] = c;
  }
  return out;
}

/** Concatenate byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Printable rendering of bytes for error messages and traces: control chars as <STX>, <ETX>, <0x1b>… */
export function describeBytes(bytes: Uint8Array, max = 80): string {
  const names: Record<number, string> = { 1: 'SOH', 2: 'STX', 3: 'ETX', 4: 'EOT', 6: 'ACK', 0x15: 'NAK', 13: 'CR', 10: 'LF' };
  let s = '';
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (names[b]) s += `<${names[b]}>`;
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `<0x${b.toString(16).padStart(2, '0')}>`;
  }
  if (bytes.length > max) s += `… (${bytes.length} bytes)`;
  return s;
}
