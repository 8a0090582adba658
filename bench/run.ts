import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { runImportBench, type ImportBenchResult } from './import';
import { runD0CompareBench } from './d0-compare';
import { runParseBench } from './readout-parse';
import { runWireBench } from './wire-time';

/**
 * `npm run bench`: every benchmark of the project, printing its figures and the ratio against its stated
 * reference, and writing them to bench/results/latest.json. Benchmarks are never timed unit tests.
 * The .RES import benchmark runs on 500 files here (about half a minute); the full 10 000-file run (≈ 12 M
 * interval values, several minutes) is `npm run bench -- import`, written to bench/results/import.json.
 * Options after `--`: `import` (only the import benchmark, 10 000 files), `--files <n>` (number of .RES
 * files), `--rounds <n>` (alternate import and bare insert in n rounds, for a busy shared machine; default 1);
 * `scheme` (one year of tariff-scheme simulation against the 20 ms target, bench/scheme-sim.ts);
 * `parse` (only the readout parse benchmarks: throughput and the ratio against smartmeter-obis, bench/d0-compare.ts);
 * `report` (the balance of a 1 000-meter feeder over a year against a bare SQL GROUP BY, bench/report.ts; `--rounds <n>`);
 * `ui` (load-profile chart first paint and pan frames of a year × 15 min × 8 channels in Chromium, and npm start to
 * a usable UI: bench/ui.ts).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('elster') || args.includes('fuzz')) return (await import('./issue3')).runIssue3Benches(args); // issue 3: bench/issue3.ts
  if (args.includes('collect')) return (await import('./collect')).runCollectBenchCli(args); // issue 14: bench/collect.ts
  if (args.includes('scheme')) return (await import('./scheme-sim')).runSchemeBenchCli(args); // issue 4: bench/scheme-sim.ts
  if (args.includes('report')) return (await import('./report')).runReportBenchCli(args); // issue 15: bench/report.ts
  if (args.includes('ui')) return void (await (await import('./ui')).runUiBench()); // issue 13: bench/ui.ts
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : Number(args[i + 1]);
  };
  if (args.includes('parse')) {
    const d0 = runD0CompareBench();
    console.log('Readout parse vs smartmeter-obis D0 (MT174, one readout per call): ours %s/s, theirs %s/s, ratio %s (target ≥ 5)', Math.round(d0.oursPerSecond), Math.round(d0.smartmeterObisPerSecond), d0.ratio.toFixed(2));
    return;
  }
  const importOnly = args.includes('import');
  const files = option('--files') ?? (importOnly ? 10_000 : 500);
  const rounds = option('--rounds') ?? 1;
  if (importOnly) {
    const imp = await importBench(files, rounds);
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/import.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, import: imp }, null, 2)}\n`);
    return;
  }
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };

  const parse = runParseBench();
  results.readoutParse = parse;
  console.log('Data readout parse (Iskra MT174 readout repeated to %s MB, %s data sets)', parse.megabytes.toFixed(1), parse.dataSets);
  console.log('  throughput             %s MB/s', parse.mbPerSecond.toFixed(1));
  console.log('  bare line-split        %s MB/s  → ratio %s of the bare baseline', parse.baselineMbPerSecond.toFixed(1), parse.ratioToBaseline.toFixed(3));
  console.log('  vs 19 200 baud line    %s× faster than the fastest IEC 62056-21 wire', Math.round(parse.ratioToWire19200).toLocaleString('en'));

  const d0 = runD0CompareBench();
  results.readoutVsSmartmeterObis = d0;
  console.log('\nReadout parse vs smartmeter-obis 4.0.0 D0 parser (same bytes: the real MT174 readout, %s B, %d data sets; one readout per call)', d0.readoutBytes.toLocaleString('en'), d0.dataSets);
  console.log('  ours (parseReadout)    %s readouts/s', Math.round(d0.oursPerSecond).toLocaleString('en'));
  console.log('  smartmeter-obis        %s readouts/s', Math.round(d0.smartmeterObisPerSecond).toLocaleString('en'));
  console.log('  ratio ours / theirs    %s (median of %d interleaved rounds; target ≥ 5)', d0.ratio.toFixed(2), d0.rounds);

  const wire = await runWireBench();
  results.wireTime = wire;
  console.log('\nReading the paced emulated meter at 9600 baud over a pty pair (readout + 48 h load profile)');
  console.log('  registers / intervals  %d / %d', wire.registers, wire.intervals);
  console.log('  characters             %d at 300 baud, %d at 9600 baud', wire.charsAt300, wire.charsAt9600);
  console.log('  wire time              %s s + %d turns × 200 ms reaction = reference %s s', wire.wireSeconds.toFixed(2), wire.turnarounds, wire.referenceSeconds.toFixed(2));
  console.log('  elapsed                %s s  → ratio elapsed / reference = %s', wire.elapsedSeconds.toFixed(2), wire.ratio.toFixed(3));
  console.log('  whole `pmu read`       %s s (process start, store and .RES file included)', wire.cliElapsedSeconds.toFixed(2));

  results.import = await importBench(files, rounds);

  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
}

/** Runs and prints the .RES import benchmark (bench/import.ts). */
async function importBench(files: number, rounds: number): Promise<ImportBenchResult> {
  console.log('\n.RES import: %s files × 4 channels × 300 intervals of 15 min, importFolder vs bare prepared INSERTs in one transaction', files.toLocaleString('en'));
  const r = await runImportBench({ files, filesPerRound: Math.ceil(files / Math.max(1, rounds)), log: (s) => process.stderr.write(`  ${s}\n`) });
  const rate = (n: number) => Math.round(n).toLocaleString('en');
  console.log('  files / intervals / values  %s / %s / %s (%s MB of .RES)', r.files.toLocaleString('en'), r.intervals.toLocaleString('en'), r.values.toLocaleString('en'), r.megabytes.toFixed(0));
  const perCpu = (s: number) => rate(r.intervals / s);
  console.log('  import                 %s intervals per CPU second (CPU %s s); wall %s intervals/s (%s s)', perCpu(r.importCpuSeconds), r.importCpuSeconds.toFixed(1), rate(r.importIntervalsPerSecond), r.importSeconds.toFixed(1));
  console.log('  bare INSERT            %s intervals per CPU second (CPU %s s); wall %s intervals/s (%s s)', perCpu(r.bareCpuSeconds), r.bareCpuSeconds.toFixed(1), rate(r.bareIntervalsPerSecond), r.bareSeconds.toFixed(1));
  console.log('  ratio import / bare    %s on CPU time (target ≥ 0.7; the robust figure on a shared machine)', r.cpuRatio.toFixed(3));
  console.log('                         %s on wall time (load average %s → %s on %d cores: read it on a quiet machine)', r.wallRatio.toFixed(3), r.loadAverage[0].toFixed(1), r.loadAverage[1].toFixed(1), availableParallelism());
  if (files < 10_000) {
    console.log('  (a short run: the bare insert is faster per row on a small table; the target is for 10 000 files: npm run bench -- import)');
  }
  const b = r.breakdownMicrosPerInterval;
  console.log('  per interval (sample)  read %s µs, parse %s µs, content hash %s µs, store %s µs', b.read.toFixed(2), b.parse.toFixed(2), b.hash.toFixed(2), b.store.toFixed(2));
  return r;
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${(e as Error).message}`);
  process.exitCode = 1;
});
