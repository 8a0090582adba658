/**
 * Issue 11.2 × issue 14: a fake or swapped device at a fleet meter's address must not get the meter's passwords.
 * Over real loopback TCP, a wiretap between the collector and an emulated meter records every byte the collector
 * sends. A device of ANOTHER serial at the address (an emulated A1140, or a generic fleet meter, that would accept
 * every stored password) gets no P2 answer, no level-2/3 or group/default password: the Elster one only the meter's
 * own level-1 sign-on, the generic one nothing at all; the task fails plainly, nothing is stored, and the audit trail
 * names the device. The honest meter is still collected and its clock set, with the serial number (798) read
 * before every P2 of both sessions (reading and clock). On an RS-485 bus (pty) a swapped meter at the device address
 * gets no password either.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WHAT } from '../../contract/collection';
import { testContext } from '../auth/test-helpers';
import { selectAudit } from '../audit/store';
import type { AppContext } from '../core/context';
import { createEmulatedMeter, type EmulatedMeter } from '../emulator';
import { createFleetMeters } from '../emulator/fleet/fleet-meters';
import { startTcpMeters } from '../emulator/fleet/tcp-meters';
import { createLinkRegistry } from '../links/registry';
import { tcpLinkProvider } from '../links/tcp/provider';
import { busLinkProvider } from '../links/bus/provider';
import { hasSocat, openPtyPair } from '../links/serial/pty-pair';
import { serialLinkProvider } from '../links/serial/provider';
import { openSerialTransport } from '../links/serial/transport';
import type { LinkRegistry } from '../links/types';
import { startBusMeters } from '../emulator/fleet/bus-meters';
import { setCredential } from '../secrets/credentials';
import { collectDepsOf } from '../services/collection';
import { createRun, runDetail } from '../store/collection-runs';
import { saveFleetMeter } from '../store/fleet-meters';
import type { ClockPolicy } from './clock-sync';
import { runCollection } from './run-collection';

const REAL = 'REAL-A1140-01';
const OWN1 = 'OWNLVL11';
const OWN2 = 'OWNLVL22';
const DEFAULT1 = 'DEFLVL11';
const DEFAULT2 = 'DEFAULT2';
const OWN3 = 'SECRET33';
const LIMIT = 120_000;

const stop: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stop.splice(0).reverse()) await s();
});

/** A TCP wiretap in front of `port`: everything the collector sends, as latin1 text. */
async function wiretap(port: number): Promise<{ link: string; sent(): string }> {
  const bytes: number[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const up = net.connect(port, '127.0.0.1');
    sockets.add(client).add(up);
    client.on('data', (b) => (bytes.push(...b), up.write(b)));
    up.on('data', (b) => client.write(b));
    const end = () => (client.destroy(), up.destroy());
    for (const s of [client, up]) s.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  stop.push(() => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))));
  return { link: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}?baud=9600`, sent: () => Buffer.from(bytes).toString('latin1') };
}

/** `meter` behind an emulated serial server on loopback, seen through a wiretap. */
async function atAddress(meter: EmulatedMeter) {
  const tcp = await startTcpMeters({ meters: [meter], port: 0, baud: 9600, reactionMs: 20 });
  stop.push(() => tcp.close());
  return wiretap(tcp.endpoints[0]!.port);
}

const a1140 = (serial: string, clockOffsetMs = 0) =>
  createEmulatedMeter({
    model: 'a1140', serial, deviceAddress: '', timeZone: 'Europe/London', powerFailure: null, seedRng: 5, clockOffsetMs,
    // The worst case: a device that accepts every password it is sent.
    passwords: { 1: OWN1, 2: OWN2, 3: OWN3 },
  });

/**
 * A store with meter REAL's own level-2 and level-3 passwords (and its own level-1 one when `own1`), and default
 * level-1 and level-2 ones; clock sets allowed.
 */
function workstation(own1: boolean): AppContext {
  const ctx: AppContext = { ...testContext(), links: createLinkRegistry([tcpLinkProvider()]) };
  if (own1) setCredential(ctx, { scope: 'meter', meterSerial: REAL, level: 1 }, OWN1, 'administrator');
  setCredential(ctx, { scope: 'default', level: 1 }, DEFAULT1, 'administrator');
  setCredential(ctx, { scope: 'default', level: 2 }, DEFAULT2, 'administrator');
  setCredential(ctx, { scope: 'meter', meterSerial: REAL, level: 2 }, OWN2, 'administrator');
  setCredential(ctx, { scope: 'meter', meterSerial: REAL, level: 3 }, OWN3, 'administrator');
  return ctx;
}

const policy: ClockPolicy = { referenceName: 'NTP test', offsetMs: 0, maxWorkstationOffsetMs: 2000, toleranceMs: 10_000, allowSet: true };

async function collect(ctx: AppContext, meter: { serial: string; link: string; dialect?: 'generic' | 'a1140' }) {
  const m = saveFleetMeter(ctx.db, { ...meter, timeZone: 'Europe/London' });
  const what = { ...DEFAULT_WHAT, firstDays: 1, events: false, clockSync: 'adjust-or-set' as const };
  const run = createRun(ctx.db, { scheduleId: null, label: 'auth', trigger: 'manual', what, retries: 0, backoffSeconds: 1, startedBy: 'test', meterIds: [m.id] });
  await runCollection(collectDepsOf(ctx, policy), run);
  const readings = (ctx.db.prepare('SELECT count(*) AS n FROM readings').get() as { n: number }).n;
  return { task: runDetail(ctx.db, run)!.tasks[0]!, readings };
}

/** The collector's sign-ons (`/?…!`), each with what followed it. */
const sessions = (sent: string) => sent.split('/?').slice(1);

describe('a device of another serial at a fleet meter\'s address', () => {
  it('an Elster fake gets only the meter\'s own level-1 sign-on: no P2, no default or level-3 password; the task fails plainly and is audited', { timeout: LIMIT }, async () => {
    const ctx = workstation(true);
    const fake = await atAddress(a1140('FAKE-A1140-99', 20 * 60_000));
    const { task, readings } = await collect(ctx, { serial: REAL, link: fake.link });
    expect(task).toMatchObject({ status: 'failed', errorCode: 'REFUSED' });
    expect(task.error).toBe(`The meter at ${fake.link} answered as serial FAKE-A1140-99, expected ${REAL}: no password beyond meter ${REAL}'s own level-1 password was sent and nothing was stored. Check the device address and the meter list.`);
    expect(readings).toBe(0);
    const sent = fake.sent();
    expect(sessions(sent)).toHaveLength(1); // no clock session, no re-sign-on
    expect(sent).toContain(`P1\x02(${OWN1})`);
    expect(sent).toContain('R1\x02798001');
    for (const secret of ['P2', DEFAULT1, DEFAULT2, OWN2, OWN3, 'W1']) expect(sent).not.toContain(secret);
    const [rec] = selectAudit(ctx.db, { action: 'collection.wrongMeter' });
    expect(rec).toMatchObject({ meterSerial: REAL, object: `link:${fake.link}` });
    expect(JSON.parse(rec!.summaryJson)).toEqual({
      after: { expected: REAL, seen: 'FAKE-A1140-99', link: fake.link, identification: expect.stringMatching(/^\/GEC/), sent: 'own level 1' },
    });
  });

  it('without the meter\'s own level-1 password nothing at all is sent to an Elster meter (never the default one)', { timeout: LIMIT }, async () => {
    const ctx = workstation(false);
    const fake = await atAddress(a1140('FAKE-A1140-99'));
    const { task, readings } = await collect(ctx, { serial: REAL, link: fake.link });
    expect(task).toMatchObject({ status: 'failed', errorCode: 'REFUSED' });
    expect(task.error).toMatch(new RegExp(`^No level-1 password of meter ${REAL} itself is stored\\. .*store meter ${REAL}'s own level-1 password\\. Nothing was sent\\.$`));
    expect(readings).toBe(0);
    expect(fake.sent()).not.toMatch(/P1|P2|DEFLVL11|DEFAULT2|OWNLVL22|SECRET33/);
  });

  it('a generic fake gets no password at all: the serial of its data readout is refused before the load profile\'s P1', { timeout: LIMIT }, async () => {
    const ctx = workstation(true);
    const [meter] = createFleetMeters(1, { prefix: 'FAKE-G', more: () => ({ deviceAddress: '', password: DEFAULT2 }) });
    const fake = await atAddress(meter!);
    const { task, readings } = await collect(ctx, { serial: 'REAL-G0001', link: fake.link });
    expect(task).toMatchObject({ status: 'failed', errorCode: 'REFUSED' });
    expect(task.error).toBe(`The meter at ${fake.link} answered as serial FAKE-G0001, expected REAL-G0001: no password was sent and nothing was stored. Check the device address and the meter list.`);
    expect(readings).toBe(0);
    expect(sessions(fake.sent())).toHaveLength(1);
    expect(fake.sent()).not.toMatch(/P1|P2|DEFLVL11|DEFAULT2/);
    expect(JSON.parse(selectAudit(ctx.db, { action: 'collection.wrongMeter' })[0]!.summaryJson).after).toMatchObject({ seen: 'FAKE-G0001', sent: 'none' });
  });
});

