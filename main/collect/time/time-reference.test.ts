/**
 * Fleet time sync (issue 14 item 5): the workstation clock measured against a local SNTP responder and an emulated
 * GPS receiver on a pty; a collection that corrects meter clocks only when the workstation clock is within the limit
 * of the reference (the refusal names the offset), adjusting an Elster meter by creep within ±7.5 min, setting a
 * generic meter only where the policy allows sets, and recording each change in the audit trail.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WHAT } from '../../../contract/collection';
import { setupActor } from '../../auth/actor';
import { testContext } from '../../auth/test-helpers';
import { listAudit } from '../../audit/store';
import { startGps } from '../../emulator/fleet/gps';
import { createDefaultLinkRegistry } from '../../links/default-registry';
import { hasSocat, openPtyPair } from '../../links/serial/pty-pair';
import { openSerialTransport } from '../../links/serial/transport';
import { collectDepsOf } from '../../services/collection';
import { withActor } from '../../core/context';
import { createRun, runDetail } from '../../store/collection-runs';
import { saveFleetMeter } from '../../store/fleet-meters';
import { setSettings } from '../../services/settings';
import { adjustMeterClock, setMeterClock } from '../../services/clock';
import { runCollection } from '../run-collection';
import { checkWorkstationClock, measureReference } from './reference';
import { ntpOffset } from './sntp';
import { startSntpResponder } from './testing/sntp-responder';

const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

describe('time reference', () => {
  it('measures the offset of an SNTP server on 127.0.0.1 (RFC 4330), and says plainly when none answers', async () => {
    const ntp = await startSntpResponder(42_000);
    stops.push(() => ntp.close());
    const m = await ntpOffset('127.0.0.1', ntp.port, { samples: 3 });
    expect(Math.abs(m.offsetMs - 42_000)).toBeLessThan(200);
    expect(m.source).toBe(`NTP 127.0.0.1:${ntp.port} (stratum primary)`);
    expect(ntp.requests()).toBe(3);
    await ntp.close();
    stops.pop();
    await expect(ntpOffset('127.0.0.1', ntp.port, { samples: 1, timeoutMs: 300 })).rejects.toThrow(`The NTP server 127.0.0.1:${ntp.port} did not answer within 0.3 s`);
  });

  it.skipIf(!hasSocat())('reads UTC from a GPS receiver\'s NMEA sentences on a serial port, and refuses a receiver without a fix', async () => {
    const pair = await openPtyPair();
    stops.push(() => pair.close());
    const line = await openSerialTransport(pair.b, { format: '8N1' });
    let fix = true;
    const gps = startGps(line, { now: () => Date.now() + 3000, fix: () => fix });
    stops.push(() => (gps.stop(), line.close()));
    const links = createDefaultLinkRegistry();
    const m = await measureReference(`gps:${pair.a}@4800`, links, 'UTC');
    expect(Math.abs(m.offsetMs - 3000)).toBeLessThan(400);
    expect(m.source).toBe(`GPS on ${pair.a} (NMEA 0183)`);
    fix = false;
    await expect(measureReference(`gps:${pair.a}`, links, 'UTC')).rejects.toThrow(/has no fix yet \(RMC status V\)/);
  }, 30_000);
});

describe('clock sync in a collection', () => {
  async function collectClocks(settings: { offsetMs: number; allowSet: boolean; toleranceSeconds?: number }, link: string, mode: 'adjust' | 'adjust-or-set') {
    const ctx = withActor(testContext(), setupActor('osuser'));
    const ntp = await startSntpResponder(settings.offsetMs);
    stops.push(() => ntp.close());
    await setSettings(ctx, {
      'timeSync.reference': `ntp:127.0.0.1:${ntp.port}`, 'timeSync.maxOffsetSeconds': 2,
      'timeSync.toleranceSeconds': settings.toleranceSeconds ?? 10, 'timeSync.allowSet': settings.allowSet,
    });
    const meter = saveFleetMeter(ctx.db, { serial: link.includes('a1140') ? 'EMU-A1140-0001' : '12345678', link, timeZone: 'Europe/London' });
    const deps = { ...collectDepsOf({ ...ctx, links: createDefaultLinkRegistry() }), password: () => ({ password: '00000000', source: 'meter' as const }) };
    const what = { ...DEFAULT_WHAT, registers: true, loadProfile: false, clockSync: mode };
    const run = createRun(ctx.db, { scheduleId: null, label: 'clocks', trigger: 'manual', what, retries: 0, backoffSeconds: 1, startedBy: 'test', meterIds: [meter.id] });
    await runCollection(deps, run);
    return { task: runDetail(ctx.db, run)!.tasks[0]!, audit: listAudit(ctx.db, {}, { limit: 10 }).records.map((r) => r.action) };
  }

  it('adjusts an Elster meter 95 s fast by creep when the workstation clock agrees with the reference', async () => {
    const { task, audit } = await collectClocks({ offsetMs: 300, allowSet: false }, 'emulator:a1140', 'adjust');
    expect(task.status).toBe('ok');
    expect(task.clockDriftSeconds).toBeGreaterThan(90);
    expect(task.clockAction).toMatch(/^adjusted by /);
    expect(audit).toContain('clock.adjusted');
  }, 60_000);

  it('refuses every correction while the workstation clock is beyond the limit, naming the offset', async () => {
    const { task, audit } = await collectClocks({ offsetMs: 42_000, allowSet: true }, 'emulator:a1140', 'adjust-or-set');
    expect(task.status).toBe('ok');
    expect(task.clockAction).toMatch(/^refused: this computer's clock is 42(\.\d)? s slow against NTP 127\.0\.0\.1:\d+ \(stratum primary\) \(limit ±2 s\): correct it first$/);
    expect(audit).not.toContain('clock.adjusted');
    expect(audit).not.toContain('clock.set');
  }, 60_000);

  it('sets a generic meter (no creep command) only where the policy allows sets', async () => {
    // The generic emulated meter keeps this computer's time; the reference 1.5 s ahead makes it 1.5 s slow (tolerance 1 s).
    const refused = await collectClocks({ offsetMs: 1500, allowSet: false, toleranceSeconds: 1 }, 'emulator', 'adjust-or-set');
    expect(refused.task.clockAction).toBe('refused: IEC 62056-21 meters have no clock adjust (creep) command; a set (security level 3) is needed and the policy does not allow it');
    const set = await collectClocks({ offsetMs: 1500, allowSet: true, toleranceSeconds: 1 }, 'emulator:generic', 'adjust-or-set');
    expect(set.task.clockAction).toMatch(/^set to \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(IEC 62056-21 meters have no clock adjust/);
    expect(set.audit).toContain('clock.set');
  }, 60_000);
});

describe('a clock set or adjust by hand', () => {
  it('is refused, naming the offset, while this computer is beyond the limit of the reference; allowed within it', async () => {
    const ctx = withActor({ ...testContext(), links: createDefaultLinkRegistry() }, setupActor('osuser'));
    const ntp = await startSntpResponder(42_000);
    stops.push(() => ntp.close());
    await setSettings(ctx, { 'timeSync.reference': `ntp:127.0.0.1:${ntp.port}`, 'timeSync.maxOffsetSeconds': 2 });
    const access = { port: 'emulator:a1140', password: '00000000' };
    for (const job of [setMeterClock, adjustMeterClock]) {
      const e = await job(ctx, access).catch((x: unknown) => x);
      expect((e as { code?: string }).code).toBe('REFUSED');
      expect((e as Error).message).toMatch(/^The meter clock was not changed: this computer's clock is 42(\.\d)? s slow against NTP 127\.0\.0\.1:\d+ \(stratum primary\) \(limit ±2 s\): correct it first\.$/);
    }
    await setSettings(ctx, { 'timeSync.maxOffsetSeconds': 60 });
    expect((await adjustMeterClock(ctx, access)).writtenLocal).not.toBeNull();
    const audit = listAudit(ctx.db, {}, { limit: 20 }).records.map((r) => r.action);
    expect(audit).toContain('clock.adjusted');
    expect(audit).not.toContain('clock.set');
  }, 60_000);
});

describe('workstation check', () => {
  it('says when no reference is set up', async () => {
    const ctx = testContext();
    expect(await checkWorkstationClock(ctx.db, createDefaultLinkRegistry(), 'UTC')).toEqual({
      source: null, offsetMs: null, delayMs: null, refused: 'no trusted time reference (NTP server or GPS receiver) is set up, so no meter clock is corrected',
    });
  });
});
