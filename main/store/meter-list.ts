/**
 * Applying one checked meter-list row (main/formats/meter-list-csv.ts) to the meter manager's tables: the meter
 * (created or changed by serial), its place path (missing nodes created), its customer (created or renamed by
 * number) and its installation:
 * - no open installation → installed at the place from `installed` (required);
 * - open at the same place, same customer and ratios → unchanged;
 * - open at the same place from the same time → customer / ratios corrected in place;
 * - otherwise (another place, or a change from a later time) → the open installation is closed at `installed` and a
 *   new one opened; a meter still installed at the target place is removed at the same time (a meter exchange).
 * Runs inside the caller's transaction (each row a savepoint), so a row that fails stores nothing.
 */
import type { Database } from 'better-sqlite3';
import type { PlaceKind, Ratio } from '../../contract/fleet';
import { StoreError } from '../core/errors';
import { customerByNumber, saveCustomer } from './customers';
import { fleetMeterBySerial, saveFleetMeter } from './fleet-meters';
import { installMeter, removeInstallation } from './installations';
import { ensurePlacePath, getPlace, savePlace } from './places';

/** One checked row of a meter list (read by main/formats/meter-list-csv.ts). Optional members are absent when their column is absent (keep what is stored). */
export interface MeterListRow {
  readonly line: number;
  readonly serial: string;
  readonly link: string;
  readonly manufacturer?: string;
  readonly model?: string;
  readonly deviceAddress?: string;
  readonly dialect?: 'auto' | 'generic' | 'a1140' | 'a1700';
  readonly lineFormat?: '7E1' | '8N1' | null;
  readonly passwordLevel?: 1 | 2 | 3 | null;
  readonly timeZone?: string | null;
  readonly enabled?: boolean;
  readonly notes?: string;
  /** The place path from the top, or null when the row names no place (installation left as it is). */
  readonly place: { readonly path: readonly { kind: PlaceKind; name: string }[]; readonly code: string | null } | null;
  readonly customer: { readonly number: string; readonly name: string | null } | null;
  /** Installation time as an ISO instant, or null (not given). A bare date is midnight in `zone` (see parse). */
  readonly installedUtc: string | null;
  readonly ct?: Ratio;
  readonly vt?: Ratio;
}

/** What one row did. */
export interface RowOutcome {
  readonly changed: boolean;
  readonly created: { places: number; customers: number; meters: number; installations: number };
}

const sameRatio = (a: { primary: number; secondary: number }, b: { primary: number; secondary: number }) =>
  a.primary === b.primary && a.secondary === b.secondary;

/**
 * Apply `row` (see the file comment); returns whether anything changed and what was created.
 * @throws StoreError with a plain message (the caller prefixes the line).
 */
export function applyMeterListRow(db: Database, row: MeterListRow, now: Date = new Date()): RowOutcome {
  return db.transaction((): RowOutcome => {
    const created = { places: 0, customers: 0, meters: 0, installations: 0 };
    let changed = false;
    const before = fleetMeterBySerial(db, row.serial);
    const input = {
      ...(before ? { id: before.id } : {}),
      serial: row.serial,
      link: row.link,
      ...(row.manufacturer !== undefined ? { manufacturer: row.manufacturer } : {}),
      ...(row.model !== undefined ? { model: row.model } : {}),
      ...(row.deviceAddress !== undefined ? { deviceAddress: row.deviceAddress } : {}),
      ...(row.dialect !== undefined ? { dialect: row.dialect } : {}),
      ...(row.lineFormat !== undefined ? { line: row.lineFormat } : {}),
      ...(row.passwordLevel !== undefined ? { passwordLevel: row.passwordLevel } : {}),
      ...(row.timeZone !== undefined ? { timeZone: row.timeZone } : {}),
      ...(row.enabled !== undefined ? { enabled: row.enabled } : {}),
      ...(row.notes !== undefined ? { notes: row.notes } : {}),
    };
    const meter = saveFleetMeter(db, input, now);
    const strip = (m: typeof meter) => JSON.stringify({ ...m, installation: null, id: 0 });
    if (!before) created.meters++;
    if (!before || strip(before) !== strip(meter)) changed = true;
    if (row.place === null) return { changed, created };

    const place = ensurePlacePath(db, row.place.path, now);
    created.places += place.created;
    if (place.created > 0) changed = true;
    if (row.place.code !== null) {
      const p = getPlace(db, place.id)!;
      if ((p.code ?? '').toLowerCase() !== row.place.code.toLowerCase()) {
        savePlace(db, { id: p.id, parentId: p.parentId, kind: p.kind, name: p.name, code: row.place.code, address: p.address, timeZone: p.timeZone, notes: p.notes }, now);
        changed = true;
      }
    }
    let customerId: number | null = null;
    if (row.customer) {
      const c = customerByNumber(db, row.customer.number);
      if (!c && !row.customer.name) throw new StoreError('INVALID_DATA', `customer ${row.customer.number} is new: give its name in customer_name.`);
      if (!c || (row.customer.name && row.customer.name !== c.name)) {
        const saved = saveCustomer(db, { ...(c ? { id: c.id, address: c.address, contact: c.contact, notes: c.notes } : {}), number: row.customer.number, name: row.customer.name ?? c!.name }, now);
        if (!c) created.customers++;
        changed = true;
        customerId = saved.id;
      } else customerId = c.id;
    }
    const open = meter.installation;
    const ct = row.ct ?? open?.ct ?? { primary: 1, secondary: 1 };
    const vt = row.vt ?? open?.vt ?? { primary: 1, secondary: 1 };
    const custOf = row.customer ? customerId : (open?.customerId ?? null);
    if (open && open.placeId === place.id && open.customerId === custOf && sameRatio(open.ct, ct) && sameRatio(open.vt, vt)) return { changed, created };
    if (row.installedUtc === null) {
      throw new StoreError('INVALID_DATA', open ? `meter ${row.serial} is installed at ${open.placePath} since ${open.installedUtc}: give the time of the change in "installed".` : `give the installation time of meter ${row.serial} in "installed".`);
    }
    const at = row.installedUtc;
    if (open && open.placeId === place.id && open.installedUtc === at) {
      db.prepare('UPDATE installations SET customer_id = ?, ct_primary = ?, ct_secondary = ?, vt_primary = ?, vt_secondary = ? WHERE id = ?')
        .run(custOf, ct.primary, ct.secondary, vt.primary, vt.secondary, open.id);
      return { changed: true, created };
    }
    if (open) {
      if (at <= open.installedUtc) throw new StoreError('INVALID_DATA', `meter ${row.serial} has been installed at ${open.placePath} since ${open.installedUtc}; a change must come later.`);
      removeInstallation(db, open.id, at);
    }
    const occupant = db.prepare('SELECT id, installed_utc AS since FROM installations WHERE place_id = ? AND removed_utc IS NULL').get(place.id) as { id: number; since: string } | undefined;
    if (occupant) {
      if (at <= occupant.since) throw new StoreError('INVALID_DATA', `the place already has a meter installed since ${occupant.since}; the exchange must come later.`);
      removeInstallation(db, occupant.id, at);
    }
    installMeter(db, { meterId: meter.id, placeId: place.id, customerId: custOf, installedUtc: at, ct, vt }, now);
    created.installations++;
    return { changed: true, created };
  })();
}
