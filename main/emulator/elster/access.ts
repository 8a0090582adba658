import { readUintLE } from '../../../protocol/meters/elster/bcd';
import type { WriteRequest } from '../../../protocol/meters/elster/commands';
import { asciiText, decodeTimeDate } from '../../../protocol/meters/elster/decoders';
import type { ElsterErrorCode } from '../../../protocol/meters/elster/errors';
import { meterSecondsToUtcMs } from '../../../protocol/meters/elster/meter-time';
import { ELSTER_CLOCK_ADJUST_TOTAL_S } from '../../../protocol/meters/elster/profile';
import { localText } from './registers';
import type { ElsterMeterCore as ElsterMeter } from './state';
import { PROGRAMMABLE_IDS, type PendingImage } from './tariff';

/**
 * Who may do what on the emulated Elster meter, and what its W1 writes do: THE one place that defines it.
 * Source: reference "Session" step 5 (../shared/reference/elster-dialect.md): level 1 may adjust the clock,
 * level 3 may set it and program; the load-profile selections as the drivers write them (W1 551 = 2-byte LE days or
 * FFFF, W1 554 = from/to 4-byte LE local seconds; docs/elster-sources.md); the rest is this emulator's ASSUMPTION.
 *
 * | action                                   | level | answer when refused |
 * |------------------------------------------|-------|---------------------|
 * | any R1 / RD / W1 without a password yet, or after the lock | – | ERR5 |
 * | R1, RD of any item                       | 1+    |                     |
 * | W1 551 / 554 (load-profile selection)    | 1+    |                     |
 * | W1 681 (programmer's user ID, emulator)  | 1+    |                     |
 * | W1 861 at level 1 or 2 = clock ADJUST    | 1, 2  | ERR5 beyond ±7.5 min |
 * | W1 861 at level 3 = clock SET            | 3     |                     |
 * | W1 795 scheme ID, W1 of a tariff image (667 TOU sources, 616/617 CT/VT ratio, 901…908 calendar and settings; tariff.ts) = PROGRAMMING | 3 | ERR5 below level 3 |
 * | W1 to a read-only item                   |       | ERR1                |
 * | W1 to an unknown item                    |       | ERR2                |
 * | W1 of the wrong size / beyond the item   |       | ERR3                |
 * | W1 of an invalid value (time, tariff image) |    | ERR1                |
 * | W1 packet out of order (tariff image)    |       | ERR3                |
 *
 * Clock ADJUST (how this emulator reads "time adjust"): the client writes the wanted meter time to 861 with W1
 * while at level 1 or 2. The meter takes it when |wanted − meter time| ≤ ELSTER_CLOCK_ADJUST_TOTAL_S (7.5 min),
 * answers ACK, and creeps towards it by at most the meter's step (ELSTER_CLOCK_ADJUST_PER_PERIOD_S = 5 s, option
 * `clockCreepSecondsPerPeriod`) per integration period (meter-clock.ts); a later adjust replaces what is pending.
 * Beyond 7.5 min → ERR5 (needs level 3). Clock SET: level 3, any valid time, at once; the load profile gets an
 * EA marker and the time-sync status bit. Neither changes the programming counter (680).
 * PROGRAMMING: the first programming write of a session that changes the meter (scheme ID, or a tariff image once
 * its last packet has arrived) increments the counter (680) and records the meter time and the user ID last written
 * to 681 in that session ('' when none); later writes in the same session do not. A tariff image puts the
 * programmed calendar and TOU sources in force from the meter time of the write (ElsterMeter.reprogramTou).
 */

/** Per-session state the writes change. */
export interface ElsterSessionState {
  /** Security level reached: 0 = none (or locked). */
  level: 0 | 1 | 2 | 3;
  /** User ID written to 681 in this session, or null. */
  userId: string | null;
  /** True once this session's programming has been counted. */
  programmed: boolean;
  /** Load-profile selection: null = everything (ID 551 FFFF); else days range or newest n days. */
  selection: { fromUtcMs: number | null; toUtcMs: number | null; lastDays?: number };
  /** A tariff image arriving in several W1 packets, or null. */
  pending: PendingImage | null;
}

