import { afterEach, describe, expect, it } from 'vitest';
import { ACK } from '../../../protocol/iec62056-21/control';
import { decodeBlock } from '../../../protocol/iec62056-21/frames';
import { bytesToHex, uintLE } from '../../../protocol/meters/elster/bcd';
import { asciiText, decodeEnergyRegisters, decodeTimeDate, encodeAscii, encodeTimeDate } from '../../../protocol/meters/elster/decoders';
import { decodeProgrammingLog } from '../../../protocol/meters/elster/events';
import {
  type TouSource, UNUSED_TOU, decodeTouSources, decodeUserIds, encodeDayProfiles, encodeTouSources, encodeWeekProfiles,
} from '../../../programming/elster/tariff-codec';
import type { DayProfile, WeekProfile } from '../../../schemes/model';
import type { ElsterSecurityLevel } from '../../../protocol/meters/elster/password';
import type { ElsterMeterOptions } from './meter';
import { type ElsterRig, elsterBreak, elsterLogin, elsterRead, elsterSignOn, elsterWrite, startElsterRig } from './raw-client';

/**
 * Elster W1 writes over raw frames: clock adjust (level 1, creep limits) and set (level 3), which leave the
 * programming counter alone; programming writes (tariff images, scheme ID) at level 3, which count once per session
 * with the programmer's user ID and the time; values over several packets; TOU accumulation following a newly
 * programmed calendar and TOU sources.
 */

const NOW = Date.UTC(2025, 2, 31, 10, 7, 30); // Monday 31 March 2025, 11:07:30 BST
const INSTALLED = Date.UTC(2024, 1, 25, 0, 0);
const PASSWORDS = { 1: 'LEVEL1PW', 2: 'LEVEL2PW', 3: 'LEVEL3PW' } as const;
const HALF_HOUR = 1_800_000;
const rigs: ElsterRig[] = [];

afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.stop()));
});

async function session(level: ElsterSecurityLevel, opts: ElsterMeterOptions = {}, existing?: ElsterRig): Promise<ElsterRig> {
  const r = existing ?? startElsterRig(NOW, { installedUtcMs: INSTALLED, powerFailure: null, passwords: PASSWORDS, ...opts });
  if (!existing) rigs.push(r);
  const { seed } = await elsterSignOn(r.peer);
  await elsterLogin(r.peer, level, PASSWORDS[level], seed);
  return r;
}

const day = (id: string, time: string, rate: number): DayProfile => ({ id, name: id, switches: [{ time, rate }] });
const week = (id: string, d: string): WeekProfile => ({
  id, name: id, days: { monday: d, tuesday: d, wednesday: d, thursday: d, friday: d, saturday: d, sunday: d },
});

/** London wall-clock text of a UTC instant in 2025 after 30 March (BST = UTC+1). */
const bst = (utcMs: number) => new Date(utcMs + 3_600_000).toISOString().slice(0, 19);
const isAck = (a: Uint8Array) => a.length === 1 && a[0] === ACK;
const kWh = (r: { milli: bigint }) => Number(r.milli) / 1e6;
const errOf = (a: Uint8Array) => decodeBlock(a).data;
const clockOf = async (r: ElsterRig) => decodeTimeDate(await elsterRead(r.peer, '861', 7)).local;
/** 680 of the A1140 (53 bytes): count and the UTC of the last three programmings, newest first (null = none). */
const logOf = async (r: ElsterRig) => decodeProgrammingLog(await elsterRead(r.peer, '680', 53), 'a1140-53', { zone: 'Europe/London' });
const counterOf = async (r: ElsterRig) => {
  const log = await logOf(r);
  return { count: log.count, lastUtc: [0, 1, 2].map((i) => log.entries[i]?.at.utc ?? null) };
};
const eventCount = (r: ElsterRig, kind: 'clock-adjust' | 'clock-set') => r.meter.events.counters(r.meter.meterTimeMs()).find((c) => c.kind === kind)?.count ?? 0;
const schemeId = (text: string) => encodeAscii(text, 8, 'scheme ID');

