/**
 * Imports and exports of readings as use cases (contract calls `importFiles`, `exportReadings`, `exportMeters`;
 * `pmu import`, `pmu export`): the acting user's permission (`readings.import` / `readings.export`, ./authorize.ts)
 * and, for a user limited to meter groups, the meter scope of an export; the work and its audit record are the
 * import and export modules' (main/import, main/export: one transaction per file, a record per import or export).
 */
import { AuthError } from '../auth/errors';
import { canAccessMeter } from '../auth/actor';
import type { AppContext } from '../core/context';
import { exportMeters, exportReadings } from '../export';
import { importContent } from '../import';
import { authorize } from './authorize';

/** Import one uploaded file (see main/import importContent). */
export async function importContentAs(ctx: AppContext, ...args: Parameters<typeof importContent> extends [unknown, ...infer R] ? R : never): ReturnType<typeof importContent> {
  authorize(ctx, 'readings.import');
  return importContent(ctx, ...args);
}

/**
 * Write readings to `outPath` (see main/export exportReadings). A user limited to meter groups must export one of
 * their meters. @throws AuthError FORBIDDEN.
 */
export async function exportReadingsAs(ctx: AppContext, opts: Parameters<typeof exportReadings>[1], outPath: string): ReturnType<typeof exportReadings> {
  requireExportScope(ctx, opts.meterSerial);
  return exportReadings(ctx, opts, outPath);
}

/**
 * The permission and meter scope of a readings export of `meterSerial` (absent = every meter).
 * @throws AuthError FORBIDDEN (a user limited to meter groups must choose one of their meters).
 */
export function requireExportScope(ctx: AppContext, meterSerial: string | undefined): void {
  const actor = authorize(ctx, 'readings.export');
  if (actor.meterGroups !== null && (meterSerial === undefined || !canAccessMeter(ctx.db, actor, meterSerial))) {
    throw new AuthError('FORBIDDEN', 'Your account is limited to some meter groups: choose one of your meters to export.');
  }
}

/** Write the stored meters to `outPath` (see main/export exportMeters). */
export async function exportMetersAs(ctx: AppContext, format: 'csv' | 'json', outPath: string): ReturnType<typeof exportMeters> {
  authorize(ctx, 'readings.export');
  return exportMeters(ctx, format, outPath);
}
