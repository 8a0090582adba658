/**
 * Issue 14's faults in one collection run over real ptys: on an RS-485 bus two meters answer the same address
 * (garbled answer) beside a good meter; behind a Hayes modem one number is BUSY beside a good one. Each fault is a
 * plain error for that meter only, retried per the run's policy; the good meters are collected; nothing of the
 * failed meters is stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WHAT } from '../../contract/collection';
import { testContext } from '../auth/test-helpers';
import { startBusMeters } from '../emulator/fleet/bus-meters';
import { createFleetMeters } from '../emulator/fleet/fleet-meters';
import { startModem } from '../emulator/fleet/modem';
import { createLinkRegistry } from '../links/registry';
import { busLinkProvider } from '../links/bus/provider';
import { modemLinkProvider } from '../links/modem/provider';
import { hasSocat, openPtyPair } from '../links/serial/pty-pair';
import { serialLinkProvider } from '../links/serial/provider';
import { openSerialTransport } from '../links/serial/transport';
import type { LinkRegistry } from '../links/types';
import { createRun, runDetail } from '../store/collection-runs';
import { saveFleetMeter } from '../store/fleet-meters';
import { runCollection } from './run-collection';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe.skipIf(!hasSocat())('line faults in a collection run', () => {
  it('a collision on the bus and a busy modem number fail only their meters, plainly, after the retries', async () => {
    const busPair = await openPtyPair();
    const modemPair = await openPtyPair();
    cleanup.push(() => busPair.close(), () => modemPair.close());
    // EMU-B0003 answers to EMU-B0002's address as well: both reply to that sign-on at once. They stay quiet
    // afterwards (no automatic data readout) so the retry meets the same collision, not a bus still busy.
    const busMeters = createFleetMeters(3, { prefix: 'EMU-B', more: (i) => (i === 3 ? { deviceAddress: 'EMU-B0002' } : {}) });
    const busLine = await openSerialTransport(busPair.b);
    const bus = startBusMeters({ meters: busMeters, line: busLine, reactionMs: 20, session: { autoReadoutAfterMs: null } });
    cleanup.push(async () => (await bus.stop(), await busLine.close()));
    const [m1, m2] = createFleetMeters(2, { prefix: 'EMU-M' });
    const modemLine = await openSerialTransport(modemPair.b);
    const modem = startModem({ line: modemLine, meters: new Map([['0101', m1!], ['0102', m2!]]), busy: new Set(['0102']), dialMs: 100, guardMs: 300, reactionMs: 20 });
    cleanup.push(async () => (await modem.stop(), await modemLine.close()));
    const links: LinkRegistry = createLinkRegistry([busLinkProvider(() => links), modemLinkProvider(() => links, { guardMs: 300 }), serialLinkProvider()]);

    const ctx = testContext();
    const ids = [
      saveFleetMeter(ctx.db, { serial: 'EMU-B0001', link: `bus:${busPair.a}#EMU-B0001` }),
      saveFleetMeter(ctx.db, { serial: 'EMU-B0002', link: `bus:${busPair.a}#EMU-B0002` }),
      saveFleetMeter(ctx.db, { serial: 'EMU-M0001', link: `modem:${modemPair.a}#0101` }),
      saveFleetMeter(ctx.db, { serial: 'EMU-M0002', link: `modem:${modemPair.a}#0102` }),
    ].map((m) => m.id);
    const what = { ...DEFAULT_WHAT, loadProfile: false, clockCheck: false };
    const run = createRun(ctx.db, { scheduleId: null, label: 'faults', trigger: 'manual', what, retries: 1, backoffSeconds: 1, startedBy: 'test', meterIds: ids });
    const counts = await runCollection({ db: ctx.db, links, timeZone: 'Europe/London', software: 'test', operator: 'collector (test)' }, run);

    expect(counts).toMatchObject({ total: 4, ok: 2, failed: 2 });
    const t = Object.fromEntries(runDetail(ctx.db, run)!.tasks.map((x) => [x.serial, x]));
    expect(t['EMU-B0001']).toMatchObject({ status: 'ok', attempts: 1 });
    expect(t['EMU-M0001']).toMatchObject({ status: 'ok', attempts: 1 });
    expect(t['EMU-M0002']).toMatchObject({ status: 'failed', attempts: 2, errorCode: 'BUSY', error: 'The line of 0102 is busy (BUSY). It is tried again later.' });
    expect(t['EMU-B0002']).toMatchObject({ status: 'failed', attempts: 2 });
    expect(['GARBLED', 'BAD_BCC', 'NO_ANSWER', 'STOPPED_ANSWERING', 'METER_ERROR']).toContain(t['EMU-B0002']!.errorCode);
    expect(t['EMU-B0002']!.error!.length).toBeGreaterThan(20);
    // The words point at the likely cause on a bus: a second meter with the same device address answering at once.
    if (t['EMU-B0002']!.errorCode !== 'METER_ERROR') expect(t['EMU-B0002']!.error).toMatch(/answering at once/);
    expect(bus.collisions()).toBeGreaterThan(0);
    expect(modem.calls()).toEqual(['0101']); // connected calls: the busy number never connected
    // Only the collected meters have readings; neither failed meter left anything behind.
    const stored = (ctx.db.prepare('SELECT m.serial FROM readings r JOIN meters m ON m.id = r.meter_id ORDER BY m.serial').all() as { serial: string }[]).map((r) => r.serial);
    expect(stored).toEqual(['EMU-B0001', 'EMU-M0001']);
  }, 120_000);
});
