/**
 * `npm run bench -- report` (issue 15 bar): the balance of a 1 000-meter feeder tree over one year of 15-minute
 * intervals (1 000 × 35 040 = 35 M intervals), against a bare SQL GROUP BY over the same intervals, in the same run.
 *
 * - The tree: region / substation / feeder with one feeder meter (CT 200/5) and 999 customer places with one meter
 *   each, installed all year (Europe/Berlin, 2025: 8 760 h = 35 040 intervals).
 * - Our side: the report interval index (one float64 day row per meter, migration-reports.ts) filled with the
 *   year's values; the report is `runBalanceReport` — the whole use case a user waits for: permission, index sync,
 *   place tree, per-meter channel choice, CT/VT, the balance per interval and per day, coverage and gaps, the stored
 *   run (gzip JSON of 35 040 intervals) and its audit record.
 * - The reference: the same values as one row per interval (series_id, t, value) in a WITHOUT ROWID table whose key
 *   starts with the time — the layout a bare `GROUP BY t` is fastest on (no sorter) — and that GROUP BY computing
 *   the feeder and downstream sums and counts per interval: the least any balance must do on rows.
 * - Both hold the same values (the same formula, generated in SQL for the rows and in JS for the day rows) with the
 *   same gaps; the run checks that the per-interval sums agree before printing. Ratio = reference time ÷ report
 *   time (≥ 0.5 = the report costs at most twice the bare query); target also < 10 s absolute. Best of `--rounds`.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BalanceReport } from '../contract/reports';
import { setupActor } from '../main/auth/actor';
import { withActor } from '../main/core/context';
import { createAppContext } from '../main/services/app-context';
import { runBalanceReport } from '../main/services/reports';
import { encodeDay } from '../main/store/report-index';

const METERS = 1000;
const DAYS = 365;
const SLOTS = 96;
const YEAR_FROM = Date.UTC(2024, 11, 31, 23); // 2025-01-01 00:00 Europe/Berlin
const FIRST_DAY = Math.floor(YEAR_FROM / 86_400_000); // the UTC day holding the first interval (phase 23 h: see below)

/** Value of meter `m` (1 = feeder, 2… = customers) at UTC day `d` (from FIRST_DAY), slot `s`: kWh per 15 min. */
const CUSTOMER = (m: number, d: number, s: number) => 0.1 + ((m * 7 + s * 13 + d * 3) % 50) / 1000;
/** Gaps: customer 17 misses day 100 slots 10–20, the feeder misses day 200 slots 40–43. */
const missing = (m: number, d: number, s: number) => (m === 17 && d === 100 && s >= 10 && s <= 20) || (m === 1 && d === 200 && s >= 40 && s <= 43);

/** Feeder secondary value (CT 200/5 = ×40): the customers' sum × 1.04 / 40, computed once per slot. */
function feederDay(d: number): Float64Array {
  const v = new Float64Array(SLOTS);
  for (let s = 0; s < SLOTS; s++) {
    let sum = 0;
    for (let m = 2; m <= METERS; m++) sum += CUSTOMER(m, d, s);
    v[s] = missing(1, d, s) ? NaN : (sum * 1.04) / 40;
  }
  return v;
}

interface BenchResult {
  meters: number; intervals: number; generateSeconds: { master: number; index: number; rows: number };
  reportSeconds: number[]; bareSeconds: number[]; reportCpuSeconds: number[]; bareCpuSeconds: number[]; ratio: number;
  indexMegabytes: number; rowsMegabytes: number; fileMegabytes: number;
}

