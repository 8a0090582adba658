import fc from 'fast-check';
import { computeBcc } from './bcc';
import { EOT, ETX, SOH, STX, asciiToBytes, bytesToAscii } from './control';

/**
 * Input generators (fast-check arbitraries) for the IEC 62056-21 parser fuzz properties in
 * `fuzz-properties.ts`: random bytes, protocol-flavoured byte soup, and valid frames mutated by bit flips,
 * truncation, insertion and deletion. Pure (no node); the seed frames are passed in by the caller.
 */

/** One mutation of a byte string; positions are taken modulo the current length. */
export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly byte: number }
  | { readonly kind: 'delete'; readonly at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
);

/** Apply mutations in order to a copy of `seed`. */
export function mutate(seed: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let b = Array.from(seed);
  for (const m of mutations) {
    const at = b.length === 0 ? 0 : m.at % (m.kind === 'insert' || m.kind === 'truncate' ? b.length + 1 : b.length);
    if (m.kind === 'flip' && b.length > 0) b[at] = b[at]! ^ (1 << m.bit);
    else if (m.kind === 'truncate') b = b.slice(0, at);
    else if (m.kind === 'insert') b.splice(at, 0, m.byte);
    else if (m.kind === 'delete') b.splice(at, 1);
  }
  return Uint8Array.from(b);
}

/**
 * Recompute the trailing BCC when the bytes still look like `… SOH|STX … ETX|EOT BCC`, so a mutated frame
 * gets past the checksum and reaches the data parsers.
 */
export function fixBcc(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  if (n < 3 || (bytes[n - 2] !== ETX && bytes[n - 2] !== EOT)) return bytes;
  let open = -1;
  for (let i = 0; i < n - 2; i++) {
    if (bytes[i] === SOH || bytes[i] === STX) {
      open = i;
      break;
    }
  }
  if (open < 0) return bytes;
  const out = bytes.slice();
  out[n - 1] = computeBcc(out.subarray(open + 1, n - 1));
  return out;
}

/** Characters and tokens the IEC 62056-21 parsers care about, for structured noise. */
const TOKENS = [
  '(', ')', '*', '.', ':', '-', ';', '!', '/', '?', '\\', '\r\n', '\r', '\n', '\x01', '\x02', '\x03', '\x04', '\x06', '\x15',
  '\x00', '\x7f', '\xff', '0', '1', '2', '5', '9', 'A', 'P', 'C', 'F', 'kWh', 'kW', '255', '15', '1.8.0', 'F.F', 'P.01',
  '1-0:', '0250115001500', '1251026021500', '1703100930', '0008048.375', 'ISk', 'ERR05', ' ',
];

/** Strings built from protocol tokens, up to `maxTokens` long. */
export function tokenString(maxTokens = 60): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...TOKENS), { maxLength: maxTokens }).map((t) => t.join(''));
}

/**
 * Bytes for a parser: a mix of plain random bytes, token soup, the seeds unchanged, and the seeds mutated
 * 1–4 times (optionally with the BCC recomputed afterwards).
 */
export function fuzzBytes(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const arbs: fc.Arbitrary<Uint8Array>[] = [
    fc.uint8Array({ maxLength: 300 }),
    tokenString().map((s) => asciiToBytes(s)),
  ];
  if (seeds.length > 0) {
    const seed = fc.constantFrom(...seeds);
    arbs.push(seed.map((s) => s.slice()));
    arbs.push(
      fc
        .tuple(seed, fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean())
        .map(([s, ms, fix]) => (fix ? fixBcc(mutate(s, ms)) : mutate(s, ms))),
    );
  }
  return fc.oneof(...arbs);
}

/** Text for the text-level parsers: fuzzBytes of the seeds read as latin1, plus token strings. */
export function fuzzText(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(fuzzBytes(seeds.map((s) => asciiToBytes(s))).map(bytesToAscii), tokenString(120));
}
