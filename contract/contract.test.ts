import { describe, it, expect } from 'vitest';
import {
  base64DecodedSize,
  BAUD_RATES,
  callNames,
  calls,
  callReplySchema,
  csvMappingSchema,
  eventNames,
  events,
  isCallName,
  isEventName,
  MAX_UPLOAD_BYTES,
  readMeterArgsSchema,
  uploadNameSchema,
  watchedFolderInputSchema,
} from './index';
import * as audit from './audit';
import * as auth from './auth';
import * as collection from './collection';
import * as fileCalls from './file-calls';
import * as files from './files';
import * as fleet from './fleet';
import * as meter from './meter';
import * as probe from './probe';
import * as reports from './reports';
import * as schemes from './schemes';
import * as schemesProgramming from './schemes-programming';
import * as settings from './settings';

/** The contract's area modules, by file name (index.ts merges their `…Calls` maps into `calls`). */
const AREAS = { audit, auth, collection, 'file-calls': fileCalls, files, fleet, meter, probe, reports, schemes, 'schemes-programming': schemesProgramming, settings };

describe('contract', () => {
  it('offers every call of every area exactly once, each with schemas', () => {
    // Derived, so a new call needs no edit here: every `…Calls` map of an area module is either wired into `calls`
    // whole or not yet at all (a map still waiting for its handlers); no name is defined by two areas (a spread
    // would silently keep only the last); `calls` holds nothing else than the areas' calls and its own.
    const areaMaps = Object.entries(AREAS).flatMap(([file, mod]) =>
      Object.entries(mod)
        .filter(([exported]) => exported.endsWith('Calls'))
        .map(([exported, map]) => ({ where: `contract/${file}.ts ${exported}`, names: Object.keys(map as object) })),
    );
    const wired = areaMaps.filter((m) => m.names.some((n) => isCallName(n)));
    for (const m of wired) expect(m.names.filter((n) => !isCallName(n)), `${m.where}: calls missing from \`calls\``).toEqual([]);
    const fromAreas = wired.flatMap((m) => m.names);
    expect(fromAreas.filter((n, k) => fromAreas.indexOf(n) !== k), 'calls defined by two areas').toEqual([]);
    expect(callNames.filter((n) => !fromAreas.includes(n)).sort()).toEqual(['appInfo', 'getReading', 'listPorts', 'listReadings']);
    // The workflows' calls are there (a meaningful floor: removing one breaks the UI, the CLI or browser mode).
    expect(callNames).toEqual(expect.arrayContaining([
      'readMeter', 'cancelRead', 'readClock', 'setClock', 'importFiles', 'exportReadings', 'auth.signIn', 'users.add',
      'credentials.set', 'audit.verify', 'audit.exportAnchor', 'schemes.save', 'staging.approve', 'program.start',
      'fleet.install', 'settings.set', 'reports.billing',
    ]));
    expect(eventNames).toEqual(expect.arrayContaining(['readProgress', 'importProgress', 'watchEvent', 'programProgress', 'programFinished']));
    // Call names are `name` or `area.name`: what the browser-mode route (`/api/call/<name>`) accepts.
    for (const name of callNames) expect(name, name).toMatch(/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)?$/);
    for (const name of callNames) {
      expect(typeof calls[name].summary, name).toBe('string');
      expect(typeof calls[name].args.safeParse, name).toBe('function');
      expect(typeof calls[name].result.safeParse, name).toBe('function');
    }
    for (const name of eventNames) expect(typeof events[name].safeParse, name).toBe('function');
  });

  it('name guards accept only own names (not prototype members)', () => {
    expect(isCallName('readMeter')).toBe(true);
    expect(isCallName('constructor')).toBe(false);
    expect(isCallName('__proto__')).toBe(false);
    expect(isEventName('readProgress')).toBe(true);
    expect(isEventName('hasOwnProperty')).toBe(false);
  });

  it('readMeter accepts every mode C baud rate and a typed port, and trims the port', () => {
    for (const maxBaud of BAUD_RATES) expect(readMeterArgsSchema.safeParse({ jobId: 'j', port: 'COM3', maxBaud }).success).toBe(true);
    expect(readMeterArgsSchema.parse({ jobId: 'j', port: '  /dev/ttyUSB0 ' }).port).toBe('/dev/ttyUSB0');
    expect(readMeterArgsSchema.safeParse({ jobId: 'j', port: 'emulator', address: '12345678' }).success).toBe(true);
    expect(readMeterArgsSchema.safeParse({ jobId: 'j', port: 'emulator', address: '1!' }).success).toBe(false);
  });

  it('readMeter takes a meter type, an 8-character printable password with its level, a load-profile range or everything, and events', () => {
    const base = { jobId: 'j', port: 'emulator:a1140' };
    expect(readMeterArgsSchema.safeParse({ ...base, meter: 'a1700', password: 'ABCD 12!', passwordLevel: 3, events: true }).success).toBe(true);
    expect(readMeterArgsSchema.safeParse({ ...base, meter: 'landis' }).success).toBe(false);
    for (const password of ['1234567', '123456789', 'abc\u0000defg', 'pässwort', '']) {
      const r = readMeterArgsSchema.safeParse({ ...base, password });
      expect(r.success, JSON.stringify(password)).toBe(false);
      // The refusal names the field, never the value.
      if (password.length > 1) expect(JSON.stringify(r.error?.issues)).not.toContain(password);
    }
    for (const passwordLevel of [0, 4, 1.5, '1']) expect(readMeterArgsSchema.safeParse({ ...base, passwordLevel }).success).toBe(false);
    const range = { profileFromUtc: '2026-01-01T00:00:00Z', profileToUtc: '2026-01-02T00:00:00Z' };
    expect(readMeterArgsSchema.safeParse({ ...base, ...range }).success).toBe(true);
    expect(readMeterArgsSchema.safeParse({ ...base, profileAll: true }).success).toBe(true);
    expect(readMeterArgsSchema.safeParse({ ...base, ...range, profileAll: true }).success).toBe(false);
    expect(readMeterArgsSchema.safeParse({ ...base, profileFromUtc: range.profileToUtc, profileToUtc: range.profileFromUtc }).success).toBe(false);
    expect(readMeterArgsSchema.safeParse({ ...base, profileFromUtc: '2026-01-01T00:00:00' }).success).toBe(false);
  });

  it('no result or event of the contract has room for a password', () => {
    const secret = 'Zq7#pW2!';
    const clock = { meterLocal: '2026-01-10T08:56:48', meterUtc: '2026-01-10T08:56:48Z', readAtUtc: '2026-01-10T09:00:00Z', driftMs: -192000 };
    const results: [keyof typeof calls, unknown][] = [
      ['readClock', { ...clock, timeZone: 'UTC', identification: '/GEC5A1140', serial: null, password: secret }],
      ['setClock', { before: { ...clock, password: secret }, timeZone: 'UTC', writtenLocal: '2026-01-10T09:00:00', programmingCounterBefore: 1, programmingCounterAfter: 1, level3Password: secret }],
      ['adjustClock', { before: clock, timeZone: 'UTC', plan: { driftMs: 1, correctionMs: -1, stepsMs: [-1], integrationPeriodMin: 30, completesAfterMin: 30, password: secret }, writtenLocal: null }],
      ['readMeter', { readingId: 1, duplicate: false, resPath: null, registerCount: 0, intervalCount: 0, serial: null, identification: 'x', elapsedSeconds: 1, notes: [], password: secret }],
    ];
    for (const [name, result] of results) {
      const parsed = calls[name].result.safeParse(result);
      expect(parsed.success, name).toBe(true);
      expect(JSON.stringify(parsed.data), name).not.toContain(secret);
    }
    for (const name of ['readClock', 'adjustClock', 'setClock', 'readMeter'] as const) {
      expect(calls[name].args.safeParse({ jobId: 'j', port: 'COM1', password: secret }).success, name).toBe(true);
    }
  });

  it('the reply envelope is either a result or a coded plain error', () => {
    expect(callReplySchema.safeParse({ ok: true, result: [1] }).success).toBe(true);
    expect(callReplySchema.safeParse({ ok: false, error: { code: 'X', message: 'm' } }).success).toBe(true);
    expect(callReplySchema.safeParse({ ok: false, error: 'boom' }).success).toBe(false);
    expect(callReplySchema.safeParse({ result: 1 }).success).toBe(false);
  });
});