describe('Elster clock writes (ID 861)', () => {
  it('level 1: an adjust within ±7.5 min is accepted and crept at 5 s per integration period; beyond is refused; 680 unchanged', async () => {
    const r = await session(1);
    expect(await clockOf(r)).toBe('2025-03-31T11:07:30');
    expect(isAck(await elsterWrite(r.peer, '861', encodeTimeDate(bst(NOW + 120_000))))).toBe(true);
    expect(await clockOf(r)).toBe('2025-03-31T11:07:30'); // nothing yet: creep happens per integration period
    r.setHostNow(NOW + HALF_HOUR); // one period boundary crossed (11:30 BST)
    expect(await clockOf(r)).toBe(bst(NOW + HALF_HOUR + 5_000));
    r.setHostNow(NOW + 48 * HALF_HOUR); // 48 boundaries: the whole 120 s applied, no more
    expect(await clockOf(r)).toBe(bst(NOW + 48 * HALF_HOUR + 120_000));
    expect(r.meter.rtc.pendingMs()).toBe(0);
    const t = r.meter.meterTimeMs();
    expect(errOf(await elsterWrite(r.peer, '861', encodeTimeDate(bst(t + 451_000))))).toBe('(ERR5)');
    expect(errOf(await elsterWrite(r.peer, '861', encodeTimeDate(bst(t - 600_000))))).toBe('(ERR5)');
    expect(isAck(await elsterWrite(r.peer, '861', encodeTimeDate(bst(t - 450_000))))).toBe(true);
    expect(await counterOf(r)).toEqual({ count: 0, lastUtc: [null, null, null] });
    expect(eventCount(r, 'clock-adjust')).toBe(2);
    expect(eventCount(r, 'clock-set')).toBe(0);
  });

  it('with clockCreepSecondsPerPeriod = Infinity an accepted adjust applies at once', async () => {
    const r = await session(2, { clockCreepSecondsPerPeriod: Infinity });
    expect(isAck(await elsterWrite(r.peer, '861', encodeTimeDate(bst(NOW - 300_000))))).toBe(true);
    expect(await clockOf(r)).toBe(bst(NOW - 300_000));
  });

  it('level 3: a set to any time is applied at once, logged as clock-set, and leaves 680 unchanged', async () => {
    const r = await session(3);
    expect(isAck(await elsterWrite(r.peer, '861', encodeTimeDate(bst(NOW + 2 * 3_600_000))))).toBe(true);
    expect(await clockOf(r)).toBe('2025-03-31T13:07:30');
    expect(await counterOf(r)).toEqual({ count: 0, lastUtc: [null, null, null] });
    expect(eventCount(r, 'clock-set')).toBe(1);
    expect(r.meter.timeChanges).toEqual([NOW + 7_200_000]);
  });

  it('refuses malformed clock writes: wrong size → (ERR3), impossible date → (ERR1)', async () => {
    const r = await session(3);
    expect(errOf(await elsterWrite(r.peer, '861', encodeTimeDate(bst(NOW)).subarray(0, 6)))).toBe('(ERR3)');
    const bad = encodeTimeDate(bst(NOW));
    bad[4] = 0x13; // month 13
    expect(errOf(await elsterWrite(r.peer, '861', bad))).toBe('(ERR1)');
  });
});

