import { readFileSync } from 'node:fs';
import { type FuzzCorpus, runFuzz } from '../protocol/iec62056-21/fuzz-properties';
import { runElsterFuzz } from '../protocol/meters/elster/fuzz-properties';
import { runClientFuzz } from '../protocol/meters/client-fuzz';

/**
 * Benchmark: the fast-check fuzz properties of every parser at ≥ 100 000 runs each (the tests run ~2 000):
 * IEC 62056-21 frames and readouts (protocol/iec62056-21/fuzz-properties.ts), the Elster dialect decoders
 * (protocol/meters/elster/fuzz-properties.ts) and the client parsers (logbook, stream frames;
 * protocol/meters/client-fuzz.ts). For each: runs, runs per second, and the failure (must be none).
 * Seeds: fixtures/vectors/iec62056-21-frames.tsv (pwitab/iec62056-21, BSD-3-Clause) and
 * iskra-mt174-readout.bin (Apollon77/smartmeter-obis, MIT); see fixtures/vectors/README.md.
 */
export interface FuzzBenchRow {
  readonly suite: 'iec62056-21' | 'elster' | 'client';
  readonly target: string;
  readonly runs: number;
  readonly runsPerSecond: number;
  readonly failure: string | null;
}

function corpus(): FuzzCorpus {
  const vectors = new URL('../fixtures/vectors/', import.meta.url);
  const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
  return {
    frames: readFileSync(new URL('iec62056-21-frames.tsv', vectors), 'latin1')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
      .map((l) => hex(l.split('\t')[1]!)),
    readout: new Uint8Array(readFileSync(new URL('iskra-mt174-readout.bin', vectors))),
  };
}

/**
 * Fuzz every parser `runs` times (seed fixed unless given) and report each as it finishes through `onRow`.
 * @returns every row; a row's `failure` is fast-check's report (counterexample and seed) or null.
 */
export function runFuzzBench(runs: number, seed: number, onRow: (r: FuzzBenchRow) => void = () => undefined): FuzzBenchRow[] {
  const rows: FuzzBenchRow[] = [];
  const add = (suite: FuzzBenchRow['suite'], o: { target: string; runs: number; failure: string | null; ms: number }) => {
    const row = { suite, target: o.target, runs: o.runs, runsPerSecond: o.runs / Math.max(0.001, o.ms / 1000), failure: o.failure };
    rows.push(row);
    onRow(row);
  };
  const c = corpus();
  for (const o of runFuzz(c, runs, { seed })) add('iec62056-21', o);
  for (const o of runElsterFuzz(runs, { seed })) add('elster', o);
  for (const o of runClientFuzz(runs, { seed })) add('client', o);
  return rows;
}