describe.skipIf(!hasSocat())('a swapped meter on an RS-485 bus (pty)', () => {
  it('the meter answering at the device address with another serial gets no password at all', { timeout: LIMIT }, async () => {
    const pair = await openPtyPair();
    stop.push(() => pair.close());
    const line = await openSerialTransport(pair.b);
    const heard: number[] = [];
    line.onData((c) => void heard.push(...c));
    // The meter list says REAL-B0001 is at address 0042; the meter wired there is SWAP-0001 (it would accept the password).
    const [swapped] = createFleetMeters(1, { prefix: 'SWAP-', more: () => ({ deviceAddress: '0042', password: 'BUSPASS2' }) });
    const bus = startBusMeters({ meters: [swapped!], line, reactionMs: 20 });
    stop.push(async () => (await bus.stop(), await line.close()));
    const links: LinkRegistry = createLinkRegistry([busLinkProvider(() => links), serialLinkProvider()]);
    const ctx: AppContext = { ...testContext(), links };
    setCredential(ctx, { scope: 'meter', meterSerial: 'REAL-B0001', level: 2 }, 'BUSPASS2', 'administrator');
    const link = `bus:${pair.a}#0042`;
    const { task, readings } = await collect(ctx, { serial: 'REAL-B0001', link });
    expect(task).toMatchObject({ status: 'failed', errorCode: 'REFUSED' });
    expect(task.error).toBe(`The meter at ${link} answered as serial SWAP-0001, expected REAL-B0001: no password was sent and nothing was stored. Check the device address and the meter list.`);
    expect(readings).toBe(0);
    const sent = Buffer.from(heard).toString('latin1');
    expect(sent).toContain('/?0042!');
    expect(sent).not.toMatch(/P1|BUSPASS2/);
  });
});