describe('Elster programming (level 3) and the programming counter (ID 680)', () => {
  /** T1 (rate 1) counts active EXPORT; T2, T3 active import at rates 2, 3; T4…T8 code 0 (import at unused rates). */
  const t1Export: TouSource[] = [
    { quantity: 'active-export', rate: 1 }, { quantity: 'active-import', rate: 2 }, { quantity: 'active-import', rate: 3 }, ...Array.from({ length: 5 }, () => UNUSED_TOU),
  ];
  /** As the meter reads it back: code 0 of an unused register is active import at that register's rate. */
  const t1ExportRead = t1Export.map((s, i) => (s.quantity === null ? { quantity: 'active-import', rate: i + 1 } : s));

  it('a tariff image write increments 680 once per session with the user ID (681), the port and the meter time; the scheme ID changes too', async () => {
    const r = await session(3);
    expect(isAck(await elsterWrite(r.peer, '681', Uint8Array.from('TECH0042', (c) => c.charCodeAt(0))))).toBe(true);
    expect(isAck(await elsterWrite(r.peer, '667', encodeTouSources(t1Export)))).toBe(true);
    expect(await counterOf(r)).toEqual({ count: 1, lastUtc: [new Date(NOW).toISOString(), null, null] });
    expect((await logOf(r)).entries[0]).toMatchObject({ user: 'TECH0042', port: 'optical port', at: { local: '2025-03-31T11:07:30' } });
    expect(decodeUserIds(await elsterRead(r.peer, '681', 24))).toEqual(['TECH0042', '', '']);
    expect(decodeTouSources(await elsterRead(r.peer, '667', 8), 8)).toEqual(t1ExportRead);
    expect(isAck(await elsterWrite(r.peer, '795', schemeId('NEWSCHEM')))).toBe(true);
    expect((await counterOf(r)).count).toBe(1); // same session
    expect(asciiText(await elsterRead(r.peer, '795', 8))).toBe('NEWSCHEM');

    await elsterBreak(r.peer);
    r.setHostNow(NOW + 3_600_000);
    await session(3, {}, r);
    expect(isAck(await elsterWrite(r.peer, '795', schemeId('SCHEME02')))).toBe(true);
    expect(await counterOf(r)).toEqual({ count: 2, lastUtc: [new Date(NOW + 3_600_000).toISOString(), new Date(NOW).toISOString(), null] });
    expect(decodeUserIds(await elsterRead(r.peer, '681', 24))).toEqual(['', 'TECH0042', '']);
  });

  it('programming below level 3 → (ERR5); read-only item → (ERR1); unknown item → (ERR2); bad images → (ERR1)/(ERR3); 680 unchanged', async () => {
    const r = await session(2);
    expect(errOf(await elsterWrite(r.peer, '667', encodeTouSources(t1Export)))).toBe('(ERR5)');
    expect(errOf(await elsterWrite(r.peer, '795', schemeId('X')))).toBe('(ERR5)');
    expect(errOf(await elsterWrite(r.peer, '901', encodeDayProfiles([day('a', '00:00', 1)])))).toBe('(ERR5)');
    expect(errOf(await elsterWrite(r.peer, '507', new Uint8Array(8)))).toBe('(ERR1)');
    expect(errOf(await elsterWrite(r.peer, '999', new Uint8Array(2)))).toBe('(ERR2)');
    await elsterBreak(r.peer);
    await session(3, {}, r);
    const bad = encodeDayProfiles([day('a', '00:00', 1)]);
    bad[2] = 24; // hour 24
    expect(errOf(await elsterWrite(r.peer, '901', bad))).toBe('(ERR1)');
    expect(errOf(await elsterWrite(r.peer, '901', Uint8Array.of(1, 1, 0, 0, 1, 9)))).toBe('(ERR1)'); // a byte beyond the layout
    expect(errOf(await elsterWrite(r.peer, '901', Uint8Array.of(1, 2, 0, 0, 1)))).toBe('(ERR1)'); // a short last packet
    expect(errOf(await elsterWrite(r.peer, '667', new Uint8Array(9)))).toBe('(ERR3)'); // 9 registers on an A1140
    expect(errOf(await elsterWrite(r.peer, '902', encodeWeekProfiles([week('w', 'day3')], ['day1', 'day2', 'day3'])))).toBe('(ERR1)'); // the meter holds 2 day profiles
    expect(errOf(await elsterWrite(r.peer, '903', Uint8Array.of(1, 2, 1, 1), 2))).toBe('(ERR3)'); // packet 2 without packet 1
    expect((await counterOf(r)).count).toBe(0);
  });

  it('takes a value of several W1 packets (64 bytes each, the last shorter) and reads it back whole', async () => {
    const r = await session(3);
    const many = (id: string) => ({ id, name: id, switches: Array.from({ length: 16 }, (_, i) => ({ time: `${String(i).padStart(2, '0')}:30`, rate: (i % 3) + 1 })) });
    const image = encodeDayProfiles([many('a'), many('b')]); // 1 + 2 × 49 = 99 bytes
    expect(image.length).toBe(99);
    expect(isAck(await elsterWrite(r.peer, '901', image.subarray(0, 64), 1))).toBe(true);
    expect(await counterOf(r)).toEqual({ count: 0, lastUtc: [null, null, null] }); // not complete yet
    expect(isAck(await elsterWrite(r.peer, '901', image.subarray(64), 2))).toBe(true);
    expect(bytesToHex(await elsterRead(r.peer, '901', 99))).toBe(bytesToHex(image));
    expect((await counterOf(r)).count).toBe(1);
    expect(errOf(await elsterWrite(r.peer, '901', image.subarray(64), 3))).toBe('(ERR3)'); // no value in progress
  });

  it('TOU registers follow newly programmed sources from the write on, and keep what they counted before', async () => {
    const r = await session(3);
    const before = decodeEnergyRegisters(await elsterRead(r.peer, '508', 64), [8]);
    expect(isAck(await elsterWrite(r.peer, '667', encodeTouSources(t1Export)))).toBe(true);
    r.setHostNow(NOW + 86_400_000); // Monday 11:07 → Tuesday 11:07 BST: weekdays only (factory T1 07–23, T2 23–07)
    const after = decodeEnergyRegisters(await elsterRead(r.peer, '508', 64), [8]);
    let dayExport = 0;
    let nightImport = 0;
    for (let m = NOW; m < NOW + 86_400_000; m = Math.floor(m / 60_000) * 60_000 + 60_000) {
      const e = r.meter.energy.between(m, Math.min(NOW + 86_400_000, Math.floor(m / 60_000) * 60_000 + 60_000));
      const h = r.meter.zone.local(m).hour;
      if (h >= 7 && h < 23) dayExport += e.exportKwh;
      else nightImport += e.importKwh;
    }
    expect(kWh(after[0]!) - kWh(before[0]!)).toBeCloseTo(dayExport, 4);
    expect(kWh(after[1]!) - kWh(before[1]!)).toBeCloseTo(nightImport, 4);
    expect(kWh(after[2]!)).toBeCloseTo(kWh(before[2]!), 6); // weekend rate: not reached
  });

  it('a programmed calendar decides the rate: night rate 2 only 00:00–07:00 local, so T2 grows only by the night energy', async () => {
    const r = await session(3);
    const before = decodeEnergyRegisters(await elsterRead(r.peer, '508', 64), [8]);
    const profiles = [{ id: 'd', name: 'Every day', switches: [{ time: '00:00', rate: 2 }, { time: '07:00', rate: 1 }] }];
    for (const [id, bytes] of [
      ['901', encodeDayProfiles(profiles)],
      ['902', encodeWeekProfiles([week('w', 'd')], ['d'])],
      ['903', Uint8Array.of(1, 1, 1, 1)],
      ['904', Uint8Array.of(0)],
    ] as const) {
      expect(isAck(await elsterWrite(r.peer, id, bytes))).toBe(true);
    }
    const days = 3;
    r.setHostNow(NOW + days * 86_400_000);
    const after = decodeEnergyRegisters(await elsterRead(r.peer, '508', 64), [8]);
    let night = 0;
    let rest = 0;
    for (let h = NOW; h < NOW + days * 86_400_000; h = Math.floor(h / 60_000) * 60_000 + 60_000) {
      const e = r.meter.energy.between(h, Math.min(NOW + days * 86_400_000, Math.floor(h / 60_000) * 60_000 + 60_000)).importKwh;
      if (r.meter.zone.local(h).hour < 7) night += e;
      else rest += e;
    }
    expect(kWh(after[1]!) - kWh(before[1]!)).toBeCloseTo(night, 4);
    expect(kWh(after[0]!) - kWh(before[0]!)).toBeCloseTo(rest, 4);
    expect(kWh(after[2]!)).toBeCloseTo(kWh(before[2]!), 6); // the weekend rate 3 is no longer in the calendar
  });

  it('W1 551 takes only FFFF or a day count of 2 bytes', async () => {
    const r = await session(1);
    expect(isAck(await elsterWrite(r.peer, '551', uintLE(0xffff, 2)))).toBe(true);
    expect(errOf(await elsterWrite(r.peer, '551', uintLE(0, 2)))).toBe('(ERR1)');
    expect(errOf(await elsterWrite(r.peer, '551', uintLE(5, 4)))).toBe('(ERR3)');
  });
});
