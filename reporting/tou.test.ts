import { describe, expect, it } from 'vitest';
import { localDays, monthPeriod, reportPeriod } from './periods';
import { coverageOf, gapsOf, gridOf, type Series } from './series';
import { twoRateScheme } from './testing/schemes';
import { figuresByRate, tariffPieces } from './tou';

const ZONE = 'Europe/Berlin';

/** Constant `kw` over the period on 15-minute intervals (kWh per interval = kw / 4). */
function constant(fromMs: number, toMs: number, kw: number): Series {
  const grid = gridOf(fromMs, toMs, 15);
  return { grid, values: new Float64Array(grid.count).fill(kw / 4) };
}

describe('periods', () => {
  it('a spring-forward month has 743 hours and an autumn one 745, with 23- and 25-hour days', () => {
    const march = monthPeriod('2025-03', ZONE);
    expect((march.toMs - march.fromMs) / 3_600_000).toBe(743);
    expect(localDays(march).find((d) => d.date === '2025-03-30')?.hours).toBe(23);
    const october = monthPeriod('2025-10', ZONE);
    expect((october.toMs - october.fromMs) / 3_600_000).toBe(745);
    expect(localDays(october).find((d) => d.date === '2025-10-26')?.hours).toBe(25);
    expect(localDays(october)).toHaveLength(31);
  });

  it('refuses bad dates and zones plainly', () => {
    expect(() => reportPeriod('2025-02-30', '2025-03-01', ZONE)).toThrow(/not a calendar date/);
    expect(() => reportPeriod('2025-03-02', '2025-03-01', ZONE)).toThrow(/ends .* before it starts/);
    expect(() => reportPeriod('2025-03-01', '2025-03-01', 'Mars/Base')).toThrow(/not a time zone/);
    expect(() => monthPeriod('2025-13', ZONE)).toThrow(/not a month/);
  });
});

describe('load-profile method: constant 1 kW on a two-rate scheme in a DST zone', () => {
  // March 2025: 21 weekdays × 16 h HT = 336 kWh; 743 h − 336 h = 407 kWh NT (clocks go forward on Sunday 30th).
  // October 2025: 23 weekdays × 16 h = 368 kWh HT; 745 − 368 = 377 kWh NT (clocks go back on Sunday 26th).
  it.each([
    ['2025-03', 336, 407],
    ['2025-10', 368, 377],
  ])('%s gives the exact kWh per rate', (month, ht, nt) => {
    const p = monthPeriod(month, ZONE);
    const pieces = tariffPieces([{ fromMs: Date.UTC(2020, 0, 1), scheme: twoRateScheme(ZONE), label: 'HT/NT' }], p.fromMs, p.toMs, ZONE);
    const [fig] = figuresByRate(constant(p.fromMs, p.toMs, 1), pieces);
    expect(fig!.rates.map((r) => [r.name, r.energy])).toEqual([['HT', ht], ['NT', nt]]);
    expect(fig!.rates.map((r) => r.maxDemand)).toEqual([1, 1]);
  });

  it('a scheme change mid-period uses each version for its part', () => {
    const p = monthPeriod('2025-03', ZONE);
    const change = Date.UTC(2025, 2, 17, 5, 0); // Monday 17 March 06:00 local (UTC+1)
    const pieces = tariffPieces([
      { fromMs: Date.UTC(2024, 0, 1), scheme: twoRateScheme(ZONE), label: 'v1' },
      { fromMs: change, scheme: twoRateScheme(ZONE, '08:00', '20:00'), label: 'v2' },
    ], p.fromMs, p.toMs, ZONE);
    const figs = figuresByRate(constant(p.fromMs, p.toMs, 1), pieces);
    expect(figs.map((f) => f.piece.label)).toEqual(['v1', 'v2']);
    // v1: 1–16 March: weekdays 3–7, 10–14 = 10 × 16 h HT; 16 days × 24 h + 6 h of the 17th = 390 h.
    expect(figs[0]!.rates.map((r) => r.energy)).toEqual([160, 230]);
    // v2: from 17 March 06:00: weekdays 17–21, 24–28, 31 = 11 × 12 h HT; 743 − 390 = 353 h.
    expect(figs[1]!.rates.map((r) => r.energy)).toEqual([132, 221]);
  });

  it('before the first assignment there is no scheme: one total, labelled', () => {
    const p = monthPeriod('2025-03', ZONE);
    const pieces = tariffPieces([], p.fromMs, p.toMs, ZONE);
    const [fig] = figuresByRate(constant(p.fromMs, p.toMs, 1), pieces);
    expect(fig!.rates).toEqual([expect.objectContaining({ rate: 0, name: 'all', energy: 743 })]);
  });

  it('gaps are counted per rate, never as zero, and a window with a gap gives no demand', () => {
    const p = monthPeriod('2025-03', ZONE);
    const s = constant(p.fromMs, p.toMs, 1);
    s.values.fill(NaN, 0, 8); // 1 March 00:00–02:00 local (Saturday: NT)
    s.values[100] = 3; // a 12 kW peak in one interval
    const [fig] = figuresByRate(s, tariffPieces([{ fromMs: 0, scheme: twoRateScheme(ZONE), label: 'x' }], p.fromMs, p.toMs, ZONE));
    const nt = fig!.rates.find((r) => r.name === 'NT')!;
    expect(nt.missing).toBe(8);
    expect(nt.energy).toBeCloseTo(407 - 2 + 2.75, 9);
    expect(coverageOf(s.values).present).toBe(s.values.length - 8);
    expect(gapsOf(s)).toEqual([{ fromMs: p.fromMs, toMs: p.fromMs + 2 * 3_600_000, intervals: 8 }]);
    expect(fig!.windowsSkipped).toBe(8);
    expect(nt.maxDemand).toBe(12);
    expect(nt.maxDemandAtMs).toBe(p.fromMs + 101 * 900_000);
  });
});
