/**
 * Meter parameters as files (docs/export-formats.md, "Meters"): the stored meters with their identification,
 * manufacturer, model, serial number, device address, first/last seen (UTC) and reading count.
 * Export only: meters are rebuilt from their readings on import.
 */
import type { MeterSummary } from '../store/queries';
import { BOM, csvLines } from './csv-text';

/** Columns of the meters CSV, in order. */
export const METERS_CSV_COLUMNS = [
  'meter_serial',
  'meter_manufacturer',
  'meter_model',
  'meter_identification',
  'meter_address',
  'first_seen_utc',
  'last_seen_utc',
  'reading_count',
] as const;

/** Meters → CSV (UTF-8 BOM, header row, one row per meter, CR LF); an unknown serial is an empty cell. */
export function formatMetersCsv(meters: readonly MeterSummary[]): string {
  const rows = meters.map((m) => [m.serial ?? '', m.manufacturer, m.model, m.identification, m.address, m.firstSeenUtc, m.lastSeenUtc, String(m.readingCount)]);
  return BOM + csvLines([[...METERS_CSV_COLUMNS], ...rows]);
}

/**
 * Meters → JSON `{"format":"pmu-meters","version":1,"exported_utc":…,"meters":[{serial, manufacturer, model,
 * identification, address, firstSeenUtc, lastSeenUtc, readingCount}]}` (2-space indented). `exportedUtc`
 * defaults to now.
 */
export function formatMetersJson(meters: readonly MeterSummary[], exportedUtc: string = new Date().toISOString()): string {
  const list = meters.map((m) => ({
    serial: m.serial,
    manufacturer: m.manufacturer,
    model: m.model,
    identification: m.identification,
    address: m.address,
    firstSeenUtc: m.firstSeenUtc,
    lastSeenUtc: m.lastSeenUtc,
    readingCount: m.readingCount,
  }));
  return `${JSON.stringify({ format: 'pmu-meters', version: 1, exported_utc: exportedUtc, meters: list }, null, 2)}\n`;
}
