/**
 * Lengths the store accepts for the text fields of a reading (issue 11.6: a 100 000-character serial number from an
 * imported file or a misbehaving meter was stored as is, and then reached every list, export and audit record).
 * These are the workstation's limits, generous against real meters: IEC 62056-21 allows a device address of up to
 * 32 characters (clause 6.3.1, ../shared/reference/iec62056-21.md) and a 16-character identification after the
 * manufacturer flag; Elster serial numbers (ID 798) are 16 bytes. A reading beyond them is refused with a plain
 * message naming the field (an import is quarantined with it; nothing is stored).
 */
import type { ReadingResult } from '../../protocol/reading';
import { StoreError } from '../core/errors';

/** Largest accepted lengths, characters. */
export const FIELD_LIMITS = {
  serial: 32,
  manufacturer: 16,
  model: 64,
  identification: 64,
  address: 32,
  operator: 100,
  port: 260,
  timeZone: 64,
  registerAddress: 64,
  registerValue: 256,
  unit: 32,
  note: 2000,
} as const;

/**
 * Refuse a reading with a text field beyond {@link FIELD_LIMITS}.
 * @throws StoreError INVALID_DATA naming the field, its length and the limit.
 */
export function checkFieldLengths(r: ReadingResult): void {
  const check = (value: string | null | undefined, limit: number, what: string): void => {
    if (value !== null && value !== undefined && value.length > limit) {
      throw new StoreError(
        'INVALID_DATA',
        `Could not save the reading: ${what} has ${value.length.toLocaleString('en')} characters; the workstation stores at most ${limit}. ` +
          'No meter sends one this long: check the file or the meter. Nothing was saved.',
      );
    }
  };
  check(r.meter.serial, FIELD_LIMITS.serial, 'the meter serial number');
  check(r.meter.manufacturer, FIELD_LIMITS.manufacturer, 'the manufacturer');
  check(r.meter.model, FIELD_LIMITS.model, 'the meter model');
  check(r.meter.identification, FIELD_LIMITS.identification, 'the identification');
  check(r.meter.address, FIELD_LIMITS.address, 'the device address');
  check(r.session.operator, FIELD_LIMITS.operator, 'the operator name');
  check(r.session.port, FIELD_LIMITS.port, 'the port name');
  check(r.session.timeZone, FIELD_LIMITS.timeZone, 'the time zone');
  for (const [i, g] of r.registers.entries()) {
    const at = `data set ${i + 1} (${String(g.address ?? '').slice(0, 20)})`;
    check(g.address, FIELD_LIMITS.registerAddress, `the address of data set ${i + 1}`);
    check(g.unit, FIELD_LIMITS.unit, `the unit of ${at}`);
    for (const v of g.values ?? []) check(v.raw, FIELD_LIMITS.registerValue, `a value of ${at}`);
  }
  for (const c of r.loadProfile?.channels ?? []) {
    check(c.obis, FIELD_LIMITS.registerAddress, 'a load-profile channel code');
    check(c.unit, FIELD_LIMITS.unit, 'a load-profile channel unit');
  }
  for (const n of r.notes) check(n.message, FIELD_LIMITS.note, 'a note of the reading');
}
