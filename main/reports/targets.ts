/**
 * What a billing report covers, as meter segments: one meter over the period (a meter target), or every
 * installation at a place and below / of a customer that overlaps the period, each clipped to its installation
 * (a meter exchanged mid-period gives two segments: the old meter until removal, the new one from installation).
 * Also the zone a report is presented in.
 */
import type { Database } from 'better-sqlite3';
import type { InstallationView, Ratio } from '../../contract/fleet';
import type { ReportTarget } from '../../contract/reports';
import { PeriodError, type ReportPeriod } from '../../reporting/periods';
import { customerByNumber } from '../store/customers';
import { fleetMeterBySerial, getFleetMeter } from '../store/fleet-meters';
import { getInstallation, listInstallations } from '../store/installations';
import { getPlace, placeTimeZone, subtreeIds } from '../store/places';
import { readingMeterIds } from '../store/report-index';

/** An installation window within a segment: [fromMs, toMs) with its ratios. */
export interface RatioWindow {
  readonly fromMs: number;
  readonly toMs: number;
  readonly ct: Ratio;
  readonly vt: Ratio;
}

/** One meter over one part of the period. */
export interface MeterSegment {
  /** fleet_meters.id, or null for a meter known only from readings. */
  readonly fleetMeterId: number | null;
  readonly serial: string;
  /** `meters` ids (reading identities) of the serial. */
  readonly readingMeterIds: readonly number[];
  readonly fromMs: number;
  readonly toMs: number;
  /** Place path and customer, in words. */
  readonly label: string;
  /** The meter clock's zone (fleet meter, else its place's, else the report's). */
  readonly zone: string;
  /** Installation windows in the segment (empty = not installed: values as measured). */
  readonly ratios: readonly RatioWindow[];
}

const ms = (iso: string | null, fallback: number) => (iso === null ? fallback : Date.parse(iso));

/** `serial at place (customer)` of an installation. */
const labelOf = (i: InstallationView) => `${i.placePath}${i.customerName ? ` — ${i.customerName} (${i.customerNumber})` : ''}`;

/** The zone of a fleet meter: its own, else its place's (installation at `atMs`), else `fallback`. */
export function meterZone(db: Database, fleetMeterId: number, fallback: string): string {
  const m = getFleetMeter(db, fleetMeterId);
  if (m?.timeZone) return m.timeZone;
  const placeId = m?.installation?.placeId ?? listInstallations(db, { meterId: fleetMeterId })[0]?.placeId;
  return (placeId !== undefined ? placeTimeZone(db, placeId) : null) ?? fallback;
}

/**
 * The zone a target's report is presented in by default: the meter's, the place's, the customer's first place's,
 * or `fallback` (the workstation's). A virtual meter's zone is decided by main/reports/virtual.ts.
 */
export function targetZone(db: Database, target: ReportTarget, fallback: string): string {
  switch (target.kind) {
    case 'meter': {
      const m = fleetMeterBySerial(db, target.serial);
      if (m) return meterZone(db, m.id, fallback);
      const z = db.prepare('SELECT r.time_zone FROM readings r JOIN meters m ON m.id = r.meter_id WHERE upper(m.serial) = upper(?) ORDER BY r.id DESC LIMIT 1').pluck().get(target.serial) as string | undefined;
      return z ?? fallback;
    }
    case 'place':
      return placeTimeZone(db, target.placeId) ?? fallback;
    case 'customer': {
      const c = customerByNumber(db, target.customerNumber);
      const i = c ? (db.prepare('SELECT place_id FROM installations WHERE customer_id = ? ORDER BY installed_utc LIMIT 1').pluck().get(c.id) as number | undefined) : undefined;
      return (i !== undefined ? placeTimeZone(db, i) : null) ?? fallback;
    }
    case 'virtual':
      return fallback;
  }
}

