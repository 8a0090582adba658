import { mkdirSync, writeFileSync } from 'node:fs';
import { runParseBench } from './readout-parse';
import { runWireBench } from './wire-time';

/**
 * `npm run bench`: every benchmark of the project, printing its figures and the ratio against its stated
 * reference, and writing them to bench/results/latest.json. Benchmarks are never timed unit tests.
 */
async function main(): Promise<void> {
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };

  const parse = runParseBench();
  results.readoutParse = parse;
  console.log('Data readout parse (Iskra MT174 readout repeated to %s MB, %s data sets)', parse.megabytes.toFixed(1), parse.dataSets);
  console.log('  throughput             %s MB/s', parse.mbPerSecond.toFixed(1));
  console.log('  bare line-split        %s MB/s  → ratio %s of the bare baseline', parse.baselineMbPerSecond.toFixed(1), parse.ratioToBaseline.toFixed(3));
  console.log('  vs 19 200 baud line    %s× faster than the fastest IEC 62056-21 wire', Math.round(parse.ratioToWire19200).toLocaleString('en'));

  const wire = await runWireBench();
  results.wireTime = wire;
  console.log('\nReading the paced emulated meter at 9600 baud over a pty pair (readout + 48 h load profile)');
  console.log('  registers / intervals  %d / %d', wire.registers, wire.intervals);
  console.log('  characters             %d at 300 baud, %d at 9600 baud', wire.charsAt300, wire.charsAt9600);
  console.log('  wire time              %s s + %d turns × 200 ms reaction = reference %s s', wire.wireSeconds.toFixed(2), wire.turnarounds, wire.referenceSeconds.toFixed(2));
  console.log('  elapsed                %s s  → ratio elapsed / reference = %s', wire.elapsedSeconds.toFixed(2), wire.ratio.toFixed(3));
  console.log('  whole `pmu read`       %s s (process start, store and .RES file included)', wire.cliElapsedSeconds.toFixed(2));

  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${(e as Error).message}`);
  process.exitCode = 1;
});
