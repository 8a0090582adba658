/**
 * The meter data of the stage form (renderer/components/staging/StageForm.tsx), checked with the same model the
 * workstation uses (programming/plan.ts meterDataSchema): texts as typed → MeterData, or a plain message per
 * field. Empty CT/VT ratio = direct connected (null); the time zone must be an IANA name luxon knows. Pure,
 * unit-tested.
 */
import { IANAZone } from 'luxon';
import { meterDataSchema, type MeterData } from '../../programming/plan';

/** The form's fields as typed. */
export interface MeterForm {
  readonly serial: string;
  readonly ctRatio: string;
  readonly vtRatio: string;
  /** `1`, `2` or `3`. */
  readonly passwordLevel: string;
  readonly site: string;
  readonly customer: string;
  readonly timeZone: string;
}

/** A field of the form that can carry a message (`scheme` = the scheme select). */
export type MeterFormField = keyof MeterForm | 'scheme';

/** `enter the meter serial number` → `Enter the meter serial number.` */
const sentence = (m: string) => `${m.charAt(0).toUpperCase()}${m.slice(1)}${m.endsWith('.') ? '' : '.'}`;

/** The form as meter data, or the first problem of each field. */
export function checkMeterForm(f: MeterForm): { meter: MeterData } | { errors: Partial<Record<MeterFormField, string>> } {
  const parsed = meterDataSchema.safeParse({
    serial: f.serial,
    ctRatio: f.ctRatio.trim() === '' ? null : f.ctRatio.trim(),
    vtRatio: f.vtRatio.trim() === '' ? null : f.vtRatio.trim(),
    passwordLevel: Number(f.passwordLevel),
    site: f.site.trim(),
    customer: f.customer.trim(),
    timeZone: f.timeZone.trim(),
  });
  const errors: Partial<Record<MeterFormField, string>> = {};
  const zone = f.timeZone.trim();
  // The time-zone database decides which names exist (luxon, the same as simulation and the workstation).
  if (zone !== '' && !IANAZone.isValidZone(zone)) errors.timeZone = `Unknown time zone '${zone}'. Use an IANA name such as Europe/London.`;
  if (parsed.success && !errors.timeZone) return { meter: parsed.data };
  if (parsed.success) return { errors };
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? 'serial') as MeterFormField;
    errors[key] ??= sentence(issue.message);
  }
  return { errors };
}
