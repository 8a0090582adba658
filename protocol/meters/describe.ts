import { describeObis } from '../iec62056-21/obis';
import { describeElsterRegister } from './elster/describe';

/**
 * Description of a register of a reading for people: the Elster dialect's own registers (events, logs, programming
 * counter, TOU / MD registers by source) when the meter is an Elster (manufacturer flag GEC), else the IEC 62056-61
 * OBIS names. Null when the code is not a known one.
 * @param manufacturer the reading's manufacturer flag (e.g. `GEC`, `ISK`), any case.
 */
export function describeRegister(code: string, manufacturer?: string | null): string | null {
  if (manufacturer?.toUpperCase() === 'GEC') return describeElsterRegister(code) ?? describeObis(code);
  return describeObis(code);
}