describe('the meter asked for', () => {
  it('an Elster meter is collected and its clock set: 798 is read before the P2 of the reading and of the set', { timeout: LIMIT }, async () => {
    const ctx = workstation(true);
    const real = await atAddress(a1140(REAL, 20 * 60_000));
    const { task, readings } = await collect(ctx, { serial: REAL, link: real.link });
    expect(task.error).toBeNull();
    expect(task).toMatchObject({ status: 'ok' });
    expect(task.clockAction).toMatch(/^set to /);
    expect(readings).toBe(1);
    const all = sessions(real.sent());
    expect(all).toHaveLength(3); // the reading, the identification read a second time (new meter), the clock
    const [reading, again, clock] = all;
    expect(again).toContain(`P1\x02(${OWN1})`);
    expect(again).not.toContain('P2');
    expect(reading!.indexOf('R1\x02798001')).toBeGreaterThan(reading!.indexOf(`P1\x02(${OWN1})`));
    expect(reading!.indexOf('P2')).toBeGreaterThan(reading!.indexOf('R1\x02798001'));
    expect(clock!.indexOf('R1\x02798001')).toBeGreaterThan(-1);
    expect(clock!.indexOf('P2')).toBeGreaterThan(clock!.indexOf('R1\x02798001'));
    expect(selectAudit(ctx.db, { action: 'clock.set' })).toHaveLength(1);
    expect(selectAudit(ctx.db, { action: 'collection.wrongMeter' })).toEqual([]);
  });

  it('a generic meter gets its P1 password only after its data readout named it', { timeout: LIMIT }, async () => {
    const ctx = workstation(true);
    setCredential(ctx, { scope: 'meter', meterSerial: 'REAL-G0001', level: 2 }, 'GENERIC2', 'administrator');
    const [meter] = createFleetMeters(1, { prefix: 'REAL-G', more: () => ({ deviceAddress: '', password: 'GENERIC2' }) });
    const real = await atAddress(meter!);
    const { task, readings } = await collect(ctx, { serial: 'REAL-G0001', link: real.link });
    expect(task.error).toBeNull();
    expect(task).toMatchObject({ status: 'ok' });
    expect(task.intervals).toBeGreaterThan(90);
    expect(readings).toBe(1);
    const [readout, ...programming] = sessions(real.sent());
    expect(readout).not.toContain('P1');
    expect(programming.join('')).toContain('P1\x02(GENERIC2)');
  });
});
