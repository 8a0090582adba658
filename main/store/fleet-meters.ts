/**
 * The fleet's meters (table `fleet_meters`, migration-fleet.ts): master data by serial number and how to reach each
 * meter (link port name, sign-on device address, dialect, line format, password level, clock time zone). Functions
 * of a db handle; the service layer (main/services/meter-manager.ts) checks permissions and records the audit entry.
 */
import type { Database } from 'better-sqlite3';
import type { FleetMeterInput, FleetMeterView } from '../../contract/fleet';
import type { MeterChoice } from '../../protocol/meters/read-any';
import { StoreError } from '../core/errors';
import { getInstallation, openInstallations } from './installations';

interface MeterRow {
  id: number;
  serial: string;
  manufacturer: string;
  model: string;
  link: string;
  device_address: string;
  dialect: MeterChoice;
  line: '7E1' | '8N1' | null;
  password_level: number | null;
  time_zone: string | null;
  enabled: number;
  notes: string;
}

function view(r: MeterRow, installation: FleetMeterView['installation']): FleetMeterView {
  return {
    id: r.id, serial: r.serial, manufacturer: r.manufacturer, model: r.model, link: r.link, deviceAddress: r.device_address,
    dialect: r.dialect, line: r.line, passwordLevel: r.password_level, timeZone: r.time_zone, enabled: r.enabled === 1, notes: r.notes, installation,
  };
}

/** Every fleet meter with its current installation, by serial number. */
export function listFleetMeters(db: Database): FleetMeterView[] {
  const open = openInstallations(db);
  return (db.prepare('SELECT * FROM fleet_meters ORDER BY serial COLLATE NOCASE').all() as MeterRow[]).map((r) => view(r, open.get(r.id) ?? null));
}

/** One meter by id, or null. */
export function getFleetMeter(db: Database, id: number): FleetMeterView | null {
  const r = db.prepare('SELECT * FROM fleet_meters WHERE id = ?').get(id) as MeterRow | undefined;
  if (!r) return null;
  const open = db.prepare('SELECT id FROM installations WHERE meter_id = ? AND removed_utc IS NULL').get(id) as { id: number } | undefined;
  return view(r, open ? getInstallation(db, open.id) : null);
}

/** One meter by serial number (without regard to case), or null. */
export function fleetMeterBySerial(db: Database, serial: string): FleetMeterView | null {
  const r = db.prepare('SELECT id FROM fleet_meters WHERE serial = ?').get(serial.trim()) as { id: number } | undefined;
  return r ? getFleetMeter(db, r.id) : null;
}

/**
 * Create (no id) or change a meter; returns it as stored. Fields left out keep their stored value (new meters get
 * the defaults: dialect auto, enabled, no address).
 * @throws StoreError NOT_FOUND (unknown id), CONFLICT (the serial number belongs to another meter).
 */
export function saveFleetMeter(db: Database, m: FleetMeterInput, now: Date = new Date()): FleetMeterView {
  const serial = m.serial.trim();
  return db.transaction(() => {
    const owner = db.prepare('SELECT id FROM fleet_meters WHERE serial = ?').get(serial) as { id: number } | undefined;
    if (owner && owner.id !== m.id) throw new StoreError('CONFLICT', `Meter ${serial} is already in the meter list.`);
    const before = m.id === undefined ? null : (db.prepare('SELECT * FROM fleet_meters WHERE id = ?').get(m.id) as MeterRow | undefined);
    if (m.id !== undefined && !before) throw new StoreError('NOT_FOUND', 'This meter no longer exists. Refresh the list.');
    const keep = <T>(given: T | undefined, stored: T, fallback: T): T => (given !== undefined ? given : before ? stored : fallback);
    const row = {
      serial,
      manufacturer: keep(m.manufacturer?.trim(), before?.manufacturer ?? '', ''),
      model: keep(m.model?.trim(), before?.model ?? '', ''),
      link: m.link.trim(),
      device_address: keep(m.deviceAddress?.trim(), before?.device_address ?? '', ''),
      dialect: keep(m.dialect, before?.dialect ?? 'auto', 'auto'),
      line: keep(m.line, before?.line ?? null, null),
      password_level: keep(m.passwordLevel, before?.password_level ?? null, null),
      time_zone: keep(m.timeZone, before?.time_zone ?? null, null),
      enabled: keep(m.enabled === undefined ? undefined : m.enabled ? 1 : 0, before?.enabled ?? 1, 1),
      notes: keep(m.notes?.trim(), before?.notes ?? '', ''),
    };
    const at = now.toISOString();
    let id = m.id;
    if (id === undefined) {
      id = Number(
        db
          .prepare(
            `INSERT INTO fleet_meters (serial, manufacturer, model, link, device_address, dialect, line, password_level, time_zone, enabled, notes, created_utc, updated_utc)
             VALUES (@serial, @manufacturer, @model, @link, @device_address, @dialect, @line, @password_level, @time_zone, @enabled, @notes, @at, @at)`,
          )
          .run({ ...row, at }).lastInsertRowid,
      );
    } else {
      db.prepare(
        `UPDATE fleet_meters SET serial = @serial, manufacturer = @manufacturer, model = @model, link = @link, device_address = @device_address,
           dialect = @dialect, line = @line, password_level = @password_level, time_zone = @time_zone, enabled = @enabled, notes = @notes, updated_utc = @at
         WHERE id = @id`,
      ).run({ ...row, at, id });
    }
    return getFleetMeter(db, id)!;
  })();
}

/**
 * Delete meter `id`; false when none.
 * @throws StoreError CONFLICT when it has installations on record (disable it instead: its history stays).
 */
export function deleteFleetMeter(db: Database, id: number): boolean {
  return db.transaction(() => {
    const m = getFleetMeter(db, id);
    if (!m) return false;
    const n = (db.prepare('SELECT count(*) AS n FROM installations WHERE meter_id = ?').get(id) as { n: number }).n;
    if (n > 0) throw new StoreError('CONFLICT', `Meter ${m.serial} has ${n} installation${n === 1 ? '' : 's'} on record; disable it instead (its history stays).`);
    return db.prepare('DELETE FROM fleet_meters WHERE id = ?').run(id).changes > 0;
  })();
}
