/**
 * The PMU registers CSV, format version 1 (docs/export-formats.md, "Registers CSV"): one row per data set
 * (register) of each reading's data readout. Registers mix units (kWh, kW, V, none), so here `unit` is a
 * column. For reading in a spreadsheet only — it is not imported back (the JSON export is).
 */
import { describeInterpretation } from '../../protocol/iec62056-21/interpret';
import type { ReadingResult } from '../../protocol/reading';
import { BOM, csvLines, plainNumber } from './csv-text';

/** The columns of a version-1 registers CSV, in order. */
export const REGISTERS_CSV_COLUMNS = [
  'meter_serial',
  'meter_manufacturer',
  'meter_model',
  'reading_started_utc',
  'time_zone',
  'address',
  'obis',
  'code',
  'billing_period',
  'value',
  'unit',
  'text',
  'timestamp_local',
  'meaning',
] as const;

/**
 * The data rows (no header) of the registers of `readings`, in reading order and readout order:
 * `reading_started_utc` the reading's start (UTC), `billing_period` empty for the current value, `value` a
 * plain decimal number ('.' decimal mark) or empty when the register is not numeric, `text` the value as the
 * meter sent it (leading zeros kept: `031629`, `00000000`), `timestamp_local` the register's time stamp (meter
 * local time, e.g. maximum demand) or empty, `meaning` the typed interpretation in words (`03:16:29`,
 * `2026-12-06 (summer time)`, `no bit set`) or empty.
 * @throws RangeError for a non-finite value.
 */
export function registersCsvRows(readings: readonly ReadingResult[]): { text: string; rows: number } {
  const rows: string[][] = [];
  for (const r of readings) {
    for (const g of r.registers) {
      rows.push([
        r.meter.serial ?? '',
        r.meter.manufacturer,
        r.meter.model,
        r.session.startedUtc,
        r.session.timeZone,
        g.address,
        g.obis,
        g.code,
        g.billingPeriod === null ? '' : plainNumber(g.billingPeriod),
        g.value === null ? '' : plainNumber(g.value),
        g.unit ?? '',
        g.text,
        g.timestampLocal ?? '',
        describeInterpretation(g.interpretation) ?? '',
      ]);
    }
  }
  return { text: csvLines(rows), rows: rows.length };
}

/** The header row text (no BOM). */
export function registersCsvHeader(): string {
  return csvLines([[...REGISTERS_CSV_COLUMNS]]);
}

/** Readings → the registers CSV: UTF-8 BOM, header row, then {@link registersCsvRows}. CR LF line ends. */
export function formatRegistersCsv(readings: readonly ReadingResult[]): string {
  return BOM + registersCsvHeader() + registersCsvRows(readings).text;
}
