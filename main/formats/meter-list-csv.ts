/**
 * The meter list as CSV (docs/fleet.md "Meter list CSV"): one row per meter with its link and, when installed, its
 * place (region / substation / feeder / place names), customer, installation time and CT/VT ratios. Written by
 * `pmu meters export` and the meter manager's Export; read back by `pmu meters import` and Import. Columns are
 * found by header name (any order, case ignored); `serial` and `link` are required. Reading checks each row on its
 * own and gives a plain error per bad line — the other lines still import (main/store/meter-list.ts applies them).
 * Source: RFC 4180 through csv-parse / csv-stringify (./csv-text.ts).
 */
import { DateTime } from 'luxon';
import { PLACE_KINDS, isTimeZone, type FleetMeterView, type PlaceKind, type Ratio } from '../../contract/fleet';
import { LinkNameError, checkDeviceAddress, parseLinkName } from '../../contract/link-names';
import type { MeterListRow } from '../store/meter-list';
import { BOM, csvLines, csvRecords, plainNumber, type CsvDelimiter } from './csv-text';

export type { MeterListRow };

/** Columns of the meter list, in the order they are written. */
export const METER_LIST_COLUMNS = [
  'serial', 'manufacturer', 'model', 'link', 'device_address', 'dialect', 'line', 'password_level', 'meter_time_zone', 'enabled',
  'region', 'substation', 'feeder', 'place', 'place_code', 'customer_number', 'customer_name', 'installed', 'ct_ratio', 'vt_ratio', 'notes',
] as const;
export type MeterListColumn = (typeof METER_LIST_COLUMNS)[number];

/** A row that could not be read: line and plain message. */
export interface MeterListLineError {
  readonly line: number;
  readonly message: string;
}

/** `200/5` or `40` (= 40/1) → ratio. @throws Error with a plain message. */
export function parseRatio(cell: string, what: 'CT' | 'VT'): Ratio {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:[/:]\s*(\d+(?:\.\d+)?))?\s*$/.exec(cell);
  const primary = m ? Number(m[1]) : NaN;
  const secondary = m?.[2] !== undefined ? Number(m[2]) : 1;
  if (!m || !(primary > 0) || !(secondary > 0)) throw new Error(`the ${what} ratio "${cell}" must look like 200/5 (primary/secondary, both above 0).`);
  return { primary, secondary };
}

/** Ratio → `200/5` (`1/1` for direct connection). */
export function formatRatio(r: Ratio): string {
  return `${plainNumber(r.primary)}/${plainNumber(r.secondary)}`;
}

/** Guess the delimiter from the header line: the most frequent of `,` `;` tab. */
function delimiterOf(text: string): CsvDelimiter {
  const first = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts: [CsvDelimiter, number][] = [',', ';', '\t'].map((d) => [d as CsvDelimiter, first.split(d).length - 1]);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

/** Instant of an `installed` cell: ISO with offset or Z, or `YYYY-MM-DD[ HH:MM]` local in `zone`. */
function parseInstant(cell: string, zone: string): string {
  const t = cell.trim();
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const ms = Date.parse(t);
    if (Number.isFinite(ms)) return new Date(ms).toISOString();
  }
  const local = DateTime.fromFormat(t, t.length > 10 ? (t.includes('T') ? "yyyy-MM-dd'T'HH:mm" : 'yyyy-MM-dd HH:mm') : 'yyyy-MM-dd', { zone });
  if (!local.isValid) throw new Error(`"installed" = "${cell}" is not a date: use 2025-01-31, 2025-01-31 08:00 (local time) or 2025-01-31T08:00:00Z.`);
  return local.toUTC().toISO({ suppressMilliseconds: false })!;
}

/**
 * Read meter-list CSV text into checked rows and per-line errors. File-level problems (no header, no `serial` or
 * `link` column, an unknown column, broken quoting) come back as one error at line 1 (or the quoting's line) and
 * no rows. `zone` = time zone of bare dates in `installed` when the row names no meter time zone.
 */