describe('contract: files', () => {
  it('upload names are base names only: folder parts, . and .., control characters are refused', () => {
    for (const bad of ['../pmu.sqlite', '..', '.', 'RES/x.RES', 'C:\\Windows\\x.RES', '\\\\server\\share\\x.RES', 'a\u0000b.RES', 'line\nbreak.RES', '', '   ', 'x'.repeat(256)]) {
      expect(uploadNameSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(uploadNameSchema.parse(' 12345678_20260329T001000Z.RES ')).toBe('12345678_20260329T001000Z.RES');
    // Characters Windows forbids in names become _ (the name is a label; it never becomes a path).
    expect(uploadNameSchema.parse('meter:1 "a"?.csv')).toBe('meter_1 _a__.csv');
    expect(uploadNameSchema.parse('Zählerstand…2026.RES')).toBe('Zählerstand…2026.RES');
  });

  it('file contents must be base64 within the size limit, per file and per call', () => {
    const args = (contentBase64: string, n = 1) => ({ jobId: 'j', files: Array.from({ length: n }, (_, i) => ({ name: `f${i}.RES`, contentBase64 })) });
    expect(calls.importFiles.args.safeParse(args('UE1VLVJFUyAx')).success).toBe(true);
    expect(calls.importFiles.args.safeParse(args('not base64!')).success).toBe(false);
    expect(calls.importFiles.args.safeParse(args('UE1VL')).success).toBe(false);
    expect(calls.importFiles.args.safeParse({ jobId: 'j', files: [] }).success).toBe(false);
    const half = 'A'.repeat(Math.ceil(MAX_UPLOAD_BYTES / 2 / 3) * 4 + 4);
    expect(base64DecodedSize(half)).toBeGreaterThan(MAX_UPLOAD_BYTES / 2);
    const two = calls.importFiles.args.safeParse(args(half, 2));
    expect(two.success).toBe(false);
    expect(JSON.stringify(two.error?.issues)).toContain('larger than 50 MB in all');
    expect(calls.importFiles.args.safeParse(args('A'.repeat(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4 + 4))).success).toBe(false);
  });

  it('a CSV mapping needs a time stamp, channels with OBIS codes, a period and a meter', () => {
    const ok = {
      timestampColumn: 0, timestampFormat: 'dd.MM.yyyy HH:mm', timeZone: 'Europe/Berlin', stampIs: 'end', periodMinutes: 15,
      channels: [{ column: 'P+ [kW]', obis: '1-0:1.5.0', unit: 'kW' }], meter: { serial: '87654321' },
    };
    expect(csvMappingSchema.safeParse(ok).success).toBe(true);
    expect(csvMappingSchema.safeParse({ ...ok, channels: [] }).success).toBe(false);
    expect(csvMappingSchema.safeParse({ ...ok, channels: [{ column: 1, obis: 'power', unit: 'kW' }] }).success).toBe(false);
    expect(csvMappingSchema.safeParse({ ...ok, periodMinutes: 0 }).success).toBe(false);
    expect(csvMappingSchema.safeParse({ ...ok, meter: { serial: ' ' } }).success).toBe(false);
    expect(csvMappingSchema.safeParse({ ...ok, delimiter: '|' }).success).toBe(false);
  });

  it('watched folders scan at most every 10 s', () => {
    const folder = { path: '/data/in', intervalSeconds: 10, mode: 'append', recursive: false, after: 'leave', enabled: true };
    expect(watchedFolderInputSchema.safeParse(folder).success).toBe(true);
    const fast = watchedFolderInputSchema.safeParse({ ...folder, intervalSeconds: 9 });
    expect(fast.error?.issues[0]?.message).toBe('must be at least 10 seconds');
    expect(watchedFolderInputSchema.safeParse({ ...folder, intervalSeconds: 10.5 }).success).toBe(false);
    expect(watchedFolderInputSchema.safeParse({ ...folder, after: 'delete' }).success).toBe(false);
  });

  it('exports never take a path from the page', () => {
    expect(calls.exportReadings.args.safeParse({ format: 'csv' }).success).toBe(true);
    expect(calls.exportReadings.args.safeParse({ format: 'csv', outPath: '/etc/passwd' }).success).toBe(false);
    expect(calls.exportReadings.args.safeParse({ format: 'pdf' }).success).toBe(false);
    expect(calls.exportReadings.args.safeParse({ format: 'csv', fromUtc: '2026-03-02T00:00:00Z', toUtc: '2026-03-01T00:00:00Z' }).success).toBe(false);
    expect(calls.exportMeters.args.safeParse({ format: 'xlsx' }).success).toBe(false);
  });
});
