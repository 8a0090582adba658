/**
 * The sections of a version-1 .RES body (the lines between the magic line and `[end]`) → ReadingResult.
 * Layout and field rules: docs/res-format.md. Every failure is a ResFormatError with the file line.
 */
import { interpretRegister } from '../../protocol/iec62056-21/interpret';
import { interpretationFromJson } from '../../protocol/interpretation-schema';
import type { LoadProfile, LoadProfileChannel, LoadProfileInterval, ReadingNote, ReadingResult, Register, RegisterInterpretation } from '../../protocol/reading';
import { ResFormatError } from './errors';
import {
  parseBase64Lines,
  parseGroups,
  parseNullableNumber,
  parseNumber,
  parseTimestamp,
  unescapeNullable,
  unescapeText,
} from './fields';
import { INTERVAL_COLUMNS, LineReader, NOTE_COLUMNS, REGISTER_COLUMNS, REGISTER_COLUMNS_WITHOUT_INTERPRETATION, required, type KeyValues } from './sections';

/** The `interpretation` cell: JSON (docs/res-format.md), `bad-value` when it is not an interpretation. */
function parseInterpretation(cell: string, line: number): RegisterInterpretation | null {
  try {
    return interpretationFromJson(unescapeText(cell, line, 'interpretation'));
  } catch (e) {
    if (e instanceof ResFormatError) throw e;
    throw new ResFormatError('bad-value', line, `the register interpretation ${(e as Error).message}.`);
  }
}

const METER_KEYS = ['identification', 'manufacturer', 'model', 'serial', 'address'];
const SESSION_KEYS = ['port', 'operator', 'started_utc', 'finished_utc', 'mode', 'baud', 'time_zone', 'software'];

/** Parses the body lines; `firstLine` is the file line number of `lines[0]`. */
export function parseBody(lines: readonly string[], firstLine: number): ReadingResult {
  const rd = new LineReader(lines, firstLine);
  const kvSection = (name: 'reading' | 'meter' | 'session', keys: string[]) => {
    const header = rd.section(name);
    const kv = rd.keyValues(name, (k) => keys.includes(k));
    const get = (k: string) => required(kv, k, name, header);
    return { get, text: (k: string) => unescapeText(get(k).value, get(k).line, `"${k}"`) };
  };

  const reading = kvSection('reading', ['version']);
  const version = reading.get('version');
  if (parseNumber(version.value, version.line, 'version') !== 1) {
    throw new ResFormatError('bad-value', version.line, `reading version ${version.value} is not supported (only 1).`);
  }

  const mt = kvSection('meter', METER_KEYS);
  const serial = mt.get('serial');
  const meter: ReadingResult['meter'] = {
    identification: mt.text('identification'),
    manufacturer: mt.text('manufacturer'),
    model: mt.text('model'),
    serial: unescapeNullable(serial.value, serial.line, '"serial"'),
    address: mt.text('address'),
  };

  const ss = kvSection('session', SESSION_KEYS);
  const ts = (k: string) => parseTimestamp(ss.get(k).value, ss.get(k).line, true, `"${k}"`);
  const session: ReadingResult['session'] = {
    port: ss.text('port'),
    operator: ss.text('operator'),
    startedUtc: ts('started_utc'),
    finishedUtc: ts('finished_utc'),
    mode: ss.text('mode'),
    baud: parseNumber(ss.get('baud').value, ss.get('baud').line, 'baud rate'),
    timeZone: ss.text('time_zone'),
    software: ss.text('software'),
  };

  rd.section('registers');
  const registers = rd.table('registers', REGISTER_COLUMNS, [REGISTER_COLUMNS_WITHOUT_INTERPRETATION]).map(({ cells, line }): Register => {
    const [address, obis, code, period, value, text, unit, stamp, groups, meaning] = cells as [string, string, string, string, string, string, string, string, string, string | undefined];
    const codeText = unescapeText(code, line, 'register code');
    const textSent = unescapeText(text, line, 'register text');
    return {
      address: unescapeText(address, line, 'register address'),
      obis: unescapeText(obis, line, 'OBIS code'),
      code: codeText,
      billingPeriod: parseNullableNumber(period, line, 'billing period'),
      value: parseNullableNumber(value, line, 'register value'),
      text: textSent,
      unit: unescapeNullable(unit, line, 'unit'),
      timestampLocal: stamp === '' ? null : parseTimestamp(stamp, line, false, 'register time stamp'),
      values: parseGroups(groups, line, 'value groups').map((raw) => ({ raw })),
      // Files written before the column: derived from the code and text, as a reading of today would have it.
      interpretation: meaning === undefined ? interpretRegister(codeText, textSent) : parseInterpretation(meaning, line),
    };
  });

  const loadProfile = parseLoadProfile(rd);

  rd.section('notes');
  const notes = rd.table('notes', NOTE_COLUMNS).map(({ cells, line }): ReadingNote => {
    const level = unescapeText(cells[0] ?? '', line, 'note level');
    if (level !== 'info' && level !== 'warning') {
      throw new ResFormatError('bad-value', line, `note level "${level}" should be "info" or "warning".`);
    }
    return { level, message: unescapeText(cells[1] ?? '', line, 'note') };
  });

  const readout = parseRaw(rd, 'raw-readout', false);
  const rawLp = parseRaw(rd, 'raw-load-profile', true);
  if (!rd.done()) {
    throw new ResFormatError('bad-section', rd.lineNo, `unexpected "${rd.peek() ?? ''}" after the last section; [end] should follow.`);
  }
  return {
    version: 1,
    meter,
    session,
    registers,
    loadProfile,
    notes,
    raw: { readout: readout ?? new Uint8Array(0), loadProfile: rawLp },
  };
}