export function parseMeterListCsv(text: string, zone: string): { rows: MeterListRow[]; errors: MeterListLineError[] } {
  let records;
  try {
    records = csvRecords(text, delimiterOf(text));
  } catch (e) {
    return { rows: [], errors: [{ line: (e as { line?: number | null }).line ?? 1, message: (e as Error).message }] };
  }
  if (records.length === 0) return { rows: [], errors: [{ line: 1, message: 'The file is empty: the first line must name the columns (serial, link, …).' }] };
  const header = records[0]!.fields.map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => h !== '' && !(METER_LIST_COLUMNS as readonly string[]).includes(h));
  const missing = (['serial', 'link'] as const).filter((c) => !header.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    const parts = [
      ...(missing.length ? [`the column${missing.length > 1 ? 's' : ''} ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing`] : []),
      ...(unknown.length ? [`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}`] : []),
    ];
    return { rows: [], errors: [{ line: records[0]!.line, message: `The header ${parts.join('; ')}. Known columns: ${METER_LIST_COLUMNS.join(', ')}.` }] };
  }
  const rows: MeterListRow[] = [];
  const errors: MeterListLineError[] = [];
  const seen = new Map<string, number>();
  for (const rec of records.slice(1)) {
    try {
      const row = parseRow(header, rec.fields, rec.line, zone);
      const earlier = seen.get(row.serial.toUpperCase());
      if (earlier !== undefined) throw new Error(`meter ${row.serial} is already on line ${earlier}.`);
      seen.set(row.serial.toUpperCase(), rec.line);
      rows.push(row);
    } catch (e) {
      const message = (e as Error).message;
      errors.push({ line: rec.line, message: `Line ${rec.line}: ${message.charAt(0).toLowerCase()}${message.slice(1)}` });
    }
  }
  return { rows, errors };
}

