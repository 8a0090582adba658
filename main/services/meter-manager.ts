/**
 * Meter manager use cases (issue 14 item 1): places, customers, fleet meters, installations and the meter-list CSV.
 * Each function checks the acting user's permission (`fleet.view` / `fleet.manage`, main/auth/permissions.ts), does
 * the change in the store and writes its audit record in the same transaction (main/audit/record-change.ts). The
 * api handlers and `pmu meters|places` commands only parse, call these and map the result.
 */
import type {
  CustomerInput, CustomerView, FleetMeterInput, FleetMeterView, FleetTreeView, InstallInput, InstallationView, MeterListImportView, PlaceInput, PlaceView,
} from '../../contract/fleet';
import path from 'node:path';
import { recordChange } from '../audit/record-change';
import { AtomicFile } from '../core/atomic-file';
import { formatMeterListCsv, parseMeterListCsv, type MeterListEntry } from '../formats/meter-list-csv';
import { LinkNameError, parseLinkName } from '../../contract/link-names';
import { deleteCustomer, getCustomer, listCustomers, saveCustomer } from '../store/customers';
import { StoreError } from '../core/errors';
import { deleteFleetMeter, getFleetMeter, listFleetMeters, saveFleetMeter } from '../store/fleet-meters';
import { getInstallation, installMeter, listInstallations, removeInstallation } from '../store/installations';
import { applyMeterListRow } from '../store/meter-list';
import { deletePlace, getPlace, listPlaces, placeLineage, savePlace } from '../store/places';
import { authorize } from './authorize';
import type { AppContext } from '../core/context';

/** Every place, customer and meter (the meter manager's tree). Needs `fleet.view`. */
export function fleetTree(ctx: AppContext): FleetTreeView {
  authorize(ctx, 'fleet.view');
  return { places: listPlaces(ctx.db), customers: listCustomers(ctx.db), meters: listFleetMeters(ctx.db) };
}

/** Installation history of a meter and/or place, newest first. Needs `fleet.view`. */
export function installationHistory(ctx: AppContext, f: { meterId?: number; placeId?: number }): InstallationView[] {
  authorize(ctx, 'fleet.view');
  return listInstallations(ctx.db, f);
}

/** Create or change a place (audit `place.saved`, before/after). Needs `fleet.manage`. @throws StoreError (plain). */
export function savePlaceAs(ctx: AppContext, p: PlaceInput): PlaceView {
  authorize(ctx, 'fleet.manage');
  const before = p.id === undefined ? null : getPlace(ctx.db, p.id);
  return recordChange(ctx, () => savePlace(ctx.db, p), (after) => ({ action: 'place.saved', object: `place:${after.id}`, summary: { ...(before ? { before } : {}), after } }));
}

/** Delete an empty place (audit `place.deleted`). Needs `fleet.manage`. */
export function deletePlaceAs(ctx: AppContext, id: number): boolean {
  authorize(ctx, 'fleet.manage');
  const before = getPlace(ctx.db, id);
  return recordChange(ctx, () => deletePlace(ctx.db, id), (done) => (done ? { action: 'place.deleted', object: `place:${id}`, summary: { before } } : null));
}

/** Create or change a customer (audit `customer.saved`). Needs `fleet.manage`. */
export function saveCustomerAs(ctx: AppContext, c: CustomerInput): CustomerView {
  authorize(ctx, 'fleet.manage');
  const before = c.id === undefined ? null : getCustomer(ctx.db, c.id);
  return recordChange(ctx, () => saveCustomer(ctx.db, c), (after) => ({ action: 'customer.saved', object: `customer:${after.number}`, summary: { ...(before ? { before } : {}), after } }));
}

/** Delete a customer no installation names (audit `customer.deleted`). Needs `fleet.manage`. */
export function deleteCustomerAs(ctx: AppContext, id: number): boolean {
  authorize(ctx, 'fleet.manage');
  const before = getCustomer(ctx.db, id);
  return recordChange(ctx, () => deleteCustomer(ctx.db, id), (done) => (done ? { action: 'customer.deleted', object: `customer:${before?.number ?? id}`, summary: { before } } : null));
}

/**
 * Create or change a fleet meter (audit `fleetMeter.saved`). The link name is checked first (tcp://, bus:, modem:
 * names must be well formed). Needs `fleet.manage`. @throws StoreError INVALID_DATA for a malformed link.
 */
export function saveFleetMeterAs(ctx: AppContext, m: FleetMeterInput): FleetMeterView {
  authorize(ctx, 'fleet.manage');
  checkLink(m.link);
  const before = m.id === undefined ? null : getFleetMeter(ctx.db, m.id);
  const strip = (v: FleetMeterView) => ({ ...v, installation: undefined });
  return recordChange(ctx, () => saveFleetMeter(ctx.db, m), (after) => ({
    action: 'fleetMeter.saved', meterSerial: after.serial, object: `fleetMeter:${after.id}`, summary: { ...(before ? { before: strip(before) } : {}), after: strip(after) },
  }));
}

