import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasSocat, openPtyPair, type PtyPair } from '../links/serial/pty-pair';
import { openDatabase } from '../store/db';
import { getReading, listReadings } from '../store/readings';
import { errorLines, pmu, simulate, TEST_TZ } from './testing/run-pmu';

/**
 * `pmu read` / `pmu time` / `pmu simulate` for the Elster dialect as a technician runs them: real child
 * processes (TypeScript entry through tsx), the built-in `emulator:a1140` port, and `pmu simulate --meter a1140`
 * on one end of a socat pty pair (8N1 on both ends by default for --meter a1140).
 */
const TZ = TEST_TZ;

describe('pmu read / time / simulate with the Elster dialect', () => {
  let tmp: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pmu-meter-cli-'));
  });
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('pmu read --port emulator:a1140 --password (the old name of --meter-password) … --profile-from/--profile-to --events: stored, counter and events shown', async () => {
    const db = path.join(tmp, 'store.sqlite');
    const day = DateTime.now().setZone(TZ).minus({ days: 1 }).toFormat('yyyy-MM-dd');
    const run = await pmu(['read', '--port', 'emulator:a1140', '--password', '00000000', '--profile-from', day, '--profile-to', day, '--events', '--db', db, '--no-res'], tmp).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/--password is the old name of --meter-password \(the meter's password\); it still works/);
    expect(run.stderr).toMatch(/Elster A1140 recognised from the identification/);
    expect(run.stdout).toMatch(/^Identified {3}\/GEC510051000000/m);
    expect(run.stdout).toMatch(/^Programming counter {2}0, never programmed$/m);
    expect(run.stdout).toMatch(/^Events \(21 records\)$/m); // 12 groups of 544, 9 event logs 691…701
    expect(run.stdout).toMatch(/^  Power failures +count +1  last \d{4}-\d\d-\d\d 13:07:00$/m);
    expect(run.stdout).toMatch(/^Load profile P\.01: \d+ intervals of 30 min, channels 1\.5\.0 \(kW\), 2\.5\.0 \(kW\)$/m);
    const store = openDatabase(db);
    try {
      const [summary] = listReadings(store);
      const reading = getReading(store, summary!.id)!;
      const days = new Set(reading.loadProfile!.intervals.map((i) => i.startLocal.slice(0, 10)));
      expect(days.has(day)).toBe(true);
      expect(reading.loadProfile!.intervals.filter((i) => i.startLocal.startsWith(day))).toHaveLength(DateTime.fromISO(day, { zone: TZ }).endOf('day').diff(DateTime.fromISO(day, { zone: TZ }), 'hours').hours > 24 ? 50 : 48);
      expect(reading.registers.find((r) => r.code === 'C.2.0')?.value).toBe(0);
    } finally {
      store.close();
    }
  }, 60_000);

  it('usage errors: a short Elster password, --profile-all with a range, --set with --adjust', async () => {
    const short = await pmu(['read', '--port', 'emulator:a1140', '--meter', 'a1140', '--meter-password', 'abc', '--no-res', '--db', path.join(tmp, 's.sqlite')], tmp).done;
    expect(errorLines(short.stderr)).toEqual(['pmu: An Elster meter password has exactly 8 characters; the one given has 3.']);
    const both = await pmu(['read', '--port', 'emulator', '--profile-all', '--profile-from', '2025-01-01'], tmp).done;
    expect(errorLines(both.stderr)).toEqual(['pmu: Choose either --profile-all or a range (--profile-from / --profile-to), not both.']);
    const twice = await pmu(['time', '--port', 'emulator', '--set', '--adjust'], tmp).done;
    expect([twice.code, errorLines(twice.stderr)]).toEqual([1, ['pmu: Choose either --set or --adjust, not both.']]);
  }, 60_000);

  describe.skipIf(!hasSocat())('over a pty pair with pmu simulate --meter a1140', () => {
    let pair: PtyPair;
    beforeEach(async () => {
      pair = await openPtyPair();
    });
    afterEach(async () => {
      for (const c of children.splice(0)) c.kill('SIGTERM');
      await pair.close();
    });

    const time = async (args: string[]) => {
      const run = await pmu(['time', '--port', pair.a, '--meter', 'a1140', ...args], tmp).done;
      expect(run.code, run.stderr).toBe(0);
      return run.stdout;
    };

    it('pmu time shows the drift; --adjust (level 1) reduces it; --set (level 3) and both leave the programming counter alone', async () => {
      const sim = await simulate(
        ['--port', pair.b, '--meter', 'a1140', '--tz', TZ, '--password1', 'LEVEL1PW', '--password2', 'LEVEL2PW', '--password3', 'LEVEL3PW', '--clock-offset', '120', '--creep', 'all', '--faults', 'corrupt-byte:on=R1'],
        tmp,
      );
      children.push(sim.child);
      const before = JSON.parse(await time(['--meter-password', 'LEVEL1PW', '--password-level', '1', '--json'])) as { driftMs: number; serial: string };
      expect(before.serial).toBe('EMU-A1140-0001');
      expect(before.driftMs).toBeGreaterThan(115_000);
      expect(sim.log()).toMatch(/^\[fault\] changed byte \d+ from 0x[0-9a-f]{2} to 0x[0-9a-f]{2} of answer \d+ \(R1\)$/m);

      expect(await time(['--meter-password', 'LEVEL1PW', '--adjust'])).toMatch(/^Clock adjust requested: correct (1 min 5\d s|2 min( [0-5] s)?) \(meter was (1 min 5\d s|2 min( [0-5] s)?) fast\)/m);
      const after = JSON.parse(await time(['--meter-password', 'LEVEL2PW', '--password-level', '2', '--json'])) as { driftMs: number };
      expect(Math.abs(after.driftMs)).toBeLessThan(5000);

      expect(await time(['--meter-password', 'LEVEL2PW', '--password-level', '2', '--set', '--level3-password', 'LEVEL3PW'])).toMatch(
        /^Programming counter {2}0 before, 0 after \(unchanged: a time set is not a reprogramming\)$/m,
      );
      const read = await pmu(['read', '--port', pair.a, '--meter', 'a1140', '--meter-password', 'LEVEL2PW', '--no-profile', '--no-res', '--db', path.join(tmp, 'r.sqlite')], tmp).done;
      expect(read.code, read.stderr).toBe(0);
      expect(read.stdout).toMatch(/^Programming counter {2}0, never programmed$/m);
    }, 120_000);

    it('an adjust beyond 7.5 min is refused: one plain line saying a level 3 set is needed', async () => {
      children.push((await simulate(['--port', pair.b, '--meter', 'a1140', '--tz', TZ, '--clock-offset', '600'], tmp)).child);
      const run = await pmu(['time', '--port', pair.a, '--meter', 'a1140', '--meter-password', '00000000', '--adjust'], tmp).done;
      expect(run.code).toBe(1);
      // The meter counts whole seconds: 600 s fast reads as 9 min 59 s … 10 min 1 s.
      expect(errorLines(run.stderr)).toEqual([
        expect.stringMatching(/^pmu: The meter clock is (9 min 59 s|10 min|10 min 1 s) fast; a clock adjust may correct at most 7 min 30 s in total\. Set the clock instead \(this needs the security level 3 password\)\.$/),
      ]);
    }, 60_000);
  });
});
