import fc from 'fast-check';
import { fuzzBytes, fuzzText } from '../../iec62056-21/fuzz-inputs';
import { allowedError } from '../../iec62056-21/fuzz-properties';
import { decodeAnswerFrame, decodeClientCommand, decodeSeedFrame, encodeAnswerFrame } from './answers';
import { decodeBcdLE, encodeBcdLE } from './bcd';
import {
  encodeReadRequest, encodeStreamRequest, encodeWriteRequest, parseReadRequest, parseStreamRequest, parseWriteRequest,
} from './commands';
import * as d from './decoders';
import { decodeCumulativeMaxDemand, decodeMaxDemandRegisters, encodeMaxDemandRegisters } from './demand';
import { decodeEventLog, decodeHistoricalEvents, decodeProgrammingLog } from './events';
import { LP_LAYOUTS, fuzzData, fuzzStreamBytes, SEEDS } from './fuzz-seeds';
import { parseElsterIdentification } from './identification';
import { decodeLoadProfile, encodeLoadProfile } from './load-profile';
import { toReadingLoadProfile } from './load-profile-reading';
import { elsterP2Response } from './password';
import { decodeStreamBlock, encodeStreamBlock, scanStreamBlock } from './stream';

/**
 * Fuzz properties of every Elster decoder: for any input a decoder returns a well-formed result (that re-encodes
 * to an equivalent input where an encoder exists) or throws a ProtocolError (ElsterDataError, ElsterMeterError,
 * StreamCrcError, BccError, FrameError) with a plain message; never a TypeError or another crash.
 * RangeError is allowed only where documented: elsterP2Response (bad password/seed) and decodeLoadProfile
 * (invalid zone name). Used by fuzz.test.ts (~2 000 runs each) and by benchmarks (100 000 runs).
 */

/** The decoders under test. */
export const ELSTER_FUZZ_TARGETS = [
  'parseElsterIdentification', 'elsterP2Response', 'parseRequests', 'decodeClientCommand', 'decodeAnswerFrame',
  'decodeSeedFrame', 'scanStreamBlock', 'decodeStreamBlock', 'decodeBcdLE', 'decodeTimeDate', 'decodeAsciiItem',
  'decodeRegisters', 'decodeMaxDemandRegisters', 'decodeProgrammingLog', 'decodeEvents', 'decodeLoadProfile',
  'toReadingLoadProfile',
] as const;
/** Name of one decoder under test. */
export type ElsterFuzzTarget = (typeof ELSTER_FUZZ_TARGETS)[number];

/** Result of fuzzing one decoder. `failure` is fast-check's report (counterexample, seed, error) or null. */
export interface ElsterFuzzOutcome {
  readonly target: ElsterFuzzTarget;
  readonly runs: number;
  readonly failure: string | null;
  /** Wall time, milliseconds. */
  readonly ms: number;
}

function must(ok: boolean, what: string): void {
  if (!ok) throw new Error(`malformed result: ${what}`);
}
function guarded<T>(fn: () => T, rangeAllowed = false): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (allowedError(e, rangeAllowed)) return undefined;
    throw e;
  }
}
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? Array.from(x) : x));
const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ZONES = ['UTC', 'Europe/London', 'Australia/Lord_Howe', 'Not/AZone'];

type P = fc.IPropertyWithHooks<[unknown]>;
const prop = <T>(arb: fc.Arbitrary<T>, check: (input: T) => void): P => fc.property(arb as fc.Arbitrary<unknown>, (x) => check(x as T));

