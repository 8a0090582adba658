import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newScheme } from '../../schemes/model';
import { serializeScheme } from '../../schemes/scheme-file';
import { pmu } from './testing/run-pmu';

/** `pmu scheme simulate` as a child process (TypeScript entry through tsx), on scheme files written here. */
const tmp = mkdtempSync(path.join(tmpdir(), 'pmu-scheme-simulate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
};
const run = (args: string[]) => pmu(['scheme', 'simulate', ...args], tmp).done;

// newScheme: weekday 00:00 night (2), 07:00 day (1), 23:00 night; weekend all day rate 3. 2027 has 261 weekdays
// and 104 weekend days: day 261 × 16 = 4176 h, night 261 × 8 = 2088 h, weekend 104 × 24 = 2496 h (28 March and
// 31 October 2027 are Sundays: −1 h and +1 h of rate 3 cancel). 4176 + 2088 + 2496 = 8760.
const homeFile = () => write('home.json', serializeScheme(newScheme('HOME1', 'Home day/night', 'A1140', 'Europe/Berlin')));

describe('pmu scheme simulate', () => {
  it('prints hours per rate with % of the year, the DST days and the special days hit', async () => {
    const r = await run([homeFile(), '--year', '2027', '--tz', 'Europe/Berlin']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Year {9}2027 in Europe\/Berlin \(DST on; repeated hour: both passes\)$/m);
    expect(r.stdout).toMatch(/^Intervals {4}35 040 of 15 min from 2026-12-31T23:00:00\.000Z to 2027-12-31T23:00:00\.000Z = 8 760\.00 h$/m);
    expect(r.stdout).toMatch(/^ {2}T1 +Day +4 176\.00 +47\.67 %$/m);
    expect(r.stdout).toMatch(/^ {2}T2 +Night +2 088\.00 +23\.84 %$/m);
    expect(r.stdout).toMatch(/^ {2}T3 +Weekend +2 496\.00 +28\.49 %$/m);
    expect(r.stdout).toMatch(/^ {2}2027-03-28 {2}forward {2}at 02:00 local {2}day of 23 h$/m);
    expect(r.stdout).toMatch(/^ {2}2027-10-31 {2}back {5}at 03:00 local {2}day of 25 h$/m);
    expect(r.stdout).toMatch(/^Special days hit: 0 of 365 days$/m);
  }, 60_000);

  it('--json: figures for scripts; --tz defaults to the scheme zone; special days are counted', async () => {
    const scheme = newScheme('US1', 'US home', 'A1140', 'America/New_York');
    scheme.dst = { ...scheme.dst, start: { week: 2, weekday: 'sunday', month: 3, hour: 2 }, end: { week: 1, weekday: 'sunday', month: 11, hour: 2 } };
    scheme.specialDays = [
      { kind: 'recurring', month: 7, day: 4, name: 'Independence Day', dayProfile: 'weekend' },
      { kind: 'fixed', date: '2027-11-25', name: 'Thanksgiving Day', dayProfile: 'weekend' },
      { kind: 'fixed', date: '2028-11-23', name: 'Thanksgiving Day', dayProfile: 'weekend' },
    ];
    const file = write('us.json', serializeScheme(scheme));
    const r = await run([file, '--year', '2027', '--interval', '60', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      timeZone: string;
      intervalMinutes: number;
      intervals: number;
      totalHours: number;
      hoursPerRate: Array<{ rate: number; name: string; hours: number; percent: number }>;
      dstChanges: Array<{ date: string; kind: string; hours: number }>;
      specialDaysHit: number;
      days: unknown[];
    };
    expect(out.timeZone).toBe('America/New_York');
    expect(out.intervalMinutes).toBe(60);
    expect(out.intervals).toBe(8760);
    expect(out.hoursPerRate.reduce((a, h) => a + h.hours, 0)).toBe(8760);
    expect(out.hoursPerRate.map((h) => h.name)).toEqual(['Day', 'Night', 'Weekend']);
    expect(out.dstChanges.map((c) => [c.date, c.kind, c.hours])).toEqual([
      ['2027-03-14', 'forward', 23],
      ['2027-11-07', 'back', 25],
    ]);
    // 4 July 2027 is a Sunday (weekend anyway) but still a special day hit; 25 November is a Thursday.
    expect(out.specialDaysHit).toBe(2);
    expect(out.days).toHaveLength(365);
  }, 60_000);

  it('exits 1 with a plain message for an unknown time zone', async () => {
    const r = await run([homeFile(), '--year', '2027', '--tz', 'Europe/Londn']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("pmu: Unknown time zone 'Europe/Londn'. Use an IANA name such as Europe/London.");
  }, 60_000);

  it('exits 1 listing the validation errors of the scheme', async () => {
    const bad = JSON.parse(serializeScheme(newScheme('BAD1', 'Broken', 'A1140'))) as { weekProfiles: Array<{ days: Record<string, string> }> };
    bad.weekProfiles[0]!.days.monday = 'no-such-profile';
    const r = await run([write('bad.json', JSON.stringify(bad)), '--year', '2027']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: weekProfiles\.0\.days\.monday: .*no-such-profile/m);
    expect(r.stderr).toMatch(/^pmu: The scheme in ".*bad\.json" has an error \(listed above\) that leaves nothing to simulate; fix it and simulate again\.$/m);
  }, 60_000);

  it('simulates a scheme whose errors leave the simulation defined: the result, the errors, exit 1', async () => {
    // A DST rule that does not match the zone's real changes is an error, but the year can still be run.
    const odd = JSON.parse(serializeScheme(newScheme('ODD1', 'Odd DST', 'A1140', 'Europe/London'))) as { dst: Record<string, unknown> };
    const r = await run([write('odd.json', JSON.stringify(odd)), '--year', '2027']);
    expect(r.stderr).toMatch(/^error: dst/m);
    expect(r.stdout).toMatch(/^Hours per rate$/m);
    expect(r.stderr).toMatch(/^pmu: Simulated although the scheme has \d+ errors? \(listed above\): this is what a meter would do;/m);
    expect(r.code).toBe(1);
  }, 60_000);

  it('exits 1 when the file is missing or not a scheme file, and 2 for a bad --year', async () => {
    const [missing, notJson, badYear] = await Promise.all([
      run([path.join(tmp, 'nope.json'), '--year', '2027']),
      run([write('letter.json', 'Dear engineer'), '--year', '2027']),
      run([homeFile(), '--year', '27']),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot be read: it does not exist/);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^error: \(file\): The file is not valid JSON/m);
    expect(badYear.code).toBe(2);
    expect(badYear.stderr).toMatch(/four digits/);
  }, 60_000);
});
