import { bytesToHex, hexToBytes } from '../../protocol/meters/elster/bcd';
import { ElsterMeterError } from '../../protocol/meters/elster/errors';
import { type ProgrammingLog, decodeProgrammingLog } from '../../protocol/meters/elster/events';
import type { MeterZone } from '../../protocol/meters/elster/meter-time';
import type { ElsterModel } from '../../protocol/meters/elster/model';
import type { ElsterSecurityLevel } from '../../protocol/meters/elster/password';
import type { ElsterSession } from '../../protocol/meters/elster/session';
import type { ProgramPlan } from '../plan';
import type { PlanIo } from '../upload';

/**
 * Programming a plan into an Elster A1140 / A1700 over an open ElsterSession:
 * - the plan needs security level 3: `ensureElsterLevel` sends the level 3 password sequence when the session is at a
 *   lower level (public:iec1107/FlagIEC1107Connection.java:472-487);
 * - each write is `W1 ID001(hex)` (longer values in consecutive 64-byte packets 001, 002…, ElsterSession.writeItem;
 *   the meter ACKs each, public:iec1107/FlagIEC1107Connection.java:696-720);
 * - read back is `R1` of the same data ID, as many bytes as were written (ElsterSession.readItem);
 * - the meter's own programming log (680: A1140 53 bytes with user names, A1700 14 bytes) is read before and after.
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
 * Read the meter's programming log (680) with the model's layout, or null when the meter refuses it (ERRn).
 * @throws ElsterDataError for a wrong-sized answer; ProtocolError for link failures.
 */
export async function readElsterProgrammingLog(es: ElsterSession, model: ElsterModel, zone: MeterZone): Promise<ProgrammingLog | null> {
  try {
    return decodeProgrammingLog(await es.readItem('680', model.bytes('680'), 'programming log (680)'), model.programmingLog, zone);
  } catch (e) {
    if (e instanceof ElsterMeterError) return null;
    throw e;
  }
}
