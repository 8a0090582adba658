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

/** The platform's TextDecoder (Node and browsers have one; protocol/ declares only what it uses). */
const PlatformDecoder = (globalThis as unknown as { TextDecoder?: new (label: string) => { decode(bytes: Uint8Array): string } }).TextDecoder;
/**
 * A native single-byte decoder: the WHATWG `latin1` label is windows-1252, which equals ISO-8859-1 except for
 * bytes 0x80–0x9F; those decode to characters above U+00FF, which {@link bytesToAscii} detects and redoes.
 */
const latin1 = PlatformDecoder ? new PlatformDecoder('latin1') : null;
const ABOVE_LATIN1 = /[\u0100-\uffff]/;

/**
 * Bytes → string, one char per byte (latin1: char code = byte value, so string offsets are byte offsets).
 * Native decoding where the platform has it (about 40× faster than building the string in JavaScript: the
 * readout parser's first step, bench/readout-parse.ts). Never throws.
 */
export function bytesToAscii(bytes: Uint8Array): string {
  if (latin1 !== null) {
    const s = latin1.decode(bytes);
    if (!ABOVE_LATIN1.test(s)) return s;
  }
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
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