/** The fast-check property of one decoder. */
export function elsterFuzzProperty(target: ElsterFuzzTarget): P {
  switch (target) {
    case 'parseElsterIdentification':
      return prop(fuzzText(SEEDS.identification), (s) => {
        const id = guarded(() => parseElsterIdentification(s));
        if (id) must(id.family === 'unknown' ? id.deviceTypeDigits === null : id.isElster && id.deviceTypeDigits !== null, 'family and digits agree');
      });
    case 'elsterP2Response':
      return prop(fc.tuple(fc.oneof(fc.string({ maxLength: 10 }), fc.stringMatching(/^[ -~]{8}$/)), fc.oneof(fc.string({ maxLength: 18 }), fc.stringMatching(/^[0-9A-Fa-f]{16}$/))), ([pw, seed]) => {
        const r = guarded(() => elsterP2Response(pw, seed), true);
        if (r !== undefined) must(/^[0-9A-F]{16}$/.test(r), '16 upper-case hex digits');
      });
    case 'parseRequests':
      return prop(fuzzText(SEEDS.requestText), (s) => {
        const r = guarded(() => parseReadRequest(s));
        if (r) must(json(parseReadRequest(encodeReadRequest(r))) === json(r), 'R1 re-encodes');
        const w = guarded(() => parseWriteRequest(s));
        if (w) must(json(parseWriteRequest(encodeWriteRequest(w))) === json(w), 'W1 re-encodes');
        const st = guarded(() => parseStreamRequest(s));
        if (st) must(parseStreamRequest(encodeStreamRequest(st)).blocks === st.blocks, 'RD re-encodes');
      });
    case 'decodeClientCommand':
      return prop(fuzzBytes(SEEDS.clientFrames), (b) => {
        const c = guarded(() => decodeClientCommand(b));
        if (c) must(['R1', 'W1', 'RD', 'P1', 'P2', 'B0'].includes(c.command), 'known command');
      });
    case 'decodeAnswerFrame':
      return prop(fuzzBytes(SEEDS.answerFrames), (b) => {
        const data = guarded(() => decodeAnswerFrame(b));
        if (data) must(same(decodeAnswerFrame(encodeAnswerFrame(data)), data), 'answer re-encodes');
      });
    case 'decodeSeedFrame':
      return prop(fuzzBytes(SEEDS.answerFrames), (b) => {
        const seed = guarded(() => decodeSeedFrame(b));
        if (seed !== undefined) must(/^[0-9A-F]{16}$/.test(seed), 'seed is 16 hex digits');
      });
    case 'scanStreamBlock':
      return prop(fc.tuple(fuzzStreamBytes(), fuzzStreamBytes()), ([a, b]) => {
        const buf = Uint8Array.from([...a, ...b]);
        for (let pos = 0; ;) {
          const r = scanStreamBlock(buf, pos);
          if (r.type === 'incomplete') break;
          must(r.end > pos && r.end <= buf.length, `scan progress ${pos} → ${r.end}`);
          if (r.type === 'block') must(same(encodeStreamBlock(r.block), r.bytes) && same(r.bytes, buf.subarray(pos, r.end)), 'block re-encodes');
          pos = r.end;
        }
      });
    case 'decodeStreamBlock':
      return prop(fuzzStreamBytes(), (b) => {
        const blk = guarded(() => decodeStreamBlock(b));
        if (blk) must(same(encodeStreamBlock(blk), b), 'block re-encodes');
      });
    case 'decodeBcdLE':
      return prop(fuzzData(SEEDS.registers.map((r) => r.subarray(0, 8)), 8), (b) => {
        const v = guarded(() => decodeBcdLE(b));
        if (v !== undefined) must(same(encodeBcdLE(v, b.length), b), 'BCD re-encodes');
      });
    case 'decodeTimeDate':
      return prop(fuzzData(SEEDS.timeDate, 7), (b) => {
        const t = guarded(() => d.decodeTimeDate(b));
        if (t && !t.local.startsWith('1999')) must(d.decodeTimeDate(d.encodeTimeDate(t.local)).local === t.local, 'time re-encodes');
      });
    case 'decodeAsciiItem':
      return prop(fuzzData(SEEDS.serial, 16), (b) => {
        const s = guarded(() => d.decodeAsciiItem(b, 16, 'serial number (798)'));
        if (s) must(d.decodeAsciiItem(d.encodeAscii(s.text.replace(/\?/g, ' ').trimEnd(), 16, 'x'), 16, 'x').text.length <= 16 && s.hex.length === 32, 'ASCII item shape');
      });
    case 'decodeRegisters':
      return prop(fuzzData(SEEDS.registers), (b) => {
        const regs = guarded(() => d.decodeEnergyRegisters(b));
        if (regs) must(same(d.encodeEnergyRegisters(regs.map((r) => r.milli)), b), 'registers re-encode');
        const md = guarded(() => decodeCumulativeMaxDemand(b));
        if (md) must(md.length === b.length / 9, 'cumulative MD count');
      });
    case 'decodeMaxDemandRegisters':
      return prop(fuzzData(SEEDS.maxDemand, 24), (b) => {
        const md = guarded(() => decodeMaxDemandRegisters(b, { zone: 'Europe/London' }));
        if (md) {
          const again = guarded(() => decodeMaxDemandRegisters(encodeMaxDemandRegisters(md.map((r) => ({ source: r.source, milli: r.milli, atSeconds: r.at?.seconds ?? null }))), { zone: 'Europe/London' }));
          must(again !== undefined && json(again) === json(md), 'MD re-encodes');
        }
      });
    case 'decodeProgrammingLog':
      return prop(fc.tuple(fuzzData(SEEDS.programmingLog), fc.constantFrom('a1140-53' as const, 'a1700-14' as const)), ([b, layout]) => {
        const p = guarded(() => decodeProgrammingLog(b, layout, { zone: 'Europe/Brussels' }));
        if (p) must(p.entries.length <= 3 && p.entries.every((e) => UTC.test(e.at.utc)), 'log shape');
      });
    case 'decodeEvents':
      return prop(fc.tuple(fuzzData(SEEDS.events), fc.constantFrom('a1140-groups' as const, 'a1700-sets' as const)), ([b, layout]) => {
        const ev = guarded(() => decodeHistoricalEvents(b, layout, { zone: 'Europe/London' }));
        if (ev) must(ev.every((g) => g.count >= 0 && g.entries.length <= 3 && g.entries.every((e) => UTC.test(e.at.utc))), 'events shape');
        const log = guarded(() => decodeEventLog('693', b, { zone: 'Europe/London' }));
        if (log) must(log.entries.length <= 3, 'event log shape');
      });
    case 'decodeLoadProfile':
      return prop(fc.tuple(fuzzData(SEEDS.loadProfile), fc.constantFrom(...LP_LAYOUTS)), ([b, layout]) => {
        const lp = guarded(() => decodeLoadProfile(b, layout, { zone: 'Europe/London' }));
        if (!lp) return;
        for (const iv of lp.intervals) {
          must(UTC.test(iv.startUtc) && iv.startUtc < iv.endUtc && iv.values.length === iv.channels.length, 'interval shape');
          must(iv.values.every((v) => Number.isFinite(v) && v >= 0), 'values');
        }
        const again = guarded(() => decodeLoadProfile(encodeLoadProfile(lp.records.filter((r) => r.kind !== 'external'), layout), layout, { zone: 'Europe/London' }));
        if (!lp.records.some((r) => r.kind === 'external')) must(again !== undefined && json(again.records) === json(lp.records), 'records re-encode');
      });
    case 'toReadingLoadProfile':
      return prop(fc.tuple(fuzzData(SEEDS.loadProfile), fc.constantFrom(...ZONES)), ([b, zone]) => {
        const lp = guarded(() => decodeLoadProfile(b, LP_LAYOUTS[0]!, { zone }), zone === 'Not/AZone');
        if (!lp) return;
        const r = toReadingLoadProfile(lp);
        must(r.intervals.length === lp.intervals.length, 'every interval kept');
        must(r.intervals.every((iv, i) => i === 0 || r.intervals[i - 1]!.startUtc <= iv.startUtc), 'time order');
        must(r.intervals.every((iv) => iv.values.length === r.channels.length && /^[0-9A-F]{2}$/.test(iv.status)), 'interval shape');
      });
  }
}

/** Run one property `runs` times (`seed` makes it reproducible). */
export function checkElsterProperty(target: ElsterFuzzTarget, property: P, runs: number, seed?: number): ElsterFuzzOutcome {
  const t0 = Date.now();
  const details = fc.check(property, { numRuns: runs, ...(seed === undefined ? {} : { seed }) });
  const failure = details.failed ? `${fc.defaultReportMessage(details) ?? 'failed'}\nError: ${String(details.errorInstance)}` : null;
  return { target, runs, failure, ms: Date.now() - t0 };
}

/** Fuzz every decoder (or `options.targets`) `runs` times each. `failure` null when the property held every run. */
export function runElsterFuzz(runs: number, options: { seed?: number; targets?: readonly ElsterFuzzTarget[] } = {}): ElsterFuzzOutcome[] {
  return (options.targets ?? ELSTER_FUZZ_TARGETS).map((t) => checkElsterProperty(t, elsterFuzzProperty(t), runs, options.seed));
}
