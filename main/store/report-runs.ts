/**
 * Stored report runs (table report_runs, migration-reports.ts): the parameters, the SHA-256 of the figures and the
 * whole result (gzip-compressed JSON) of every run, so a report can be reopened, exported and printed exactly as it
 * was, and re-run with the same parameters.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Database } from 'better-sqlite3';
import type { Report, ReportRunView, RunParams } from '../../contract/reports';
import { StoreError } from '../core/errors';

interface RunRow {
  id: number; kind: ReportRunView['kind']; title: string; params_json: string; figures_sha256: string; rerun_of: number | null;
  created_utc: string; created_by: string;
}

const view = (r: RunRow): ReportRunView => ({
  id: r.id, kind: r.kind, title: r.title, createdUtc: r.created_utc, createdBy: r.created_by, figuresSha256: r.figures_sha256, rerunOf: r.rerun_of,
  params: JSON.parse(r.params_json) as RunParams,
});

/** Reserve the next run id (the report carries it) — insert with {@link storeRun} in the same transaction. */
export function nextRunId(db: Database): number {
  return ((db.prepare('SELECT max(id) FROM report_runs').pluck().get() as number | null) ?? 0) + 1;
}

/** Store run `report.runId`. Call inside the transaction that also writes its audit record. */
export function storeRun(
  db: Database,
  report: Report,
  params: RunParams,
  meta: { dataReadingId: number; rerunOf: number | null; by: string },
): ReportRunView {
  db.prepare(
    `INSERT INTO report_runs (id, kind, title, params_json, figures_sha256, result_gz, data_reading_id, rerun_of, created_utc, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    report.runId, report.kind, report.title, JSON.stringify(params), report.figuresSha256, gzipSync(JSON.stringify(report)),
    meta.dataReadingId, meta.rerunOf, report.generatedUtc, meta.by,
  );
  return getRun(db, report.runId)!;
}

/** Run `id` as listed, or null. */
export function getRun(db: Database, id: number): ReportRunView | null {
  const r = db.prepare('SELECT id, kind, title, params_json, figures_sha256, rerun_of, created_utc, created_by FROM report_runs WHERE id = ?').get(id) as RunRow | undefined;
  return r ? view(r) : null;
}

/** The stored figures of run `id`. @throws StoreError NOT_FOUND. */
export function runResult(db: Database, id: number): Report {
  const r = db.prepare('SELECT result_gz FROM report_runs WHERE id = ?').get(id) as { result_gz: Buffer } | undefined;
  if (!r) throw new StoreError('NOT_FOUND', `There is no report run ${id}.`);
  return JSON.parse(gunzipSync(r.result_gz).toString('utf8')) as Report;
}

/** Runs, newest first. */
export function listRuns(db: Database, limit = 200): ReportRunView[] {
  return (db.prepare('SELECT id, kind, title, params_json, figures_sha256, rerun_of, created_utc, created_by FROM report_runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]).map(view);
}