/** Segments of an installation clipped to the period. */
function segmentOf(db: Database, i: InstallationView, p: ReportPeriod, fallbackZone: string): MeterSegment | null {
  const from = Math.max(p.fromMs, Date.parse(i.installedUtc));
  const to = Math.min(p.toMs, ms(i.removedUtc, Infinity));
  if (to <= from) return null;
  return {
    fleetMeterId: i.meterId, serial: i.meterSerial, readingMeterIds: readingMeterIds(db, i.meterSerial), fromMs: from, toMs: to, label: labelOf(i),
    zone: meterZone(db, i.meterId, fallbackZone), ratios: [{ fromMs: from, toMs: to, ct: i.ct, vt: i.vt }],
  };
}

/**
 * The segments of `target` over period `p`, in serial then time order, and the target's name for the title.
 * @throws PeriodError with a plain message: unknown meter, place or customer; nothing installed in the period.
 */
export function segmentsOf(db: Database, target: Exclude<ReportTarget, { kind: 'virtual' }>, p: ReportPeriod): { segments: MeterSegment[]; name: string } {
  const zone = p.zone;
  if (target.kind === 'meter') {
    const fleet = fleetMeterBySerial(db, target.serial);
    const ids = readingMeterIds(db, target.serial);
    if (!fleet && ids.length === 0) throw new PeriodError(`There is no meter with serial number "${target.serial}" (neither in the meter manager nor in the stored readings).`);
    const installs = fleet ? listInstallations(db, { meterId: fleet.id }) : [];
    const windows = installs
      .map((i) => ({ i, w: { fromMs: Math.max(p.fromMs, Date.parse(i.installedUtc)), toMs: Math.min(p.toMs, ms(i.removedUtc, Infinity)), ct: i.ct, vt: i.vt } }))
      .filter((x) => x.w.toMs > x.w.fromMs)
      .sort((a, b) => a.w.fromMs - b.w.fromMs);
    const ratios = windows.map((x) => x.w);
    const current = windows.at(-1)?.i;
    return {
      name: `meter ${fleet?.serial ?? target.serial}`,
      segments: [{
        fleetMeterId: fleet?.id ?? null, serial: fleet?.serial ?? target.serial, readingMeterIds: ids, fromMs: p.fromMs, toMs: p.toMs,
        label: current ? labelOf(current) : fleet ? 'not installed in this period' : 'not in the meter manager (stored readings only)',
        zone: fleet ? meterZone(db, fleet.id, zone) : zone, ratios,
      }],
    };
  }
  let installs: InstallationView[];
  let name: string;
  if (target.kind === 'place') {
    const place = getPlace(db, target.placeId);
    if (!place) throw new PeriodError(`There is no place with id ${target.placeId}.`);
    const ids = subtreeIds(db, target.placeId);
    const rows = db
      .prepare(`SELECT id FROM installations WHERE place_id IN (SELECT value FROM json_each(?)) AND installed_utc < ? AND (removed_utc IS NULL OR removed_utc > ?)`)
      .pluck()
      .all(JSON.stringify(ids), new Date(p.toMs).toISOString(), new Date(p.fromMs).toISOString()) as number[];
    installs = rows.map((id) => getInstallation(db, id)!);
    name = `${place.kind} ${place.name}`;
  } else {
    const c = customerByNumber(db, target.customerNumber);
    if (!c) throw new PeriodError(`There is no customer with number "${target.customerNumber}".`);
    const rows = db
      .prepare('SELECT id FROM installations WHERE customer_id = ? AND installed_utc < ? AND (removed_utc IS NULL OR removed_utc > ?)')
      .pluck()
      .all(c.id, new Date(p.toMs).toISOString(), new Date(p.fromMs).toISOString()) as number[];
    installs = rows.map((id) => getInstallation(db, id)!);
    name = `customer ${c.number} ${c.name}`;
  }
  const segments = installs
    .map((i) => segmentOf(db, i, p, zone))
    .filter((s): s is MeterSegment => s !== null)
    .sort((a, b) => a.serial.localeCompare(b.serial) || a.fromMs - b.fromMs);
  if (segments.length === 0) throw new PeriodError(`No meter was installed at ${name} between ${p.fromDate} and ${p.toDate}.`);
  return { segments, name };
}
