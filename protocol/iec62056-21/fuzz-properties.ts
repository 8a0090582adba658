import fc from 'fast-check';
import type { LoadProfile, Register } from '../reading';
import { EOT, ETX, SOH, STX, asciiToBytes, bytesToAscii } from './control';
import { parseTelegram, scanTelegram } from './telegram';
import { parseDataBlock, parseReadout } from './datasets';
import { ProtocolError } from './errors';
import {
  decodeBlock, decodeOptionSelect, decodeSignOn, encodeDataMessage, encodeOptionSelect, encodeReadout, encodeSignOn, scanMessage,
} from './frames';
import { fuzzBytes, fuzzText } from './fuzz-inputs';
import { encodeIdentification, parseIdentification } from './identification';
import { parseLoadProfileAnswer } from './load-profile';

/**
 * Fuzz properties of the IEC 62056-21 parsers: for any input a parser either returns a well-formed result or
 * throws a ProtocolError (BccError/FrameError) with a plain message; never a TypeError or other crash.
 * RangeError is allowed only where documented: parseLoadProfileAnswer with an invalid time-zone name.
 * Pure module (no node): the seed frames come in through `FuzzCorpus`. Used by fuzz.test.ts (~2 000 runs per
 * parser) and by a benchmark (100 000 runs per parser).
 */

/** Seed material: real frames to mutate. */
export interface FuzzCorpus {
  /** Frames of every kind, e.g. the rows of vectors/iec62056-21-frames.tsv (valid and invalid). */
  readonly frames: readonly Uint8Array[];
  /** A complete data readout, e.g. vectors/iskra-mt174-readout.bin (must parse). */
  readonly readout: Uint8Array;
}

/** The parsers under test. */
export const FUZZ_TARGETS = [
  'scanMessage', 'decodeBlock', 'decodeOptionSelect', 'decodeSignOn', 'parseIdentification', 'parseReadout',
  'parseDataBlock', 'parseLoadProfileAnswer', 'parseTelegram',
] as const;
export type FuzzTarget = (typeof FUZZ_TARGETS)[number];

/** Result of fuzzing one parser. `failure` is fast-check's report (counterexample, seed, error) or null. */
export interface FuzzOutcome {
  readonly target: FuzzTarget;
  readonly runs: number;
  readonly failure: string | null;
  /** Wall time, milliseconds. */
  readonly ms: number;
}

/** Throw a plain Error describing a malformed result (fails the property). */
function must(ok: boolean, what: string): void {
  if (!ok) throw new Error(`malformed result: ${what}`);
}

/**
 * Whether an error thrown by a parser is acceptable: a ProtocolError with a code and a non-empty message, or
 * a RangeError when `rangeAllowed`. Anything else (TypeError, plain Error…) is a bug.
 */
export function allowedError(e: unknown, rangeAllowed = false): boolean {
  if (e instanceof ProtocolError) return typeof e.code === 'string' && e.message.length > 0;
  return rangeAllowed && e instanceof RangeError;
}

/** Run `fn`; return its result, or undefined when it threw an allowed error; rethrow any other error. */
function guarded<T>(fn: () => T, rangeAllowed = false): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (allowedError(e, rangeAllowed)) return undefined;
    throw e;
  }
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

function checkRegister(r: Register): void {
  must(typeof r.address === 'string' && typeof r.obis === 'string' && typeof r.code === 'string', 'address fields');
  must(r.billingPeriod === null || (Number.isInteger(r.billingPeriod) && r.billingPeriod >= 1 && r.billingPeriod <= 99), 'billingPeriod');
  must(r.value === null || Number.isFinite(r.value), 'value');
  must(r.unit === null || (typeof r.unit === 'string' && r.unit !== ''), 'unit');
  must(r.timestampLocal === null || LOCAL.test(r.timestampLocal), 'timestampLocal');
  must(r.values.length >= 1 && r.values.every((v) => typeof v.raw === 'string'), 'values');
  must(r.values[0]!.raw.startsWith(r.text), 'text is the start of the first value group');
}

