import { ProgrammingSession } from '../iec62056-21/programming';
import type { ClockAdjustResult, ClockOptions, ClockReading, ClockSetResult } from './clock-types';
import { adjustElsterClock, readElsterClock, setElsterClock } from './elster/clock';
import { ElsterSession } from './elster/session';
import { adjustGenericClock, readGenericClock, setGenericClock } from './generic/clock';

export type { ClockAdjustResult, ClockOptions, ClockReading, ClockSetResult } from './clock-types';
export { type ClockAdjustPlan, ClockAdjustTooLargeError, describeDrift, planClockAdjust } from './elster/clock-plan';

/**
 * Meter clock read / set / adjust for every dialect, on an OPEN session (signed on, password given). The
 * dialect's rules live in its module: protocol/meters/elster/clock.ts (861; level 3 set, level 1/2 creep within
 * ±7.5 min and ~5 s per integration period) and protocol/meters/generic/clock.ts (R5/W5 0.9.1 / 0.9.2; set
 * only). PMU rules (reference ../shared/reference/elster-dialect.md "Session" step 5 and "Programming audit"):
 * a time set or adjust is not a reprogramming and must not change the programming counter — these functions
 * write the clock and nothing else.
 */

/** A session whose meter clock can be handled. */
export type ClockSession = ElsterSession | ProgrammingSession;

function unsupported(): never {
  throw new TypeError('the clock functions take an open ElsterSession or ProgrammingSession');
}

/** Read the meter clock and its drift from the workstation clock. @throws ProtocolError (plain message). */
export function readClock(session: ClockSession, o: ClockOptions): Promise<ClockReading> {
  if (session instanceof ElsterSession) return readElsterClock(session, o);
  if (session instanceof ProgrammingSession) return readGenericClock(session, o);
  return unsupported();
}

/**
 * Set the meter clock to the true time at once (Elster: security level 3, `o.level3Password` when the session
 * was opened with another level's password). @throws ProtocolError (PasswordRefusedError, meter errors).
 */
export function setClock(session: ClockSession, o: ClockOptions): Promise<ClockSetResult> {
  if (session instanceof ElsterSession) return setElsterClock(session, o);
  if (session instanceof ProgrammingSession) return setGenericClock(session, o);
  return unsupported();
}

/**
 * Adjust (creep) the meter clock towards the true time (Elster level 1/2 only, within ±7.5 min).
 * @throws ClockAdjustTooLargeError (REFUSED: a level 3 set is needed), ProtocolError METER_ERROR for a
 *   generic meter or a level 3 Elster session, and the session's errors.
 */
export function adjustClock(session: ClockSession, o: ClockOptions): Promise<ClockAdjustResult> {
  if (session instanceof ElsterSession) return adjustElsterClock(session, o);
  if (session instanceof ProgrammingSession) return adjustGenericClock();
  return unsupported();
}
