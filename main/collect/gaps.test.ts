/**
 * Gap-free load profiles (issue 14 item 4) through the collector over loopback TCP: a hole in what a meter sent is
 * found as a gap per meter and channel, asked for again on the next run and filled when the meter has the intervals;
 * a hole the meter itself has (a power failure: no intervals recorded) is marked "unavailable" after the meter was
 * asked for it, and the gaps report says both.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WHAT } from '../../contract/collection';
import { testContext } from '../auth/test-helpers';
import { createFleetMeters } from '../emulator/fleet/fleet-meters';
import { startTcpMeters } from '../emulator/fleet/tcp-meters';
import type { GenericMeter } from '../emulator/generic/meter';
import { createLinkRegistry } from '../links/registry';
import { tcpLinkProvider } from '../links/tcp/provider';
import { collectionDashboard } from '../store/collection-dashboard';
import { createRun, runDetail } from '../store/collection-runs';
import { saveFleetMeter } from '../store/fleet-meters';
import { listGaps } from '../store/lp-series';
import { runCollection } from './run-collection';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

const HOUR = 3600_000;

/** `meter`, whose first load-profile answer leaves out 2 h in the middle (as a meter that lost a block once). */
function forgetfulOnce(meter: GenericMeter, holeStartMs: number): GenericMeter {
  let first = true;
  const programming = {
    ...meter.programming,
    read: (dataSet: string) => {
      if (!first || !/^P\.01\(/.test(dataSet)) return meter.programming.read(dataSet);
      first = false;
      const stamp = (ms: number) => `${meter.clock.local(ms).dst ? 1 : 0}${meter.clock.stamp(ms)}`;
      const from = /^P\.01\(([^;]*);/.exec(dataSet)![1]!;
      const before = meter.loadProfileAnswer(`P.01(${from};${stamp(holeStartMs)})`) ?? '';
      const after = meter.loadProfileAnswer(`P.01(${stamp(holeStartMs + 2 * HOUR + 15 * 60_000)};)`) ?? '';
      return before + after;
    },
  };
  return Object.assign(Object.create(meter) as GenericMeter, { programming });
}

describe('gaps', () => {
  it('finds a hole per meter and channel, fills it from the meter on the next run, and marks a power failure unavailable', async () => {
    const ctx = testContext();
    const now = Date.now();
    const outageStart = Math.floor((now - 10 * HOUR) / (15 * 60_000)) * 15 * 60_000 + 7 * 60_000;
    const [plain, outage] = createFleetMeters(2, { prefix: 'EMU-G', more: (i) => (i === 2 ? { powerFailure: { startUtcMs: outageStart, durationMinutes: 60 } } : {}) });
    const holeStart = Math.floor((now - 6 * HOUR) / (15 * 60_000)) * 15 * 60_000;
    const tcp = await startTcpMeters({ meters: [forgetfulOnce(plain!, holeStart), outage!], port: 0, baud: 19200, reactionMs: 20 });
    stops.push(() => tcp.close());
    const ids = tcp.endpoints.map((e) => saveFleetMeter(ctx.db, { serial: e.serial, link: e.link, timeZone: 'Europe/London' }).id);
    const deps = { db: ctx.db, links: createLinkRegistry([tcpLinkProvider()]), timeZone: 'Europe/London', software: 'test', operator: 'collector (test)' };
    const what = { ...DEFAULT_WHAT, clockCheck: false };
    const run = () => createRun(ctx.db, { scheduleId: null, label: 'gaps', trigger: 'manual', what, retries: 0, backoffSeconds: 1, startedBy: 'test', meterIds: ids });

    await runCollection(deps, run());
    const found = listGaps(ctx.db, { status: 'open' });
    const byMeter = (serial: string) => found.filter((g) => g.serial === serial);
    // Meter 1: 8 intervals (2 h) missing on each of its channels.
    expect(byMeter('EMU-G0001').length).toBeGreaterThanOrEqual(1);
    for (const g of byMeter('EMU-G0001')) expect([g.fromUtc, g.intervals]).toEqual([new Date(holeStart).toISOString(), 8]);
    // Meter 2: the power failure left intervals out of the meter's own profile.
    expect(byMeter('EMU-G0002').length).toBeGreaterThanOrEqual(1);
    const dash = collectionDashboard(ctx.db);
    expect(dash.find((d) => d.serial === 'EMU-G0001')).toMatchObject({ openGaps: byMeter('EMU-G0001').length, missingIntervals: 8 * byMeter('EMU-G0001').length });

    const second = run();
    await runCollection(deps, second);
    const tasks = runDetail(ctx.db, second)!.tasks;
    expect(tasks.find((t) => t.serial === 'EMU-G0001')!.backfilled).toBe(8 * byMeter('EMU-G0001').length);
    expect(listGaps(ctx.db, { status: 'open' })).toEqual([]);
    const after = listGaps(ctx.db);
    expect(after.filter((g) => g.serial === 'EMU-G0001').every((g) => g.status === 'filled')).toBe(true);
    expect(after.filter((g) => g.serial === 'EMU-G0002').every((g) => g.status === 'unavailable')).toBe(true);
    // Every interval once.
    const row = ctx.db
      .prepare(
        `SELECT count(*) AS n, count(DISTINCT v.start_utc) AS d FROM readings r JOIN meters m ON m.id = r.meter_id
         JOIN load_profile_channels c ON c.reading_id = r.id AND c.channel_no = 1 JOIN load_profile_values v ON v.channel_id = c.id WHERE m.serial = 'EMU-G0001'`,
      )
      .get() as { n: number; d: number };
    expect(row.n).toBe(row.d);
  }, 90_000);
});
