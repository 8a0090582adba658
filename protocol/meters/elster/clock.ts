import { DateTime } from 'luxon';
import { ProtocolError } from '../../iec62056-21/errors';
import type { ClockAdjustResult, ClockOptions, ClockReading, ClockSetResult } from '../clock-types';
import { planClockAdjust } from './clock-plan';
import { decodeTimeDate, encodeTimeDate } from './decoders';
import type { ElsterSession } from './session';

/**
 * The Elster meter clock (ID 861, 7 BCD bytes ss mm hh DD MM wd YY, decoders.ts) over an open ElsterSession.
 * Rules (reference "Session" step 5, ../shared/reference/elster-dialect.md; A1140 manual M181 001):
 * - read: R1 861 at any level;
 * - set: security level 3 (the level 3 sequence is sent first when the session is at a lower level), then
 *   W1 861 with the true time → the meter clock jumps at once;
 * - adjust ("creep"): at security level 1 or 2, W1 861 with the true time asks the meter to creep towards it,
 *   at most ±7.5 min in total and about 5 s per integration period (planClockAdjust). ASSUMPTION: the meter
 *   tells a set from an adjust by the level the session reached (the reference gives no separate command);
 *   so an adjust is refused on a level 3 session, where the same write would set the clock.
 * Neither a set nor an adjust is a reprogramming: only 861 is written, never the programme (680 unchanged).
 * Wall-clock times are placed in UTC with `timeZone` (luxon; in the repeated autumn hour the earlier instant).
 */

/** ID 861: 7 bytes on both models (public:abba1140/ABBA1140DataIdentityFactory.java:108, public:abba1700/ABBA1700DataIdentityFactory.java:49). */
const TIME = { id: '861', bytes: 7 } as const;

function toUtcMs(local: string, timeZone: string): number {
  const dt = DateTime.fromISO(local, { zone: timeZone });
  if (!dt.isValid) throw new RangeError(`${JSON.stringify(timeZone)} is not an IANA time zone (e.g. Europe/London)`);
  return dt.toMillis();
}

function localOf(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

/** Read the meter clock and its drift from the workstation clock. @throws ProtocolError from the session; ElsterDataError. */
export async function readElsterClock(es: ElsterSession, o: ClockOptions): Promise<ClockReading> {
  const now = o.now ?? Date.now;
  const t0 = now();
  const bytes = await es.readItem(TIME.id, TIME.bytes, 'meter clock (861)');
  const t1 = now();
  const { local } = decodeTimeDate(bytes);
  const meterMs = toUtcMs(local, o.timeZone);
  const mid = Math.round((t0 + t1) / 2);
  return { meterLocal: local, meterUtc: new Date(meterMs).toISOString(), readAtUtc: new Date(mid).toISOString(), driftMs: meterMs - mid };
}

/** The wall-clock time to write now: the true time rounded to the nearest second. */
function target(o: ClockOptions): string {
  const now = o.now ?? Date.now;
  return localOf(Math.round(now() / 1000) * 1000, o.timeZone);
}

/**
 * Write the true time to 861 as one request: when the session is restarted (re-sign-on, re-authentication after
 * ERR5) the time is taken again for the repeat, so a repeated write does not put the clock back by the seconds
 * the restart took. @returns the wall-clock time written last.
 */
async function writeTrueTime(es: ElsterSession, o: ClockOptions, what: string): Promise<string> {
  let written = '';
  await es.run(`write of the ${what}`, async () => {
    written = target(o);
    await es.writeItem(TIME.id, encodeTimeDate(written), what);
  });
  return written;
}

/**
 * Set the clock (security level 3) to the true time.
 * @throws PasswordRefusedError when the level 3 password is refused; ElsterMeterError; ProtocolError.
 */
export async function setElsterClock(es: ElsterSession, o: ClockOptions): Promise<ClockSetResult> {
  const before = await readElsterClock(es, o);
  if (es.level < 3) await es.authenticate(3, o.level3Password);
  const writtenLocal = await writeTrueTime(es, o, 'meter clock (861)');
  return { before, writtenLocal };
}

/**
 * Adjust (creep) the clock towards the true time at security level 1 or 2.
 * @throws ClockAdjustTooLargeError (REFUSED) when the drift exceeds 7.5 min — set the clock at level 3 instead;
 *   ProtocolError METER_ERROR on a level 3 session; ElsterMeterError / ProtocolError from the session.
 */
export async function adjustElsterClock(es: ElsterSession, o: ClockOptions): Promise<ClockAdjustResult> {
  if (es.level === 3) {
    throw new ProtocolError(
      'METER_ERROR',
      'A clock adjust is made at security level 1 or 2; at level 3 the same write would set the clock at once. ' +
        'Sign on with the level 1 password to adjust, or choose "set" to set the clock.',
    );
  }
  const before = await readElsterClock(es, o);
  const plan = planClockAdjust(before.driftMs, o.integrationPeriodMin ?? 30);
  if (plan.stepsMs.length === 0) return { before, plan, writtenLocal: null };
  const writtenLocal = await writeTrueTime(es, o, 'meter clock adjust (861)');
  return { before, plan, writtenLocal };
}
