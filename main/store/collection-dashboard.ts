/**
 * The collection dashboard (issue 14 item 6): one row per fleet meter with its last task (when, outcome, the plain
 * error), the next scheduled start that covers it, its load-profile coverage and open gaps, and the clock drift last
 * seen. A handful of grouped queries, so thousands of meters list in one call.
 */
import type { Database } from 'better-sqlite3';
import type { DashboardRow } from '../../contract/collection';
import { listSchedules, targetMeters } from './collection-schedules';
import { listFleetMeters } from './fleet-meters';

/** Every fleet meter's row, by serial number. */
export function collectionDashboard(db: Database): DashboardRow[] {
  const last = new Map(
    (
      db
        .prepare(
          `SELECT t.meter_id AS meterId, t.run_id AS runId, coalesce(t.finished_utc, t.started_utc, r.started_utc) AS at, t.status, t.error
           FROM collection_tasks t JOIN collection_runs r ON r.id = t.run_id
           WHERE t.run_id = (SELECT max(run_id) FROM collection_tasks x WHERE x.meter_id = t.meter_id)`,
        )
        .all() as { meterId: number; runId: number; at: string | null; status: DashboardRow['outcome']; error: string | null }[]
    ).map((r) => [r.meterId, r]),
  );
  const drift = new Map(
    (
      db
        .prepare(
          `SELECT meter_id AS meterId, clock_drift_s AS d FROM collection_tasks t
           WHERE clock_drift_s IS NOT NULL AND run_id = (SELECT max(run_id) FROM collection_tasks x WHERE x.meter_id = t.meter_id AND x.clock_drift_s IS NOT NULL)`,
        )
        .all() as { meterId: number; d: number }[]
    ).map((r) => [r.meterId, r.d]),
  );
  const coverage = new Map(
    (db.prepare('SELECT meter_id AS meterId, max(last_end_utc) AS lastEnd FROM lp_series GROUP BY meter_id').all() as { meterId: number; lastEnd: string }[]).map((r) => [
      r.meterId,
      r.lastEnd,
    ]),
  );
  const gaps = new Map(
    (
      db
        .prepare(
          `SELECT g.meter_id AS meterId, count(*) AS n,
                  sum(CAST(round((julianday(g.to_utc) - julianday(g.from_utc)) * 1440 / coalesce(s.period_minutes, 15)) AS INTEGER)) AS missing
           FROM lp_gaps g LEFT JOIN lp_series s ON s.meter_id = g.meter_id AND s.obis = g.obis WHERE g.status = 'open' GROUP BY g.meter_id`,
        )
        .all() as { meterId: number; n: number; missing: number }[]
    ).map((r) => [r.meterId, r]),
  );
  const next = new Map<number, string>();
  for (const s of listSchedules(db)) {
    if (!s.enabled || !s.nextRunUtc) continue;
    for (const id of targetMeters(db, s.targetKind, s.targetId)) {
      const had = next.get(id);
      if (had === undefined || s.nextRunUtc < had) next.set(id, s.nextRunUtc);
    }
  }
  return listFleetMeters(db).map((m) => {
    const l = last.get(m.id);
    const g = gaps.get(m.id);
    return {
      meterId: m.id,
      serial: m.serial,
      link: m.link,
      placePath: m.installation?.placePath ?? null,
      enabled: m.enabled,
      lastRunId: l?.runId ?? null,
      lastRunUtc: l?.at ?? null,
      outcome: l?.status ?? null,
      error: l && l.status !== 'ok' ? l.error : null,
      nextRunUtc: next.get(m.id) ?? null,
      lastIntervalUtc: coverage.get(m.id) ?? null,
      openGaps: g?.n ?? 0,
      missingIntervals: g?.missing ?? 0,
      clockDriftSeconds: drift.get(m.id) ?? null,
    };
  });
}
