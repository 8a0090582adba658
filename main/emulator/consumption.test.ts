import { describe, expect, it } from 'vitest';
import { ConsumptionModel, MINUTE_MS, SLOT_MS } from './consumption';

const T = Date.UTC(2025, 5, 18, 0, 0); // Wednesday 18 June 2025, 00:00 UTC
const HOUR = 3_600_000;

describe('ConsumptionModel', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new ConsumptionModel({ seed: 7 });
    const b = new ConsumptionModel({ seed: 7 });
    const c = new ConsumptionModel({ seed: 8 });
    const t = T + 19 * HOUR + 123_456;
    expect(a.powerAt(t)).toEqual(b.powerAt(t));
    expect(a.energyBetween(T, T + 86_400_000)).toEqual(b.energyBetween(T, T + 86_400_000));
    expect(c.energyBetween(T, T + 86_400_000).importKwh).not.toBeCloseTo(a.energyBetween(T, T + 86_400_000).importKwh, 3);
  });

  it('energy is the exact integral of the minute-constant power', () => {
    const m = new ConsumptionModel();
    const t0 = T + 17 * HOUR + 12_345; // partial minutes at both ends
    const t1 = T + 21 * HOUR + 7 * MINUTE_MS + 30_000;
    let kwh = 0;
    for (let t = t0; t < t1; ) {
      const end = Math.min(t1, (Math.floor(t / MINUTE_MS) + 1) * MINUTE_MS);
      kwh += (m.powerAt(t).importKw * (end - t)) / HOUR;
      t = end;
    }
    expect(m.energyBetween(t0, t1).importKwh).toBeCloseTo(kwh, 9);
  });

  it('is additive over adjacent spans (days, slots and minutes mixed)', () => {
    const m = new ConsumptionModel();
    const a = T - 40 * 86_400_000 + 7 * MINUTE_MS + 5000;
    const mid = T + 3 * SLOT_MS + 20_000;
    const b = T + 2 * 86_400_000 + 11 * HOUR;
    const whole = m.energyBetween(a, b);
    const parts = [m.energyBetween(a, mid), m.energyBetween(mid, b)];
    for (const k of ['importKwh', 'exportKwh', 'reactiveImportKvarh', 'reactiveExportKvarh'] as const) {
      expect(parts[0]![k] + parts[1]![k]).toBeCloseTo(whole[k], 6);
    }
  });

  it('looks like a household: evening peak above the night, some PV export at a summer noon, ~4 MWh/year', () => {
    const m = new ConsumptionModel({ timeZone: 'Europe/London' });
    let evening = 0;
    let night = 0;
    let noonExport = 0;
    for (let d = 0; d < 14; d++) {
      const day = T + d * 86_400_000;
      evening += m.energyBetween(day + 18 * HOUR, day + 20 * HOUR).importKwh; // 19–21 BST
      night += m.energyBetween(day + 1 * HOUR, day + 3 * HOUR).importKwh; // 02–04 BST
      noonExport += m.energyBetween(day + 10 * HOUR, day + 13 * HOUR).exportKwh;
    }
    expect(evening).toBeGreaterThan(3 * night);
    expect(noonExport).toBeGreaterThan(0.5);
    const year = m.energyBetween(T - 365 * 86_400_000, T);
    expect(year.importKwh).toBeGreaterThan(2500);
    expect(year.importKwh).toBeLessThan(6000);
    expect(year.exportKwh).toBeLessThan(year.importKwh / 5);
  });

  it('never imports and exports in the same minute; reports plausible grid values', () => {
    const m = new ConsumptionModel({ profile: 'commercial' });
    for (let i = 0; i < 2000; i++) {
      const p = m.powerAt(T + i * 7 * MINUTE_MS);
      expect(p.importKw === 0 || p.exportKw === 0).toBe(true);
      expect(p.reactiveImportKvar === 0 || p.reactiveExportKvar === 0).toBe(true);
    }
    const g = m.gridAt(T + 12 * HOUR);
    for (const v of g.voltagesV) expect(v).toBeGreaterThan(220);
    expect(g.frequencyHz).toBeGreaterThan(49.9);
    expect(g.frequencyHz).toBeLessThan(50.1);
  });
});