function checkLoadProfile(lp: LoadProfile): void {
  must(Number.isInteger(lp.profile) && lp.profile >= 0 && lp.profile <= 99, 'profile');
  must(Number.isInteger(lp.periodMinutes) && lp.periodMinutes >= 0 && lp.periodMinutes <= 1440, 'periodMinutes');
  const keys = new Set(lp.channels.map((c) => `${c.obis}\u0000${c.unit}`));
  must(keys.size === lp.channels.length, 'channels unique');
  let previous = '';
  for (const iv of lp.intervals) {
    must(UTC.test(iv.startUtc) && UTC.test(iv.endUtc) && iv.startUtc < iv.endUtc, 'interval UTC times');
    must(LOCAL.test(iv.startLocal) && typeof iv.dst === 'boolean' && typeof iv.status === 'string', 'interval local/dst/status');
    must(iv.values.length === lp.channels.length && iv.values.every((v) => v === null || Number.isFinite(v)), 'interval values');
    must(previous <= iv.startUtc, 'intervals in time order');
    previous = iv.startUtc;
  }
}

const ZONES = ['Europe/Berlin', 'UTC', 'America/New_York', 'Australia/Sydney', 'Not/AZone'];

const LOAD_PROFILE_SEED =
  'P.01(1251026014500)(08)(15)(2)(1.29.0)(kWh)(2.29.0)(kWh)\r\n(0.100)(0.000)\r\n(0.200)()\r\n' +
  'P.01(0251026021500)(00)(15)(1)(1.29.0)(kWh)\r\n(0.3)\r\n(0.4*kWh)\r\n';

