/**
 * Installations (table `installations`, migration-fleet.ts): a fleet meter at a measurement place from
 * `installed_utc` until `removed_utc`, with the customer billed there and its CT/VT ratios. Rules checked here
 * (SQLite cannot say them): one open installation per meter (also a unique index), and no two installations of one
 * meter, or at one place, overlap in time. Rows are closed, never deleted, so the past keeps its meter and ratios.
 */
import type { Database } from 'better-sqlite3';
import type { InstallInput, InstallationView, Ratio } from '../../contract/fleet';
import { StoreError } from '../core/errors';
import { getPlace, placePath } from './places';

interface InstallationRow {
  id: number;
  meter_id: number;
  serial: string;
  place_id: number;
  customer_id: number | null;
  customer_number: string | null;
  customer_name: string | null;
  installed_utc: string;
  removed_utc: string | null;
  ct_primary: number;
  ct_secondary: number;
  vt_primary: number;
  vt_secondary: number;
  notes: string;
}

const SELECT = `SELECT i.*, m.serial, c.number AS customer_number, c.name AS customer_name
  FROM installations i JOIN fleet_meters m ON m.id = i.meter_id LEFT JOIN customers c ON c.id = i.customer_id`;

/** Installation rows → views (place paths looked up once per place). */
function views(db: Database, rows: readonly InstallationRow[]): InstallationView[] {
  const paths = new Map<number, string>();
  const pathOf = (id: number) => paths.get(id) ?? (paths.set(id, placePath(db, id)), paths.get(id)!);
  return rows.map((r) => ({
    id: r.id,
    meterId: r.meter_id,
    meterSerial: r.serial,
    placeId: r.place_id,
    placePath: pathOf(r.place_id),
    customerId: r.customer_id,
    customerNumber: r.customer_number,
    customerName: r.customer_name,
    installedUtc: r.installed_utc,
    removedUtc: r.removed_utc,
    ct: { primary: r.ct_primary, secondary: r.ct_secondary },
    vt: { primary: r.vt_primary, secondary: r.vt_secondary },
    notes: r.notes,
  }));
}

/** One installation, or null. */
export function getInstallation(db: Database, id: number): InstallationView | null {
  return views(db, db.prepare(`${SELECT} WHERE i.id = ?`).all(id) as InstallationRow[])[0] ?? null;
}

/** History of a meter and/or a place, newest first (no filter = every installation). */
export function listInstallations(db: Database, f: { meterId?: number; placeId?: number } = {}): InstallationView[] {
  const where: string[] = [];
  const args: number[] = [];
  if (f.meterId !== undefined) (where.push('i.meter_id = ?'), args.push(f.meterId));
  if (f.placeId !== undefined) (where.push('i.place_id = ?'), args.push(f.placeId));
  const sql = `${SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY i.installed_utc DESC, i.id DESC`;
  return views(db, db.prepare(sql).all(...args) as InstallationRow[]);
}

/** The open installation of every meter (meter id → view). */
export function openInstallations(db: Database): Map<number, InstallationView> {
  const rows = db.prepare(`${SELECT} WHERE i.removed_utc IS NULL`).all() as InstallationRow[];
  return new Map(views(db, rows).map((v) => [v.meterId, v]));
}

/** The meter's installation in force at `atUtc` (installed ≤ at < removed), or null. */
export function installationAt(db: Database, meterId: number, atUtc: string): InstallationView | null {
  const rows = db
    .prepare(`${SELECT} WHERE i.meter_id = ? AND i.installed_utc <= ? AND (i.removed_utc IS NULL OR i.removed_utc > ?)`)
    .all(meterId, atUtc, atUtc) as InstallationRow[];
  return views(db, rows)[0] ?? null;
}

/** The overall factor of the ratios: (CT primary / secondary) × (VT primary / secondary). */
export function transformerFactor(ct: Ratio, vt: Ratio): number {
  return (ct.primary / ct.secondary) * (vt.primary / vt.secondary);
}

/** Canonical ISO form of an instant (what the store compares as text). @throws StoreError INVALID_DATA. */
function iso(t: string, what: string): string {
  const ms = Date.parse(t);
  if (!Number.isFinite(ms)) throw new StoreError('INVALID_DATA', `The ${what} "${t}" is not a date and time.`);
  return new Date(ms).toISOString();
}

