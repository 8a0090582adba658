import { readFileSync } from 'node:fs';
import { computeBcc } from '../protocol/iec62056-21/bcc';
import { asciiToBytes, bytesToAscii, concatBytes } from '../protocol/iec62056-21/control';
import { parseReadout } from '../protocol/iec62056-21/datasets';

/**
 * Benchmark: data-readout parse throughput (frame scan + BCC + data sets → registers) on the real Iskra MT174
 * readout (fixtures/vectors/iskra-mt174-readout.bin, Apollon77/smartmeter-obis, MIT) with its data block
 * repeated to about 8 MB. References: (1) the fastest IEC 62056-21 line, 19 200 baud on 7E1 = 1 920 bytes/s
 * (the parser must never be the bottleneck); (2) a bare baseline that only decodes the bytes and splits them
 * into lines (the practical floor for any parser that reads every line).
 */
export interface ParseBenchResult {
  readonly megabytes: number;
  readonly dataSets: number;
  readonly mbPerSecond: number;
  readonly baselineMbPerSecond: number;
  readonly ratioToBaseline: number;
  readonly ratioToWire19200: number;
}

function bigReadout(targetBytes: number): Uint8Array {
  const capture = new Uint8Array(readFileSync(new URL('../fixtures/vectors/iskra-mt174-readout.bin', import.meta.url)));
  const text = bytesToAscii(capture.subarray(capture.indexOf(0x02) + 1));
  const block = text.slice(0, text.lastIndexOf('!\r\n'));
  const repeats = Math.ceil(targetBytes / block.length);
  const inner = concatBytes(asciiToBytes(block.repeat(repeats) + '!\r\n'), Uint8Array.of(0x03));
  return concatBytes(Uint8Array.of(0x02), inner, Uint8Array.of(computeBcc(inner)));
}

function timeIt(fn: () => void, minMs = 1500): number {
  fn(); // warm-up
  let runs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    fn();
    runs++;
  }
  return (performance.now() - t0) / runs;
}

/** Run the parse benchmark and return its figures (MB = 10^6 bytes). */
export function runParseBench(): ParseBenchResult {
  const readout = bigReadout(8_000_000);
  const mb = readout.length / 1e6;
  let dataSets = 0;
  const ms = timeIt(() => {
    dataSets = parseReadout(readout).registers.length;
  });
  let lines = 0;
  const baseMs = timeIt(() => {
    lines = bytesToAscii(readout).split('\r\n').length;
  });
  if (lines < dataSets) throw new Error('baseline did not see every line');
  const mbPerSecond = mb / (ms / 1000);
  const baselineMbPerSecond = mb / (baseMs / 1000);
  return {
    megabytes: mb,
    dataSets,
    mbPerSecond,
    baselineMbPerSecond,
    ratioToBaseline: mbPerSecond / baselineMbPerSecond,
    ratioToWire19200: (mbPerSecond * 1e6) / 1920,
  };
}
