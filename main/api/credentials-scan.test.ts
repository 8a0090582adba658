/**
 * Bar of issue 6: stored meter passwords never reach the renderer. Meter passwords are stored (meter, group and
 * default, every level), then EVERY contract call is made through the real dispatcher and handlers as an
 * administrator — with a careless fake backend that echoes the password it gets into progress, notes and results —
 * and every reply, every event and every exported file is scanned for the plaintext and the ciphertext.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callNames, type CallName } from '../../contract';
import { AccessControl } from '../auth/access-control';
import { addRoleUsers, CHEAP_SCRYPT, passwordOf } from '../auth/test-helpers';
import { setCredential } from '../secrets/credentials';
import { saveMeterGroup } from '../store/meter-groups';
import { createDispatcher } from './dispatch';
import { createHandlers } from './handlers';
import { fakeContext, fakeServices } from './testing/fakes';

const SECRETS = { default1: 'Dflt!1#a', default2: 'Dflt!2#b', default3: 'Dflt!3#c', group1: 'Grp!1#dd', meter1: 'Mtr!1#ee', meter3: 'Mtr!3#ff' };

/** Arguments that pass each call's schema, where the call has required arguments. */
const SAMPLE_ARGS: Partial<Record<CallName, unknown>> = {
  readMeter: { jobId: 'r1', port: 'emulator:a1140', meterSerial: 'M1' },
  readClock: { jobId: 'c1', port: 'emulator:a1140', meterSerial: 'M1' },
  adjustClock: { jobId: 'c2', port: 'emulator:a1140', meterSerial: 'M2' },
  setClock: { jobId: 'c3', port: 'emulator:a1140', meterSerial: 'M1' },
  cancelRead: { jobId: 'none' },
  getReading: { id: 7 },
  exportReadings: { format: 'csv' },
  exportMeters: { format: 'json' },
  'auth.signIn': { username: 'administrator', password: passwordOf('administrator') },
  'users.add': { username: 'newtech', role: 'technician', password: 'a new users password' },
  'users.update': { username: 'newtech', displayName: 'New Tech' },
  'users.disable': { username: 'newtech' },
  'users.resetPassword': { username: 'newtech', newPassword: 'another password 2' },
  'auth.changePassword': { currentPassword: passwordOf('administrator'), newPassword: passwordOf('administrator') },
  'meterGroups.save': { name: 'South', serials: ['S1'] },
  'credentials.set': { scope: 'meter', meterSerial: 'S1', level: 2, password: 'Set!2#gg' },
  'audit.meterLog': { meterSerial: 'M1' },
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('meter credentials never reach the renderer', () => {
  it('no call result, event or exported file carries a stored password or its ciphertext', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pmu-scan-'));
    dirs.push(dataDir);
    const ctx = fakeContext(dataDir);
    await addRoleUsers(ctx.db);
    const g = saveMeterGroup(ctx.db, { name: 'North', serials: ['M2'] });
    setCredential(ctx, { scope: 'default', level: 1 }, SECRETS.default1, 'administrator');
    setCredential(ctx, { scope: 'default', level: 2 }, SECRETS.default2, 'administrator');
    setCredential(ctx, { scope: 'default', level: 3 }, SECRETS.default3, 'administrator');
    setCredential(ctx, { scope: 'group', groupId: g.id, level: 1 }, SECRETS.group1, 'administrator');
    setCredential(ctx, { scope: 'meter', meterSerial: 'M1', level: 1 }, SECRETS.meter1, 'administrator');
    setCredential(ctx, { scope: 'meter', meterSerial: 'M1', level: 3 }, SECRETS.meter3, 'administrator');
    const ciphertexts = (ctx.db.prepare('SELECT nonce, ciphertext FROM meter_credentials').all() as { nonce: Buffer; ciphertext: Buffer }[]).flatMap((r) => [
      r.ciphertext.toString('base64'), r.ciphertext.toString('hex'), r.ciphertext.subarray(0, 12).toString('base64'), r.nonce.toString('hex'),
    ]);

    const services = fakeServices({ leakPasswords: true });
    const seen: string[] = [];
    const handlers = createHandlers(ctx, {
      mode: 'browser',
      services,
      emit: (name, payload) => seen.push(`${name} ${JSON.stringify(payload)}`),
      offerDownload: (file) => `api/download/${path.basename(file)}`,
    });
    const access = new AccessControl(ctx, { scrypt: CHEAP_SCRYPT });
    await access.signIn({ channel: 'test:admin' }, 'administrator', passwordOf('administrator'));
    const dispatch = createDispatcher(handlers, { access, checkResults: true, log: (l) => seen.push(l) });
    const caller = { channel: 'test:admin' };

    for (const name of callNames) {
      if (name === 'auth.signOut' || name === 'auth.signIn') continue;
      const pending = dispatch(name, SAMPLE_ARGS[name] ?? {}, caller);
      if (name === 'readMeter') {
        await services.started;
        services.release();
      }
      seen.push(`${name} ${JSON.stringify(await pending)}`);
    }
    seen.push(JSON.stringify(await dispatch('auth.signIn', SAMPLE_ARGS['auth.signIn'], caller)));

    // The stored passwords did reach the (fake) meter: the scan is not vacuous.
    expect(services.requests[0]?.password).toBe(SECRETS.default2);
    expect(services.clockRequests.map((c) => [c.call, c.req.password])).toEqual([
      ['read', SECRETS.default2],
      ['adjust', SECRETS.group1],
      ['set', SECRETS.meter3],
    ]);
    const exported = readdirSync(path.join(dataDir, 'exports')).map((f) => readFileSync(path.join(dataDir, 'exports', f), 'utf8'));
    expect(exported.length).toBeGreaterThanOrEqual(3);
    const everything = [...seen, ...exported].join('\n');
    for (const [which, secret] of Object.entries({ ...SECRETS, typed: 'Set!2#gg' })) expect(everything.includes(secret), which).toBe(false);
    for (const c of ciphertexts) expect(everything.includes(c)).toBe(false);
    expect(everything).toContain('credential.set'); // the audit trail records the change, not the password
  });
});
