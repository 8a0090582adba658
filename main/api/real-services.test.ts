/**
 * The adapters of real-services.ts over the real store, import, formats and export modules (in-memory store,
 * temporary folders): what the UI receives matches the contract and the backends' behaviour.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { calls } from '../../contract';
import { formatProfileCsv } from '../formats/profile-csv';
import { formatRes } from '../res/codec';
import { createAppContext } from '../services/app-context';
import type { AppContext } from '../core/context';
import { buildReading } from '../store/test-fixtures';
import { realServices as s } from './real-services';

let dir: string;
let ctx: AppContext;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pmu-real-'));
  ctx = createAppContext({ dbPath: ':memory:', resDir: path.join(dir, 'RES'), timeZone: 'Europe/London' });
});
afterEach(() => {
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

const bytes = (t: string) => new TextEncoder().encode(t);

describe('real services', () => {
  it('imports uploaded .RES bytes once, logs the attempts, and quarantines a cut copy with its line', async () => {
    const res = formatRes(buildReading({ serial: 'R1' }));
    const first = await s.importContent(ctx, 'R1.RES', bytes(res), { mode: 'append' });
    expect(first).toMatchObject({ kind: 'res', result: 'imported', registers: 30, intervals: 24, reason: null });
    expect((await s.importContent(ctx, 'R1.RES', bytes(res), { mode: 'append' })).result).toBe('duplicate');
    const cut = await s.importContent(ctx, 'R1-cut.RES', bytes(res.slice(0, 900)), { mode: 'append' });
    expect(cut).toMatchObject({ result: 'quarantined', readingIds: [] });
    expect(cut.reason).toMatch(/\w{10,}/);
    expect(cut.line).toBeGreaterThan(0);

    const log = s.listImportLog(ctx.db, { limit: 10 });
    expect(log.map((e) => e.result)).toEqual(['quarantined', 'duplicate', 'imported']);
    expect(log[0]).toMatchObject({ file: 'R1-cut.RES', origin: 'upload' });
    expect(calls.listImportLog.result.safeParse(log).success).toBe(true);
    expect(s.listQuarantine(ctx.db, {}).map((e) => e.file)).toEqual(['R1-cut.RES']);
    expect(s.listReadings(ctx, { source: 'res-import' })).toHaveLength(1);
    expect(s.listMeters(ctx).map((m) => m.serial)).toEqual(['R1']);
  });

  it('sniffs a CSV and knows whether it needs a column mapping', () => {
    const own = formatProfileCsv([buildReading({ serial: 'R2' })]);
    expect(s.sniffCsv(own)).toMatchObject({ delimiter: ',', needsMapping: false });
    const foreign = 'Zeit;P [kW]\r\n01.03.2026 00:15;1,5\r\n01.03.2026 00:30;1,25\r\n';
    const sniff = s.sniffCsv(foreign);
    expect(sniff).toEqual({ delimiter: ';', headers: ['Zeit', 'P [kW]'], sample: [['01.03.2026 00:15', '1,5'], ['01.03.2026 00:30', '1,25']], decimal: ',', headerRows: 1, needsMapping: true });
    expect(calls.sniffCsv.result.safeParse(sniff).success).toBe(true);
  });

  it('exports a load-profile CSV with units in the header and UTC and local columns', async () => {
    await s.importContent(ctx, 'R3.RES', bytes(formatRes(buildReading({ serial: 'R3' }))), { mode: 'append' });
    const out = path.join(dir, 'exports', 'x.csv');
    const r = await s.exportReadings(ctx, { format: 'csv', content: 'load-profile', meterSerial: 'R3' }, out);
    expect(r).toMatchObject({ path: out, files: [out], readings: 1, intervals: 24 });
    const header = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').split('\r\n')[0];
    expect(header).toContain('interval_start_utc');
    expect(header).toContain('interval_start_local');
    expect(header).toContain('1.5.0 [kW]');
    await expect(s.exportReadings(ctx, { format: 'csv', meterSerial: 'nobody' }, out)).rejects.toThrow(/No stored/);
    expect(await s.exportMeters(ctx, 'json', path.join(dir, 'exports', 'm.json'))).toMatchObject({ meters: 1 });
  });
});
