/**
 * `exportMeters`: the stored meters' parameters as a CSV or JSON file (formats: main/formats/meters.ts).
 */
import { basename } from 'node:path';
import { appendAudit } from '../audit/append';
import { formatMetersCsv, formatMetersJson } from '../formats/meters';
import type { AppContext } from '../core/context';
import { listMeters } from '../store/readings';
import { AtomicFile } from '../core/atomic-file';
import { ExportError } from './errors';

/**
 * Writes every stored meter (identification, manufacturer, model, serial number, device address, first and
 * last seen UTC, reading count) to `outPath` as CSV or JSON, atomically (temp file + rename).
 * @throws ExportError `nothing-selected` when the store has no meter (nothing is written); StoreError for
 *   file-system and database failures. A written export is recorded in the audit trail (`meters.exported`).
 */
export async function exportMeters(ctx: AppContext, format: 'csv' | 'json', outPath: string): Promise<{ path: string; meters: number }> {
  if (format !== 'csv' && format !== 'json') {
    throw new ExportError('cannot-format', `Meters can be exported as csv or json, not "${String(format)}".`);
  }
  const meters = listMeters(ctx.db);
  if (meters.length === 0) {
    throw new ExportError('nothing-selected', 'There are no meters in the store yet: read a meter or import readings first. No file was written.');
  }
  const file = await AtomicFile.create(outPath);
  await file.write(format === 'csv' ? formatMetersCsv(meters) : formatMetersJson(meters));
  await file.commit();
  appendAudit(ctx, { action: 'meters.exported', object: `file:${basename(outPath)}`, summary: { after: { format, meters: meters.length } } });
  return { path: outPath, meters: meters.length };
}
