import type { Database } from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { twoRateScheme } from '../../reporting/testing/schemes';
import { openDatabase } from '../store/db';
import { saveFleetMeter } from '../store/fleet-meters';
import { installMeter } from '../store/installations';
import { savePlace } from '../store/places';
import { syncReportIndex } from '../store/report-index';
import { createScheme } from '../store/schemes';
import { assignTariff } from '../store/tariff-history';
import { billingReport } from './billing';
import { readEmulated } from './testing/emulated-meter';

const ZONE = 'Europe/Berlin';
const META = { runId: 1, by: 'tester', now: new Date('2025-04-02T08:00:00Z') };
// Local midnights (Europe/Berlin): 1 Jan 2025 (UTC+1), 1 Mar 2025 (UTC+1), 1 Apr 2025 (UTC+2).
const JAN1 = Date.UTC(2024, 11, 31, 23);
const MAR1 = Date.UTC(2025, 1, 28, 23);
const APR1 = Date.UTC(2025, 2, 31, 22);

let db: Database;
let meterId: number;

/** A meter installed at a feeder place, reading March 2025 of a constant 1 kW emulated meter on the HT/NT scheme. */
async function setup(opts: { ct?: { primary: number; secondary: number }; vt?: { primary: number; secondary: number }; assign?: boolean } = {}) {
  db = openDatabase(':memory:');
  const region = savePlace(db, { parentId: null, kind: 'region', name: 'North', timeZone: ZONE });
  const feeder = savePlace(db, { parentId: region.id, kind: 'substation', name: 'Sub 1' });
  const place = savePlace(db, { parentId: feeder.id, kind: 'place', name: 'Mill Lane 4' });
  meterId = saveFleetMeter(db, { serial: 'EMU-1', link: 'emulator' }).id;
  installMeter(db, { meterId, placeId: place.id, installedUtc: new Date(JAN1).toISOString(), ...(opts.ct ? { ct: opts.ct } : {}), ...(opts.vt ? { vt: opts.vt } : {}) });
  const scheme = twoRateScheme(ZONE);
  const stored = createScheme(db, { folderId: null, content: scheme, by: 'tester' });
  if (opts.assign !== false) assignTariff(db, { meterId, fromUtc: new Date(JAN1).toISOString(), schemeId: stored.schemeStoreId, schemeVersion: 1 }, 'tester');
  await readEmulated(db, { serial: 'EMU-1', zone: ZONE, nowUtcMs: APR1 + 30 * 60_000, installedUtcMs: JAN1, fromUtcMs: MAR1, toUtcMs: APR1, scheme });
  syncReportIndex(db);
  return { placeId: place.id, schemeStoreId: stored.schemeStoreId };
}

afterEach(() => db?.close());

