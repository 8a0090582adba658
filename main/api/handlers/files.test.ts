import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import type { ContractEvents, EventName } from '../../../contract';
import { createDispatcher } from '../dispatch';
import { createHandlers, type HandlerOptions } from './index';
import { fakeWatcher } from '../testing/fake-files';
import { fakeContext, fakeServices } from '../testing/fakes';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'pmu-api-files-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function setup(extra: Partial<HandlerOptions> = {}) {
  const services = fakeServices();
  const watcher = fakeWatcher();
  const events: { name: EventName; payload: unknown }[] = [];
  const handlers = createHandlers(fakeContext(dataDir), {
    mode: 'browser',
    services,
    watcher,
    emit: (name, payload) => events.push({ name, payload }),
    ...extra,
  });
  const dispatch = createDispatcher(handlers, { checkResults: true, log: () => undefined });
  return { services, watcher, events, dispatch };
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('importFiles', () => {
  it('decodes each upload, imports it with the mode, reports progress per file and sums the outcomes', async () => {
    const { dispatch, services, events } = setup();
    const reply = await dispatch('importFiles', {
      jobId: 'imp-1',
      mode: 'overwrite',
      files: [
        { name: 'a.RES', contentBase64: b64('PMU-RES 1\r\n'), modifiedUtc: '2026-03-01T10:00:00Z' },
        { name: 'dup.RES', contentBase64: b64('same') },
        { name: 'cut.bad', contentBase64: b64('PMU-RES 1\r\n[meter') },
      ],
    });
    expect(reply).toMatchObject({ ok: true, result: { files: 3, imported: 1, duplicates: 1, replaced: 0, quarantined: 1, intervals: 96 } });
    expect(services.imports).toEqual([
      { name: 'a.RES', text: 'PMU-RES 1\r\n', mode: 'overwrite', modifiedUtc: '2026-03-01T10:00:00Z' },
      { name: 'dup.RES', text: 'same', mode: 'overwrite' },
      { name: 'cut.bad', text: 'PMU-RES 1\r\n[meter', mode: 'overwrite' },
    ]);
    const progress = events.filter((e) => e.name === 'importProgress').map((e) => e.payload as ContractEvents['importProgress']);
    expect(progress.map((p) => [p.done, p.total, p.file, p.outcome?.result ?? null])).toEqual([
      [0, 3, 'a.RES', null], [1, 3, 'a.RES', 'imported'],
      [1, 3, 'dup.RES', null], [2, 3, 'dup.RES', 'duplicate'],
      [2, 3, 'cut.bad', null], [3, 3, 'cut.bad', 'quarantined'],
    ]);
    expect(progress.every((p) => p.jobId === 'imp-1')).toBe(true);
    if (reply.ok) expect((reply.result as { outcomes: { reason: string | null; line: number | null }[] }).outcomes[2]).toMatchObject({ reason: 'The file is cut short.', line: 3 });
  });

  it('appends by default and passes a CSV mapping through', async () => {
    const { dispatch, services } = setup();
    const csvMapping = {
      timestampColumn: 0, timestampFormat: 'dd.MM.yyyy HH:mm', timeZone: 'Europe/Berlin', stampIs: 'end', periodMinutes: 15,
      channels: [{ column: 1, obis: '1.29.0', unit: 'kWh' }], meter: { serial: '87654321' },
    };
    expect((await dispatch('importFiles', { jobId: 'j', files: [{ name: 'p.csv', contentBase64: b64('x'), csvMapping }] })).ok).toBe(true);
    expect(services.imports[0]).toMatchObject({ mode: 'append', csvMapping });
  });

  it.each([
    ['a folder in the name', { name: '../../pmu.sqlite', contentBase64: b64('x') }, /files\.0\.name: must be a file name without a folder/],
    ['a Windows path', { name: 'C:\\Readings\\a.RES', contentBase64: b64('x') }, /without a folder/],
    ['a name of dots', { name: '..', contentBase64: b64('x') }, /not \. or \.\./],
    ['a control character', { name: 'a\u0007.RES', contentBase64: b64('x') }, /control characters/],
    ['contents that are not base64', { name: 'a.RES', contentBase64: 'PMU-RES 1' }, /base64/],
    ['a path instead of contents', { name: 'a.RES', path: '/etc/passwd' }, /path|contentBase64/],
  ])('refuses %s and imports nothing', async (_what, file, message) => {
    const { dispatch, services } = setup();
    expect(await dispatch('importFiles', { jobId: 'j', files: [file] })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS', message: expect.stringMatching(message) } });
    expect(services.imports).toEqual([]);
  });

  it('refuses a mapping in an unknown time zone before importing anything', async () => {
    const { dispatch, services } = setup();
    const csvMapping = {
      timestampColumn: 0, timestampFormat: 'iso', timeZone: 'Europe/Atlantis', stampIs: 'start', periodMinutes: 15,
      channels: [{ column: 1, obis: '1.5.0', unit: 'kW' }], meter: { serial: '1' },
    };
    const reply = await dispatch('importFiles', { jobId: 'j', files: [{ name: 'ok.RES', contentBase64: b64('x') }, { name: 'p.csv', contentBase64: b64('x'), csvMapping }] });
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS', message: expect.stringContaining('"Europe/Atlantis" given for p.csv is not known') } });
    expect(services.imports).toEqual([]);
  });
});

describe('sniffCsv', () => {
  it('drops the cut last line of a partial excerpt and the byte order mark', async () => {
    const { dispatch, services } = setup();
    const reply = await dispatch('sniffCsv', { name: 'p.csv', text: '\uFEFFZeit;P\r\n01.03.2026 00:15;1,5\r\n01.03.2026 00:3', partial: true });
    expect(reply).toMatchObject({ ok: true, result: { headers: ['Zeit', 'P'], sample: [['01.03.2026 00:15', '1,5']], needsMapping: true } });
    expect(services.sniffed).toEqual(['Zeit;P\r\n01.03.2026 00:15;1,5\r\n']);
    await dispatch('sniffCsv', { name: 'p.csv', text: 'a;b\nc;d', partial: false });
    expect(services.sniffed[1]).toBe('a;b\nc;d');
  });

  it('says plainly that an empty file has nothing to import, and refuses an over-long excerpt', async () => {
    const { dispatch } = setup();
    expect(await dispatch('sniffCsv', { name: 'e.csv', text: ' \r\n', partial: false })).toMatchObject({ ok: false, error: { message: expect.stringContaining('This file is empty') } });
    expect(await dispatch('sniffCsv', { name: 'e.csv', text: 'x'.repeat(200_000), partial: true })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
  });
});

describe('watched folders', () => {
  const folder = (p: string) => ({ path: p, intervalSeconds: 10, mode: 'append', recursive: true, after: 'move', enabled: true });

  it('saves an existing folder, reloads the watcher and shows the live status; scan now scans it', async () => {
    const { dispatch, watcher } = setup();
    const saved = await dispatch('saveWatchedFolder', folder(dataDir));
    expect(saved).toEqual({ ok: true, result: { ...folder(dataDir), id: 1, status: null } });
    expect(watcher.reloads).toBe(1);
    const scanned = await dispatch('scanWatchedFolderNow', { id: 1 });
    expect(scanned).toMatchObject({ ok: true, result: { id: 1, status: { lastResult: '1 imported', importedTotal: 1, nextScanUtc: '2026-03-01T10:00:10.000Z' } } });
    expect(watcher.scans).toEqual([1]);
    expect(await dispatch('listWatchedFolders', {})).toMatchObject({ ok: true, result: [{ id: 1, status: { lastResult: '1 imported' } }] });
    expect(await dispatch('saveWatchedFolder', { ...folder(dataDir), id: 1, enabled: false })).toMatchObject({ ok: true, result: { enabled: false } });
    expect(await dispatch('scanWatchedFolderNow', { id: 1 })).toMatchObject({ ok: false, error: { code: 'DISABLED' } });
    expect(await dispatch('deleteWatchedFolder', { id: 1 })).toEqual({ ok: true, result: { deleted: true } });
    expect(await dispatch('deleteWatchedFolder', { id: 1 })).toEqual({ ok: true, result: { deleted: false } });
    expect(watcher.reloads).toBe(3);
  });

  it.each([
    ['an interval under 10 s', { intervalSeconds: 5 }, 'BAD_ARGUMENTS', /intervalSeconds: must be at least 10 seconds/],
    ['a relative path', { path: 'readings/in' }, 'BAD_ARGUMENTS', /not a full folder path/],
    ['a folder that does not exist', { path: '/nonexistent/pmu-watch' }, 'BAD_ARGUMENTS', /does not exist on this computer/],
    ['an unknown id', { id: 42 }, 'NOT_FOUND', /no longer exists/],
  ])('refuses %s', async (_what, patch, code, message) => {
    const { dispatch, watcher } = setup();
    expect(await dispatch('saveWatchedFolder', { ...folder(dataDir), ...patch })).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } });
    expect(await dispatch('listWatchedFolders', {})).toEqual({ ok: true, result: [] });
    expect(watcher.reloads).toBe(0);
  });

  it('refuses to scan without a running watcher, and offers the folder picker only in the desktop app', async () => {
    const { dispatch } = setup({ watcher: undefined });
    await dispatch('saveWatchedFolder', folder(dataDir));
    expect(await dispatch('scanWatchedFolderNow', { id: 1 })).toMatchObject({ ok: false, error: { code: 'NOT_RUNNING' } });
    expect(await dispatch('chooseFolder', {})).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED', message: expect.stringContaining('Type the folder path') } });
    const desktop = setup({ chooseFolder: async () => '/home/tech/in' });
    expect(await desktop.dispatch('chooseFolder', {})).toEqual({ ok: true, result: { path: '/home/tech/in' } });
  });
});

