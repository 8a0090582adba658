import { mkdirSync, writeFileSync } from 'node:fs';
import { runElsterProfileBench } from './elster-profile';
import { runFuzzBench } from './fuzz';

/**
 * The issue-3 benchmarks, behind an argument of `npm run bench -- <name>` (bench/run.ts):
 * - `elster`: 90 days of 30-min 2-channel load profile from the paced emulated A1140 and A1700 at 9600 baud
 *   (bench/elster-profile.ts) → bench/results/elster-profile.json;
 * - `fuzz`: every parser's fuzz property at `--runs <n>` runs (default 100 000; `--seed <n>`, default 62056021)
 *   (bench/fuzz.ts) → bench/results/fuzz.json. Exits non-zero when any property failed.
 */
export async function runIssue3Benches(args: readonly string[]): Promise<void> {
  const option = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i < 0 ? fallback : Number(args[i + 1]);
  };
  const save = (name: string, data: unknown) => {
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL(`./results/${name}.json`, import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, ...data as object }, null, 2)}\n`);
  };
  if (args.includes('elster')) {
    const results = [];
    for (const model of ['a1140', 'a1700'] as const) {
      console.log('Elster %s load profile: 90 days × 30 min × 2 channels from the paced emulator at 9600 baud (RD data stream)', model.toUpperCase());
      const r = await runElsterProfileBench(model);
      console.log('  intervals / bytes      %d / %d (%s stream blocks of 256 bytes)', r.intervals, r.profileBytes, r.streamBlocks ?? '?');
      console.log('  whole session          %s s elapsed; wire %s s + %d turns × 200 ms = reference %s s → ratio %s (target ≤ 1.05)', r.sessionSeconds.toFixed(2), r.wireSeconds.toFixed(2), r.turns, r.referenceSeconds.toFixed(2), r.ratio.toFixed(3));
      console.log('  load profile part      %s s elapsed; reference %s s → ratio %s (target ≤ 1.05)', r.profileSeconds.toFixed(2), r.profileReferenceSeconds.toFixed(2), r.profileRatio.toFixed(3));
      console.log('  manual anchor          "90 days in under 30 s": %s — the stream alone needs %s s at 9600 baud (10 bits per byte), so %s',
        r.meetsManualAnchor ? 'met' : 'NOT met', r.streamFloorSeconds.toFixed(1),
        r.streamFloorSeconds < 30 ? 'the anchor is reachable at 9600 baud' : 'no client can meet it at 9600 baud with this encoding (19 200 baud would halve it)');
      results.push(r);
    }
    save('elster-profile', { elsterProfile: results });
  }
  if (args.includes('fuzz')) {
    const runs = option('--runs', 100_000);
    const seed = option('--seed', 62056021);
    console.log('Fuzz properties: %s runs per parser, seed %d', runs.toLocaleString('en'), seed);
    const t0 = Date.now();
    const rows = runFuzzBench(runs, seed, (r) =>
      console.log('  %s %s %s runs/s  %s', r.suite.padEnd(12), r.target.padEnd(26), Math.round(r.runsPerSecond).toLocaleString('en').padStart(9), r.failure ? `FAILED\n${r.failure}` : 'ok'),
    );
    const failures = rows.filter((r) => r.failure !== null).length;
    console.log('  %d parsers, %s runs in %s s, failures: %d', rows.length, (rows.length * runs).toLocaleString('en'), ((Date.now() - t0) / 1000).toFixed(1), failures);
    save('fuzz', { runs, seed, failures, rows });
    if (failures > 0) process.exitCode = 1;
  }
}