function parseRow(header: readonly string[], fields: readonly string[], line: number, zone: string): MeterListRow {
  if (fields.length > header.length && fields.slice(header.length).some((f) => f.trim() !== '')) {
    throw new Error(`it has ${fields.length} cells but the header names ${header.length} columns.`);
  }
  const has = (c: MeterListColumn) => header.includes(c);
  const cell = (c: MeterListColumn) => (header.indexOf(c) < 0 ? '' : (fields[header.indexOf(c)] ?? '').trim());
  const serial = cell('serial');
  if (serial === '') throw new Error('the serial number is empty.');
  if (serial.length > 32 || /[\u0000-\u001f\u007f]/.test(serial)) throw new Error(`"${serial.slice(0, 40)}" is not a serial number (at most 32 characters).`);
  const link = cell('link');
  if (link === '') throw new Error(`meter ${serial} has no link (e.g. tcp://10.0.0.5:4001, bus:COM4#12345678, modem:COM5#0123456789, COM3).`);
  try {
    parseLinkName(link);
  } catch (e) {
    if (e instanceof LinkNameError) throw new Error(e.message);
    throw e;
  }
  const out: { -readonly [K in keyof MeterListRow]?: MeterListRow[K] } = { line, serial, link };
  if (has('manufacturer')) out.manufacturer = cell('manufacturer').slice(0, 40);
  if (has('model')) out.model = cell('model').slice(0, 60);
  if (has('device_address')) out.deviceAddress = cell('device_address') === '' ? '' : checkDeviceAddress(cell('device_address'), `meter ${serial}`);
  if (has('dialect')) {
    const d = cell('dialect').toLowerCase() || 'auto';
    if (!['auto', 'generic', 'a1140', 'a1700'].includes(d)) throw new Error(`dialect "${cell('dialect')}" must be auto, generic, a1140 or a1700.`);
    out.dialect = d as MeterListRow['dialect'];
  }
  if (has('line')) {
    const l = cell('line').toUpperCase();
    if (l !== '' && l !== '7E1' && l !== '8N1') throw new Error(`line "${cell('line')}" must be 7E1, 8N1 or empty.`);
    out.lineFormat = l === '' ? null : (l as '7E1' | '8N1');
  }
  if (has('password_level')) {
    const p = cell('password_level');
    if (p !== '' && !['1', '2', '3'].includes(p)) throw new Error(`password_level "${p}" must be 1, 2, 3 or empty.`);
    out.passwordLevel = p === '' ? null : (Number(p) as 1 | 2 | 3);
  }
  if (has('meter_time_zone')) {
    const z = cell('meter_time_zone');
    if (z !== '' && !isTimeZone(z)) throw new Error(`"${z}" is not a time zone (use an IANA name such as Europe/London).`);
    out.timeZone = z === '' ? null : z;
  }
  if (has('enabled')) {
    const e = cell('enabled').toLowerCase();
    if (!['', 'yes', 'no', 'true', 'false', '1', '0'].includes(e)) throw new Error(`enabled "${cell('enabled')}" must be yes or no.`);
    out.enabled = !['no', 'false', '0'].includes(e);
  }
  if (has('notes')) out.notes = cell('notes').slice(0, 1000);
  const path = PLACE_KINDS.filter((k) => cell(k) !== '').map((k) => ({ kind: k, name: cell(k).slice(0, 80) }));
  if (path.length > 0 && path[0]!.kind !== 'region') throw new Error(`the place "${path.map((p) => p.name).join(' / ')}" needs a region.`);
  out.place = path.length === 0 ? null : { path, code: cell('place_code') || null };
  if (path.length === 0 && (cell('place_code') || cell('customer_number') || cell('installed'))) {
    throw new Error('place_code, customer_number and installed need the place (region, substation, feeder, place).');
  }
  const customer = cell('customer_number');
  out.customer = customer === '' ? null : { number: customer.slice(0, 40), name: cell('customer_name') || null };
  out.installedUtc = cell('installed') === '' ? null : parseInstant(cell('installed'), (out.timeZone ?? null) || zone);
  if (cell('ct_ratio') !== '') out.ct = parseRatio(cell('ct_ratio'), 'CT');
  if (cell('vt_ratio') !== '') out.vt = parseRatio(cell('vt_ratio'), 'VT');
  return out as MeterListRow;
}

/** A meter and the names of its current place path (top first), as the CSV writes it. */
export interface MeterListEntry {
  readonly meter: FleetMeterView;
  /** Place names and kinds from the region down, [] when not installed; code of the place itself. */
  readonly place: { readonly path: readonly { kind: PlaceKind; name: string }[]; readonly code: string | null } | null;
}

/** Meters → CSV text (UTF-8 BOM, header, CR LF). Cells are written as stored. */
export function formatMeterListCsv(entries: readonly MeterListEntry[]): string {
  const rows = entries.map(({ meter: m, place }) => {
    const i = m.installation;
    const at = (k: PlaceKind) => place?.path.find((p) => p.kind === k)?.name ?? '';
    const values: Record<MeterListColumn, string> = {
      serial: m.serial, manufacturer: m.manufacturer, model: m.model, link: m.link, device_address: m.deviceAddress, dialect: m.dialect,
      line: m.line ?? '', password_level: m.passwordLevel === null ? '' : String(m.passwordLevel), meter_time_zone: m.timeZone ?? '',
      enabled: m.enabled ? 'yes' : 'no', region: at('region'), substation: at('substation'), feeder: at('feeder'), place: at('place'),
      place_code: place?.code ?? '', customer_number: i?.customerNumber ?? '', customer_name: i?.customerName ?? '', installed: i?.installedUtc ?? '',
      ct_ratio: i ? formatRatio(i.ct) : '', vt_ratio: i ? formatRatio(i.vt) : '', notes: m.notes,
    };
    return METER_LIST_COLUMNS.map((c) => values[c]);
  });
  return BOM + csvLines([[...METER_LIST_COLUMNS], ...rows]);
}