/** Delete a meter that was never installed (audit `fleetMeter.deleted`). Needs `fleet.manage`. */
export function deleteFleetMeterAs(ctx: AppContext, id: number): boolean {
  authorize(ctx, 'fleet.manage');
  const before = getFleetMeter(ctx.db, id);
  return recordChange(ctx, () => deleteFleetMeter(ctx.db, id), (done) =>
    done ? { action: 'fleetMeter.deleted', meterSerial: before?.serial ?? null, object: `fleetMeter:${id}`, summary: { before } } : null);
}

/** Install a meter at a place (audit `meter.installed`). Needs `fleet.manage`. */
export function installMeterAs(ctx: AppContext, i: InstallInput): InstallationView {
  authorize(ctx, 'fleet.manage');
  return recordChange(ctx, () => installMeter(ctx.db, i), (after) => ({ action: 'meter.installed', meterSerial: after.meterSerial, object: `installation:${after.id}`, summary: { after } }));
}

/** Close an installation at `removedUtc` (audit `meter.removed`). Needs `fleet.manage`. */
export function removeMeterAs(ctx: AppContext, installationId: number, removedUtc: string): InstallationView {
  authorize(ctx, 'fleet.manage');
  const before = getInstallation(ctx.db, installationId);
  return recordChange(ctx, () => removeInstallation(ctx.db, installationId, removedUtc), (after) => ({
    action: 'meter.removed', meterSerial: after.meterSerial, object: `installation:${after.id}`, summary: { before, after },
  }));
}

/** @throws StoreError INVALID_DATA with the link name's plain error. */
function checkLink(link: string): void {
  try {
    parseLinkName(link);
  } catch (e) {
    if (e instanceof LinkNameError) throw new StoreError('INVALID_DATA', e.message);
    throw e;
  }
}

/** Thrown inside the import transaction to roll a check-only run back. */
class DryRunRollback extends Error {}

/**
 * Import a meter-list CSV (main/formats/meter-list-csv.ts; rules of each row: main/store/meter-list.ts). Every good
 * line is stored, each in its own savepoint; a bad line (unreadable, or refused by the store) stores nothing and
 * gets a plain error "Line n: …". One audit record `meterList.imported` names the file, the counts and the refused
 * lines, in the same transaction. `dryRun` = check and count only, store nothing. Needs `fleet.manage`.
 * @param zone time zone of bare dates in the `installed` column (default the workstation's).
 */
export function importMeterList(ctx: AppContext, file: { fileName: string; content: string; dryRun?: boolean }, zone = ctx.timeZone): MeterListImportView {
  authorize(ctx, 'fleet.manage');
  const parsed = parseMeterListCsv(file.content, zone);
  const errors = [...parsed.errors];
  const outcome: MeterListImportView = {
    lines: parsed.rows.length + parsed.errors.length,
    imported: 0,
    unchanged: 0,
    created: { places: 0, customers: 0, meters: 0, installations: 0 },
    errors,
    dryRun: file.dryRun === true,
  };
  const now = new Date();
  const run = ctx.db.transaction(() => {
    for (const row of parsed.rows) {
      try {
        const r = applyMeterListRow(ctx.db, row, now);
        if (r.changed) outcome.imported++;
        else outcome.unchanged++;
        for (const k of ['places', 'customers', 'meters', 'installations'] as const) outcome.created[k] += r.created[k];
      } catch (e) {
        if (!(e instanceof StoreError)) throw e;
        const m = e.message;
        errors.push({ line: row.line, message: `Line ${row.line}: ${m.charAt(0).toLowerCase()}${m.slice(1)}` });
      }
    }
    errors.sort((a, b) => a.line - b.line);
    if (outcome.dryRun) throw new DryRunRollback();
    recordChange(ctx, () => outcome, (o) => ({
      action: 'meterList.imported',
      object: `file:${file.fileName}`.slice(0, 300),
      summary: { after: { lines: o.lines, imported: o.imported, unchanged: o.unchanged, created: o.created, refusedLines: o.errors.slice(0, 50).map((e) => e.line) } },
    }));
  });
  try {
    run.immediate();
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  return outcome;
}

/** The meter list as entries for the CSV writer (each meter with its current place path). */
export function meterListEntries(ctx: AppContext): MeterListEntry[] {
  authorize(ctx, 'fleet.view');
  return listFleetMeters(ctx.db).map((meter) => {
    if (!meter.installation) return { meter, place: null };
    const lineage = placeLineage(ctx.db, meter.installation.placeId);
    return { meter, place: { path: lineage.map((p) => ({ kind: p.kind, name: p.name })), code: lineage.at(-1)!.code } };
  });
}

/**
 * Write the meter list as CSV to `file` (temp file + fsync + rename: all or nothing) and record
 * `meterList.exported`. Needs `fleet.view`. @throws StoreError (READ_ONLY, DISK_FULL…) naming the file.
 */
export async function exportMeterList(ctx: AppContext, file: string): Promise<{ meters: number }> {
  const entries = meterListEntries(ctx);
  const out = await AtomicFile.create(file);
  await out.write(formatMeterListCsv(entries));
  await out.commit();
  recordChange(ctx, () => null, () => ({ action: 'meterList.exported', object: `file:${path.basename(file)}`.slice(0, 300), summary: { after: { meters: entries.length } } }));
  return { meters: entries.length };
}
