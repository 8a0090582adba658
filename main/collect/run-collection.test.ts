/**
 * The collector over real loopback TCP against emulated meters: every meter's registers and load profile stored,
 * a second run fetches only the new intervals, a meter that never answers and a refused connection are retried per
 * policy and fail with a plain error without holding up the others, and nothing is stored twice.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WHAT } from '../../contract/collection';
import { testContext } from '../auth/test-helpers';
import { createFleetMeters } from '../emulator/fleet/fleet-meters';
import { startTcpMeters, type TcpMeters } from '../emulator/fleet/tcp-meters';
import { tcpLinkProvider } from '../links/tcp/provider';
import { createRun, runDetail } from '../store/collection-runs';
import { saveFleetMeter } from '../store/fleet-meters';
import { listGaps, meterSeries } from '../store/lp-series';
import { runCollection } from './run-collection';
import { createLinkRegistry } from '../links/registry';

const stop: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stop.splice(0)) await s();
});

async function silentServer(): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => void sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  stop.push(() => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))));
  return (server.address() as net.AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const port = await silentServer();
  await stop.pop()!();
  return port;
}

describe('collector over TCP', () => {
  it('stores every meter, fetches only new intervals the second time, and retries then fails the broken ones plainly', async () => {
    const ctx = testContext();
    let shift = 0;
    // A running clock that starts in the middle of a quarter hour, so no interval boundary passes between the run's
    // start and the meters' answers however slow the machine is (the counts below are exact).
    const t0 = Date.now();
    const base = Math.floor(t0 / 900_000) * 900_000 + 450_000;
    const now = () => base + (Date.now() - t0) + shift;
    const meters = createFleetMeters(3, { prefix: 'EMU-T', now });
    const tcp: TcpMeters = await startTcpMeters({ meters, port: 0, baud: 19200, reactionMs: 20 });
    stop.push(() => tcp.close());
    const ids = tcp.endpoints.map((e) => saveFleetMeter(ctx.db, { serial: e.serial, link: e.link }).id);
    ids.push(saveFleetMeter(ctx.db, { serial: 'SILENT01', link: `tcp://127.0.0.1:${await silentServer()}` }).id);
    ids.push(saveFleetMeter(ctx.db, { serial: 'REFUSED1', link: `tcp://127.0.0.1:${await closedPort()}` }).id);
    const deps = { db: ctx.db, links: createLinkRegistry([tcpLinkProvider()]), timeZone: 'Europe/London', software: 'test', operator: 'collector (test)', now };
    const what = { ...DEFAULT_WHAT, clockCheck: false };
    const run = (label: string) => createRun(ctx.db, { scheduleId: null, label, trigger: 'manual', what, retries: 1, backoffSeconds: 1, startedBy: 'test', meterIds: ids });
    const events: string[] = [];

    const first = run('first');
    const counts = await runCollection(deps, first, { onProgress: (p) => p.meter && events.push(p.meter.message) });
    expect(counts).toMatchObject({ total: 5, ok: 3, failed: 2 });
    const detail = runDetail(ctx.db, first)!;
    expect(detail.status).toBe('finished');
    const bySerial = Object.fromEntries(detail.tasks.map((t) => [t.serial, t]));
    // One day back from a quarter-hour boundary: 96 intervals, and the one ending at that boundary (the meter sends
    // the intervals whose capture time, their end, is at or after the start asked for).
    for (const e of tcp.endpoints) expect(bySerial[e.serial]).toMatchObject({ status: 'ok', intervals: 97, attempts: 1 });
    expect(bySerial.SILENT01).toMatchObject({ status: 'failed', attempts: 2, errorCode: 'NO_ANSWER' });
    expect(bySerial.SILENT01!.error).toBe(
      'No answer from the meter (waiting for the identification). Check that the meter is powered and wired to the serial server or modem, the line speed (baud) of the link, and the device address.',
    );
    expect(bySerial.REFUSED1).toMatchObject({ status: 'failed', attempts: 2, errorCode: 'LINK_LOST' });
    expect(bySerial.REFUSED1!.error).toMatch(/refused the connection: nothing listens on that port/);
    expect(events.some((m) => /^SILENT01: .*\(retry 1 of 1 at /.test(m))).toBe(true);

    shift = 3600_000; // one hour later on the meters' and the collector's clocks
    const second = run('second');
    await runCollection(deps, second);
    const again = runDetail(ctx.db, second)!.tasks.filter((t) => t.status === 'ok');
    expect(again.map((t) => t.intervals)).toEqual([4, 4, 4]);
    // Every interval once: the stored count per meter equals the number of distinct interval starts.
    for (const e of tcp.endpoints) {
      const row = ctx.db
        .prepare(
          `SELECT count(*) AS n, count(DISTINCT v.start_utc) AS d FROM readings r JOIN meters m ON m.id = r.meter_id
           JOIN load_profile_channels c ON c.reading_id = r.id AND c.channel_no = 1 JOIN load_profile_values v ON v.channel_id = c.id WHERE m.serial = ?`,
        )
        .get(e.serial) as { n: number; d: number };
      expect(row).toEqual({ n: 101, d: 101 });
    }
    const series = meterSeries(ctx.db, ids[0]!);
    expect(series.every((s) => s.intervals === 101)).toBe(true);
    expect(listGaps(ctx.db)).toEqual([]);
  }, 60_000);
});