function intKey(kv: KeyValues, key: string, header: number): number {
  const v = required(kv, key, 'load-profile', header);
  return parseNumber(v.value, v.line, `"${key}"`);
}

function parseLoadProfile(rd: LineReader): LoadProfile | null {
  const header = rd.section('load-profile');
  const kv = rd.keyValues(
    'load-profile',
    (k) => ['present', 'profile', 'period_minutes', 'channels'].includes(k) || /^channel\.[1-9]\d*\.(obis|unit)$/.test(k),
    (l) => l === INTERVAL_COLUMNS.join('\t') || l.startsWith(`${INTERVAL_COLUMNS.join('\t')}\t`),
  );
  const present = required(kv, 'present', 'load-profile', header);
  if (present.value === '0') {
    if (kv.size > 1 || !rd.atSectionEnd()) {
      throw new ResFormatError('bad-line', rd.lineNo, 'the [load-profile] section says present=0 but holds more lines.');
    }
    return null;
  }
  if (present.value !== '1') throw new ResFormatError('bad-value', present.line, '"present" should be 0 or 1.');
  const count = intKey(kv, 'channels', header);
  if (!Number.isInteger(count) || count < 0) {
    throw new ResFormatError('bad-number', required(kv, 'channels', 'load-profile', header).line, '"channels" should be a whole number.');
  }
  const channels: LoadProfileChannel[] = [];
  for (let k = 1; k <= count; k++) {
    const obis = required(kv, `channel.${k}.obis`, 'load-profile', header);
    const unit = required(kv, `channel.${k}.unit`, 'load-profile', header);
    channels.push({ obis: unescapeText(obis.value, obis.line, 'channel OBIS code'), unit: unescapeText(unit.value, unit.line, 'channel unit') });
  }
  for (const [key, { line }] of kv) {
    const k = /^channel\.(\d+)\./.exec(key);
    if (k !== null && Number(k[1]) > count) {
      throw new ResFormatError('bad-line', line, `"${key}" describes a channel beyond channels=${count}.`);
    }
  }
  const columns = [...INTERVAL_COLUMNS, ...channels.map((_c, k) => `v${k + 1}`)];
  const valueLabels = channels.map((_c, k) => `value of channel ${k + 1}`); // built once, not per value
  const intervals = rd.table('load-profile', columns).map(({ cells, line }): LoadProfileInterval => {
    const [start, end, local, dst, status, ...values] = cells as [string, string, string, string, string, ...string[]];
    if (dst !== '0' && dst !== '1') throw new ResFormatError('bad-value', line, `the dst column should be 0 or 1, not "${dst}".`);
    return {
      startUtc: parseTimestamp(start, line, true, 'interval start'),
      endUtc: parseTimestamp(end, line, true, 'interval end'),
      startLocal: parseTimestamp(local, line, false, 'interval local start'),
      dst: dst === '1',
      status: unescapeText(status, line, 'interval status'),
      values: values.map((v, k) => parseNullableNumber(v, line, valueLabels[k]!)),
    };
  });
  return {
    profile: intKey(kv, 'profile', header),
    periodMinutes: intKey(kv, 'period_minutes', header),
    channels,
    intervals,
  };
}

/** A raw-bytes section: `bytes=N` (empty = none, allowed when `nullable`), then base64 lines. */
function parseRaw(rd: LineReader, name: 'raw-readout' | 'raw-load-profile', nullable: boolean): Uint8Array | null {
  rd.section(name);
  const first = rd.peek();
  if (first === undefined || !first.startsWith('bytes=')) {
    throw new ResFormatError('bad-line', rd.lineNo, `the [${name}] section should start with "bytes=<count>".`);
  }
  const { text, line } = rd.next();
  const countText = text.slice('bytes='.length);
  const body: string[] = [];
  const bodyLine = rd.lineNo;
  while (!rd.atSectionEnd()) body.push(rd.next().text);
  if (countText === '' && nullable) {
    if (body.length > 0) throw new ResFormatError('bad-base64', bodyLine, `the [${name}] section says no bytes (bytes=) but holds data lines.`);
    return null;
  }
  const count = parseNumber(countText, line, `[${name}] bytes`);
  if (!Number.isInteger(count) || count < 0) throw new ResFormatError('bad-number', line, `[${name}] bytes should be a whole number.`);
  return parseBase64Lines(body, bodyLine, count, `[${name}]`);
}
