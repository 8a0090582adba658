import { DateTime } from 'luxon';
import { localIso } from '../../iec62056-21/datasets';
import { FrameError, ProtocolError } from '../../iec62056-21/errors';
import { stampToUtcMillis } from '../../iec62056-21/local-stamp';
import type { ProgrammingSession } from '../../iec62056-21/programming';
import type { ClockAdjustResult, ClockOptions, ClockReading, ClockSetResult } from '../clock-types';

/**
 * The clock of a generic IEC 62056-21 meter over an open ProgrammingSession (password already given).
 * Source: reference "OBIS conventions seen in readouts" (../shared/reference/iec62056-21.md): `0.9.1` time
 * `hhmmss`, `0.9.2` date `YYMMDD` (sometimes with a leading season digit); IEC 62056-21 clause 6.3.7 (R5 read,
 * W5 write of OBIS-formatted data).
 * - read: R5 `0.9.2()` and R5 `0.9.1()`; a season digit in the date places the time in UTC exactly, else the
 *   time zone's rules do;
 * - set: W5 `0.9.2(YYMMDD)` then W5 `0.9.1(hhmmss)` with the true time; when the date changed between the two
 *   writes (around midnight) the date is written again. Only the clock is written, nothing of the programme.
 * - adjust: IEC 62056-21 has no standard creep command, so a generic meter's clock can only be set.
 */

/** The value inside the first bracket group of an answer (`0.9.1(123456)` or `(123456)`). */
function firstGroup(data: string, what: string): string {
  const m = /^[^(]*\(([^()]*)\)/.exec(data);
  if (!m) throw new FrameError(what, `expected a value in brackets, received ${JSON.stringify(data.slice(0, 40))}`);
  return m[1]!.replace(/\*.*$/, '');
}

/** Read the meter clock (R5 0.9.2 and 0.9.1) and its drift. @throws MeterErrorAnswer, FrameError, ProtocolError. */
export async function readGenericClock(p: ProgrammingSession, o: ClockOptions): Promise<ClockReading> {
  const now = o.now ?? Date.now;
  const t0 = now();
  const date = firstGroup((await p.read('R5', '0.9.2()', 'meter date (0.9.2)')).data, 'meter date (0.9.2)');
  const time = firstGroup((await p.read('R5', '0.9.1()', 'meter time (0.9.1)')).data, 'meter time (0.9.1)');
  const t1 = now();
  const dm = /^([012])?(\d{2})(\d{2})(\d{2})$/.exec(date);
  const tm = /^(\d{2})(\d{2})(\d{2})$/.exec(time);
  const local = dm && tm ? localIso(2000 + Number(dm[2]), Number(dm[3]), Number(dm[4]), Number(tm[1]), Number(tm[2]), Number(tm[3])) : null;
  if (local === null) throw new FrameError('meter clock (0.9.1 / 0.9.2)', `date ${JSON.stringify(date)} and time ${JSON.stringify(time)} are not a valid clock`);
  const season = dm![1];
  const meterMs = season === undefined ? DateTime.fromISO(local, { zone: o.timeZone }).toMillis() : stampToUtcMillis({ local, season: Number(season) as 0 | 1 | 2 }, o.timeZone);
  if (Number.isNaN(meterMs)) throw new RangeError(`${JSON.stringify(o.timeZone)} is not an IANA time zone (e.g. Europe/Berlin)`);
  const mid = Math.round((t0 + t1) / 2);
  return { meterLocal: local, meterUtc: new Date(meterMs).toISOString(), readAtUtc: new Date(mid).toISOString(), driftMs: meterMs - mid };
}

function wall(o: ClockOptions): DateTime {
  const now = o.now ?? Date.now;
  return DateTime.fromMillis(Math.round(now() / 1000) * 1000, { zone: o.timeZone });
}

/** Set the clock to the true time (W5 0.9.2 then 0.9.1). @throws MeterErrorAnswer, ProtocolError REFUSED. */
export async function setGenericClock(p: ProgrammingSession, o: ClockOptions): Promise<ClockSetResult> {
  const before = await readGenericClock(p, o);
  const date = wall(o).toFormat('yyMMdd');
  await p.write('W5', `0.9.2(${date})`, 'meter date write (0.9.2)');
  // The time is taken inside the request, so a repeat after a re-sign-on writes the time of the repeat.
  let t = wall(o);
  await p.run('meter time write (0.9.1)', (s) => {
    t = wall(o);
    return s.command('W5', `0.9.1(${t.toFormat('HHmmss')})`, 'ack', 'meter time write (0.9.1)');
  });
  if (t.toFormat('yyMMdd') !== date) await p.write('W5', `0.9.2(${t.toFormat('yyMMdd')})`, 'meter date write (0.9.2)');
  return { before, writtenLocal: t.toFormat("yyyy-MM-dd'T'HH:mm:ss") };
}

/** A generic meter cannot creep its clock. @throws ProtocolError METER_ERROR with a plain message, always. */
export async function adjustGenericClock(): Promise<ClockAdjustResult> {
  throw new ProtocolError(
    'METER_ERROR',
    'IEC 62056-21 has no standard clock-adjust (creep) command, so this meter\'s clock can only be set. Choose "set" to set the clock to the right time.',
  );
}
