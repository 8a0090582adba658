/**
 * First guesses for the column mapping dialog, from what the CSV sniffer saw (headers + sample rows): decimal
 * mark, time stamp column and format, capture period, value columns with OBIS code and unit taken from the
 * header text, status column. The technician checks and corrects them; `toMapping` validates the form and
 * builds the contract's CsvMapping (columns by 0-based index). Pure functions; luxon parses the time stamps.
 */
import { DateTime } from 'luxon';
import { obisSchema, type CsvMappingView, type CsvSniffView } from '../../contract';

/** The dialog's form state (numbers as numbers, optional text as ''). */
export interface MappingDraft {
  delimiter: ',' | ';' | '\t';
  decimal: '.' | ',';
  headerRows: number;
  timestampColumn: number;
  timestampFormat: string;
  timeZone: string;
  stampIs: 'start' | 'end';
  periodMinutes: number;
  channels: { column: number; obis: string; unit: string }[];
  /** Column of the status word, or -1 for none. */
  statusColumn: number;
  serial: string;
  manufacturer: string;
  model: string;
}

/** Time stamp formats offered (luxon tokens), `iso` = ISO 8601. Order = guessing order. */
export const TIMESTAMP_FORMATS = [
  'iso',
  'dd.MM.yyyy HH:mm',
  'dd.MM.yyyy HH:mm:ss',
  'yyyy-MM-dd HH:mm',
  'yyyy-MM-dd HH:mm:ss',
  'dd/MM/yyyy HH:mm',
  'dd/MM/yyyy HH:mm:ss',
  'MM/dd/yyyy HH:mm',
  'd.M.yyyy H:mm',
] as const;

/** Units the value columns commonly carry (for the unit picker). */
export const COMMON_UNITS = ['kWh', 'kW', 'kvarh', 'kvar', 'Wh', 'W', 'varh', 'var', 'V', 'A'] as const;

/** Parse one time stamp with `format` (`iso` or luxon tokens) as wall-clock time; null when it does not fit. */
export function parseStamp(text: string, format: string): DateTime | null {
  const t = format === 'iso' ? DateTime.fromISO(text.trim(), { zone: 'UTC' }) : DateTime.fromFormat(text.trim(), format, { zone: 'UTC' });
  return t.isValid ? t : null;
}

function isNumber(cell: string, decimal: '.' | ','): boolean {
  const t = cell.trim();
  return decimal === ',' ? /^[+-]?\d+(,\d+)?$/.test(t) : /^[+-]?\d+(\.\d+)?$/.test(t);
}

/** OBIS code and unit written in a header cell, e.g. `1.8.0 [kWh]`, `Wirkenergie +A (kWh)`, `1-0:1.29.0`. */
export function headerHints(header: string): { obis: string; unit: string } {
  const obis = /(?:\d{1,3}-\d{1,3}:)?\b\d{1,3}\.\d{1,3}\.\d{1,3}\b(?:\*\d{1,3})?/.exec(header)?.[0] ?? '';
  const bracket = /[[(]\s*([A-Za-z]{1,6})\s*[\])]/.exec(header)?.[1];
  const bare = COMMON_UNITS.find((u) => new RegExp(`(^|[^A-Za-z])${u}($|[^A-Za-z])`).test(header));
  return { obis: obisSchema.safeParse(obis).success ? obis : '', unit: bracket ?? bare ?? '' };
}

