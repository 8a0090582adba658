/**
 * Issue 11, reproduction 2: a technician recovers a stored level-3 meter password. An approved upload uses the stored
 * password of the approved level on the technician's behalf; with a fake meter on the probe (a pty running an
 * emulated A1700 with ANOTHER serial number) the P2 answer used to go out before the serial was known, and the Elster
 * P2 transform inverts from the seed (which the fake meter chose) and the answer. Now the workstation signs on at the
 * technician's own level, checks the identification and the serial number, records the delegated use, and only then
 * sends the level-3 password: the fake meter sees no P2 at all.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Transport } from '../../protocol/iec62056-21/transport';
import { elsterP2Response } from '../../protocol/meters/elster/password';
import { newScheme, type TariffScheme } from '../../schemes/model';
import { actorOfUser } from '../auth/access-control';
import { addRoleUsers } from '../auth/test-helpers';
import { findUser } from '../auth/users';
import { selectAudit } from '../audit/store';
import { withActor, type AppContext } from '../core/context';
import { createEmulatedMeter, pacedTransport, runMeterOnTransport, type RunningMeter } from '../emulator';
import { hasSocat, openPtyPair, type PtyPair } from '../links/serial/pty-pair';
import { openSerialTransport } from '../links/serial/transport';
import { setCredential } from '../secrets/credentials';
import { findOrImportScheme } from '../store/schemes';
import { createStagedProgram } from '../store/staging';
import { createAppContext } from './app-context';
import { programAccess } from './program-access';
import { programStagedMeter } from './program';

const TZ = 'Europe/London';
const START = Date.UTC(2025, 5, 2, 9, 0, 0);
const REAL = 'REAL-A1700-01';
const LEVEL3 = 'SECRET33';
const LEVEL1 = 'FIELD111';
const LIMIT = 180_000;

interface Probe {
  readonly pair: PtyPair;
  /** Everything the workstation sent to the meter, as text (the fake meter's capture). */
  sent(): string;
  close(): Promise<void>;
}