/**
 * Install meter `i.meterId` at place `i.placeId` from `i.installedUtc` (ratios default 1/1); returns the new row.
 * @throws StoreError NOT_FOUND (meter, place or customer), CONFLICT (the meter is still installed elsewhere, or the
 *   new period overlaps one of the meter's or the place's installations: the message names it).
 */
export function installMeter(db: Database, i: InstallInput, now: Date = new Date()): InstallationView {
  const from = iso(i.installedUtc, 'installation time');
  return db.transaction(() => {
    const meter = db.prepare('SELECT serial FROM fleet_meters WHERE id = ?').get(i.meterId) as { serial: string } | undefined;
    if (!meter) throw new StoreError('NOT_FOUND', 'This meter no longer exists. Refresh the list.');
    if (!getPlace(db, i.placeId)) throw new StoreError('NOT_FOUND', 'This place no longer exists. Refresh the tree.');
    if (i.customerId != null && !db.prepare('SELECT 1 FROM customers WHERE id = ?').get(i.customerId)) {
      throw new StoreError('NOT_FOUND', 'This customer no longer exists. Refresh the list.');
    }
    const open = db.prepare(`${SELECT} WHERE i.meter_id = ? AND i.removed_utc IS NULL`).all(i.meterId) as InstallationRow[];
    if (open.length > 0) {
      const v = views(db, open)[0]!;
      throw new StoreError('CONFLICT', `Meter ${meter.serial} is still installed at ${v.placePath} (since ${v.installedUtc}). Remove it there first.`);
    }
    const clash = (column: 'meter_id' | 'place_id', id: number) =>
      views(db, db.prepare(`${SELECT} WHERE i.${column} = ? AND (i.removed_utc IS NULL OR i.removed_utc > ?)`).all(id, from) as InstallationRow[])[0];
    const byMeter = clash('meter_id', i.meterId);
    if (byMeter) throw new StoreError('CONFLICT', `Meter ${meter.serial} was installed at ${byMeter.placePath} until ${byMeter.removedUtc}; the new installation must start at or after that.`);
    const byPlace = clash('place_id', i.placeId);
    if (byPlace) {
      const until = byPlace.removedUtc ? `until ${byPlace.removedUtc}` : 'and is still there';
      throw new StoreError('CONFLICT', `Meter ${byPlace.meterSerial} is installed at ${byPlace.placePath} ${until}. Remove it first (a place holds one meter at a time).`);
    }
    const ct = i.ct ?? { primary: 1, secondary: 1 };
    const vt = i.vt ?? { primary: 1, secondary: 1 };
    const id = Number(
      db
        .prepare(
          `INSERT INTO installations (meter_id, place_id, customer_id, installed_utc, ct_primary, ct_secondary, vt_primary, vt_secondary, notes, created_utc)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(i.meterId, i.placeId, i.customerId ?? null, from, ct.primary, ct.secondary, vt.primary, vt.secondary, i.notes?.trim() ?? '', now.toISOString()).lastInsertRowid,
    );
    return getInstallation(db, id)!;
  })();
}

/**
 * Close installation `id` at `removedUtc`; returns it.
 * @throws StoreError NOT_FOUND, CONFLICT (already removed), INVALID_DATA (removal not after the installation).
 */
export function removeInstallation(db: Database, id: number, removedUtc: string): InstallationView {
  const at = iso(removedUtc, 'removal time');
  return db.transaction(() => {
    const v = getInstallation(db, id);
    if (!v) throw new StoreError('NOT_FOUND', 'This installation no longer exists. Refresh the list.');
    if (v.removedUtc !== null) throw new StoreError('CONFLICT', `Meter ${v.meterSerial} was already removed from ${v.placePath} at ${v.removedUtc}.`);
    if (at <= v.installedUtc) throw new StoreError('INVALID_DATA', `The removal time must be after the installation (${v.installedUtc}).`);
    db.prepare('UPDATE installations SET removed_utc = ? WHERE id = ?').run(at, id);
    return getInstallation(db, id)!;
  })();
}
