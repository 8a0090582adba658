/**
 * Column names and cell forms of the PMU load-profile CSV, version 1 (docs/export-formats.md), shared by its
 * writer (./profile-csv.ts), its reader (./profile-csv-own.ts) and the XLSX "Load profile" sheet.
 */
import { wallClock } from '../../protocol/iec62056-21/local-stamp';
import type { LoadProfileChannel } from '../../protocol/reading';
import { channelKey, type ProfileRow } from './profile-table';

/** The fixed first columns of a version-1 load-profile CSV, in order; channel columns follow. */
export const PROFILE_CSV_COLUMNS = [
  'meter_serial',
  'meter_manufacturer',
  'interval_start_utc',
  'interval_end_utc',
  'interval_start_local',
  'interval_end_local',
  'time_zone',
  'utc_offset',
  'dst',
  'status',
] as const;

/** Offset in minutes → `+01:00` / `-05:30` / `+00:00` (ISO 8601 extended form). */
export function formatUtcOffset(minutes: number): string {
  const a = Math.abs(minutes);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${p(Math.floor(a / 60))}:${p(a % 60)}`;
}

/** `+01:00` → 60, `-05:30` → -330; null when not of that form. */
export function parseUtcOffset(text: string): number | null {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(text);
  if (m === null || Number(m[3]) > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** Meter local time `YYYY-MM-DDThh:mm[:ss[.sss]]` → its wall clock read as if it were UTC, epoch ms; NaN when not a valid time. */
export function localWallMillis(local: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/.exec(local);
  if (m === null) return NaN;
  const ms = Date.parse(`${local}Z`);
  // Date.parse rolls 2025-02-30 over to March: compare the day back.
  return Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(m[3]) ? NaN : ms;
}

/** A channel column header `<obis> [<unit>]` → the channel, or null when the header is not of that form. */
export function parseChannelHeader(header: string): LoadProfileChannel | null {
  const m = /^(.*) \[([^\]]*)\]$/s.exec(header);
  return m === null ? null : { obis: m[1] ?? '', unit: m[2] ?? '' };
}

/** The cells of one load-profile table row before they are written as text (CSV) or typed cells (XLSX). */
export interface ProfileRowFields {
  readonly serial: string;
  readonly manufacturer: string;
  /** `YYYY-MM-DDThh:mm:ss.sssZ`. */
  readonly startUtc: string;
  readonly endUtc: string;
  /** Meter local wall clock of the start as stored; the end's in the reading's time zone (`YYYY-MM-DDThh:mm:ss`). */
  readonly startLocal: string;
  readonly endLocal: string;
  /** Local wall clock read as UTC, epoch ms (for spreadsheet date cells, which have no time zone). */
  readonly startLocalMs: number;
  readonly endLocalMs: number;
  readonly timeZone: string;
  /** `+01:00`: start local − start UTC. */
  readonly utcOffset: string;
  readonly dst: boolean;
  readonly status: string;
  /** One value per table channel column (null = empty cell). */
  readonly values: (number | null)[];
}

/**
 * The fields of a table row under the channel columns `columns` (channel key → column index, see
 * `channelKey`). @throws RangeError when the stored local time is not `YYYY-MM-DDThh:mm[:ss]` or the
 * reading's time zone is not valid.
 */
export function profileRowFields(row: ProfileRow, columns: ReadonlyMap<string, number>): ProfileRowFields {
  const { reading: r, interval: iv } = row;
  const zone = r.session.timeZone;
  const startLocalMs = localWallMillis(iv.startLocal);
  if (Number.isNaN(startLocalMs)) throw new RangeError(`Interval ${iv.startUtc} has the local time "${iv.startLocal}", which is not YYYY-MM-DDThh:mm:ss.`);
  const endLocal = wallClock(row.endMs, zone).local;
  const values: (number | null)[] = new Array<number | null>(columns.size).fill(null);
  r.loadProfile?.channels.forEach((c, k) => {
    const col = columns.get(channelKey(c));
    const v = iv.values[k];
    if (col !== undefined && v !== undefined) values[col] = v;
  });
  return {
    serial: r.meter.serial ?? '',
    manufacturer: r.meter.manufacturer,
    startUtc: new Date(row.startMs).toISOString(),
    endUtc: new Date(row.endMs).toISOString(),
    startLocal: iv.startLocal,
    endLocal,
    startLocalMs,
    endLocalMs: localWallMillis(endLocal),
    timeZone: zone,
    utcOffset: formatUtcOffset(Math.round((startLocalMs - row.startMs) / 60_000)),
    dst: iv.dst,
    status: iv.status,
    values,
  };
}