/** Wall and CPU seconds of `f`. */
function timed<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const t = performance.now();
  const c = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(c);
  return { value, wall: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/** Run the benchmark; `rounds` alternating measurements of each side (best counts). */
export async function runReportBench(rounds = 2, log: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pmu-bench-report-'));
  const dbPath = path.join(dir, 'store.sqlite');
  const ctx = withActor(createAppContext({ dbPath, timeZone: 'Europe/Berlin' }), setupActor('bench'));
  const db = ctx.db;
  try {
    // Generation only: no journal (a crash just loses the bench file) and a large page cache; WAL again for the report.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    let t = performance.now();
    const now = new Date().toISOString();
    db.transaction(() => {
      db.prepare("INSERT INTO places (id, parent_id, kind, name, time_zone, created_utc, updated_utc) VALUES (1, NULL, 'region', 'North', 'Europe/Berlin', ?, ?), (2, 1, 'substation', 'Riverside', NULL, ?, ?), (3, 2, 'feeder', 'F1', NULL, ?, ?)").run(now, now, now, now, now, now);
      const place = db.prepare("INSERT INTO places (id, parent_id, kind, name, created_utc, updated_utc) VALUES (?, 3, 'place', ?, ?, ?)");
      const fleet = db.prepare("INSERT INTO fleet_meters (id, serial, link, created_utc, updated_utc) VALUES (?, ?, 'emulator', ?, ?)");
      const inst = db.prepare('INSERT INTO installations (meter_id, place_id, installed_utc, ct_primary, ct_secondary, created_utc) VALUES (?, ?, ?, ?, ?, ?)');
      const meter = db.prepare("INSERT INTO meters (id, manufacturer, model, serial, identification, address, first_seen_utc, last_seen_utc) VALUES (?, 'PMU', 'bench', ?, '/PMU5bench', '', ?, ?)");
      const series = db.prepare("INSERT INTO report_series (id, meter_id, code, unit, period_minutes, phase_minutes) VALUES (?, ?, '1.29.0', 'kWh', 15, 0)");
      for (let m = 1; m <= METERS; m++) {
        const serial = m === 1 ? 'FDR-0001' : `C-${String(m).padStart(4, '0')}`;
        fleet.run(m, serial, now, now);
        if (m > 1) place.run(m + 3, `Place ${m}`, now, now);
        inst.run(m, m === 1 ? 3 : m + 3, '2024-01-01T00:00:00.000Z', m === 1 ? 200 : 1, m === 1 ? 5 : 1, now);
        meter.run(m, serial, now, now);
        series.run(m, m);
      }
    })();
    const master = (performance.now() - t) / 1000;
    // The index: UTC day rows. The year starts at 23:00 UTC, so it spans 366 UTC days (the first and last partly).
    t = performance.now();
    const day = db.prepare('INSERT INTO report_lp_days (series_id, day, present, vals) VALUES (?, ?, ?, ?)');
    const vals = new Float64Array(SLOTS);
    const offsetSlots = (YEAR_FROM - FIRST_DAY * 86_400_000) / 900_000; // 92: the year's first interval is slot 92 of UTC day 0
    const feeder = Array.from({ length: DAYS }, (_, d) => feederDay(d));
    db.transaction(() => {
      for (let m = 1; m <= METERS; m++) {
        for (let ud = 0; ud <= DAYS; ud++) {
          let present = 0;
          for (let s = 0; s < SLOTS; s++) {
            const k = ud * SLOTS + s - offsetSlots; // interval index in the year
            const d = Math.floor(k / SLOTS);
            const ys = k - d * SLOTS;
            const v = k < 0 || d >= DAYS ? NaN : m === 1 ? feeder[d]![ys]! : missing(m, d, ys) ? NaN : CUSTOMER(m, d, ys);
            vals[s] = v;
            if (v === v) present++;
          }
          if (present > 0) day.run(m, FIRST_DAY + ud, present, encodeDay(vals));
        }
      }
    })();
    const index = (performance.now() - t) / 1000;
    // The reference rows, generated in SQL: (t = interval index of the year, series, value), key (t, series_id).
    t = performance.now();
    db.exec('CREATE TABLE bench_intervals (t INTEGER NOT NULL, series_id INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (t, series_id)) WITHOUT ROWID');
    db.exec('CREATE TEMP TABLE feeder_values (t INTEGER PRIMARY KEY, value REAL NOT NULL)');
    const fv = db.prepare('INSERT INTO temp.feeder_values VALUES (?, ?)');
    db.transaction(() => feeder.forEach((v, d) => v.forEach((x, s) => x === x && fv.run(d * SLOTS + s, x))))();
    // Plain tables of the interval numbers and meter ids (a recursive CTE would be re-run for every outer row); the
    // CROSS JOIN keeps k outside m, so rows arrive in key order (t, series_id) and the insert appends.
    db.exec(`CREATE TEMP TABLE k (t INTEGER PRIMARY KEY); CREATE TEMP TABLE m (id INTEGER PRIMARY KEY);
             WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${DAYS * SLOTS - 1}) INSERT INTO temp.k SELECT i FROM n;
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${METERS}) INSERT INTO temp.m SELECT i FROM n;`);
    db.exec(
      `INSERT INTO bench_intervals (t, series_id, value)
       SELECT k.t, m.id, CASE WHEN m.id = 1 THEN (SELECT value FROM temp.feeder_values f WHERE f.t = k.t) ELSE 0.1 + ((m.id * 7 + (k.t % ${SLOTS}) * 13 + (k.t / ${SLOTS}) * 3) % 50) / 1000.0 END
         FROM temp.k CROSS JOIN temp.m
        WHERE NOT (m.id = 17 AND k.t / ${SLOTS} = 100 AND k.t % ${SLOTS} BETWEEN 10 AND 20)
          AND NOT (m.id = 1 AND k.t / ${SLOTS} = 200 AND k.t % ${SLOTS} BETWEEN 40 AND 43)`,
    );
    const rows = (performance.now() - t) / 1000;
    log(`generated: master data ${master.toFixed(1)} s, index ${index.toFixed(1)} s (${(METERS * (DAYS + 1)).toLocaleString('en')} day rows), reference ${rows.toFixed(1)} s (${(METERS * DAYS * SLOTS).toLocaleString('en')} rows)`);
    db.pragma('cache_size = -2000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('ANALYZE');

    const bareSql = db.prepare(
      `SELECT t, total(CASE WHEN series_id = 1 THEN value * 40 END) AS input, count(CASE WHEN series_id = 1 THEN 1 END) AS ni,
              total(CASE WHEN series_id <> 1 THEN value END) AS down, count(CASE WHEN series_id <> 1 THEN 1 END) AS nd
         FROM bench_intervals GROUP BY t ORDER BY t`,
    ).raw();
    const reportSeconds: number[] = [];
    const bareSeconds: number[] = [];
    const reportCpuSeconds: number[] = [];
    const bareCpuSeconds: number[] = [];
    let report: BalanceReport | null = null;
    let bare: unknown[][] = [];
    for (let r = 0; r < rounds; r++) {
      const b = timed(() => bareSql.all() as unknown[][]);
      bare = b.value;
      bareSeconds.push(b.wall);
      bareCpuSeconds.push(b.cpu);
      const o = timed(() => runBalanceReport(ctx, { placeId: 3, fromDate: '2025-01-01', toDate: '2025-12-31' }) as BalanceReport);
      report = o.value;
      reportSeconds.push(o.wall);
      reportCpuSeconds.push(o.cpu);
      log(`round ${r + 1}: bare GROUP BY ${b.wall.toFixed(2)} s (CPU ${b.cpu.toFixed(2)} s), balance report ${o.wall.toFixed(2)} s (CPU ${o.cpu.toFixed(2)} s)`);
    }
    // Same figures: per interval, where both sides are complete, the sums agree to the Wh.
    let compared = 0;
    for (let i = 0; i < bare.length; i++) {
      const [, input, ni, down, nd] = bare[i] as [number, number, number, number, number];
      const [, a, b] = report!.intervals[i]!;
      const complete = ni === 1 && nd === METERS - 1;
      if (complete !== (a !== null && b !== null)) throw new Error(`interval ${i}: completeness differs (bare ${ni}/${nd}, report ${a}/${b})`);
      if (complete && (Math.abs(input - a!) > 0.001 || Math.abs(down - b!) > 0.001)) throw new Error(`interval ${i}: sums differ (bare ${input}/${down}, report ${a}/${b})`);
      compared++;
    }
    log(`checked: ${compared.toLocaleString('en')} intervals agree; report: ${report!.totals.completeIntervals} complete of ${report!.totals.intervals}, losses ${report!.totals.percent} %`);
    const size = (name: string) => (db.prepare('SELECT sum(pgsize) FROM dbstat WHERE name = ?').pluck().get(name) as number) / 1e6;
    const result: BenchResult = {
      meters: METERS, intervals: METERS * DAYS * SLOTS, generateSeconds: { master, index, rows },
      reportSeconds, bareSeconds, reportCpuSeconds, bareCpuSeconds, ratio: Math.min(...bareSeconds) / Math.min(...reportSeconds),
      indexMegabytes: size('report_lp_days'), rowsMegabytes: size('bench_intervals'), fileMegabytes: statSync(dbPath).size / 1e6,
    };
    return result;
  } finally {
    db.close();
    if (process.env.PMU_BENCH_KEEP) log(`kept ${dbPath}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench -- report [--rounds n]`: run and print. */
export async function runReportBenchCli(args: readonly string[]): Promise<void> {
  const i = args.indexOf('--rounds');
  const rounds = i < 0 ? 2 : Math.max(1, Number(args[i + 1]));
  console.log('Balance of a 1 000-meter feeder tree over one year of 15-minute intervals (35 M intervals) vs a bare SQL GROUP BY over the same rows');
  const r = await runReportBench(rounds);
  const best = (xs: number[]) => Math.min(...xs).toFixed(2);
  console.log('  intervals              %s (%d meters × 35 040)', r.intervals.toLocaleString('en'), r.meters);
  console.log('  generation             master %s s, index %s s, reference rows %s s', r.generateSeconds.master.toFixed(1), r.generateSeconds.index.toFixed(1), r.generateSeconds.rows.toFixed(1));
  console.log('  storage                index %s MB (one row per meter and day) vs %s MB as one row per interval', r.indexMegabytes.toFixed(0), r.rowsMegabytes.toFixed(0));
  console.log('  balance report         %s s (best of %d: %s; CPU %s s)', best(r.reportSeconds), r.reportSeconds.length, r.reportSeconds.map((x) => x.toFixed(2)).join(', '), best(r.reportCpuSeconds));
  console.log('  bare SQL GROUP BY      %s s (best of %d: %s; CPU %s s)', best(r.bareSeconds), r.bareSeconds.length, r.bareSeconds.map((x) => x.toFixed(2)).join(', '), best(r.bareCpuSeconds));
  console.log('  ratio bare / report    %s (target ≥ 0.5; CPU time %s); report %s s (target < 10 s)', r.ratio.toFixed(2), (Math.min(...r.bareCpuSeconds) / Math.min(...r.reportCpuSeconds)).toFixed(2), best(r.reportSeconds));
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/report.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, report: r }, null, 2)}\n`);
}