/** First guesses of the whole form. `zone` is the default time zone (the workstation's). */
export function guessMapping(sniff: CsvSniffView, zone: string): MappingDraft {
  const columns = Math.max(sniff.headers.length, ...sniff.sample.map((r) => r.length), 0);
  const cells = (c: number) => sniff.sample.map((r) => r[c] ?? '').filter((x) => x.trim() !== '');
  const decimal = sniff.decimal;

  let timestampColumn = 0;
  let timestampFormat: string = 'iso';
  search: for (let c = 0; c < columns; c++) {
    const values = cells(c);
    if (values.length === 0 || values.every((v) => isNumber(v, decimal))) continue;
    for (const f of TIMESTAMP_FORMATS) {
      if (values.every((v) => parseStamp(v, f) !== null)) {
        timestampColumn = c;
        timestampFormat = f;
        break search;
      }
    }
  }

  const stamps = cells(timestampColumn).map((v) => parseStamp(v, timestampFormat)).filter((t): t is DateTime => t !== null);
  const step = stamps.length >= 2 ? Math.round((stamps[1]!.toMillis() - stamps[0]!.toMillis()) / 60_000) : 0;
  const statusColumn = sniff.headerRows > 0 ? sniff.headers.findIndex((h) => /status|flag|state/i.test(h)) : -1;
  const channels: MappingDraft['channels'] = [];
  for (let c = 0; c < columns; c++) {
    if (c === timestampColumn || c === statusColumn) continue;
    const values = cells(c);
    if (values.length > 0 && values.every((v) => isNumber(v, decimal))) channels.push({ column: c, ...headerHints(sniff.headers[c] ?? '') });
  }
  return {
    delimiter: sniff.delimiter,
    decimal,
    headerRows: sniff.headerRows,
    timestampColumn,
    timestampFormat,
    timeZone: zone,
    stampIs: 'end',
    periodMinutes: step > 0 && step <= 1440 ? step : 15,
    channels,
    statusColumn,
    serial: '',
    manufacturer: '',
    model: '',
  };
}

/** Problems of a draft by field (`timestampFormat`, `periodMinutes`, `channels`, `channel.<i>.obis`, `serial` …). */
export type MappingErrors = Partial<Record<string, string>>;

/**
 * Check the form and build the CsvMapping (0-based column indexes). `sampleStamps` are time stamp cells from the
 * file, used to check the format fits. Returns either the mapping or the problems in plain words.
 */
export function toMapping(d: MappingDraft, sampleStamps: readonly string[]): { mapping: CsvMappingView } | { errors: MappingErrors } {
  const errors: MappingErrors = {};
  if (d.timestampFormat.trim() === '') errors.timestampFormat = 'Choose the time stamp format.';
  else if (sampleStamps.length > 0 && sampleStamps.some((s) => parseStamp(s, d.timestampFormat.trim()) === null)) {
    errors.timestampFormat = `The time stamps (e.g. “${sampleStamps[0]}”) do not have this format.`;
  }
  if (d.timeZone.trim() === '') errors.timeZone = 'Enter the time zone of the time stamps, e.g. Europe/Berlin or UTC.';
  else if (d.timeZone !== 'UTC' && !DateTime.local().setZone(d.timeZone.trim()).isValid) errors.timeZone = `“${d.timeZone}” is not a known time zone.`;
  if (!Number.isInteger(d.periodMinutes) || d.periodMinutes < 1 || d.periodMinutes > 1440) errors.periodMinutes = 'The capture period must be 1 to 1440 minutes.';
  if (d.channels.length === 0) errors.channels = 'Add at least one value column.';
  d.channels.forEach((c, i) => {
    if (!obisSchema.safeParse(c.obis).success) errors[`channel.${i}.obis`] = 'Enter an OBIS code such as 1.8.0 or 1.29.0.';
    if (c.unit.trim() === '') errors[`channel.${i}.unit`] = 'Choose a unit.';
    if (c.column === d.timestampColumn) errors[`channel.${i}.column`] = 'This is the time stamp column.';
  });
  if (d.serial.trim() === '') errors.serial = 'Enter the serial number of the meter the file belongs to.';
  if (Object.keys(errors).length > 0) return { errors };
  return {
    mapping: {
      delimiter: d.delimiter,
      decimal: d.decimal,
      headerRows: d.headerRows,
      timestampColumn: d.timestampColumn,
      timestampFormat: d.timestampFormat.trim(),
      timeZone: d.timeZone.trim(),
      stampIs: d.stampIs,
      periodMinutes: d.periodMinutes,
      channels: d.channels.map((c) => ({ column: c.column, obis: c.obis.trim(), unit: c.unit.trim() })),
      ...(d.statusColumn >= 0 ? { statusColumn: d.statusColumn } : {}),
      meter: {
        serial: d.serial.trim(),
        ...(d.manufacturer.trim() ? { manufacturer: d.manufacturer.trim() } : {}),
        ...(d.model.trim() ? { model: d.model.trim() } : {}),
      },
    },
  };
}
