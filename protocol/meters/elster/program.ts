import type { ProgramPlan } from '../../../schemes/program';
import type { PlanIo } from '../program-upload';
import { bytesToHex, hexToBytes } from './bcd';
import { type ProgrammingCounter, decodeProgrammingCounter } from './decoders';
import { ElsterMeterError } from './errors';
import type { ElsterSecurityLevel } from './password';
import { ELSTER_DATA_IDS, ELSTER_LAYOUT } from './profile';
import type { ElsterSession } from './session';

/**
 * Programming a tariff plan into an Elster A1140 / A1700 over an open ElsterSession (reference "Register access by
 * 3-digit data ID" and "Programming audit", ../shared/reference/elster-dialect.md):
 * - the plan needs security level 3: `ensureElsterLevel` sends the level 3 password sequence when the session is at a
 *   lower level;
 * - each write is `W1 ID001(hex)` (longer values in consecutive 64-byte packets 001, 002…, ElsterSession.writeItem);
 * - read back is `R1` of the same data ID, as many bytes as were written (ElsterSession.readItem);
 * - the programming counter (680: count + the last 3 programming times) is read before and after; the meter
 *   increments it once per programming session and records the time and the user ID written to 681 first.
 * ASSUMPTION: the A1140/A1120 answer 680 like the A1700 (the reference lists it for the A1700); a refusal (ERRn) is
 * taken as "no counter" (null).
 */

/** The PlanIo of an Elster session: W1 / R1 by data ID, refusals = ElsterMeterError (ERRn). */
export function elsterPlanIo(es: ElsterSession): PlanIo {
  return {
    write: (w) => es.writeItem(w.address, hexToBytes(w.value, `value of ${w.address}`), `${w.description} (${w.address})`),
    read: async (w) => bytesToHex(await es.readItem(w.address, w.value.length / 2, `read back of ${w.address}`)),
    isRefusal: (e) => e instanceof ElsterMeterError,
  };
}

/**
 * Bring the session to the plan's security level (3): send that level's password sequence when below it.
 * @param password the level 3 password (default: the session's current one).
 * @throws PasswordRefusedError (REFUSED) when the meter refuses it; ProtocolError for link failures.
 */
export async function ensureElsterLevel(es: ElsterSession, plan: ProgramPlan, password?: string): Promise<void> {
  if (es.level < plan.requiredLevel) await es.authenticate(plan.requiredLevel as ElsterSecurityLevel, password);
}

/**
 * Read the programming counter (680), or null when the meter refuses it (ERRn).
 * @throws ElsterDataError for a wrong-sized answer; ProtocolError for link failures.
 */
export async function readElsterProgrammingCounter(es: ElsterSession): Promise<ProgrammingCounter | null> {
  try {
    return decodeProgrammingCounter(await es.readItem(ELSTER_DATA_IDS.programmingCounter.id, ELSTER_LAYOUT.programmingCounterBytes, 'programming counter (680)'));
  } catch (e) {
    if (e instanceof ElsterMeterError) return null;
    throw e;
  }
}
