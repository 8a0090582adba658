import { FrameError, MeterErrorAnswer } from '../../protocol/iec62056-21/errors';
import type { ProgrammingSession } from '../../protocol/iec62056-21/programming';
import type { PlanIo } from '../upload';

/**
 * Programming a tariff plan into a generic IEC 62056-21 meter over an open ProgrammingSession (password given):
 * each write is `W5 address(value)` (the meter answers ACK), read back is `R5 address()` whose answer
 * `(value)` (or `address(value)`) gives the value as the meter holds it. Source: IEC 62056-21:2002 clause 6.3.7
 * (R5/W5 OBIS-formatted data); the addresses are ASSUMPTIONS (generic/tariff-writes.ts).
 */

/** The value inside the first bracket group of an R5 answer. @throws FrameError when there is none. */
export function answerValue(data: string, what: string): string {
  const m = /^[^(]*\(([^()]*)\)/.exec(data);
  if (!m) throw new FrameError(what, `expected a value in brackets, received ${JSON.stringify(data.slice(0, 40))}`);
  return m[1]!;
}

/** The PlanIo of a generic programming session: W5 / R5 by OBIS address, refusals = MeterErrorAnswer (ERRnn). */
export function genericPlanIo(p: ProgrammingSession): PlanIo {
  return {
    write: (w) => p.write('W5', `${w.address}(${w.value})`, `${w.description} (${w.address})`),
    read: async (w) => answerValue((await p.read('R5', `${w.address}()`, `read back of ${w.address}`)).data, `read back of ${w.address}`),
    isRefusal: (e) => e instanceof MeterErrorAnswer,
  };
}
