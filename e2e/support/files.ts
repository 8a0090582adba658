/**
 * Files the end-to-end tests import: real .RES files (written by the app's own `formatRes` from the store's
 * test reading, with an energy load profile in kWh so exports carry `[kWh]` columns), a cut-short .RES, and a
 * foreign load-profile CSV in the German spreadsheet style (semicolons, decimal comma, end-of-interval stamps).
 */
import { asciiToBytes } from '../../protocol/iec62056-21/control';
import type { ReadingResult } from '../../protocol/reading';
import { defaultResName } from '../../main/res/file';
import { formatRes } from '../../main/res/codec';
import { buildReading } from '../../main/store/test-fixtures';

/** A file to hand to the page (name + UTF-8 text). */
export interface TextFile {
  readonly name: string;
  readonly text: string;
}

/**
 * The store's realistic test reading (Iskra MT174, 30 registers, Europe/London, 24 intervals over the spring DST
 * change) for meter `serial`, with its load profile as energy per interval: channels 1.29.0 and 2.29.0 in kWh.
 * The raw load-profile bytes are rewritten to match, so the reading is consistent end to end.
 */
export function energyReading(serial: string, startedUtc = '2026-03-29T04:10:00.000Z'): ReadingResult {
  const base = buildReading({ serial, startedUtc });
  const lp = base.loadProfile;
  if (lp === null) throw new Error('the test reading has no load profile');
  const channels = [
    { obis: '1.29.0', unit: 'kWh' },
    { obis: '2.29.0', unit: 'kWh' },
  ];
  const raw = `P.01(0260328221500)(00)(15)(2)(1.29.0)(kWh)(2.29.0)(kWh)\r\n${lp.intervals.map((i) => i.values.map((v) => `(${v ?? ''})`).join('')).join('\r\n')}\r\n`;
  return { ...base, loadProfile: { ...lp, channels }, raw: { ...base.raw, loadProfile: asciiToBytes(raw) } };
}

/** A .RES file of {@link energyReading}, named as the app names it (`<serial>_<start>.RES`). */
export function resFile(serial: string, startedUtc?: string): TextFile {
  const r = energyReading(serial, startedUtc);
  return { name: defaultResName(r), text: formatRes(r) };
}

/** The first `fraction` of a file's lines: a transfer cut short. */
export function cutShort(file: TextFile, name: string, fraction = 0.4): TextFile {
  const lines = file.text.split('\r\n');
  return { name, text: lines.slice(0, Math.floor(lines.length * fraction)).join('\r\n') };
}

/**
 * A foreign load-profile CSV: `Zeitstempel;Wirkenergie +A [kWh];Blindenergie +Ri [kvarh];Status`, one day of
 * 15-minute values stamped at the END of each interval in Europe/Berlin wall-clock time (`dd.MM.yyyy HH:mm`),
 * decimal comma. 96 rows: 01.03.2026 00:15 … 02.03.2026 00:00.
 */
export function foreignCsv(): TextFile {
  const rows = ['Zeitstempel;Wirkenergie +A [kWh];Blindenergie +Ri [kvarh];Status'];
  for (let k = 1; k <= 96; k++) {
    const minutes = k * 15;
    const day = minutes === 1440 ? '02' : '01';
    const hh = String(Math.floor((minutes % 1440) / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    const active = (0.2 + 0.15 * Math.sin(k / 8)).toFixed(3).replace('.', ',');
    const reactive = (0.05 + 0.02 * Math.cos(k / 5)).toFixed(3).replace('.', ',');
    rows.push(`${day}.03.2026 ${hh}:${mm};${active};${reactive};${k === 40 ? '8' : '0'}`);
  }
  return { name: 'lastgang-87654321.csv', text: `${rows.join('\r\n')}\r\n` };
}

/** Playwright's file payload for `setInputFiles`. */
export function payload(f: TextFile, mimeType = 'text/plain'): { name: string; mimeType: string; buffer: Buffer } {
  return { name: f.name, mimeType, buffer: Buffer.from(f.text, 'utf8') };
}
