import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReadProgress } from '../../protocol/iec62056-21/progress';
import { listAudit } from '../audit/store';
import { setCredential } from '../secrets/credentials';
import { getReading, listReadings } from '../store/readings';
import { createAppContext } from './app-context';
import { adjustMeterClock, readMeterClock, setMeterClock } from './clock';
import type { AppContext } from '../core/context';
import { EMULATED_ELSTER_DRIFT_S, emulatedModelOf } from '../links/emulated/provider';
import { listPorts } from './ports';
import { profileRange, readMeter } from './read-meter';

/**
 * The issue-3 services over the built-in emulated meters (paced in-memory links, real wire time at 9600 baud):
 * `readMeter` with the dialect from the identification (Elster registers, counter, events, load profile stored
 * like a generic reading), the clock jobs (read, adjust, set; the programming counter unchanged), and the
 * emulated Elster port names. Each test uses its own time zone, so it gets its own emulated meter (link.ts keeps
 * one per port and zone for the life of the process).
 */
let tmp: string;
const contexts: AppContext[] = [];
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pmu-svc-'));
});
afterEach(() => {
  for (const c of contexts.splice(0)) c.db.close();
  rmSync(tmp, { recursive: true, force: true });
});
function context(timeZone: string): AppContext {
  const ctx = createAppContext({ dbPath: ':memory:', resDir: path.join(tmp, 'RES'), timeZone });
  contexts.push(ctx);
  return ctx;
}

describe('emulated Elster ports', () => {
  it('are listed after the generic emulator and select the model', async () => {
    const ports = await listPorts(context('UTC'));
    expect(ports.slice(0, 3).map((p) => p.path)).toEqual(['emulator', 'emulator:a1140', 'emulator:a1700']);
    expect([emulatedModelOf('emulator'), emulatedModelOf('emulator:a1140'), emulatedModelOf('emulator:a1700'), emulatedModelOf('COM3')]).toEqual(['generic', 'a1140', 'a1700', null]);
  });
});

describe('profileRange', () => {
  const now = new Date('2025-03-31T10:00:00Z');
  it('defaults to the last 48 h, takes either bound, "all" has none', () => {
    expect(profileRange({ port: 'x' }, now)).toEqual({ fromUtc: '2025-03-29T10:00:00.000Z', toUtc: '2025-03-31T10:00:00.000Z' });
    expect(profileRange({ port: 'x', profileFromUtc: '2025-03-01T00:00:00Z' }, now)).toEqual({ fromUtc: '2025-03-01T00:00:00.000Z', toUtc: '2025-03-31T10:00:00.000Z' });
    expect(profileRange({ port: 'x', profileAll: true, profileFromUtc: '2025-03-01T00:00:00Z' }, now)).toEqual({ fromUtc: null, toUtc: null });
  });
  it('refuses an empty range or a bad date in plain words', () => {
    expect(() => profileRange({ port: 'x', profileFromUtc: '2025-04-01T00:00:00Z' }, now)).toThrow(/start of the load-profile range must be before its end/);
    expect(() => profileRange({ port: 'x', profileToUtc: 'tomorrow' }, now)).toThrow(/"tomorrow" is not a date and time/);
  });
});

describe('readMeter with the Elster dialect', () => {
  it('reads emulator:a1140 (auto-detected), stores registers, counter, events and the load profile range', async () => {
    const ctx = context('Europe/London');
    const steps: ReadProgress[] = [];
    const to = new Date();
    const from = new Date(to.getTime() - 12 * 3600_000);
    const out = await readMeter(ctx, { port: 'emulator:a1140', password: '00000000', profileFromUtc: from.toISOString(), profileToUtc: to.toISOString(), resOut: false }, (p) => steps.push(p));
    const r = getReading(ctx.db, out.readingId)!;
    expect(r.meter).toMatchObject({ identification: '/GEC510051000000', serial: 'EMU-A1140-0001' });
    const reg = (code: string) => r.registers.find((x) => x.code === code);
    expect(reg('C.2.0')?.value).toBe(0);
    expect(reg('1.8.0')?.unit).toBe('kWh');
    expect(reg('0.9.1')?.text).toMatch(/^\d{6}$/);
    expect(r.registers.filter((x) => /^128\.99\.\d+$/.test(x.code))).toHaveLength(12); // the A1140's 544 groups
    expect(r.registers.filter((x) => /^128\.98\.\d+$/.test(x.code)).length).toBeGreaterThanOrEqual(9); // event logs 691…701
    const lp = r.loadProfile!;
    expect(lp.periodMinutes).toBe(30);
    expect(lp.channels.map((c) => c.obis)).toEqual(['1.5.0', '2.5.0']);
    expect(lp.intervals.length).toBeGreaterThanOrEqual(23);
    expect(r.raw.readout.length).toBeGreaterThan(100);
    expect(r.raw.loadProfile!.length).toBeGreaterThan(100);
    expect(r.notes[0]?.message).toMatch(/^Read with the Elster dialect: Elster A1140 recognised from the identification/);
    expect(r.notes.some((n) => /Meter clock 1 min 3\d s fast/.test(n.message))).toBe(true);
    expect(steps.map((s) => s.step)).toContain('load-profile');
    expect(steps.at(-1)).toMatchObject({ step: 'done', percent: 100 });
  }, 60_000);

  it('a password refused by the meter: plain REFUSED error, nothing stored', async () => {
    const ctx = context('Europe/Paris');
    const e = await readMeter(ctx, { port: 'emulator:a1700', password: 'WRONG123', loadProfile: false, resOut: false }, () => undefined).catch((x: unknown) => x);
    expect((e as { code?: string }).code).toBe('REFUSED');
    expect((e as Error).message).toMatch(/did not accept the password/);
    expect(listReadings(ctx.db)).toHaveLength(0);
    // The failed reading is in the audit trail (issue 13.6): port, step, identification, the plain error, never the password.
    const [rec] = listAudit(ctx.db, { action: 'reading.failed' }, { limit: 10 }).records;
    expect(rec).toMatchObject({ action: 'reading.failed', object: 'port:emulator:a1700' });
    expect(JSON.parse(rec!.summaryJson)).toMatchObject({ after: { port: 'emulator:a1700', identification: '/GEC5090100100400@000' } });
    expect(rec!.summaryJson).toMatch(/did not accept the password/);
    expect(rec!.summaryJson).not.toContain('WRONG123');
  }, 60_000);
});

