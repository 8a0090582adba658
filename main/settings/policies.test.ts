import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setupActor } from '../auth/actor';
import { CHEAP_SCRYPT, testContext } from '../auth/test-helpers';
import { createSession, lookupSession } from '../auth/sessions';
import { addUser, setPassword } from '../auth/users';
import { signInRequiredMessage } from '../auth/access-control';
import { withActor } from '../core/context';
import { createAppContext } from '../services/app-context';
import { setSettings } from '../services/settings';
import { approvalRefusal, policies } from './policies';
import { readSettings } from './values';
import { writeSettingRow } from '../store/settings';

const admin = () => withActor(testContext(), setupActor('osuser'));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('policies in force', () => {
  it('session times: the idle time and the longest session follow the policy', async () => {
    const ctx = admin();
    await addUser(ctx.db, { username: 'ada', role: 'administrator', password: 'correct horse battery' }, { scrypt: CHEAP_SCRYPT });
    const t0 = new Date('2026-05-01T08:00:00Z');
    const at = (min: number) => new Date(t0.getTime() + min * 60_000);
    const a = createSession(ctx.db, 1, 'browser', t0);
    expect(lookupSession(ctx.db, a.token, at(25)).status).toBe('active'); // default idle time 30 min
    await setSettings(ctx, { 'policy.session.idleMinutes': 10, 'policy.session.maxHours': 1 });
    expect(lookupSession(ctx.db, a.token, at(36)).status).toBe('idle');
    const b = createSession(ctx.db, 1, 'browser', t0);
    expect(b.expiresUtc).toBe('2026-05-01T09:00:00.000Z');
    for (const m of [5, 14, 23, 32, 41, 50]) expect(lookupSession(ctx.db, b.token, at(m)).status).toBe('active');
    expect(lookupSession(ctx.db, b.token, at(61)).status).toBe('expired');
    expect(signInRequiredMessage('idle', policies(ctx).session)).toBe('Your session ended after 10 minutes without activity. Sign in again.');
    expect(signInRequiredMessage('expired', policies(ctx).session)).toBe('Your session ended (sessions last 1 hours). Sign in again.');
  });

  it('password rules: length and kinds of character, refused in plain words', async () => {
    const ctx = admin();
    await addUser(ctx.db, { username: 'ada', role: 'administrator', password: 'abcdefghij' }, { scrypt: CHEAP_SCRYPT });
    await setSettings(ctx, { 'policy.password.minLength': 14, 'policy.password.minClasses': 3 });
    await expect(setPassword(ctx.db, 'ada', 'abcdefghijkl', { scrypt: CHEAP_SCRYPT })).rejects.toThrow('A password needs at least 14 characters');
    await expect(setPassword(ctx.db, 'ada', 'abcdefghijklmnop', { scrypt: CHEAP_SCRYPT })).rejects.toThrow('must mix at least 3 of');
    await setPassword(ctx.db, 'ada', 'Meter-readings 2026', { scrypt: CHEAP_SCRYPT });
    await setSettings(ctx, { 'policy.password.minLength': 8, 'policy.password.minClasses': 1 });
    await setPassword(ctx.db, 'ada', 'eightch!', { scrypt: CHEAP_SCRYPT });
  });

  it('separation of duties: on by default, the author may not approve; an administrator may relax it', async () => {
    const ctx = admin();
    expect(approvalRefusal(ctx, 'eve', 'EVE')).toMatch(/another user must approve it/);
    expect(approvalRefusal(ctx, 'eve', 'bob')).toBeNull();
    await setSettings(ctx, { 'policy.approval.separateDuties': false });
    expect(approvalRefusal(ctx, 'eve', 'eve')).toBeNull();
  });

  it('time-sync limits in the units the collector uses; shared rows written as text by the collector read the same', async () => {
    const ctx = admin();
    expect(policies(ctx).timeSync).toEqual({ reference: null, maxWorkstationOffsetMs: 2000, toleranceMs: 10_000, allowSet: false });
    // main/store/time-sync-settings.ts (fleet) writes String(value) under the same keys.
    for (const [k, v] of [['timeSync.reference', 'ntp:pool.ntp.org'], ['timeSync.maxOffsetSeconds', '1.5'], ['timeSync.allowSet', 'true']]) writeSettingRow(ctx.db, k!, v!, 'fleet', '2026-01-01T00:00:00Z');
    expect(policies(ctx).timeSync).toEqual({ reference: 'ntp:pool.ntp.org', maxWorkstationOffsetMs: 1500, toleranceMs: 10_000, allowSet: true });
    await setSettings(ctx, { 'timeSync.reference': 'gps:/dev/ttyUSB1@9600', 'timeSync.toleranceSeconds': 30 });
    expect(policies(ctx).timeSync.reference).toBe('gps:/dev/ttyUSB1@9600');
    expect(ctx.db.prepare("SELECT value FROM settings WHERE key = 'timeSync.reference'").get()).toEqual({ value: 'gps:/dev/ttyUSB1@9600' });
  });

  it('a stored value this version does not understand reads as the default', () => {
    const ctx = admin();
    writeSettingRow(ctx.db, 'files.scanIntervalSeconds', '"often"', 'x', '2026-01-01T00:00:00Z');
    writeSettingRow(ctx.db, 'files.someFutureKey', '1', 'x', '2026-01-01T00:00:00Z');
    expect(readSettings(ctx.db)['files.scanIntervalSeconds']).toBe(60);
  });

  it('default meter time zone: the app context follows the policy at each use unless a zone was given', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pmu-tz-'));
    dirs.push(dir);
    const saved = process.env.PMU_TIME_ZONE;
    delete process.env.PMU_TIME_ZONE;
    try {
      const ctx = withActor(createAppContext({ dbPath: path.join(dir, 'a.sqlite') }), setupActor('osuser'));
      const fixed = createAppContext({ dbPath: path.join(dir, 'a.sqlite'), timeZone: 'Asia/Tokyo' });
      await setSettings(ctx, { 'policy.meterTimeZone': 'Pacific/Auckland' });
      expect(createAppContext({ dbPath: path.join(dir, 'a.sqlite') }).timeZone).toBe('Pacific/Auckland');
      expect(fixed.timeZone).toBe('Asia/Tokyo');
      await expect(setSettings(ctx, { 'policy.meterTimeZone': 'Mars/Olympus' })).rejects.toThrow('is not a time zone');
    } finally {
      if (saved !== undefined) process.env.PMU_TIME_ZONE = saved;
    }
  });
});