const WRITABLE = new Set(['861', '551', '554', '681', '795', ...PROGRAMMABLE_IDS]);

/** True when `id` is an item the meter has (its definition lists it). */
export function knownItem(m: ElsterMeter, id: string): boolean {
  return m.model.has(id);
}

/**
 * Apply a W1 write at meter time `t` (the table in the module comment).
 * @returns null when done (ACK), else the ERRn to answer.
 */
export function applyWrite(m: ElsterMeter, s: ElsterSessionState, w: WriteRequest, t: number): ElsterErrorCode | null {
  const id = w.dataId;
  if (!WRITABLE.has(id) || !m.model.has(id)) return m.model.has(id) ? 'ERR1' : 'ERR2';
  if (s.level === 0) return 'ERR5';
  const single = (size: number) => w.packet === 1 && w.data.length === size;
  switch (id) {
    case '861': {
      if (!single(7)) return 'ERR3';
      let target: number;
      try {
        const [date, time] = decodeTimeDate(w.data).local.split('T') as [string, string];
        const [year, month, day] = date.split('-').map(Number) as [number, number, number];
        const [hour, minute, second] = time.split(':').map(Number) as [number, number, number];
        target = m.zone.toUtc({ year, month, day, hour, minute, second });
      } catch {
        return 'ERR1';
      }
      const before = localText(m, t);
      if (s.level === 3) {
        m.rtc.set(target);
        m.timeChanges.push(target);
        m.events.add('clock-set', target, `clock set from ${before} to ${localText(m, target)} (meter local time)`);
        return null;
      }
      const r = m.rtc.adjust(target, { maxTotalMs: ELSTER_CLOCK_ADJUST_TOTAL_S * 1000, stepMs: m.creepStepMs, periodMs: m.periodMs });
      if (!r.accepted) return 'ERR5';
      m.events.add('clock-adjust', t, `clock adjust by ${r.deltaMs / 1000} s requested at ${before} (meter local time)`);
      return null;
    }
    case '551': {
      if (!single(2)) return 'ERR3';
      const n = readUintLE(w.data, 0, 2);
      if (n === 0) return 'ERR1';
      s.selection = n === 0xffff ? { fromUtcMs: null, toUtcMs: null } : { fromUtcMs: null, toUtcMs: null, lastDays: n };
      return null;
    }
    case '554': {
      if (!single(8)) return 'ERR3';
      const zone = { zone: m.zone.timeZone };
      const from = meterSecondsToUtcMs(readUintLE(w.data, 0, 4), zone);
      const to = meterSecondsToUtcMs(readUintLE(w.data, 4, 4), zone);
      if (to < from) return 'ERR1';
      s.selection = { fromUtcMs: from, toUtcMs: to };
      return null;
    }
    case '681': {
      if (w.packet !== 1 || w.data.length > 8) return 'ERR3';
      if (![...w.data].every((b) => b >= 0x20 && b < 0x7f)) return 'ERR1';
      s.userId = String.fromCharCode(...w.data).trimEnd();
      return null;
    }
    default:
      return program(m, s, w, t);
  }
}

/** Level-3 programming writes: 795 scheme ID, the tariff images (tariff.ts). */
function program(m: ElsterMeter, s: ElsterSessionState, w: WriteRequest, t: number): ElsterErrorCode | null {
  if (s.level < 3) return 'ERR5';
  if (w.dataId === '795') {
    if (w.packet !== 1 || w.data.length !== m.model.bytes('795')) return 'ERR3';
    if (![...w.data].every((b) => b >= 0x20 && b < 0x7f)) return 'ERR1';
    m.schemeId = asciiText(w.data);
  } else {
    const r = m.tariff.write(s, w);
    if (r === 'more') return null;
    if (r !== 'stored') return r;
    m.reprogramTou(t);
  }
  if (!s.programmed) {
    s.programmed = true;
    m.recordProgramming(s.userId ?? '', t);
  }
  return null;
}