describe('the meter services decide the password themselves (main/services/meter-access.ts)', () => {
  it('no typed password: the stored default of the level is used; a refused stored password never shows in the error', async () => {
    const ctx = context('Asia/Tokyo');
    const before = await readMeterClock(ctx, { port: 'emulator:a1700' }).catch((x: unknown) => x);
    expect((before as { code?: string }).code).toBe('REFUSED');
    setCredential(ctx, { scope: 'default', level: 2 }, '00000000', 'admin');
    expect(await readMeterClock(ctx, { port: 'emulator:a1700' })).toMatchObject({ serial: 'EMU-A1700-0001' });
    setCredential(ctx, { scope: 'meter', meterSerial: 'EMU-A1700-0001', level: 2 }, 'WRONG!#9', 'admin');
    const steps: ReadProgress[] = [];
    const e = await readMeter(ctx, { port: 'emulator:a1700', meterSerial: 'EMU-A1700-0001', loadProfile: false, resOut: false }, (p) => steps.push(p)).catch((x: unknown) => x);
    expect((e as { code?: string }).code).toBe('REFUSED');
    expect(JSON.stringify([(e as Error).message, steps])).not.toContain('WRONG!#9');
    expect(listReadings(ctx.db)).toHaveLength(0);
  }, 90_000);
});

describe('meter clock services', () => {
  it('read → adjust (level 1) → set (level 3): drift shown, plan returned, set clock right, counter unchanged', async () => {
    const ctx = context('Europe/Berlin');
    const access = { port: 'emulator:a1700', password: '00000000' };
    const before = await readMeterClock(ctx, access);
    expect(before).toMatchObject({ timeZone: 'Europe/Berlin', identification: '/GEC5090100100400@000', serial: 'EMU-A1700-0001' });
    expect(Math.abs(before.driftMs - EMULATED_ELSTER_DRIFT_S * 1000)).toBeLessThan(2500);
    const adj = await adjustMeterClock(ctx, access);
    expect(adj.plan.stepsMs).toHaveLength(Math.ceil(EMULATED_ELSTER_DRIFT_S / 5));
    expect(adj.plan.correctionMs).toBeLessThan(0);
    expect(adj.writtenLocal).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const set = await setMeterClock(ctx, access);
    expect(set.programmingCounterBefore).toBe(0);
    expect(set.programmingCounterAfter).toBe(0);
    // Both changes are filed under the meter's own serial (issue 13.6), read from the meter though nobody named it.
    const changes = listAudit(ctx.db, {}, { limit: 10 }).records.filter((r) => r.action === 'clock.set' || r.action === 'clock.adjusted');
    expect(changes.map((r) => [r.action, r.meterSerial])).toEqual([
      ['clock.set', 'EMU-A1700-0001'],
      ['clock.adjusted', 'EMU-A1700-0001'],
    ]);
    expect(Math.abs((await readMeterClock(ctx, access)).driftMs)).toBeLessThan(2000);
  }, 90_000);

  it('a generic meter: clock read and set; adjust refused before the option select', async () => {
    const ctx = context('Europe/Madrid');
    const read = await readMeterClock(ctx, { port: 'emulator' });
    expect(read.serial).toBe('12345678');
    expect(Math.abs(read.driftMs)).toBeLessThan(2000);
    const set = await setMeterClock(ctx, { port: 'emulator' });
    expect(set.programmingCounterBefore).toBeUndefined();
    const e = await adjustMeterClock(ctx, { port: 'emulator' }).catch((x: unknown) => x);
    expect((e as { code?: string }).code).toBe('METER_ERROR');
    expect((e as Error).message).toMatch(/no standard clock-adjust \(creep\) command, so its clock can only be set: choose "set" instead/);
  }, 60_000);
});
