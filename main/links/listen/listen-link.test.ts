import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import { PushMeter, runPushMeter, type RunningPushMeter } from '../../emulator/push';
import { createAppContext } from '../../services/app-context';
import { readMeter } from '../../services/read-meter';
import { getReading, listReadings } from '../../store/readings';
import { openSerialTransport } from '../serial/transport';
import { hasSocat, openPtyPair, type PtyPair } from '../serial/pty-pair';

/**
 * Listen mode over real pty pairs (socat): the push emulator (main/emulator/push/) sends on one end at its real
 * speed (paced, 10 bits a character), `readMeter` listens on the other through the link registry's listen
 * provider and stores the reading with source `push`. A pty carries no line speed, so the wrong-speed case has
 * the emulator send what a UART at the listener's speed would hear (`heardAtBaud`, main/emulator/uart.ts).
 */
const TZ = 'Europe/Berlin';
const describePty = hasSocat() ? describe : describe.skip;

describePty('listening to push meters over a pty', () => {
  let pair: PtyPair;
  let dir: string;
  let meter: RunningPushMeter | null = null;
  let far: Awaited<ReturnType<typeof openSerialTransport>> | null = null;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pmu-listen-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await meter?.stop();
    await far?.close();
    await pair?.close();
    meter = null;
    far = null;
  });

  async function start(push: PushMeter, heardAtBaud?: number) {
    pair = await openPtyPair();
    far = await openSerialTransport(pair.b, { format: '7E1' });
    meter = runPushMeter(push, far, { firstAfterMs: 200, ...(heardAtBaud === undefined ? {} : { heardAtBaud }) });
  }

  it('at 2400 baud: an A1100-style telegram with its BCC, stored as a push reading with its registers', async () => {
    await start(new PushMeter({ model: 'a1100', intervalMs: 1500 }));
    const ctx = createAppContext({ dbPath: ':memory:', resDir: dir, timeZone: TZ });
    const progress: string[] = [];
    const o = await readMeter(ctx, { port: pair.a, listen: { baud: 2400, telegrams: 1, timeoutSeconds: 10 } }, (p) => progress.push(p.message));
    const r = getReading(ctx.db, o.readingId)!;
    expect(listReadings(ctx.db)[0]?.source).toBe('push');
    expect([r.session.mode, r.session.baud, r.meter.manufacturer, r.meter.serial]).toEqual(['D', 2400, 'ELS', '12345678']);
    const energy = r.registers.find((g) => g.code === '1.8.0')!;
    expect([energy.unit, energy.value! > 12_000]).toEqual(['kWh', true]);
    expect(r.registers.find((g) => g.code === 'F.F.0')?.text).toBe('00000000');
    expect(r.notes.some((n) => /checksum/i.test(n.message))).toBe(false);
    expect(progress.some((m) => /Listening at 2400 baud 7E1/.test(m))).toBe(true);
    expect(o.resPath).toMatch(/\.RES$/);
    ctx.db.close();
  }, 20_000);

  it('at 9600 baud: three eHZ-style telegrams (no checksum), the last one’s registers and a short load profile', async () => {
    await start(new PushMeter({ model: 'push', intervalMs: 600 }));
    const ctx = createAppContext({ dbPath: ':memory:', resDir: dir, timeZone: TZ });
    const o = await readMeter(ctx, { port: `listen:${pair.a}`, resOut: false, listen: { baud: 9600, telegrams: 3, timeoutSeconds: 10 } }, () => undefined);
    const r = getReading(ctx.db, o.readingId)!;
    expect([r.session.baud, r.meter.identification, r.meter.serial]).toEqual([9600, '/ESY5Q3DA1004 V3.04', '1ESY1160123456']);
    expect(r.registers.map((g) => g.code)).toEqual(['0.0.0', '1.8.0', '21.7.255', '41.7.255', '61.7.255', '1.7.255', '96.5.5', '96.1.255']);
    expect(r.registers.find((g) => g.code === '1.7.255')?.unit).toBe('W');
    expect(r.notes.some((n) => /No checksum/.test(n.message))).toBe(true);
    expect(r.loadProfile?.channels.map((c) => c.unit)).toEqual(['W', 'W', 'W', 'W']);
    expect(r.loadProfile?.periodMinutes).toBe(1);
    expect(r.loadProfile!.intervals.length).toBeGreaterThanOrEqual(1);
    ctx.db.close();
  }, 20_000);

  it('at the wrong speed: the plain "noise at the wrong speed" answer, nothing stored', async () => {
    await start(new PushMeter({ model: 'a1100', baud: 2400, intervalMs: 800 }), 9600);
    const ctx = createAppContext({ dbPath: ':memory:', resDir: dir, timeZone: TZ });
    const err = await readMeter(ctx, { port: pair.a, resOut: false, listen: { baud: 9600, timeoutSeconds: 3 } }, () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).code).toBe('GARBLED');
    expect((err as Error).message).toMatch(/noise at the wrong speed.*try 2400 or 4800 baud/);
    expect(listReadings(ctx.db)).toHaveLength(0);
    ctx.db.close();
  }, 20_000);

  it('nothing at all: says nothing was heard', async () => {
    pair = await openPtyPair();
    const ctx = createAppContext({ dbPath: ':memory:', resDir: dir, timeZone: TZ });
    const err = await readMeter(ctx, { port: pair.a, resOut: false, listen: { timeoutSeconds: 1 } }, () => undefined).catch((e: unknown) => e);
    expect((err as ProtocolError).code).toBe('NO_ANSWER');
    expect((err as Error).message).toMatch(/^Nothing was heard in 1 s/);
    ctx.db.close();
  }, 10_000);
});

describe('listening to the built-in push meters (in-memory link)', () => {
  it('emulator:push is listened to without --listen; a listener at the wrong speed hears noise', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pmu-listen-'));
    const ctx = createAppContext({ dbPath: ':memory:', resDir: dir, timeZone: TZ });
    try {
      const o = await readMeter(ctx, { port: 'emulator:push', resOut: false, listen: { baud: 9600 } }, () => undefined);
      expect(getReading(ctx.db, o.readingId)?.registers.length).toBe(8);
      const err = await readMeter(ctx, { port: 'emulator:push', resOut: false, listen: { baud: 2400, timeoutSeconds: 4 } }, () => undefined).catch((e: unknown) => e);
      expect((err as ProtocolError).code).toBe('GARBLED');
    } finally {
      ctx.db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