const probes: Probe[] = [];
const contexts: AppContext[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(probes.splice(0).map((p) => p.close()));
  for (const c of contexts.splice(0)) c.db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** An emulated A1700 (or another model) on a pty, recording every byte it receives. */
async function meterOnProbe(serial: string, model: 'a1700' | 'a1140' = 'a1700'): Promise<Probe> {
  const pair = await openPtyPair();
  const end: Transport = await openSerialTransport(pair.b, { format: '8N1' });
  const bytes: number[] = [];
  end.onData((c) => bytes.push(...c));
  const meter = createEmulatedMeter({ model, serial, timeZone: TZ, now: () => START, powerFailure: null, seedRng: 3, passwords: { 1: LEVEL1, 2: '22222222', 3: LEVEL3 } });
  const running: RunningMeter = runMeterOnTransport(meter, pacedTransport(end), { reactionTimeMs: 20 });
  const probe = {
    pair,
    sent: () => Buffer.from(bytes).toString('latin1'),
    async close() {
      await running.stop();
      await end.close();
      await pair.close();
    },
  };
  probes.push(probe);
  return probe;
}

function scheme(): TariffScheme {
  const s = newScheme('DAY1700', 'One rate', 'A1700', TZ);
  const d = 'every';
  return {
    ...s,
    rates: [{ number: 1, name: 'Day' }],
    dayProfiles: [{ id: d, name: 'Every day', switches: [{ time: '00:00', rate: 1 }] }],
    weekProfiles: [{ id: 'week', name: 'Week', days: { monday: d, tuesday: d, wednesday: d, thursday: d, friday: d, saturday: d, sunday: d } }],
    seasons: [{ name: 'All year', start: { month: 1, day: 1 }, weekProfile: 'week' }],
    dst: { ...s.dst, start: { week: 'last', weekday: 'sunday', month: 3, hour: 1 }, end: { week: 'last', weekday: 'sunday', month: 10, hour: 2 } },
  };
}

/**
 * A store where an engineer approved a level-3 program for meter REAL, whose own level-3 password is stored; the
 * data directory holds a definition file confirming the A1700 layouts (the safety rail refuses unproven ones on a
 * real port: docs/meter-definitions.md).
 */
async function workstation(): Promise<{ ctx: AppContext; stagedId: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pmu-delegation-'));
  dirs.push(dataDir);
  mkdirSync(path.join(dataDir, 'meter-definitions'));
  const items = ['681', '901', '902', '903', '904', '905', '906', '907', '908'].map((id) => ({ id, confirmed: true, provenance: `manual:A1700 programming specification (test stand-in), section ${id}` }));
  writeFileSync(path.join(dataDir, 'meter-definitions', 'test.meter.json'), JSON.stringify({ format: 'pmu-meter-definition', formatVersion: 1, model: 'A1700', title: 'Test layouts', items }));
  const base = createAppContext({ dbPath: path.join(dataDir, 'pmu.sqlite'), timeZone: TZ });
  contexts.push(base);
  await addRoleUsers(base.db);
  setCredential(base, { scope: 'meter', meterSerial: REAL, level: 3 }, LEVEL3, 'administrator');
  setCredential(base, { scope: 'default', level: 1 }, LEVEL1, 'administrator');
  const { schemeStoreId, version } = findOrImportScheme(base.db, scheme(), { by: 'engineer' });
  const staged = createStagedProgram(base.db, {
    schemeStoreId, schemeVersion: version, by: 'engineer', status: 'approved',
    meter: { serial: REAL, ctRatio: null, vtRatio: null, passwordLevel: 3, site: 'Depot', customer: 'ACME', timeZone: TZ },
  });
  return { ctx: withActor(base, actorOfUser(findUser(base.db, 'technician')!)), stagedId: staged.id };
}

/** The technician's upload as the UI and `pmu program --staged` run it: the service decides the password (stored, delegated). */
async function upload(ctx: AppContext, stagedId: number, port: string) {
  const access = programAccess(ctx, stagedId, null);
  expect(access.delegated).toEqual({ openPassword: LEVEL1, openLevel: 1 });
  return programStagedMeter(ctx, { stagedId, port, password: null, access, meterUserId: 'TECH01' }, () => undefined);
}

/** What a fake meter learns from a captured level-3 sign-on: the P2 transform inverted from its seed and the answer. */
function invertP2(seedHex: string, answerHex: string): string {
  const s = Buffer.from(seedHex, 'hex');
  const v = Buffer.from(answerHex, 'hex');
  const t = new Uint8Array(8);
  for (let i = 1; i < 8; i++) t[i] = (v[i]! - v[i - 1]! + 256) % 256;
  t[0] = (v[0]! - t[7]! + 256) % 256;
  return String.fromCharCode(...t.map((x, i) => x ^ s[i]!));
}

describe.skipIf(!hasSocat())('reproduction 2: a fake meter on the probe during a delegated upload', () => {
  it('the inversion is real: seed + P2 answer give the password back (why it must not go out)', () => {
    const seed = '29EDC6D335E59C87';
    expect(invertP2(seed, elsterP2Response(LEVEL3, seed))).toBe(LEVEL3);
  });

  it('a fake A1700 with another serial gets the technician\'s level-1 sign-on only: no P2, nothing written, nothing recorded as delegated', { timeout: LIMIT }, async () => {
    const { ctx, stagedId } = await workstation();
    const fake = await meterOnProbe('FAKE-A1700-99');
    const cert = await upload(ctx, stagedId, fake.pair.a);
    expect(cert.status).toBe('failed');
    expect(cert.error).toBe(`This meter is FAKE-A1700-99, the staged program is for ${REAL}. Nothing was written.`);
    const captured = fake.sent();
    expect(captured).toContain(`P1\x02(${LEVEL1})`);
    expect(captured).not.toContain('P2');
    expect(captured).not.toContain(LEVEL3);
    expect(selectAudit(ctx.db, { action: 'credential.delegated' })).toEqual([]);
  });

  it('a meter of another model is refused at its identification, before any password', { timeout: LIMIT }, async () => {
    const { ctx, stagedId } = await workstation();
    const other = await meterOnProbe(REAL, 'a1140');
    const cert = await upload(ctx, stagedId, other.pair.a);
    expect(cert.status).toBe('failed');
    expect(cert.error).toMatch(/^This meter identifies itself as an Elster A1140 \(.*\); the staged program is for an Elster A1700\. Nothing was written\.$/);
    expect(other.sent()).not.toMatch(/P1|P2/);
  });

  it('the staged meter gets the delegated password only after its serial was read, and the use is recorded with port and identification', { timeout: LIMIT }, async () => {
    const { ctx, stagedId } = await workstation();
    const real = await meterOnProbe(REAL);
    const cert = await upload(ctx, stagedId, real.pair.a);
    expect(cert.error).toBeNull();
    expect(cert.status).toBe('verified');
    const captured = real.sent();
    expect(captured.indexOf('798')).toBeGreaterThan(-1);
    expect(captured.indexOf('P2')).toBeGreaterThan(captured.indexOf('798'));
    const [rec] = selectAudit(ctx.db, { action: 'credential.delegated' });
    expect(rec).toMatchObject({ username: 'technician', role: 'technician', meterSerial: REAL, object: `port:${real.pair.a}` });
    expect(JSON.parse(rec!.summaryJson)).toEqual({ after: { port: real.pair.a, identification: cert.meter.identification, serial: REAL, level: 3, scope: 'meter' } });
    // What remains (docs/security.md): a fake meter that copies this meter's identification AND serial gets this
    // one meter's password — the seed it chose and the answer invert (shown above) — never a group's or the default.
    expect(JSON.stringify(rec)).not.toContain(LEVEL3);
  });
});
