import { mkdirSync, writeFileSync } from 'node:fs';
import { SCHEME_FORMAT, SCHEME_FORMAT_VERSION, type TariffScheme, euDstRule, tariffSchemeSchema } from '../schemes/model';
import { simulateYear } from '../schemes/simulate';
import { clearZoneCache } from '../schemes/zone-clock';

/**
 * Benchmark (`npm run bench -- scheme`): one calendar year of 15-min intervals (35 040) of a realistic tariff
 * scheme — 2 seasons, 4 day profiles, 4 rates, 10 special days, EU DST with 'first-pass' — simulated in
 * Europe/Berlin. Target (issue 4): one year in < 20 ms.
 *
 * Two figures, each the median of `runs` runs after a warm-up (not timed):
 * - warm: a fresh simulation (new RateTimeline, calendar compiled again) with the zone's offsets already
 *   probed in this process — what the editor sees when the engineer changes the scheme and simulates again;
 * - cold zone: the same with the zone cache emptied before each run (the first simulation of a zone; includes
 *   the ~400 luxon offset probes of the year).
 * Results go to bench/results/scheme.json.
 */
export interface SchemeBenchResult {
  readonly intervals: number;
  readonly totalHours: number;
  readonly runs: number;
  readonly warmMedianMs: number;
  readonly coldZoneMedianMs: number;
  readonly targetMs: number;
  /** warmMedianMs / targetMs (≤ 1 meets the target). */
  readonly ratio: number;
  /** coldZoneMedianMs / targetMs. */
  readonly coldRatio: number;
}

