/**
 * Virtual meters (tables virtual_meters / virtual_meter_versions, migration-reports.ts): named, versioned formulas
 * over meters and channels. The formula is checked by the service before it is saved (reporting/formula.ts and
 * formula-check.ts); this file only stores. Every save is a new version; nothing is ever changed or deleted except
 * the meter's soft delete (its versions stay, so the runs that used them can be reopened).
 */
import type { Database } from 'better-sqlite3';
import type { VirtualMeterInput, VirtualMeterView } from '../../contract/reports';
import { StoreError } from '../core/errors';

interface MeterRow {
  id: number; name: string; description: string; time_zone: string | null; scheme_id: number | null; scheme_version: number | null; scheme_name: string | null;
}
interface VersionRow { version: number; formula: string; unit: string; from_utc: string | null; saved_utc: string; saved_by: string; note: string }

function view(db: Database, r: MeterRow): VirtualMeterView {
  const versions = (db.prepare('SELECT * FROM virtual_meter_versions WHERE virtual_meter_id = ? ORDER BY version').all(r.id) as VersionRow[]).map((v) => ({
    version: v.version, formula: v.formula, unit: v.unit, fromUtc: v.from_utc, savedUtc: v.saved_utc, savedBy: v.saved_by, note: v.note,
  }));
  return {
    id: r.id, name: r.name, description: r.description, timeZone: r.time_zone,
    scheme: r.scheme_id === null || r.scheme_version === null ? null : { schemeId: r.scheme_id, version: r.scheme_version, name: r.scheme_name ?? '' },
    versions,
  };
}

const SELECT = `SELECT vm.*, s.name AS scheme_name FROM virtual_meters vm LEFT JOIN schemes s ON s.id = vm.scheme_id`;

/** Every virtual meter not deleted, by name. */
export function listVirtualMeters(db: Database): VirtualMeterView[] {
  return (db.prepare(`${SELECT} WHERE vm.deleted_utc IS NULL ORDER BY vm.name`).all() as MeterRow[]).map((r) => view(db, r));
}

/** The virtual meter named `name` (without regard to case), or null. */
export function virtualMeterByName(db: Database, name: string): VirtualMeterView | null {
  const r = db.prepare(`${SELECT} WHERE vm.name = ? AND vm.deleted_utc IS NULL`).get(name.trim()) as MeterRow | undefined;
  return r ? view(db, r) : null;
}

/** The virtual meter `id` (deleted ones too: runs refer to them), or null. */
export function getVirtualMeter(db: Database, id: number): VirtualMeterView | null {
  const r = db.prepare(`${SELECT} WHERE vm.id = ?`).get(id) as MeterRow | undefined;
  return r ? view(db, r) : null;
}

/**
 * Create a virtual meter (no `id`) or save a new version of one: `formula` and `unit` as checked by the caller.
 * @throws StoreError NOT_FOUND (id, scheme version), CONFLICT (the name is taken by another virtual meter).
 */
export function saveVirtualMeter(db: Database, v: VirtualMeterInput & { unit: string }, by: string, now: Date = new Date()): VirtualMeterView {
  const at = now.toISOString();
  if (v.scheme) {
    const ok = db.prepare('SELECT 1 FROM scheme_versions WHERE scheme_id = ? AND version = ?').get(v.scheme.schemeId, v.scheme.version);
    if (!ok) throw new StoreError('NOT_FOUND', `The tariff scheme ${v.scheme.schemeId} has no version ${v.scheme.version}.`);
  }
  const clash = db.prepare('SELECT id FROM virtual_meters WHERE name = ? AND deleted_utc IS NULL').get(v.name) as { id: number } | undefined;
  if (clash && clash.id !== v.id) throw new StoreError('CONFLICT', `A virtual meter named "${v.name}" exists already.`);
  let id = v.id;
  if (id === undefined) {
    id = Number(
      db.prepare('INSERT INTO virtual_meters (name, description, time_zone, scheme_id, scheme_version, created_utc, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(v.name, v.description ?? '', v.timeZone ?? null, v.scheme?.schemeId ?? null, v.scheme?.version ?? null, at, by).lastInsertRowid,
    );
  } else {
    const before = getVirtualMeter(db, id);
    if (!before || db.prepare('SELECT deleted_utc FROM virtual_meters WHERE id = ?').pluck().get(id) !== null) throw new StoreError('NOT_FOUND', `No virtual meter with id ${id}.`);
    db.prepare('UPDATE virtual_meters SET name = ?, description = ?, time_zone = ?, scheme_id = ?, scheme_version = ? WHERE id = ?').run(
      v.name,
      v.description ?? before.description,
      v.timeZone === undefined ? before.timeZone : v.timeZone,
      v.scheme === undefined ? before.scheme?.schemeId ?? null : v.scheme?.schemeId ?? null,
      v.scheme === undefined ? before.scheme?.version ?? null : v.scheme?.version ?? null,
      id,
    );
  }
  const next = ((db.prepare('SELECT max(version) FROM virtual_meter_versions WHERE virtual_meter_id = ?').pluck().get(id) as number | null) ?? 0) + 1;
  db.prepare('INSERT INTO virtual_meter_versions (virtual_meter_id, version, formula, unit, from_utc, note, saved_utc, saved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    id, next, v.formula.trim(), v.unit, v.fromUtc === undefined ? null : new Date(Date.parse(v.fromUtc)).toISOString(), v.note ?? '', at, by,
  );
  return getVirtualMeter(db, id)!;
}

/** Soft-delete virtual meter `id` (false when there is none). */
export function deleteVirtualMeter(db: Database, id: number, now: Date = new Date()): boolean {
  return db.prepare('UPDATE virtual_meters SET deleted_utc = ? WHERE id = ? AND deleted_utc IS NULL').run(now.toISOString(), id).changes > 0;
}
