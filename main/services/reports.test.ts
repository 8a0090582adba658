import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BalanceReport, BillingReport, VirtualReport } from '../../contract/reports';
import { setupActor, type Actor } from '../auth/actor';
import { testContext } from '../auth/test-helpers';
import { listAudit } from '../audit/store';
import { withActor, type AppContext } from '../core/context';
import { twoRateScheme } from '../../reporting/testing/schemes';
import { buildFeeder, FEEDER_ZONE } from '../reports/testing/feeder';
import { createScheme } from '../store/schemes';
import { fleetMeterBySerial } from '../store/fleet-meters';
import { assignTariffAs, checkVirtualFormula, saveVirtualMeterAs } from './report-admin';
import { exportReportRun, rerunReport, reportRun, reportRuns, runBalanceReport, runBillingReport, runVirtualReport } from './reports';

let ctx: AppContext;
let feederId: number;
const WEEK = { fromDate: '2025-10-20', toDate: '2025-10-27' };
const LOSSES = '[FDR-1:1.29.0] - [C-1:1.29.0] - [C-2:1.29.0] - [C-3:1.29.0]';

beforeAll(async () => {
  ctx = withActor(testContext(), setupActor('osuser'));
  ({ feederId } = await buildFeeder(ctx.db));
}, 60_000);

/**
 * 8 local days, one of 25 hours: 193 h = 772 quarter hours. C-3 misses 24 of them: the emulator captures an interval
 * at its END, so the intervals ending 10:00…15:45 are missing (09:45–15:45 local) and 15:45–16:00 is captured with
 * 0 kWh (no supply): on complete intervals losses are 748 × 0.25 kWh + 0.25 kWh = 187.25 kWh.
 */
const INTERVALS = 772;

describe('balance of a feeder over a week with a DST change and a gap', () => {
  it('input − Σ downstream per period and per interval, only over complete intervals, CT/VT applied', () => {
    const r = runBalanceReport(ctx, { placeId: feederId, ...WEEK }) as BalanceReport;
    expect(r.timeZone).toBe(FEEDER_ZONE);
    expect(r.periodMinutes).toBe(15);
    expect(r.intervals).toHaveLength(INTERVALS);
    expect(r.inputMeters.map((m) => [m.serial, m.factor, m.energy])).toEqual([['FDR-1', 20, 772]]);
    expect(r.downstreamMeters.map((m) => m.serial)).toEqual(['C-1', 'C-2', 'C-3']);
    expect(r.totals).toMatchObject({ intervals: INTERVALS, completeIntervals: INTERVALS - 24, input: 748, downstream: 560.75, difference: 187.25, percent: 25.033 });
    expect(r.totals.downstreamCoverage).toBeCloseTo(1 - 24 / (3 * INTERVALS), 6);
    const dst = r.daily.find((d) => d.date === '2025-10-26')!;
    expect(dst).toMatchObject({ intervals: 100, completeIntervals: 100, difference: 25, percent: 25 });
    const outageDay = r.daily.find((d) => d.date === '2025-10-22')!;
    expect(outageDay.completeIntervals).toBe(72);
    const inGap = r.intervals.find(([at]) => at === '2025-10-22T09:00:00.000Z')!;
    expect(inGap).toEqual(['2025-10-22T09:00:00.000Z', 1, null]);
    expect(r.gaps).toEqual([expect.objectContaining({ source: 'C-3', intervals: 24, fromLocal: '2025-10-22T09:45+02:00', toLocal: '2025-10-22T15:45+02:00' })]);
    expect(r.notes.some((n) => n.level === 'warning' && /24 of 3088 intervals have no data/.test(n.message))).toBe(true);
    const feederNode = r.nodes.find((n) => n.name === 'F3')!;
    expect(feederNode).toMatchObject({ input: 772, depth: 0 });
  });
});

