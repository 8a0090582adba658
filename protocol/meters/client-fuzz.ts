import fc from 'fast-check';
import { fuzzBytes, fuzzText } from '../iec62056-21/fuzz-inputs';
import { allowedError } from '../iec62056-21/fuzz-properties';
import { encodeLogbookAnswer, parseLogbookAnswer } from '../iec62056-21/logbook';
import { encodeAnswerFrame, encodeErrorFrame } from './elster/answers';
import { decodeStreamBlock, encodeStream } from './elster/stream';
import { scanStreamFrame } from './elster/stream-receiver';

/**
 * Fuzz properties of the parsers the programming-mode clients added (same contract as
 * protocol/iec62056-21/fuzz-properties.ts: a parser returns a well-formed result or throws a ProtocolError,
 * never a crash): the P.98 logbook answer and the RD stream frame scanner (which must never throw and always
 * make progress). Used by client-fuzz.test.ts (a few thousand runs) and meant for the benchmark (100 000).
 */

/** The parsers under test. */
export const CLIENT_FUZZ_TARGETS = ['parseLogbookAnswer', 'scanStreamFrame'] as const;
export type ClientFuzzTarget = (typeof CLIENT_FUZZ_TARGETS)[number];

/** Result of fuzzing one parser; `failure` = fast-check's report, or null. */
export interface ClientFuzzOutcome {
  readonly target: ClientFuzzTarget;
  readonly runs: number;
  readonly failure: string | null;
  readonly ms: number;
}

function must(ok: boolean, what: string): void {
  if (!ok) throw new Error(`malformed result: ${what}`);
}

const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

const LOGBOOK_SEEDS = [
  encodeLogbookAnswer([
    { stamp: { local: '2025-03-30T00:59:58', season: 0 }, status: '0000', eventCode: '0021' },
    { stamp: { local: '2025-10-26T01:30:00', season: 1 }, status: '08', eventCode: '0003' },
  ]),
  'P.98(1240701120000)(00002000)()(0)\r\nP.98(1240701130000)(00000080)()(1)(1.8.0)(kWh)(0012345.6)\r\n',
];

const STREAM_SEEDS: Uint8Array[] = [
  ...encodeStream(Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 3) & 0xff)),
  ...encodeStream(Uint8Array.of(2, 3, 4, 0x1b, 0x15, 6)),
  encodeErrorFrame('ERR2'),
  encodeAnswerFrame(Uint8Array.of(0x12, 0x34)),
  Uint8Array.of(0x15),
];

/** The fast-check property of one parser. */
export function clientFuzzProperty(target: ClientFuzzTarget): fc.IPropertyWithHooks<[unknown]> {
  if (target === 'parseLogbookAnswer') {
    return fc.property(fc.tuple(fuzzText(LOGBOOK_SEEDS), fc.constantFrom('Europe/Berlin', 'UTC', 'Bad/Zone')) as fc.Arbitrary<unknown>, (input) => {
      const [text, zone] = input as [string, string];
      let entries;
      try {
        entries = parseLogbookAnswer(text, zone);
      } catch (e) {
        if (allowedError(e, zone === 'Bad/Zone')) return;
        throw e;
      }
      for (const e of entries) {
        must(UTC.test(e.utc) && LOCAL.test(e.local), 'entry times');
        must(typeof e.status === 'string' && (e.eventCode === null || typeof e.eventCode === 'string'), 'status / event code');
        must(e.values.every((v) => typeof v.obis === 'string' && typeof v.value === 'string'), 'values');
      }
    });
  }
  return fc.property(fc.tuple(fuzzBytes(STREAM_SEEDS), fc.boolean()) as fc.Arbitrary<unknown>, (input) => {
    const [buf, resync] = input as [Uint8Array, boolean];
    let pos = 0;
    for (;;) {
      const r = resync ? scanStreamFrame(buf.subarray(pos)) : scanStreamFrame(buf.subarray(pos));
      if (r.type === 'incomplete') break;
      must(r.end >= 1 && pos + r.end <= buf.length, `progress ${pos} → ${pos + r.end}`);
      if (r.type === 'frame' && r.frame.kind === 'block') {
        const again = decodeStreamBlock(r.frame.bytes);
        must(again.packet === r.frame.block.packet && again.data.length === r.frame.block.data.length, 'block re-decodes');
      }
      pos += r.end;
      if (pos >= buf.length) break;
    }
  });
}

/** Fuzz every target (or `targets`) `runs` times. */
export function runClientFuzz(runs: number, options: { seed?: number; targets?: readonly ClientFuzzTarget[] } = {}): ClientFuzzOutcome[] {
  return (options.targets ?? CLIENT_FUZZ_TARGETS).map((target) => {
    const t0 = Date.now();
    const details = fc.check(clientFuzzProperty(target), { numRuns: runs, ...(options.seed === undefined ? {} : { seed: options.seed }) });
    const failure = details.failed ? `${fc.defaultReportMessage(details) ?? 'failed'}\nError: ${String(details.errorInstance)}` : null;
    return { target, runs, failure, ms: Date.now() - t0 };
  });
}
