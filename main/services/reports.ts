/**
 * Report use cases (issue 15): run billing / balance / virtual-meter reports, list and reopen stored runs, re-run
 * one to the same figures, export a run. Each checks the acting user's permission (`reports.view`) and meter scope
 * (a user limited to meter groups may report only on their meters), brings the report interval index up to date,
 * computes (main/reports/), and stores the run with its `report.run` audit record in one transaction. The api
 * handlers and `pmu report` only parse, call these and map.
 */
import type { BalanceArgs, BillingArgs, Report, ReportRunView, RunParams, VirtualArgs } from '../../contract/reports';
import { canAccessMeter } from '../auth/actor';
import { AuthError } from '../auth/errors';
import { recordChange } from '../audit/record-change';
import { balanceReport } from '../reports/balance';
import { describeDifferences } from '../reports/differences';
import { billingReport } from '../reports/billing';
import type { RunMeta } from '../reports/header';
import type { ReportFormat } from '../reports/render';
import { virtualReport } from '../reports/virtual';
import { virtualBilling } from '../reports/virtual-billing';
import { newestReadingId, syncReportIndex } from '../store/report-index';
import { getRun, listRuns, nextRunId, runResult, storeRun } from '../store/report-runs';
import { virtualMeterByName } from '../store/virtual-meters';
import { AtomicFile } from '../core/atomic-file';
import { authorize } from './authorize';
import type { AppContext } from '../core/context';

/** Serial numbers a report draws on (for the meter-scope check). */
function serialsOf(r: Report): string[] {
  switch (r.kind) {
    case 'billing': return r.meters.filter((m) => m.values !== 'virtual').map((m) => m.serial);
    case 'balance': return [...r.inputMeters, ...r.downstreamMeters].map((m) => m.serial);
    case 'virtual': return r.terms.map((t) => /^\[(.*):[^:]*\]$/.exec(t.text)?.[1] ?? t.text);
  }
}

/** @throws AuthError FORBIDDEN when the actor is limited to meter groups and the report draws on other meters. */
function checkScope(ctx: AppContext, r: Report): void {
  const actor = ctx.actor;
  if (!actor) return;
  const outside = [...new Set(serialsOf(r))].filter((s) => !canAccessMeter(ctx.db, actor, s));
  if (outside.length > 0) {
    throw new AuthError('FORBIDDEN', `This report draws on ${outside.length} meter${outside.length === 1 ? '' : 's'} outside your meter groups (${outside.slice(0, 5).join(', ')}${outside.length > 5 ? ' …' : ''}). Ask an administrator to widen your groups.`);
  }
}

/** Compute a report for `params` (nothing stored). */
function compute(ctx: AppContext, params: RunParams, meta: RunMeta): Report {
  switch (params.kind) {
    case 'billing': {
      const { kind: _k, virtualVersion, ...args } = params;
      const t = args.target;
      if (t.kind === 'virtual') return virtualBilling(ctx.db, { ...args, target: t }, meta, ctx.timeZone, virtualVersion);
      return billingReport(ctx.db, { ...args, target: t }, meta, ctx.timeZone);
    }
    case 'balance': {
      const { kind: _k, ...args } = params;
      return balanceReport(ctx.db, args, meta, ctx.timeZone);
    }
    case 'virtual': {
      const { kind: _k, ...args } = params;
      return virtualReport(ctx.db, args, meta, ctx.timeZone);
    }
  }
}

