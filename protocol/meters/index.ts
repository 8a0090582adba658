import { type Identification, parseIdentification } from '../iec62056-21/identification';
import { type ElsterIdentification, parseElsterIdentification } from './elster/identification';
import type { ElsterFamily } from './elster/model';

/**
 * Which meter profile (dialect) to speak to a meter: the generic IEC 62056-21 one or a maker's dialect.
 * All meter-specific knowledge stays in protocol/meters/<maker>/; this module only decides between them.
 * Source of the Elster rules: protocol/meters/elster/identification.ts (reference
 * ../shared/reference/elster-dialect.md "Identification").
 */

/** What the user may force (`pmu read --meter …`); absent = decide from the identification. */
export type ForcedMeter = 'generic' | 'a1140' | 'a1700';

/** The chosen profile. */
export type MeterProfileChoice =
  | { readonly profile: 'generic'; readonly reason: string }
  | {
      readonly profile: 'elster';
      /** The Elster family to assume (A1120 is read like the A1140). */
      readonly family: ElsterFamily;
      /** True when the identification itself is an Elster one (false when forced on another meter). */
      readonly identified: boolean;
      readonly elster: ElsterIdentification;
      readonly reason: string;
    };

/**
 * Choose the profile.
 * - forced `generic` → generic; forced `a1140` / `a1700` → the Elster dialect with that family (an A1120
 *   identification stays A1120 when `a1140` is forced, since both speak the same);
 * - otherwise: an identification with the Elster rules' A1140 / A1120 / A1700 type digits → Elster; anything
 *   else (also a GEC flag with unknown type digits) → generic, with a reason saying how to force the dialect.
 * @param identification the identification line (with or without CR LF) or its parsed form.
 * @throws FrameError (GARBLED) when the line is not an identification at all.
 */
export function chooseMeterProfile(identification: string | Identification, forced?: ForcedMeter): MeterProfileChoice {
  const id = typeof identification === 'string' ? parseIdentification(identification) : identification;
  const elster = parseElsterIdentification(id);
  if (forced === 'generic') return { profile: 'generic', reason: 'generic IEC 62056-21 chosen by the user' };
  if (forced === 'a1140' || forced === 'a1700') {
    const family: ElsterFamily = forced === 'a1700' ? 'A1700' : elster.family === 'A1120' ? 'A1120' : 'A1140';
    return { profile: 'elster', family, identified: elster.isElster, elster, reason: `Elster ${family} dialect chosen by the user` };
  }
  if (elster.family !== 'unknown') {
    return { profile: 'elster', family: elster.family, identified: true, elster, reason: `Elster ${elster.family} recognised from the identification (${elster.rule})` };
  }
  if (elster.isElster) {
    return { profile: 'generic', reason: `an Elster (GEC) meter of a type this program does not recognise (${id.raw}): read as a generic IEC 62056-21 meter; choose a1140 or a1700 to use the Elster dialect` };
  }
  return { profile: 'generic', reason: `${id.manufacturerId} meter: generic IEC 62056-21` };
}
