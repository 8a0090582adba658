/**
 * Issue 11.6: the identification line has no checksum, and a dropped byte was stored as the model. Over a real pty
 * (the meter seen as a serial port): a byte dropped from the identification is caught by the second sign-on and
 * nothing is stored; a clean first reading is confirmed by a second sign-on; a known meter is not signed on twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError } from '../../protocol/iec62056-21/errors';
import type { AppContext } from '../core/context';
import { createEmulatedMeter, pacedTransport, runMeterOnTransport, type Fault, type RunningMeter } from '../emulator';
import { hasSocat, openPtyPair, type PtyPair } from '../links/serial/pty-pair';
import { openSerialTransport } from '../links/serial/transport';
import { listReadings } from '../store/readings';
import { createAppContext } from './app-context';
import { readMeter } from './read-meter';

const TZ = 'Europe/London';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rig(faults: Fault[] = []): Promise<{ ctx: AppContext; pair: PtyPair; signOns: () => number }> {
  const pair = await openPtyPair();
  const end = await openSerialTransport(pair.b, { format: '7E1' });
  let signOns = 0;
  end.onData((c) => (signOns += Buffer.from(c).toString('latin1').split('/?').length - 1));
  const meter = createEmulatedMeter({ timeZone: TZ, powerFailure: null, now: () => Date.UTC(2025, 2, 31, 10, 0, 0) });
  const running: RunningMeter = runMeterOnTransport(meter, pacedTransport(end), { faults, reactionTimeMs: 20 });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pmu-ident-'));
  const ctx = createAppContext({ dbPath: ':memory:', resDir: tmp, timeZone: TZ });
  cleanups.push(async () => {
    await running.stop();
    await end.close();
    await pair.close();
    ctx.db.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  return { ctx, pair, signOns: () => signOns };
}

const read = (ctx: AppContext, pair: PtyPair) => readMeter(ctx, { port: pair.a, meter: 'generic', line: '7E1', loadProfile: false, resOut: false }, () => undefined);

describe.skipIf(!hasSocat())('the identification is cross-checked before it is stored', () => {
  it('a byte dropped from the identification: the second sign-on disagrees, nothing is stored', { timeout: 120_000 }, async () => {
    const r = await rig([{ fault: 'drop-byte', when: { answerIndex: 1 }, offset: 7 }]);
    const e = await read(r.ctx, r.pair).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as ProtocolError).code).toBe('GARBLED');
    expect((e as ProtocolError).message).toMatch(/^The meter identified itself differently on a second sign-on \("\/[^"]+", then "\/[^"]+"\)\. The identification line has no checksum.*nothing was stored/);
    expect(listReadings(r.ctx.db)).toHaveLength(0);
  });

  it('a new meter is signed on twice and stored; read again, it is known and signed on once', { timeout: 120_000 }, async () => {
    const r = await rig();
    const first = await read(r.ctx, r.pair);
    expect(r.signOns()).toBe(2);
    expect(first.notes.filter((n) => /identif/i.test(n))).toEqual([]);
    await read(r.ctx, r.pair);
    expect(r.signOns()).toBe(3);
    expect(listReadings(r.ctx.db)).toHaveLength(2);
  });
});
