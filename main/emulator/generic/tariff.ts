import { newScheme } from '../../../schemes/model';
import { parseObisAddress } from '../../../protocol/iec62056-21/obis';
import { GENERIC_DEFINITION } from '../../../meter-definitions/generic';
import { compileGenericPlan } from '../../../programming/generic/tariff-plan';
import { TariffValueError, decodeGenericTariffValue } from '../../../programming/generic/tariff-writes';
import type { WriteOutcome } from '../meter-personality';

/**
 * The generic emulated meter's tariff settings: the W5 data sets of protocol/meters/generic/tariff-writes.ts
 * (addresses and value formats are ASSUMPTIONS of this program; real mode C meters use manufacturer-specific
 * programming). Programmed at manufacture with schemes/model.ts `newScheme` for the generic model.
 * - W5 `address(value)` of a tariff address: the value is checked (decodeGenericTariffValue) and stored → ACK;
 *   an invalid value → refused (`(ERR04)`); not a tariff address → not handled here (the clock, or `(ERR02)`).
 * - R5 `address()` → `(value)` as stored.
 * The stored values are not used by the meter's rate registers (1.8.1…, meter-energy.ts keeps its fixed schedule):
 * ASSUMPTION of this emulator, enough for programming and read back.
 */
export class GenericTariffSettings {
  private readonly values = new Map<string, string>();

  constructor(readonly timeZone: string) {
    const plan = compileGenericPlan(newScheme('FACTORY', 'Factory scheme', 'generic', timeZone), {
      serial: 'factory', ctRatio: null, vtRatio: null, passwordLevel: 1, site: '', customer: '', timeZone,
    }, 'FACTORY', GENERIC_DEFINITION);
    for (const w of plan.writes) this.values.set(parseObisAddress(w.address).obis, w.value);
  }

  /** The stored values (OBIS → text), for the saved state. */
  snapshot(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  /** Put back a {@link snapshot}. */
  restore(s: Readonly<Record<string, string>>): void {
    this.values.clear();
    for (const [k, v] of Object.entries(s)) this.values.set(k, v);
  }

  /** True when `address` is a tariff data set this meter keeps. */
  handles(address: string): boolean {
    try {
      return decodeGenericTariffValue(address, '', this.timeZone) !== null;
    } catch (e) {
      return e instanceof TariffValueError;
    }
  }

  /** W5 of a tariff data set `address(value)`: 'done', 'refused' (bad value) or 'unknown' (not a tariff address). */
  write(dataSet: string): WriteOutcome {
    const m = /^([^()]+)\(([^()]*)\)(?:\r\n)?$/.exec(dataSet);
    if (!m || !this.handles(m[1]!)) return 'unknown';
    try {
      decodeGenericTariffValue(m[1]!, m[2]!, this.timeZone);
    } catch (e) {
      if (e instanceof TariffValueError) return 'refused';
      throw e;
    }
    this.values.set(parseObisAddress(m[1]!).obis, m[2]!);
    return 'done';
  }

  /** The stored value of `address` as an answer `(value)`, or null when it is not a stored tariff data set. */
  read(address: string): string | null {
    const v = this.values.get(parseObisAddress(address).obis);
    return v === undefined ? null : `(${v})`;
  }
}
