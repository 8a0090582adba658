/**
 * A small metered feeder for report tests, read from emulated meters (./emulated-meter.ts) over 20–27 October 2025
 * in Europe/Berlin (clocks go back on Sunday 26th: a 25-hour day):
 * - region North / substation Riverside / feeder F3 with the feeder meter FDR-1 (CT 100/5: ×20), recording a
 *   constant 0.2 kW secondary = 4 kW primary;
 * - three places below the feeder with customer meters C-1, C-2, C-3, 1 kW each (direct); C-3 loses supply for six
 *   hours on 22 October (a gap of 24 intervals in its load profile).
 * Losses therefore are 4 − 3 = 1 kW = 25 % of the input wherever every meter has data.
 */
import type { Database } from 'better-sqlite3';
import { saveCustomer } from '../../store/customers';
import { saveFleetMeter } from '../../store/fleet-meters';
import { installMeter } from '../../store/installations';
import { savePlace } from '../../store/places';
import { readEmulated } from './emulated-meter';

export const FEEDER_ZONE = 'Europe/Berlin';
/** 2025-10-20 00:00 and 2025-10-28 00:00 local (UTC+2 and UTC+1). */
export const WEEK_FROM = Date.UTC(2025, 9, 19, 22);
export const WEEK_TO = Date.UTC(2025, 9, 27, 23);
/** The power failure of C-3: 22 October 10:00–16:00 local (UTC+2). */
export const C3_OUTAGE = { startUtcMs: Date.UTC(2025, 9, 22, 8), durationMinutes: 360 };

/** Build the feeder and store one reading per meter. Returns the place ids. */
export async function buildFeeder(db: Database): Promise<{ regionId: number; substationId: number; feederId: number; placeIds: number[] }> {
  const region = savePlace(db, { parentId: null, kind: 'region', name: 'North', timeZone: FEEDER_ZONE });
  const sub = savePlace(db, { parentId: region.id, kind: 'substation', name: 'Riverside' });
  const feeder = savePlace(db, { parentId: sub.id, kind: 'feeder', name: 'F3' });
  const installed = new Date(Date.UTC(2025, 0, 1)).toISOString();
  const fdr = saveFleetMeter(db, { serial: 'FDR-1', link: 'emulator' });
  installMeter(db, { meterId: fdr.id, placeId: feeder.id, installedUtc: installed, ct: { primary: 100, secondary: 5 } });
  const placeIds: number[] = [];
  for (const k of [1, 2, 3]) {
    const place = savePlace(db, { parentId: feeder.id, kind: 'place', name: `Mill Lane ${k}` });
    const customer = saveCustomer(db, { number: `C-${k}`, name: `Customer ${k}` });
    const m = saveFleetMeter(db, { serial: `C-${k}`, link: 'emulator' });
    installMeter(db, { meterId: m.id, placeId: place.id, customerId: customer.id, installedUtc: installed });
    placeIds.push(place.id);
  }
  const common = { zone: FEEDER_ZONE, nowUtcMs: WEEK_TO + 30 * 60_000, installedUtcMs: Date.UTC(2025, 0, 1), fromUtcMs: WEEK_FROM, toUtcMs: WEEK_TO };
  await readEmulated(db, { ...common, serial: 'FDR-1', constantKw: 0.2 });
  await readEmulated(db, { ...common, serial: 'C-1' });
  await readEmulated(db, { ...common, serial: 'C-2' });
  await readEmulated(db, { ...common, serial: 'C-3', powerFailure: C3_OUTAGE });
  return { regionId: region.id, substationId: sub.id, feederId: feeder.id, placeIds };
}
