/**
 * The settings and probe calls through the real dispatcher with result checking (every answer must satisfy the
 * contract), in browser mode (downloads offered), and the connection wizard as a job with its events, on the built-in
 * emulated probe port (the emulated link provider with the context's probe profiles).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContractEvents, EventName } from '../../../contract';
import { emulatedLinkProvider } from '../../links/emulated/provider';
import { createLinkRegistry } from '../../links/registry';
import { probeProfileFor } from '../../settings/probe-profiles';
import { createDispatcher } from '../dispatch';
import { fakeContext, fakeServices } from '../testing/fakes';
import { createHandlers } from './index';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pmu-settings-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(chooseSaveFile?: (name: string) => Promise<string | null>) {
  const base = fakeContext(dir);
  const ctx = { ...base, links: createLinkRegistry([emulatedLinkProvider({ probeProfileFor: (port, usb) => probeProfileFor(base.db, port, usb).profile })]) };
  const events: { name: EventName; payload: unknown }[] = [];
  const offered: string[] = [];
  const handlers = createHandlers(ctx, {
    mode: chooseSaveFile ? 'desktop' : 'browser',
    services: fakeServices(),
    emit: (name, payload) => void events.push({ name, payload }),
    ...(chooseSaveFile ? { chooseSaveFile } : { offerDownload: (file: string) => (offered.push(file), 'api/download/abc') }),
  });
  return { dispatch: createDispatcher(handlers, { checkResults: true, log: () => undefined }), events, offered };
}

describe('settings and probe calls', () => {
  it('desktop "Save as": the export is copied where the dialog says; closing the dialog says where the file is', async () => {
    const chosen = path.join(dir, 'chosen-settings.json');
    const answers: (string | null)[] = [chosen, null];
    const asked: string[] = [];
    const { dispatch } = setup(async (name) => (asked.push(name), answers.shift()!));
    await dispatch('settings.set', { changes: { 'files.exportDir': dir } });
    expect(await dispatch('settings.exportFile', { saveAs: true })).toMatchObject({ ok: true, result: { path: chosen, fileName: 'chosen-settings.json', downloadUrl: null } });
    expect(JSON.parse(readFileSync(chosen, 'utf8'))).toMatchObject({ format: 'pmu-workstation-settings', version: 1 });
    expect(asked[0]).toMatch(/^pmu-settings_\d{8}T\d+Z\.json$/);
    const cancelled = await dispatch('settings.exportFile', { saveAs: true });
    expect(cancelled).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect((cancelled as { error: { message: string } }).error.message).toMatch(new RegExp(`^Not saved elsewhere; the file is in the export folder: ${dir}/pmu-settings_`));
  });

  it('list, set (refused whole when one value is bad), export with a download link, import', async () => {
    const { dispatch, offered } = setup();
    const list = await dispatch('settings.list', {});
    expect(list).toMatchObject({ ok: true });
    const bad = await dispatch('settings.set', { changes: { 'files.scanIntervalSeconds': 3, 'files.importMode': 'overwrite' } });
    expect(bad).toEqual({ ok: false, error: { code: 'INVALID_DATA', message: 'Nothing was changed. Default scan interval (files.scanIntervalSeconds): must be at least 10 seconds.' } });
    const ok = await dispatch('settings.set', { changes: { 'files.scanIntervalSeconds': 15, 'files.exportDir': dir } });
    expect(ok.ok).toBe(true);
    const exported = await dispatch('settings.exportFile', {});
    expect(exported).toMatchObject({ ok: true, result: { downloadUrl: 'api/download/abc' } });
    expect(path.dirname(offered[0]!)).toBe(dir);
    const content = JSON.stringify({ format: 'pmu-workstation-settings', version: 1, settings: { 'files.importMode': 'overwrite' } });
    expect(await dispatch('settings.importFile', { name: 's.json', content, dryRun: true })).toMatchObject({ ok: true, result: { dryRun: true, changed: [{ key: 'files.importMode', before: 'append', after: 'overwrite' }] } });
    expect(await dispatch('appInfo', {})).toMatchObject({ ok: true, result: { importDefaults: { mode: 'append', scanIntervalSeconds: 15 }, exportsDir: dir } });
  });

  it('probe profiles: list, save, assign; the wizard runs as a job and reports each try and the end', async () => {
    const { dispatch, events } = setup();
    expect(await dispatch('probe.profiles', {})).toMatchObject({ ok: true, result: { defaultProfile: 'Standard' } });
    expect(await dispatch('probe.assign', { port: 'emulator:probe', profile: 'Nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const started = await dispatch('probe.detect', { jobId: 'wiz-1', port: 'emulator:probe' });
    expect(started).toMatchObject({ ok: true, result: { jobId: 'wiz-1', tries: 4 } });
    expect(await dispatch('probe.detect', { jobId: 'wiz-2', port: 'emulator:probe' })).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    const deadline = Date.now() + 90_000;
    while (!events.some((e) => e.name === 'probeDetectFinished') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const finished = events.find((e) => e.name === 'probeDetectFinished')!.payload as ContractEvents['probeDetectFinished'];
    expect(finished.error).toBeNull();
    expect(finished.result).toMatchObject({ found: true, saved: true, profile: { dtr: 'on', rts: 'off', echo: 'echoes', maxBaud: 4800 } });
    const progress = events.filter((e) => e.name === 'probeDetectProgress').map((e) => e.payload as ContractEvents['probeDetectProgress']);
    expect(progress.filter((p) => p.try !== null).map((p) => p.try!.outcome)).toEqual(finished.result!.tries.map((t) => t.outcome));
    expect(await dispatch('probe.profiles', {})).toMatchObject({ ok: true, result: { ports: [{ port: 'emulator:probe', profile: 'emulator_probe (detected)', reason: 'port' }] } });
  }, 120_000);
});
