import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseReadout } from '../protocol/iec62056-21/datasets';

/**
 * Benchmark (issue 12 item 9): our readout parser against the D0 parser of smartmeter-obis (npm
 * `smartmeter-obis` 4.0.0, MIT, a devDependency used only here) on the same bytes — the real Iskra MT174 mode C
 * readout (fixtures/vectors/iskra-mt174-readout.bin, from that project's own test
 * test/testSerialRequestResponseD0WithAck2.js), one readout per call, as each would meet it on the wire:
 * the echoed option select `ACK 0 5 0 CR LF`, then `STX … ! CR LF ETX BCC`.
 * - ours: `parseReadout` (framing, BCC check, every data set → Register with OBIS code, value, unit, time
 *   stamp and typed interpretation);
 * - theirs: `D0Protocol.handleMessage` in its data state (framing by regular expression, every data set →
 *   ObisMeasurement; no BCC check), the path its serial transports call for a received readout.
 * The two run interleaved in short slices (`rounds` × `sliceMs` each) so a busy shared machine slows both
 * alike; the ratio reported is the median of the per-round ratios. Target: ≥ 5.
 */
export interface D0CompareResult {
  readonly readoutBytes: number;
  readonly dataSets: number;
  /** Readouts per second, median of the rounds. */
  readonly oursPerSecond: number;
  readonly smartmeterObisPerSecond: number;
  /** Median of the per-round ratios ours / smartmeter-obis. */
  readonly ratio: number;
  readonly rounds: number;
}

interface D0Protocol {
  communicationState: number;
  handleMessage(message: Buffer): unknown;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Calls `fn` for `ms` milliseconds; returns calls per second. */
function rate(fn: () => void, ms: number): number {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let k = 0; k < 20; k++) fn();
    n += 20;
    t = performance.now();
  }
  return n / ((t - t0) / 1000);
}

/** Run the side-by-side benchmark. Throws when the two parsers do not see the same number of data sets. */
export function runD0CompareBench(opts: { rounds?: number; sliceMs?: number } = {}): D0CompareResult {
  const rounds = opts.rounds ?? 15;
  const sliceMs = opts.sliceMs ?? 200;
  const bytes = new Uint8Array(readFileSync(new URL('../fixtures/vectors/iskra-mt174-readout.bin', import.meta.url)));
  const buffer = Buffer.from(bytes);
  const require = createRequire(import.meta.url);
  const D0 = require('smartmeter-obis/lib/protocols/D0Protocol.js') as new (options: object, store: (err: unknown, data: Record<string, unknown> | null) => void) => D0Protocol;
  let theirs = 0;
  let theirError: unknown = null;
  const protocol = new D0({ debug: 0, logger: () => undefined, transportSerialBaudrate: 300 }, (err, data) => {
    if (err) theirError = err;
    else if (data) theirs = Object.keys(data).length;
  });
  const runTheirs = () => {
    protocol.communicationState = 4; // "data expected": the state after sign-on and option select
    protocol.handleMessage(buffer);
  };
  let ours = 0;
  const runOurs = () => {
    ours = parseReadout(bytes).registers.length;
  };
  // Warm-up (JIT) and the same-work check.
  for (let k = 0; k < 300; k++) {
    runOurs();
    runTheirs();
  }
  if (theirError) throw new Error(`smartmeter-obis refused the readout: ${String(theirError)}`);
  if (ours !== theirs) throw new Error(`the parsers disagree: ours ${ours} data sets, smartmeter-obis ${theirs}`);
  const oursRates: number[] = [];
  const theirRates: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const a = r % 2 === 0 ? rate(runOurs, sliceMs) : 0;
    const b = rate(runTheirs, sliceMs);
    const a2 = r % 2 === 1 ? rate(runOurs, sliceMs) : a;
    oursRates.push(a2);
    theirRates.push(b);
    ratios.push(a2 / b);
  }
  return {
    readoutBytes: bytes.length,
    dataSets: ours,
    oursPerSecond: median(oursRates),
    smartmeterObisPerSecond: median(theirRates),
    ratio: median(ratios),
    rounds,
  };
}