/** Run, check scope, store with its audit record. */
function run(ctx: AppContext, params: RunParams, rerunOf: number | null = null): Report {
  authorize(ctx, 'reports.view');
  syncReportIndex(ctx.db);
  const by = ctx.actor?.username ?? ctx.operator;
  // A virtual-meter run records the newest formula version it could use: a re-run evaluates the same versions.
  let stored = params;
  const latest = (name: string) => virtualMeterByName(ctx.db, name)?.versions.at(-1)?.version;
  if (params.kind === 'virtual' && params.version === undefined) {
    const v = latest(params.name);
    if (v !== undefined) stored = { ...params, version: v };
  }
  if (params.kind === 'billing' && params.target.kind === 'virtual' && params.virtualVersion === undefined) {
    const v = latest(params.target.name);
    if (v !== undefined) stored = { ...params, virtualVersion: v };
  }
  const dataReadingId = newestReadingId(ctx.db);
  const report = compute(ctx, stored, { runId: 0, by, now: new Date() });
  checkScope(ctx, report);
  return recordChange(
    ctx,
    () => {
      const id = nextRunId(ctx.db);
      const withId = { ...report, runId: id } as Report;
      storeRun(ctx.db, withId, stored, { dataReadingId, rerunOf, by });
      return withId;
    },
    (r) => ({
      action: 'report.run', object: `reportRun:${r.runId}`,
      summary: { after: { kind: r.kind, title: r.title, params: stored, figuresSha256: r.figuresSha256, coverage: r.coverage.share, rerunOf } },
    }),
  );
}

/** Billing report (a meter, place, customer or virtual meter). Needs `reports.view`. @throws PeriodError / AuthError (plain). */
export function runBillingReport(ctx: AppContext, args: BillingArgs): Report {
  return run(ctx, { kind: 'billing', ...args });
}

/** Balance of a place. Needs `reports.view`. */
export function runBalanceReport(ctx: AppContext, args: BalanceArgs): Report {
  return run(ctx, { kind: 'balance', ...args });
}

/** Virtual-meter report. Needs `reports.view`. */
export function runVirtualReport(ctx: AppContext, args: VirtualArgs): Report {
  return run(ctx, { kind: 'virtual', ...args });
}

/** Stored runs, newest first. Needs `reports.view`. */
export function reportRuns(ctx: AppContext, limit?: number): ReportRunView[] {
  authorize(ctx, 'reports.view');
  return listRuns(ctx.db, limit);
}

/** The stored figures of run `id` (meter scope checked). Needs `reports.view`. @throws StoreError NOT_FOUND. */
export function reportRun(ctx: AppContext, id: number): Report {
  authorize(ctx, 'reports.view');
  const r = runResult(ctx.db, id);
  checkScope(ctx, r);
  return r;
}

/**
 * Run stored run `id` again with its parameters (a new run, `rerunOf` = id) and compare the figures: `same` when
 * the figures' hashes agree, else the differences in words (and how many readings were stored since).
 */
export function rerunReport(ctx: AppContext, id: number): { report: Report; same: boolean; differences: string[] } {
  authorize(ctx, 'reports.view');
  const before = reportRun(ctx, id);
  const params = getRun(ctx.db, id)!.params;
  const since = ctx.db.prepare('SELECT data_reading_id FROM report_runs WHERE id = ?').pluck().get(id) as number;
  const report = run(ctx, params, id);
  const same = report.figuresSha256 === before.figuresSha256;
  return { report, same, differences: same ? [] : describeDifferences(ctx.db, before, report, since) };
}

/**
 * Write run `id` as `format` to `file` (temp file + rename) and record `report.exported`. Needs `reports.view`.
 * @returns the bytes written.
 */
export async function exportReportRun(ctx: AppContext, id: number, format: ReportFormat, file: string): Promise<number> {
  const report = reportRun(ctx, id);
  // The renderers (exceljs, pdfmake) are loaded when a report is first exported, not at start-up (issue 13.12).
  const { renderReport } = await import('../reports/render');
  const bytes = await renderReport(report, format);
  const out = await AtomicFile.create(file);
  try {
    await out.write(bytes);
    await out.commit();
  } catch (e) {
    await out.abort();
    throw e;
  }
  recordChange(ctx, () => bytes.length, (n) => ({ action: 'report.exported', object: `reportRun:${id}`, summary: { after: { format, file, bytes: n } } }));
  return bytes.length;
}
