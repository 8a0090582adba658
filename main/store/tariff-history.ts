/**
 * A fleet meter's tariff history: which tariff scheme version was in force on it from when, and whether the meter
 * carries primary values (programmed with its CT/VT ratios). Two sources, merged in time order:
 * - verified programming certificates of the workstation (programming_jobs with status `verified`, the staged
 *   program's scheme version, CT/VT ratios): in force from the job's end. ASSUMPTION (documented in docs/reports.md):
 *   a meter programmed with CT/VT ratios applies them to its registers and profile (its values are primary);
 *   a job that ended with `differences` or part-way is not counted (the scheme in force is uncertain; the report
 *   says so);
 * - assignments recorded by a user (table tariff_assignments): meters programmed elsewhere or before the
 *   workstation, or a correction. On the same instant an assignment wins over a certificate.
 * At any instant the entry with the latest start at or before it is in force.
 */
import type { Database } from 'better-sqlite3';
import type { TariffAssignInput, TariffHistoryEntry } from '../../contract/reports';
import { StoreError } from '../core/errors';
import { cached } from './report-index';

interface Row {
  id: number | null;
  source: 'assignment' | 'certificate';
  job_id: number | null;
  from_utc: string;
  scheme_id: number;
  scheme_version: number;
  scheme_name: string;
  values_primary: number;
  note: string;
  by: string;
}

const view = (r: Row): TariffHistoryEntry => ({
  id: r.id, source: r.source, jobId: r.job_id, fromUtc: r.from_utc, schemeId: r.scheme_id, schemeVersion: r.scheme_version,
  schemeName: r.scheme_name, valuesPrimary: r.values_primary === 1, note: r.note, by: r.by,
});

/** Every entry of fleet meter `meterId`'s history, oldest first (assignments after certificates of the same instant). */
export function tariffHistory(db: Database, meterId: number): TariffHistoryEntry[] {
  const rows = cached(
    db,
    `SELECT NULL AS id, 'certificate' AS source, j.id AS job_id, j.finished_utc AS from_utc, sp.scheme_id, sp.scheme_version,
              s.name AS scheme_name, (sp.ct_ratio IS NOT NULL OR sp.vt_ratio IS NOT NULL) AS values_primary,
              'programmed on ' || j.port AS note, j.operator AS by
         FROM programming_jobs j JOIN staged_programs sp ON sp.id = j.staged_id JOIN schemes s ON s.id = sp.scheme_id
         JOIN fleet_meters m ON upper(m.serial) = upper(j.meter_serial)
        WHERE m.id = ? AND j.status = 'verified' AND j.finished_utc IS NOT NULL
       UNION ALL
       SELECT a.id, 'assignment', NULL, a.from_utc, a.scheme_id, a.scheme_version, s.name, a.values_primary, a.note, a.created_by
         FROM tariff_assignments a JOIN schemes s ON s.id = a.scheme_id
        WHERE a.meter_id = ?
       ORDER BY from_utc, source DESC, id`,
  ).all(meterId, meterId) as Row[];
  return rows.map(view);
}

/** Programming jobs of meter `meterId` that ended uncertain (differences, partly programmed): start times, for notes. */
export function uncertainProgrammings(db: Database, meterId: number): { jobId: number; finishedUtc: string; status: string }[] {
  return cached(
    db,
    `SELECT j.id AS jobId, j.finished_utc AS finishedUtc, j.status FROM programming_jobs j JOIN fleet_meters m ON upper(m.serial) = upper(j.meter_serial)
      WHERE m.id = ? AND j.status IN ('differences', 'partially-programmed') AND j.finished_utc IS NOT NULL ORDER BY j.finished_utc`,
  ).all(meterId) as { jobId: number; finishedUtc: string; status: string }[];
}

/**
 * Record that scheme version (schemeId, schemeVersion) is in force on `meterId` from `fromUtc`.
 * @throws StoreError NOT_FOUND (meter or scheme version), CONFLICT (an assignment at that instant exists).
 */
export function assignTariff(db: Database, a: TariffAssignInput, by: string, now: Date = new Date()): TariffHistoryEntry {
  const from = new Date(Date.parse(a.fromUtc)).toISOString();
  if (db.prepare('SELECT 1 FROM fleet_meters WHERE id = ?').get(a.meterId) === undefined) throw new StoreError('NOT_FOUND', `No fleet meter with id ${a.meterId}.`);
  const scheme = db.prepare('SELECT s.name FROM scheme_versions v JOIN schemes s ON s.id = v.scheme_id WHERE v.scheme_id = ? AND v.version = ?').get(a.schemeId, a.schemeVersion) as
    | { name: string }
    | undefined;
  if (!scheme) throw new StoreError('NOT_FOUND', `The tariff scheme ${a.schemeId} has no version ${a.schemeVersion}.`);
  if (db.prepare('SELECT 1 FROM tariff_assignments WHERE meter_id = ? AND from_utc = ?').get(a.meterId, from) !== undefined) {
    throw new StoreError('CONFLICT', `A tariff assignment from ${from} is already recorded for this meter: delete it first.`);
  }
  const id = Number(
    db.prepare('INSERT INTO tariff_assignments (meter_id, from_utc, scheme_id, scheme_version, values_primary, note, created_utc, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(a.meterId, from, a.schemeId, a.schemeVersion, a.valuesPrimary ? 1 : 0, a.note ?? '', now.toISOString(), by).lastInsertRowid,
  );
  return {
    id, source: 'assignment', jobId: null, fromUtc: from, schemeId: a.schemeId, schemeVersion: a.schemeVersion, schemeName: scheme.name,
    valuesPrimary: a.valuesPrimary === true, note: a.note ?? '', by,
  };
}

/** Delete assignment `id`; returns what it was, or null when there is no such assignment. */
export function deleteTariffAssignment(db: Database, id: number): (TariffHistoryEntry & { meterId: number }) | null {
  const row = db.prepare('SELECT meter_id AS meterId FROM tariff_assignments WHERE id = ?').get(id) as { meterId: number } | undefined;
  if (!row) return null;
  const entry = tariffHistory(db, row.meterId).find((e) => e.id === id)!;
  db.prepare('DELETE FROM tariff_assignments WHERE id = ?').run(id);
  return { ...entry, meterId: row.meterId };
}
