/**
 * Exports of readings, registers, load profiles and meter parameters as files (CSV, JSON, XLSX), written
 * atomically. Formats: docs/export-formats.md. Tariff schemes cannot be exported yet (they arrive with
 * issue 4).
 */
export { exportReadings, registersSiblingPath } from './readings';
export type { ExportReadingsOptions, ExportReadingsResult } from './readings';
export { exportMeters } from './meters';
export { ExportError } from './errors';
export type { ExportErrorCode } from './errors';
export { parseTimeBound } from './time-range';
