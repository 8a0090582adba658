/**
 * Staged programs (table `staged_programs`, migration 3): one saved scheme version joined with one meter's
 * data (programming/plan.ts `MeterData`), on its way draft → approved → programmed / partially-programmed /
 * failed. The programming outcome sets the status (./programming-jobs.ts `finishProgrammingJob`).
 * Functions of a better-sqlite3 `db`; writes in one transaction; plain StoreErrors.
 */
import type { Database } from 'better-sqlite3';
import { meterDataSchema, STAGED_STATUSES, type MeterData, type StagedProgram } from '../../programming/plan';
import { StoreError } from '../core/errors';
import { write } from './scheme-folders';
import { getSchemeEntry, getSchemeVersion } from './schemes';

/** A status of a staged program. */
export type StagedStatus = (typeof STAGED_STATUSES)[number];

interface StagedRow {
  id: number;
  scheme_id: number;
  scheme_version: number;
  meter_serial: string;
  meter_model: StagedProgram['meterModel'];
  ct_ratio: string | null;
  vt_ratio: string | null;
  password_level: number;
  site: string;
  customer: string;
  time_zone: string;
  status: StagedStatus;
  created_utc: string;
  created_by: string;
  approved_utc: string | null;
  approved_by: string | null;
  scheme_code: string;
  scheme_name: string;
}

const SELECT = `SELECT p.*, json_extract(v.content_json, '$.id') AS scheme_code, json_extract(v.content_json, '$.name') AS scheme_name
  FROM staged_programs p JOIN scheme_versions v ON v.scheme_id = p.scheme_id AND v.version = p.scheme_version`;

const toStaged = (r: StagedRow): StagedProgram => ({
  id: r.id,
  schemeStoreId: r.scheme_id,
  schemeVersion: r.scheme_version,
  schemeId: r.scheme_code,
  schemeName: r.scheme_name,
  meterModel: r.meter_model,
  meter: {
    serial: r.meter_serial, ctRatio: r.ct_ratio, vtRatio: r.vt_ratio, passwordLevel: r.password_level,
    site: r.site, customer: r.customer, timeZone: r.time_zone,
  },
  status: r.status,
  createdUtc: r.created_utc,
  createdBy: r.created_by,
  approvedUtc: r.approved_utc,
  approvedBy: r.approved_by,
});

/** Staged program `id`. @throws StoreError `NOT_FOUND`. */
export function getStagedProgram(db: Database, id: number): StagedProgram {
  const row = db.prepare(`${SELECT} WHERE p.id = ?`).get(id) as StagedRow | undefined;
  if (row === undefined) throw new StoreError('NOT_FOUND', `There is no staged program number ${id} (it may have been deleted). Refresh the list.`);
  return toStaged(row);
}

/** Staged programs, newest first; `serial` (exact) and `status` filter. */
export function listStagedPrograms(db: Database, filter: { serial?: string; status?: string } = {}): StagedProgram[] {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.serial !== undefined) {
    where.push('p.meter_serial = ?');
    params.push(filter.serial.trim());
  }
  if (filter.status !== undefined) {
    where.push('p.status = ?');
    params.push(filter.status);
  }
  const sql = `${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY p.id DESC`;
  return (db.prepare(sql).all(...params) as StagedRow[]).map(toStaged);
}

/**
 * Stages version `schemeVersion` of scheme `schemeStoreId` for the meter `meter` (checked with
 * `meterDataSchema`: serial, `primary/secondary` ratios, password level, IANA time zone). The meter model is
 * the scheme's. `status` `approved` stages and approves at once (e.g. by an engineer from the CLI).
 * @throws StoreError `NOT_FOUND` (scheme version, or a deleted scheme), `INVALID_DATA` (meter data).
 */
export function createStagedProgram(
  db: Database,
  input: { schemeStoreId: number; schemeVersion: number; meter: MeterData; by: string; status?: 'draft' | 'approved'; nowUtc?: string },
): StagedProgram {
  const parsed = meterDataSchema.safeParse(input.meter);
  if (!parsed.success) {
    // One message per field: a ratio that is not `a/b` would also fail the "above 0" check.
    const byField = new Map<string, string>();
    for (const i of parsed.error.issues) {
      const field = i.path.map(String).join('.') || 'meter';
      if (!byField.has(field)) byField.set(field, `${field}: ${i.message}`);
    }
    const issues = [...byField.values()].join('; ');
    throw new StoreError('INVALID_DATA', `The meter data cannot be staged: ${issues}.`);
  }
  const m = parsed.data;
  const now = input.nowUtc ?? new Date().toISOString();
  const approved = input.status === 'approved';
  return write(db, 'stage the program', () => {
    if (getSchemeEntry(db, input.schemeStoreId).deletedUtc !== null) {
      throw new StoreError('NOT_FOUND', 'This scheme was deleted, so it can no longer be staged. Choose another scheme.');
    }
    const version = getSchemeVersion(db, input.schemeStoreId, input.schemeVersion);
    const id = Number(
      db
        .prepare(
          `INSERT INTO staged_programs (scheme_id, scheme_version, meter_serial, meter_model, ct_ratio, vt_ratio, password_level,
             site, customer, time_zone, status, created_utc, created_by, approved_utc, approved_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.schemeStoreId, input.schemeVersion, m.serial, version.content.meterModel, m.ctRatio, m.vtRatio, m.passwordLevel,
          m.site, m.customer, m.timeZone, approved ? 'approved' : 'draft', now, input.by, approved ? now : null, approved ? input.by : null,
        ).lastInsertRowid,
    );
    return getStagedProgram(db, id);
  });
}

/**
 * Approves draft `id` (who and when are recorded). Whether the approver may approve, and whether the scheme
 * is free of validation errors, is checked by the caller. @throws StoreError `NOT_FOUND`, `CONFLICT` (not a draft).
 */
export function approveStagedProgram(db: Database, id: number, by: string, nowUtc?: string): StagedProgram {
  return write(db, 'approve the program', () => {
    const p = getStagedProgram(db, id);
    if (p.status !== 'draft') {
      throw new StoreError('CONFLICT', `Only a draft can be approved; this program is already ${p.status}${p.approvedBy ? ` (approved by ${p.approvedBy})` : ''}.`);
    }
    db.prepare("UPDATE staged_programs SET status = 'approved', approved_utc = ?, approved_by = ? WHERE id = ?").run(nowUtc ?? new Date().toISOString(), by, id);
    return getStagedProgram(db, id);
  });
}

/**
 * Deletes staged program `id` when no programming was ever attempted with it (a draft, or approved and never
 * uploaded); programmed ones stay as the record behind their certificates.
 * @throws StoreError `NOT_FOUND`, `CONFLICT`.
 */
export function deleteStagedProgram(db: Database, id: number): void {
  write(db, 'delete the staged program', () => {
    const p = getStagedProgram(db, id);
    const jobs = (db.prepare('SELECT count(*) AS n FROM programming_jobs WHERE staged_id = ?').get(id) as { n: number }).n;
    if (jobs > 0 || (p.status !== 'draft' && p.status !== 'approved')) {
      throw new StoreError('CONFLICT', `This program was already uploaded to meter ${p.meter.serial} (${p.status}); it is kept as the record of that upload.`);
    }
    db.prepare('DELETE FROM staged_programs WHERE id = ?').run(id);
  });
}