describe('exports', () => {
  it('writes into <data folder>/exports with a generated name and offers a download in browser mode', async () => {
    const offered: [string, string][] = [];
    const { dispatch, services } = setup({ offerDownload: (f, n) => (offered.push([f, n]), `api/download/${'t'.repeat(32)}`) });
    const reply = await dispatch('exportReadings', { format: 'csv', content: 'load-profile', meterSerial: '12/34', fromUtc: '2026-03-01T00:00:00Z' });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const result = reply.result as { path: string; fileName: string; downloadUrl: string; files: unknown[] };
    expect(path.dirname(result.path)).toBe(path.join(dataDir, 'exports'));
    expect(result.fileName).toMatch(/^readings_12_34_load-profile_\d{8}T\d{9}Z\.csv$/);
    expect(result.downloadUrl).toBe(`api/download/${'t'.repeat(32)}`);
    expect(result.files).toHaveLength(1);
    expect(readFileSync(result.path, 'utf8')).toContain('[kWh]');
    expect(services.exports[0]?.req).toEqual({ format: 'csv', content: 'load-profile', meterSerial: '12/34', fromUtc: '2026-03-01T00:00:00Z' });
    expect(offered[0]).toEqual([result.path, result.fileName]);
  });

  it('gives no download link in the desktop app, and exports meters too', async () => {
    const { dispatch } = setup();
    const reply = await dispatch('exportMeters', { format: 'json' });
    expect(reply).toMatchObject({ ok: true, result: { meters: 1, downloadUrl: null, fileName: expect.stringMatching(/^meters_.*\.json$/) } });
    if (reply.ok) expect(existsSync((reply.result as { path: string }).path)).toBe(true);
  });
});

describe('lists', () => {
  it('lists meters, the import log and the quarantine', async () => {
    const { dispatch } = setup();
    expect(await dispatch('listMeters', {})).toMatchObject({ ok: true, result: [{ serial: '12345678', readingCount: 1 }] });
    expect(await dispatch('listImportLog', { result: 'quarantined' })).toMatchObject({ ok: true, result: [{ result: 'quarantined', line: 3, origin: 'upload' }] });
    expect(await dispatch('listQuarantine', {})).toMatchObject({ ok: true, result: [{ reason: 'The file is cut short.' }] });
    expect(await dispatch('listImportLog', { result: 'lost' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
  });
});