describe('billing report: constant 1 kW on a two-rate scheme over March 2025 in Europe/Berlin (743 h)', () => {
  beforeAll(() => undefined);

  it('gives the exact kWh per rate by the load profile, the register method agrees to the Wh, maximum demand 1 kW', async () => {
    await setup();
    const r = billingReport(db, { target: { kind: 'meter', serial: 'EMU-1' }, fromDate: '2025-03-01', toDate: '2025-03-31' }, META, 'UTC');
    expect(r.timeZone).toBe(ZONE);
    expect(r.fromUtc).toBe(new Date(MAR1).toISOString());
    expect(r.coverage).toEqual({ present: 2972, expected: 2972, share: 1 });
    const m = r.meters[0]!;
    expect(m.values).toBe('direct');
    expect(m.channel).toMatch(/^1\.29\.0 kWh, 15 min/);
    const rows = m.rates.map((x) => [x.name, x.profileEnergy, x.registerEnergy, x.difference]);
    expect(rows).toEqual([['HT', 336, 336, 0], ['NT', 407, 407, 0]]);
    expect(m.total.profileEnergy).toBe(743);
    expect(m.total.registerEnergy).toBe(743);
    expect(m.rates.map((x) => x.profileMaxDemand)).toEqual([1, 1]);
    expect(m.registerSource).toMatch(/billing reset 2025-04-01 00:00 .* − billing reset 2025-03-01 00:00/);
    expect(r.daily).toHaveLength(31);
    expect(r.daily.find((d) => d.date === '2025-03-30')).toMatchObject({ hours: 23, rates: [{ rate: 2, energy: 23 }] });
    const dstDay = r.heatMap.days.find((d) => d.date === '2025-03-30')!;
    expect(dstDay.values[2]).toBeNull(); // 02:00–03:00 does not exist that day: no data, not zero
    expect(dstDay.values[3]).toBe(1);
    expect(r.gapsTotal).toBe(0);
    expect(r.figuresSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('applies CT/VT to the secondary values once: 200/5 × 11000/110 = ×4000', async () => {
    await setup({ ct: { primary: 200, secondary: 5 }, vt: { primary: 11000, secondary: 110 } });
    const r = billingReport(db, { target: { kind: 'meter', serial: 'EMU-1' }, fromDate: '2025-03-01', toDate: '2025-03-31' }, META, 'UTC');
    const m = r.meters[0]!;
    expect([m.ct, m.vt, m.factor, m.values]).toEqual(['200/5', '11000/110', 4000, 'secondary']);
    expect(m.rates.map((x) => [x.profileEnergy, x.registerEnergy, x.profileMaxDemand])).toEqual([[1_344_000, 1_344_000, 4000], [1_628_000, 1_628_000, 4000]]);
  });

  it('a place report covers its meters; a period without data is gaps and unknown totals, never zero', async () => {
    const { placeId } = await setup();
    const r = billingReport(db, { target: { kind: 'place', placeId }, fromDate: '2025-05-01', toDate: '2025-05-31' }, META, 'UTC');
    const m = r.meters[0]!;
    expect(m.coverage.present).toBe(0);
    expect(m.total.profileEnergy).toBeNull();
    expect(m.rates.every((x) => x.profileEnergy === 0 || x.profileEnergy === null)).toBe(true);
    expect(r.gapsTotal).toBe(1);
    expect(r.notes.map((n) => n.message).join('\n')).toMatch(/no load-profile value .* unknown \(not zero\)/);
    expect(m.registerSource).toMatch(/no billing-period registers/);
  });

  it('without a recorded scheme the energy is one total, labelled, with a plain note', async () => {
    await setup({ assign: false });
    const r = billingReport(db, { target: { kind: 'meter', serial: 'EMU-1' }, fromDate: '2025-03-01', toDate: '2025-03-31' }, META, 'UTC');
    expect(r.meters[0]!.rates.find((x) => x.rate === 0)).toMatchObject({ name: 'no scheme recorded', profileEnergy: 743 });
    expect(r.notes.map((n) => n.message).join('\n')).toMatch(/no tariff scheme is recorded/);
  });

  it('a scheme change mid-period: each version for its part; the registers (the meter kept the first) show the difference', async () => {
    await setup();
    const v2 = createScheme(db, { folderId: null, content: twoRateScheme(ZONE, '08:00', '20:00', 'HTNT2'), by: 'tester' });
    assignTariff(db, { meterId, fromUtc: '2025-03-17T05:00:00Z', schemeId: v2.schemeStoreId, schemeVersion: 1 }, 'tester');
    const r = billingReport(db, { target: { kind: 'meter', serial: 'EMU-1' }, fromDate: '2025-03-01', toDate: '2025-03-31' }, META, 'UTC');
    const m = r.meters[0]!;
    expect(m.pieces.map((p) => [p.fromLocal, p.rates.map((x) => x.profileEnergy)])).toEqual([
      ['2025-03-01T00:00+01:00', [160, 230]],
      ['2025-03-17T06:00+01:00', [132, 221]],
    ]);
    expect(m.rates.map((x) => [x.profileEnergy, x.registerEnergy, x.difference])).toEqual([[292, 336, 44], [451, 407, -44]]);
    expect(r.notes.map((n) => n.message).join('\n')).toMatch(/tariff scheme changed in the period/);
  });

  it('on the household model (noisy load, PV export) the register and load-profile methods agree within the rounding of the readout', async () => {
    db = openDatabase(':memory:');
    meterId = saveFleetMeter(db, { serial: 'EMU-2', link: 'emulator', timeZone: ZONE }).id;
    const scheme = twoRateScheme(ZONE);
    const stored = createScheme(db, { folderId: null, content: scheme, by: 'tester' });
    assignTariff(db, { meterId, fromUtc: new Date(JAN1).toISOString(), schemeId: stored.schemeStoreId, schemeVersion: 1 }, 'tester');
    await readEmulated(db, { serial: 'EMU-2', zone: ZONE, nowUtcMs: APR1 + 30 * 60_000, installedUtcMs: JAN1, fromUtcMs: MAR1, toUtcMs: APR1, scheme, profile: 'household' });
    syncReportIndex(db);
    const r = billingReport(db, { target: { kind: 'meter', serial: 'EMU-2' }, fromDate: '2025-03-01', toDate: '2025-03-31' }, META, 'UTC');
    const m = r.meters[0]!;
    expect(m.coverage.share).toBe(1);
    for (const x of [...m.rates, m.total]) {
      expect(x.profileEnergy).toBeGreaterThan(50);
      // 2 972 interval values and the registers are each rounded to the Wh by the meter's readout.
      expect(Math.abs(x.difference!)).toBeLessThan(0.1);
    }
  });

  it('refuses an unknown meter plainly', async () => {
    await setup();
    expect(() => billingReport(db, { target: { kind: 'meter', serial: 'NOPE' }, fromDate: '2025-03-01', toDate: '2025-03-31' }, META, 'UTC')).toThrow(/no meter with serial number "NOPE"/);
  });
});