/** The fast-check property of one parser over inputs seeded from `corpus`. */
export function fuzzProperty(target: FuzzTarget, corpus: FuzzCorpus): fc.IPropertyWithHooks<[unknown]> {
  const frames = [...corpus.frames, corpus.readout];
  const bytes = fuzzBytes(frames) as fc.Arbitrary<unknown>;
  switch (target) {
    case 'scanMessage':
      return fc.property(fc.tuple(fuzzBytes(frames), fc.boolean()) as fc.Arbitrary<unknown>, (input) => {
        const [buf, ackOption] = input as [Uint8Array, boolean];
        let pos = 0;
        for (;;) {
          const r = scanMessage(buf, pos, ackOption);
          if (r.type === 'incomplete') break;
          must(r.end > pos && r.end <= buf.length, `scan progress ${pos} → ${r.end}`);
          if (r.type === 'message') {
            must(same(r.bytes, buf.subarray(pos, r.end)), 'message bytes');
            const b = r.bytes;
            if (r.kind === 'block') must((b[0] === SOH || b[0] === STX) && (b[b.length - 2] === ETX || b[b.length - 2] === EOT), 'block ends');
            if (r.kind === 'line' || r.kind === 'option-select') must(b[b.length - 2] === 0x0d && b[b.length - 1] === 0x0a, 'line ends CR LF');
          }
          pos = r.end;
        }
      });
    case 'decodeBlock':
      return fc.property(bytes, (input) => {
        const b = input as Uint8Array;
        const block = guarded(() => decodeBlock(b));
        if (!block) return;
        must(block.partial === (b[b.length - 2] === EOT), 'partial flag');
        if (block.opening === 'STX') {
          const again = encodeDataMessage(block.data, block.partial);
          must(same(again.subarray(0, -1), b.subarray(0, -1)) && (again[again.length - 1]! & 0x7f) === (b[b.length - 1]! & 0x7f), 're-encodes');
        } else {
          must(block.command !== null && block.command.length === 2 && block.data.length <= b.length - 4, 'command block');
        }
      });
    case 'decodeOptionSelect':
      return fc.property(bytes, (input) => {
        const o = guarded(() => decodeOptionSelect(input as Uint8Array));
        if (o) must(same(encodeOptionSelect(o), input as Uint8Array), 're-encodes');
      });
    case 'decodeSignOn':
      return fc.property(bytes, (input) => {
        const s = guarded(() => decodeSignOn(input as Uint8Array));
        if (s) must(same(encodeSignOn(s.address), input as Uint8Array), 're-encodes');
      });
    case 'parseIdentification':
      return fc.property(fuzzText([...corpus.frames.map(bytesToAscii), '/ISk5MT174-0001\r\n', '/EMH6\\2LZQJ\r\n']) as fc.Arbitrary<unknown>, (input) => {
        const id = guarded(() => parseIdentification(input as string));
        if (!id) return;
        must(['A', 'B', 'C', 'E'].includes(id.mode) && id.maxBaud >= 300 && id.manufacturer.length === 3, 'fields');
        const again = encodeIdentification(id);
        must(again.endsWith('\r\n') && /^ *$/.test(id.raw.slice(again.length - 2)) && id.raw.startsWith(again.slice(0, -2)), 're-encodes (trailing spaces dropped)');
      });
    case 'parseReadout':
      return fc.property(bytes, (input) => {
        const r = guarded(() => parseReadout(input as Uint8Array));
        if (!r) return;
        r.registers.forEach(checkRegister);
        const again = parseReadout(encodeReadout(r.dataBlock));
        must(JSON.stringify(again.registers) === JSON.stringify(r.registers), 'data block re-encodes to the same registers');
      });
    case 'parseDataBlock': {
      const seeds = [parseReadout(corpus.readout).dataBlock, '3:14(314*kWh)4:15(415*kWh)\r\n', '1.6.0(02.468*kW)(1703100930)\r\n0.1.2*01(1703010000)'];
      return fc.property(fuzzText(seeds) as fc.Arbitrary<unknown>, (input) => {
        const regs = guarded(() => parseDataBlock(input as string));
        if (!regs) return;
        regs.forEach(checkRegister);
        must(regs.length <= (input as string).split('(').length - 1, 'at most one data set per value group');
      });
    }
    case 'parseTelegram': {
      // Push telegrams and text logs besides the framed corpus (issue 17); every cut of a stream is "incomplete".
      const push = asciiToBytes('/ESY5Q3DA1004 V3.04\r\n\r\n1-0:1.8.0*255(00012345.6789012*kWh)\r\n1-0:21.7.255*255(000123.45*W)\r\n!\r\n');
      return fc.property(fuzzBytes([...frames, push]) as fc.Arbitrary<unknown>, (input) => {
        const b = input as Uint8Array;
        const t = guarded(() => parseTelegram(b));
        if (t) {
          t.registers.forEach(checkRegister);
          must(t.start <= t.end && t.end <= b.length && (t.checksum === 'valid') === (t.frame !== null), 'telegram bounds and frame');
        }
        const s = guarded(() => scanTelegram(b));
        if (s) must(s.type !== 'noise' || s.end <= b.length, 'noise within the buffer');
      });
    }
    case 'parseLoadProfileAnswer':
      return fc.property(fc.tuple(fuzzText([LOAD_PROFILE_SEED]), fc.constantFrom(...ZONES)) as fc.Arbitrary<unknown>, (input) => {
        const [text, zone] = input as [string, string];
        const lp = guarded(() => parseLoadProfileAnswer(text, zone), zone === 'Not/AZone');
        if (lp) checkLoadProfile(lp);
      });
  }
}

/**
 * Run a property `runs` times and report. `seed` makes a run reproducible (fast-check prints the seed and
 * path of a failure in `failure`).
 */
export function checkProperty(
  target: FuzzTarget,
  property: fc.IPropertyWithHooks<[unknown]>,
  runs: number,
  seed?: number,
): FuzzOutcome {
  const t0 = Date.now();
  const details = fc.check(property, { numRuns: runs, ...(seed === undefined ? {} : { seed }) });
  const failure = details.failed ? `${fc.defaultReportMessage(details) ?? 'failed'}\nError: ${String(details.errorInstance)}` : null;
  return { target, runs, failure, ms: Date.now() - t0 };
}

/**
 * Fuzz every parser (or `options.targets`) `runs` times each with inputs seeded from `corpus`.
 * @returns one outcome per parser; `failure` null when the property held for every run.
 */
export function runFuzz(
  corpus: FuzzCorpus,
  runs: number,
  options: { seed?: number; targets?: readonly FuzzTarget[] } = {},
): FuzzOutcome[] {
  return (options.targets ?? FUZZ_TARGETS).map((t) => checkProperty(t, fuzzProperty(t, corpus), runs, options.seed));
}
