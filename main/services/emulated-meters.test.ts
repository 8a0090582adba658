import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeRegister } from '../../protocol/meters/describe';
import { newScheme } from '../../schemes/model';
import type { AppContext } from '../core/context';
import { createStagedProgram } from '../store/staging';
import { getReading } from '../store/readings';
import { findOrImportScheme } from '../store/schemes';
import { createAppContext } from './app-context';
import { programStagedMeter } from './program';
import { readMeter } from './read-meter';

/**
 * The built-in emulated Elster meters keep what programming did (issue 13 item 1, issue 10 item 4): the services the
 * UI and the CLI share program `emulator:a1140` through the data directory's emulated meter, and a read — by the same
 * app, or by a NEW app context on the same data directory (as another process: `pmu program` then `pmu read`) — shows
 * the new scheme ID, the programming counter and the meter's own log entry. Every register of an Elster reading has
 * a description (issue 13 item 4).
 */

const TZ = 'Europe/Berlin';
let dataDir: string;
const contexts: AppContext[] = [];
beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pmu-emulated-'));
});
afterEach(() => {
  for (const c of contexts.splice(0)) c.db.close();
  rmSync(dataDir, { recursive: true, force: true });
});
function app(): AppContext {
  const ctx = createAppContext({ dbPath: path.join(dataDir, 'pmu.sqlite'), timeZone: TZ });
  contexts.push(ctx);
  return ctx;
}

async function read(ctx: AppContext, port: string) {
  const out = await readMeter(ctx, { port, password: '00000000', loadProfile: false, resOut: false }, () => undefined);
  const reading = getReading(ctx.db, out.readingId)!;
  const reg = (code: string) => reading.registers.find((r) => r.code === code && r.billingPeriod === null);
  return { reading, reg };
}

describe('emulated Elster meters persist per data directory', () => {
  it('programming emulator:a1140 sticks: the same app and a new one on the same data directory read the new scheme ID and counter', { timeout: 180_000 }, async () => {
    const ui = app();
    const before = await read(ui, 'emulator:a1140');
    expect(before.reg('0.2.1')?.text).toBe('SCHEME01');
    expect(before.reg('C.2.0')?.value).toBe(0);

    const { schemeStoreId, version } = findOrImportScheme(ui.db, newScheme('STICKY01', 'Sticky', 'A1140', TZ), { by: 'engineer' });
    const staged = createStagedProgram(ui.db, {
      schemeStoreId, schemeVersion: version, by: 'engineer', status: 'approved',
      meter: { serial: 'EMU-A1140-0001', ctRatio: null, vtRatio: null, passwordLevel: 3, site: 'Lab', customer: 'Test', timeZone: TZ },
    });
    const cert = await programStagedMeter(ui, { stagedId: staged.id, port: 'emulator:a1140', password: '00000000', meterUserId: 'TECH0042' }, () => undefined);
    expect(cert.status).toBe('verified');
    expect(cert.emulated).toBe(true);
    expect(readdirSync(path.join(dataDir, 'emulated-meters'))).toEqual(['emulator_a1140.json']);

    const same = await read(ui, 'emulator:a1140');
    expect(same.reg('0.2.1')?.text).toBe('STICKY01');
    expect(same.reg('C.2.0')?.value).toBe(1);

    const next = await read(app(), 'emulator:a1140'); // another process: a new provider, the meter loaded from the file
    expect(next.reg('0.2.1')?.text).toBe('STICKY01');
    expect(next.reg('C.2.0')?.value).toBe(1);
    expect(next.reg('128.2.1')).toMatchObject({ text: 'TECH0042' });
    expect(next.reg('128.2.1')!.values.map((v) => v.raw)).toContain('optical port');
  });

  it('every register of an A1140 and an A1700 reading has a description', { timeout: 120_000 }, async () => {
    const ctx = app();
    for (const port of ['emulator:a1140', 'emulator:a1700']) {
      const { reading } = await read(ctx, port);
      expect(reading.registers.length).toBeGreaterThan(30);
      const missing = reading.registers.filter((r) => describeRegister(r.code, reading.meter.manufacturer) === null).map((r) => r.code);
      expect(missing, port).toEqual([]);
    }
  });
});