describe('virtual meters', () => {
  it('refuse non-additive terms, unknown meters and mixed units in plain words; a good formula is saved and versioned', () => {
    expect(checkVirtualFormula(ctx, '[FDR-1:1.29.0] - [C-1:1.6.0]').problems[0]!.message).toMatch(/\[C-1:1\.6\.0\] is active power import, maximum demand/);
    expect(checkVirtualFormula(ctx, '[FDR-1:1.29.0] - [C-9:1.29.0]').problems[0]!.message).toMatch(/no meter with serial number "C-9"/);
    expect(checkVirtualFormula(ctx, '[FDR-1:1.29.0] - [C-1:3.29.0]').problems[0]!.message).toMatch(/mixes units/);
    expect(checkVirtualFormula(ctx, '[FDR-1:1.29.0] * [C-1:1.29.0]').problems[0]!.message).toMatch(/multiply a meter only by a number/);
    expect(() => saveVirtualMeterAs(ctx, { name: 'bad', formula: '[FDR-1:32.7.0] + [C-1:1.29.0]' })).toThrow(/voltages cannot be summed/);
    const v = saveVirtualMeterAs(ctx, { name: 'F3 losses', formula: LOSSES, timeZone: FEEDER_ZONE });
    expect(v.versions.map((x) => [x.version, x.unit])).toEqual([[1, 'kWh']]);
  });

  it('evaluates interval-aligned with CT/VT, missing where any term is missing: equals the balance', () => {
    const r = runVirtualReport(ctx, { name: 'F3 losses', ...WEEK }) as VirtualReport;
    expect(r.total).toBe(187.25);
    expect(r.coverage).toEqual({ present: INTERVALS - 24, expected: INTERVALS, share: expect.closeTo((INTERVALS - 24) / INTERVALS, 6) });
    expect(r.terms.map((t) => [t.text, t.coefficient, t.factor])).toEqual([['[FDR-1:1.29.0]', 1, 20], ['[C-1:1.29.0]', -1, 1], ['[C-2:1.29.0]', -1, 1], ['[C-3:1.29.0]', -1, 1]]);
    expect(r.maxDemand).toBe(2); // 15:45–16:00 on the 22nd: C-3 captured 0 kWh (no supply), so the losses were 0.5 kWh
    expect(r.daily.find((d) => d.date === '2025-10-26')).toEqual({ date: '2025-10-26', energy: 25, coverage: 1 });
  });

  it('appears in a billing report like a meter', () => {
    const r = runBillingReport(ctx, { target: { kind: 'virtual', name: 'F3 losses' }, ...WEEK }) as BillingReport;
    expect(r.meters[0]).toMatchObject({ serial: 'F3 losses', values: 'virtual' });
    expect(r.meters[0]!.total.profileEnergy).toBe(187.25);
  });

  it('a new formula version does not change the re-run of a run made with the old one', () => {
    const before = runVirtualReport(ctx, { name: 'F3 losses', ...WEEK }) as VirtualReport;
    const bill = runBillingReport(ctx, { target: { kind: 'virtual', name: 'F3 losses' }, ...WEEK }) as BillingReport;
    const id = checkVirtualFormula(ctx, LOSSES).ok ? saveVirtualMeterAs(ctx, { id: 1, name: 'F3 losses', formula: `2 * (${LOSSES})` }).id : 0;
    expect(id).toBe(1);
    expect((runVirtualReport(ctx, { name: 'F3 losses', ...WEEK }) as VirtualReport).total).toBe(374.5);
    expect(rerunReport(ctx, before.runId).same).toBe(true);
    expect(rerunReport(ctx, bill.runId).same).toBe(true);
    saveVirtualMeterAs(ctx, { id: 1, name: 'F3 losses', formula: LOSSES });
  });
});

