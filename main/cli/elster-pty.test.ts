import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasSocat, openPtyPair, type PtyPair } from '../links/serial/pty-pair';
import { openDatabase } from '../store/db';
import { getReading, listReadings } from '../store/readings';
import { pmu, simulate } from './testing/run-pmu';

/**
 * Issue 10's read bar, as a technician runs it: `pmu simulate --meter a1140|a1700` on one end of a socat pty pair
 * (8N1; the client sees a serial port, not a built-in meter), drawing a constant 1 kW, and `pmu read` on the other
 * end for one whole local day of load profile in a DST zone (Europe/Brussels) — the day of the last DST change
 * when the meter still holds it (23 or 25 hours), else yesterday. Every 30-minute interval must be 1 kW average
 * demand (0.5 kWh), in kW, at the right UTC instant; the reading records which value decoding was used
 * (A1140 24-bit binary, A1700 BCD: docs/elster-sources.md).
 */

const TZ = 'Europe/Brussels';
const LIMIT = 180_000;

/** The local day to read: the newest DST change within the last 90 days, else yesterday. */
function dayToRead(): DateTime {
  const today = DateTime.now().setZone(TZ).startOf('day');
  for (let d = 1; d <= 90; d++) {
    const day = today.minus({ days: d });
    if (day.offset !== day.endOf('day').offset) return day;
  }
  return today.minus({ days: 1 });
}

describe.skipIf(!hasSocat())('pmu read of pmu simulate --meter a1140 / a1700 over a pty pair (8N1), constant 1 kW', () => {
  let tmp: string;
  let pair: PtyPair;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pmu-elster-pty-'));
    pair = await openPtyPair();
  });
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGTERM');
    await pair.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const [model, decoding] of [['a1140', /24-bit binary/], ['a1700', /BCD/]] as const) {
    it(`${model}: one day of load profile, 1 kW per 30-min interval, UTC times right across the day`, { timeout: LIMIT }, async () => {
      children.push((await simulate(['--port', pair.b, '--meter', model, '--tz', TZ, '--consumption', 'constant', '--no-outage', '--reaction-ms', '20'], tmp)).child);
      const day = dayToRead();
      const db = path.join(tmp, 'store.sqlite');
      const date = day.toFormat('yyyy-MM-dd');
      const run = await pmu(['read', '--port', pair.a, '--meter', model, '--password', '00000000', '--profile-from', date, '--profile-to', date, '--db', db, '--no-res'], tmp, { PMU_TIME_ZONE: TZ }).done;
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Load profile P\.01: \d+ intervals of 30 min, channels 1\.5\.0 \(kW\), 2\.5\.0 \(kW\)$/m);

      const store = openDatabase(db);
      try {
        const reading = getReading(store, listReadings(store)[0]!.id)!;
        const lp = reading.loadProfile!;
        expect(lp.channels).toEqual([{ obis: '1.5.0', unit: 'kW' }, { obis: '2.5.0', unit: 'kW' }]);
        const ofDay = lp.intervals.filter((i) => i.startLocal.startsWith(date));
        const hours = day.endOf('day').plus({ milliseconds: 1 }).diff(day, 'hours').hours; // 23, 24 or 25
        expect(ofDay).toHaveLength(hours * 2);
        ofDay.forEach((iv, k) => {
          // k-th half hour after local midnight, in UTC: the real zone rule decides (luxon), not the meter's flag
          const start = day.toUTC().plus({ minutes: 30 * k });
          expect(iv.startUtc).toBe(start.toISO());
          expect(iv.endUtc).toBe(start.plus({ minutes: 30 }).toISO());
          expect(iv.dst).toBe(start.setZone(TZ).isInDST);
          expect(iv.values).toEqual([1, 0]); // 1 kW average demand over 30 min = 0.5 kWh
        });
        expect(ofDay.reduce((kWh, iv) => kWh + iv.values[0]! * 0.5, 0)).toBeCloseTo(hours, 9);
        expect(reading.notes.map((n) => n.message).join('\n')).toMatch(decoding);
        expect(reading.session.timeZone).toBe(TZ);
      } finally {
        store.close();
      }
    });
  }
});
