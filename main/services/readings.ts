/**
 * Stored readings and meters as use cases (contract calls `listReadings`, `getReading`, `listMeters`): the acting
 * user needs `readings.view` (./authorize.ts), and a user limited to meter groups sees only the readings of those
 * meters (main/auth/actor.ts allowedMeters).
 */
import type { ReadingResult } from '../../protocol/reading';
import { allowedMeters, canAccessMeter } from '../auth/actor';
import type { AppContext } from '../core/context';
import { browseReadings, type ReadingFilter } from '../store/reading-filters';
import { getReading, listMeters, type MeterSummary, type ReadingSummary } from '../store/readings';
import { authorize } from './authorize';

/** Stored readings matching `filter`, newest first, within the user's meters. */
export function listReadingsAs(ctx: AppContext, filter: ReadingFilter): ReadingSummary[] {
  const actor = authorize(ctx, 'readings.view');
  const allowed = allowedMeters(ctx.db, actor);
  return browseReadings(ctx.db, filter).filter((s) => allowed === null || (s.meterSerial !== null && allowed.has(s.meterSerial.toUpperCase())));
}

/** Stored reading `id`, or null (also when its meter is outside the user's meter groups). */
export function getReadingAs(ctx: AppContext, id: number): ReadingResult | null {
  const actor = authorize(ctx, 'readings.view');
  const reading = getReading(ctx.db, id);
  return reading && canAccessMeter(ctx.db, actor, reading.meter.serial) ? reading : null;
}

/** Stored meters, most recently seen first, within the user's meters. */
export function listMetersAs(ctx: AppContext): MeterSummary[] {
  const actor = authorize(ctx, 'readings.view');
  const allowed = allowedMeters(ctx.db, actor);
  return listMeters(ctx.db).filter((m) => allowed === null || (m.serial !== null && allowed.has(m.serial.toUpperCase())));
}