describe('runs: stored, re-run to the same figures, exported, audited, scoped', () => {
  it('a billing run of the feeder re-runs to the same figures; a changed tariff history is named as the cause', () => {
    const first = runBillingReport(ctx, { target: { kind: 'place', placeId: feederId }, ...WEEK }) as BillingReport;
    expect(first.meters.map((m) => m.serial)).toEqual(['C-1', 'C-2', 'C-3', 'FDR-1']);
    expect(first.aggregateMaxDemand).toBe(7);
    const again = rerunReport(ctx, first.runId);
    expect(again.same).toBe(true);
    expect(again.report.runId).toBeGreaterThan(first.runId);
    expect(reportRun(ctx, first.runId)).toEqual(first);
    const s = createScheme(ctx.db, { folderId: null, content: twoRateScheme(FEEDER_ZONE), by: 'osuser' });
    assignTariffAs(ctx, { meterId: fleetMeterBySerial(ctx.db, 'C-1')!.id, fromUtc: '2025-01-01T00:00:00Z', schemeId: s.schemeStoreId, schemeVersion: 1 });
    const changed = rerunReport(ctx, first.runId);
    expect(changed.same).toBe(false);
    expect(changed.differences.join('\n')).toMatch(/master data .* changed/);
    expect(reportRuns(ctx).map((r) => r.rerunOf).slice(0, 2)).toEqual([first.runId, first.runId]);
  });

  it('exports PDF (text extractable: header, page numbers), XLSX and CSV, each audited', async () => {
    const run = runBillingReport(ctx, { target: { kind: 'meter', serial: 'C-3' }, ...WEEK }) as BillingReport;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pmu-report-'));
    for (const f of ['pdf', 'xlsx', 'csv'] as const) await exportReportRun(ctx, run.runId, f, path.join(dir, `r.${f}`));
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path.join(dir, 'r.pdf'))) }).promise;
    let text = '';
    for (let i = 1; i <= doc.numPages; i++) text += `${(await (await doc.getPage(i)).getTextContent()).items.map((x) => ('str' in x ? x.str : '')).join(' ')} `;
    text = text.replace(/\s+/g, ' ');
    expect(text).toContain('Billing — meter C-3, 2025-10-20 to 2025-10-27');
    expect(text).toContain(`Page 1 of ${doc.numPages}`);
    expect(text).toMatch(/Coverage\s+96\.89 %/);
    expect(text).toContain('Generated by');
    expect(text).toContain('osuser');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'r.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toContain('Energy per day and rate');
    const csv = readFileSync(path.join(dir, 'r.csv'), 'utf8');
    expect(csv.startsWith('\ufeff"Billing — meter C-3, 2025-10-20 to 2025-10-27"\r\n')).toBe(true);
    expect(csv).toContain('# Gaps');
    const actions = listAudit(ctx.db, {}, { limit: 200 }).records.map((r) => r.action);
    expect(actions.filter((a) => a === 'report.exported')).toHaveLength(3);
    expect(actions).toContain('report.run');
    expect(actions).toContain('virtualMeter.saved');
    expect(actions).toContain('tariffAssignment.saved');
  }, 60_000);

  it('a user limited to other meter groups cannot report on these meters; a role without the permission is refused', () => {
    const limited: Actor = { ...setupActor('ann'), setupMode: false, role: 'engineer', userId: 7, meterGroups: [] };
    expect(() => runBalanceReport(withActor(ctx, limited), { placeId: feederId, ...WEEK })).toThrow(/outside your meter groups/);
    const system: Actor = { ...setupActor('svc'), setupMode: false, role: 'system', userId: null };
    expect(() => runBalanceReport(withActor(ctx, system), { placeId: feederId, ...WEEK })).toThrow(/workstation itself/);
  });

  it('bad input gets plain messages, never a crash', () => {
    expect(() => runBalanceReport(ctx, { placeId: 9999, ...WEEK })).toThrow('There is no place with id 9999.');
    expect(() => runBillingReport(ctx, { target: { kind: 'meter', serial: 'C-1' }, fromDate: '2025-10-27', toDate: '2025-10-20' })).toThrow(/ends .* before it starts/);
    expect(() => runVirtualReport(ctx, { name: 'nope', ...WEEK })).toThrow('There is no virtual meter named "nope".');
  });
});
