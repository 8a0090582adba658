/**
 * The services record their state changes in the audit trail under the acting user: a reading stored (with the
 * link to its raw readout), a clock set and adjust, an import, an export — and nothing for a clock check. The
 * meter jobs run on the built-in emulated meters (each test its own time zone, so its own emulated meter).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setupActor, type Actor } from '../auth/actor';
import { exportReadings } from '../export';
import { importContent } from '../import';
import { formatRes } from '../res/codec';
import { memoryKeyProvider } from '../secrets/key-provider';
import { createAppContext } from '../services/app-context';
import { adjustMeterClock, readMeterClock, setMeterClock } from '../services/clock';
import { withActor, type AppContext } from '../core/context';
import { readMeter } from '../services/read-meter';
import { getReading } from '../store/readings';
import { buildReading } from '../store/test-fixtures';
import { listAudit } from './store';
import { verifyStore } from './verify-store';

const dirs: string[] = [];
const contexts: AppContext[] = [];
afterEach(() => {
  for (const c of contexts.splice(0)) c.db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const engineer: Actor = { ...setupActor('x'), setupMode: false, role: 'engineer', username: 'erin', userId: 2, meterUserId: 'ERIN0001' };

function context(timeZone: string): AppContext {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pmu-audit-svc-'));
  dirs.push(tmp);
  const base = createAppContext({ dbPath: ':memory:', resDir: path.join(tmp, 'RES'), timeZone });
  contexts.push(base);
  return withActor({ ...base, keys: memoryKeyProvider() }, engineer);
}

describe('audit records of the services', () => {
  it('a stored reading: by the acting user (also its operator), linked to its raw readout', async () => {
    const ctx = context('Europe/Vienna');
    const out = await readMeter(ctx, { port: 'emulator', loadProfile: false, resOut: false }, () => undefined);
    expect(getReading(ctx.db, out.readingId)?.session.operator).toBe('erin');
    const [rec] = listAudit(ctx.db, {}, { limit: 5 }).records;
    expect(rec).toMatchObject({ action: 'reading.stored', username: 'erin', role: 'engineer', meterSerial: out.serial, object: `reading:${out.readingId}`, traceRef: `reading:${out.readingId}` });
    expect(JSON.parse(rec!.summaryJson)).toMatchObject({ after: { readingId: out.readingId, duplicate: false, registers: out.registerCount } });
    expect(verifyStore(ctx).intact).toBe(true);
  }, 60_000);

  it('a clock set and adjust are recorded with before/after; a clock check is not', async () => {
    const ctx = context('Europe/Helsinki');
    const access = { port: 'emulator:a1140', password: '00000000', meterSerial: 'EMU-A1140-0001' };
    await readMeterClock(ctx, access);
    expect(listAudit(ctx.db, {}, { limit: 5 }).total).toBe(0);
    await adjustMeterClock(ctx, { ...access, passwordLevel: 1 });
    await setMeterClock(ctx, { ...access, passwordLevel: 3 });
    const recs = listAudit(ctx.db, {}, { limit: 5 }).records;
    expect(recs.map((r) => r.action)).toEqual(['clock.set', 'clock.adjusted']);
    expect(recs[0]).toMatchObject({ meterSerial: 'EMU-A1140-0001', username: 'erin' });
    const set = JSON.parse(recs[0]!.summaryJson) as { before: { driftMs: number; programmingCounter: number }; after: { writtenLocal: string; programmingCounter: number } };
    expect(set.after.programmingCounter).toBe(set.before.programmingCounter);
    expect(set.after.writtenLocal).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(recs[0]!.summaryJson).not.toContain('00000000');
  }, 60_000);

  it('the meter serial read by a scope check names the meter; a refused meter stops the job before the set', async () => {
    const ctx = context('Europe/Riga');
    const refuse = (serial: string | null) => {
      throw new Error(`not yours: ${serial}`);
    };
    await expect(setMeterClock(ctx, { port: 'emulator:a1140', password: '00000000', passwordLevel: 3, checkSerial: refuse })).rejects.toThrow('not yours: EMU-A1140-0001');
    expect(listAudit(ctx.db, {}, { limit: 5 }).total).toBe(0);
    await setMeterClock(ctx, { port: 'emulator:a1140', password: '00000000', passwordLevel: 3, checkSerial: () => undefined });
    expect(listAudit(ctx.db, {}, { limit: 5 }).records[0]).toMatchObject({ action: 'clock.set', meterSerial: 'EMU-A1140-0001' });
  }, 60_000);

  it('an import and an export', async () => {
    const ctx = context('Europe/Ljubljana');
    const reading = buildReading();
    const outcome = await importContent(ctx, 'field.RES', Buffer.from(formatRes(reading), 'latin1'), { mode: 'append', origin: 'upload' });
    expect(outcome.result).toBe('imported');
    const again = await importContent(ctx, 'field.RES', Buffer.from(formatRes(reading), 'latin1'), { mode: 'append', origin: 'upload' });
    expect(again.result).toBe('duplicate');
    const file = path.join(dirs[0]!, 'out.json');
    await exportReadings(ctx, { format: 'json' }, file);
    const recs = listAudit(ctx.db, {}, { limit: 5 }).records;
    expect(recs.map((r) => r.action)).toEqual(['readings.exported', 'readings.imported']);
    expect(recs[1]).toMatchObject({ object: 'file:field.RES', meterSerial: reading.meter.serial, username: 'erin' });
    expect(recs[0]).toMatchObject({ object: 'file:out.json' });
  });
});
