/**
 * Issue 14's bars, end to end over real ptys and sockets with `pmu` as child processes: an emulated substation —
 * 8 meters on an RS-485 bus (pty), 8 behind TCP servers (loopback sockets), 4 behind a dial-up modem (pty) — is
 * collected by `pmu collect`; a second run an hour later (the meters' clocks) fetches only the 4 new intervals of
 * each meter; and a collector killed mid-run and started again leaves every meter with every interval exactly once.
 * The emulators run in this process (their clocks are moved by the test); the wire between them and `pmu` is real.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBusMeters } from '../emulator/fleet/bus-meters';
import { startModem } from '../emulator/fleet/modem';
import { createSubstationMeters, modemNumber, substationEntries } from '../emulator/fleet/substation';
import { startTcpMeters } from '../emulator/fleet/tcp-meters';
import { hasSocat, openPtyPair } from '../links/serial/pty-pair';
import { openSerialTransport } from '../links/serial/transport';
import { pmu } from './testing/run-pmu';

let shift = 0;
const stops: (() => Promise<void>)[] = [];
let listCsv = '';

beforeAll(async () => {
  const meters = createSubstationMeters({ now: () => Date.now() + shift });
  const busPair = await openPtyPair();
  const modemPair = await openPtyPair();
  const busLine = await openSerialTransport(busPair.b);
  const modemLine = await openSerialTransport(modemPair.b);
  const bus = startBusMeters({ meters: meters.bus, line: busLine, reactionMs: 20 });
  const modem = startModem({ line: modemLine, meters: new Map(meters.modem.map((m, i) => [modemNumber(i + 1), m])), connectRate: 9600, dialMs: 200, guardMs: 1000, reactionMs: 20 });
  const tcp = await startTcpMeters({ meters: meters.tcp, port: 0, baud: 9600, reactionMs: 20 });
  stops.push(() => tcp.close(), async () => (await modem.stop(), await modemLine.close(), await modemPair.close()), async () => (await bus.stop(), await busLine.close(), await busPair.close()));
  const entries = substationEntries(meters, { busLine: busPair.a, modemLine: modemPair.a, tcpLinks: tcp.endpoints.map((e) => e.link) });
  const installed = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  listCsv = [
    'serial,link,meter_time_zone,region,substation,feeder,place,installed',
    ...entries.map((e) => `${e.serial},${e.link},Europe/London,Emulated,Emulated substation,${e.feeder},Place ${e.serial},${installed}`),
  ].join('\n');
}, 30_000);

afterAll(async () => {
  for (const s of stops.splice(0)) await s();
});

/** Stored load-profile intervals per meter: rows and distinct starts (channel 1). */
function intervalCounts(dbFile: string): Map<string, { n: number; d: number }> {
  const db = new BetterSqlite3(dbFile, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT m.serial, count(*) AS n, count(DISTINCT v.start_utc) AS d FROM readings r JOIN meters m ON m.id = r.meter_id
         JOIN load_profile_channels c ON c.reading_id = r.id AND c.channel_no = 1 JOIN load_profile_values v ON v.channel_id = c.id GROUP BY m.serial`,
      )
      .all() as { serial: string; n: number; d: number }[];
    return new Map(rows.map((r) => [r.serial, { n: r.n, d: r.d }]));
  } finally {
    db.close();
  }
}

function workspace(): { tmp: string; db: string } {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pmu-collect-'));
  writeFileSync(path.join(tmp, 'list.csv'), listCsv);
  return { tmp, db: path.join(tmp, 'data', 'pmu.sqlite') };
}

const COLLECT = ['collect', 'Emulated substation', '--what', 'registers,lp', '--backoff', '2', '--quiet'];

describe.skipIf(!hasSocat())('collecting an emulated substation over ptys and sockets', () => {
  it('stores every meter\'s registers and load profile; a second run fetches only the new intervals', async () => {
    const { tmp, db } = workspace();
    expect((await pmu(['meters', 'import', path.join(tmp, 'list.csv')], tmp).done).code).toBe(0);
    const first = await pmu(COLLECT, tmp).done;
    expect(first.stdout).toContain('20 of 20 meters collected, 0 failed');
    expect(first.code).toBe(0);
    const once = intervalCounts(db);
    expect(once.size).toBe(20);
    // One day back from a quarter-hour boundary: 97 intervals (98 when a quarter hour passes during the session).
    for (const [serial, c] of once) {
      expect(c.n, serial).toBe(c.d);
      expect([97, 98], serial).toContain(c.n);
    }

    shift += 3600_000; // the meters' clocks move on by an hour: 4 new intervals each
    const second = await pmu([...COLLECT, '--json'], tmp).done;
    expect(second.code).toBe(0);
    const run = JSON.parse(second.stdout) as { tasks: { serial: string; status: string; intervals: number; registers: number }[] };
    const twice = intervalCounts(db);
    for (const t of run.tasks) {
      expect([t.serial, t.status], t.serial).toEqual([t.serial, 'ok']);
      expect(t.registers, t.serial).toBeGreaterThan(30); // the readout's registers (billing periods since installation included)
      // Only the new hour (4 intervals, 5 across a boundary), nothing stored twice, nothing lost.
      expect([4, 5], t.serial).toContain(t.intervals);
      expect(twice.get(t.serial), t.serial).toEqual({ n: once.get(t.serial)!.n + t.intervals, d: once.get(t.serial)!.n + t.intervals });
    }

    // The gaps report: none open after two complete runs; a hole recorded in the store is listed with its size.
    expect((await pmu(['gaps'], tmp).done).stdout).toBe('0 open gaps.\n');
    const w = new BetterSqlite3(db);
    const s = w.prepare(`SELECT s.meter_id AS id, s.obis FROM lp_series s JOIN fleet_meters m ON m.id = s.meter_id WHERE m.serial = 'EMU-T0001' LIMIT 1`).get() as { id: number; obis: string };
    w.prepare(`INSERT INTO lp_gaps (meter_id, obis, from_utc, to_utc, status, found_utc) VALUES (?, ?, '2026-01-05T10:00:00.000Z', '2026-01-05T11:00:00.000Z', 'open', '2026-01-05T12:00:00.000Z')`).run(s.id, s.obis);
    w.close();
    const gaps = await pmu(['gaps', '--meter', 'EMU-T0001'], tmp).done;
    expect(gaps.stdout).toBe(`EMU-T0001 ${s.obis}: 2026-01-05T10:00:00.000Z … 2026-01-05T11:00:00.000Z, 4 intervals open\n1 open gap.\n`);
    const bad = await pmu(['gaps', '--status', 'closed'], tmp).done;
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--status must be open, filled, unavailable or all, not "closed".');
  }, 400_000);

  it('a collector killed mid-run and started again loses and duplicates no interval', async () => {
    const { tmp, db } = workspace();
    expect((await pmu(['meters', 'import', path.join(tmp, 'list.csv')], tmp).done).code).toBe(0);
    const killed = pmu(COLLECT, tmp);
    // Kill it once some meters are stored and others are not.
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      const stored = intervalCounts(db).size;
      if (stored >= 10) break;
    }
    killed.child.kill('SIGKILL');
    await killed.done;
    const partial = intervalCounts(db);
    expect(partial.size).toBeLessThan(20);

    const collector = pmu(['collector', '--poll', '1', '--quiet'], tmp);
    const check = new BetterSqlite3(db, { readonly: true });
    try {
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000));
        const run = check.prepare('SELECT status, resumed FROM collection_runs ORDER BY id LIMIT 1').get() as { status: string; resumed: number };
        if (run.status !== 'running') {
          expect(run).toEqual({ status: 'finished', resumed: 1 });
          break;
        }
      }
      const tasks = check.prepare('SELECT status, count(*) AS n FROM collection_tasks GROUP BY status').all();
      expect(tasks).toEqual([{ status: 'ok', n: 20 }]);
    } finally {
      check.close();
      collector.child.kill('SIGTERM');
      await collector.done;
    }
    const after = intervalCounts(db);
    expect(after.size).toBe(20);
    // Every meter: one day of intervals from its first collection, each stored once (rows = distinct starts).
    for (const [serial, c] of after) {
      expect(c.n, serial).toBe(c.d);
      expect(c.n, serial).toBeGreaterThanOrEqual(97);
    }
  }, 400_000);
});