/** The benchmark's scheme: a German two-season commercial TOU tariff (built in code, like newScheme). */
export function benchScheme(): TariffScheme {
  const week = (weekday: string) => ({ monday: weekday, tuesday: weekday, wednesday: weekday, thursday: weekday, friday: weekday, saturday: 'weekend', sunday: 'weekend' });
  return tariffSchemeSchema.parse({
    format: SCHEME_FORMAT,
    formatVersion: SCHEME_FORMAT_VERSION,
    id: 'BENCH1',
    name: 'Commercial TOU, two seasons',
    version: 1,
    meterModel: 'A1700',
    rates: [
      { number: 1, name: 'Peak' },
      { number: 2, name: 'Shoulder' },
      { number: 3, name: 'Off-peak' },
      { number: 4, name: 'Weekend/holiday' },
    ],
    dayProfiles: [
      { id: 'summer-wd', name: 'Summer weekday', switches: [{ time: '00:00', rate: 3 }, { time: '06:00', rate: 2 }, { time: '11:00', rate: 1 }, { time: '15:30', rate: 2 }, { time: '21:00', rate: 3 }] },
      { id: 'winter-wd', name: 'Winter weekday', switches: [{ time: '00:00', rate: 3 }, { time: '06:30', rate: 1 }, { time: '10:00', rate: 2 }, { time: '16:45', rate: 1 }, { time: '20:00', rate: 2 }, { time: '22:00', rate: 3 }] },
      { id: 'weekend', name: 'Weekend', switches: [{ time: '00:00', rate: 4 }, { time: '07:00', rate: 3 }, { time: '22:00', rate: 4 }] },
      { id: 'holiday', name: 'Holiday', switches: [{ time: '00:00', rate: 4 }] },
    ],
    weekProfiles: [
      { id: 'summer', name: 'Summer week', days: week('summer-wd') },
      { id: 'winter', name: 'Winter week', days: week('winter-wd') },
    ],
    seasons: [
      { name: 'Summer', start: { month: 4, day: 1 }, weekProfile: 'summer' },
      { name: 'Winter', start: { month: 10, day: 1 }, weekProfile: 'winter' },
    ],
    specialDays: [
      { kind: 'recurring', month: 1, day: 1, name: 'New Year', dayProfile: 'holiday' },
      { kind: 'recurring', month: 5, day: 1, name: 'Labour Day', dayProfile: 'holiday' },
      { kind: 'recurring', month: 10, day: 3, name: 'German Unity Day', dayProfile: 'holiday' },
      { kind: 'recurring', month: 12, day: 25, name: 'Christmas Day', dayProfile: 'holiday' },
      { kind: 'recurring', month: 12, day: 26, name: 'Boxing Day', dayProfile: 'holiday' },
      { kind: 'fixed', date: '2027-03-26', name: 'Good Friday', dayProfile: 'holiday' },
      { kind: 'fixed', date: '2027-03-29', name: 'Easter Monday', dayProfile: 'holiday' },
      { kind: 'fixed', date: '2027-05-06', name: 'Ascension Day', dayProfile: 'holiday' },
      { kind: 'fixed', date: '2027-05-17', name: 'Whit Monday', dayProfile: 'holiday' },
      { kind: 'fixed', date: '2027-05-27', name: 'Corpus Christi', dayProfile: 'holiday' },
    ],
    dst: { ...euDstRule('Europe/Berlin'), repeatedHour: 'first-pass' },
    maximumDemand: { integrationPeriodMinutes: 15, method: 'block', subIntervals: 1, quantities: ['active-import'], perRate: true, billingDates: [{ day: 1 }], resetLockoutDays: 7 },
    loadProfile: { capturePeriodMinutes: 15, channels: ['active-import', 'active-export'], depthDays: 0 },
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Runs the benchmark (see the module doc). */
export function runSchemeBench(runs = 50, year = 2027, zone = 'Europe/Berlin'): SchemeBenchResult {
  const scheme = benchScheme();
  const once = () => simulateYear(scheme, year, zone, { intervalMinutes: 15 });
  const check = once();
  if (check.rates.length !== 35_040 || Object.values(check.hoursPerRate).reduce((a, b) => a + b, 0) !== 8760) {
    throw new Error(`the simulation is wrong: ${check.rates.length} intervals, ${check.totalHours} h`);
  }
  for (let i = 0; i < 20; i++) once(); // warm-up (JIT), not timed
  const time = (before: () => void) => {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      before();
      const t = performance.now();
      once();
      ms.push(performance.now() - t);
    }
    return median(ms);
  };
  const warmMedianMs = time(() => {});
  const coldZoneMedianMs = time(clearZoneCache);
  const targetMs = 20;
  return { intervals: check.rates.length, totalHours: check.totalHours, runs, warmMedianMs, coldZoneMedianMs, targetMs, ratio: warmMedianMs / targetMs, coldRatio: coldZoneMedianMs / targetMs };
}

/** `npm run bench -- scheme [--runs <n>]`: prints the figures and writes bench/results/scheme.json. */
export function runSchemeBenchCli(args: readonly string[]): void {
  const i = args.indexOf('--runs');
  const runs = i < 0 ? 50 : Number(args[i + 1]);
  console.log('Tariff scheme simulation: one year (2027, Europe/Berlin) of 15-min intervals, 2 seasons, 4 day profiles, 10 special days');
  const r = runSchemeBench(runs);
  console.log('  intervals / hours      %s / %s', r.intervals.toLocaleString('en'), r.totalHours.toLocaleString('en'));
  console.log('  warm (zone probed)     median %s ms over %d runs → ratio %s of the %d ms target', r.warmMedianMs.toFixed(2), r.runs, r.ratio.toFixed(3), r.targetMs);
  console.log('  cold zone              median %s ms over %d runs → ratio %s of the %d ms target', r.coldZoneMedianMs.toFixed(2), r.runs, r.coldRatio.toFixed(3), r.targetMs);
  console.log('  target                 %s', Math.max(r.ratio, r.coldRatio) < 1 ? 'met (< 20 ms per year)' : 'NOT met');
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/scheme.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, scheme: r }, null, 2)}\n`);
  if (Math.max(r.ratio, r.coldRatio) >= 1) process.exitCode = 1;
}
