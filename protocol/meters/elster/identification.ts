import { type Identification, parseIdentification } from '../../iec62056-21/identification';

/**
 * Elster meter type from the IEC 62056-21 identification line.
 * Source: reference "Identification" (../shared/reference/elster-dialect.md):
 * - manufacturer flag `GEC` (kept from the GEC/ABB days), read case-insensitively;
 * - A1700: the two characters right after the baud character are `09` (example `/GEC5090100100400@000`);
 * - A1140 family: characters 7..9 (0-based) hold `051` = A1140, `050` = A1120. ASSUMPTION: counted on the line
 *   as received, `/` = character 0 (the reference does not say whether the `/` is counted).
 */

/** Meter family decided from the identification. */
export type ElsterFamilyId = 'A1140' | 'A1120' | 'A1700' | 'unknown';

/** A decoded Elster identification. */
export interface ElsterIdentification {
  /** The generic IEC 62056-21 decoding (manufacturer, baud character, mode, max baud, ident text). */
  readonly identification: Identification;
  /** True when the manufacturer flag is GEC (any case). */
  readonly isElster: boolean;
  /** The family, or `unknown` when no rule matched (then treat the meter as a generic IEC 62056-21 meter). */
  readonly family: ElsterFamilyId;
  /** The digits that decided the family (`051`, `050`, `09`), or null when unknown. */
  readonly deviceTypeDigits: string | null;
  /** Which rule decided it, in words (for the probe trace), or null. */
  readonly rule: string | null;
}

/** Identification line of a real A1700 (the reference's example). */
export const A1700_EXAMPLE_IDENTIFICATION = '/GEC5090100100400@000';

/**
 * Synthetic identifications that satisfy the rules above, for the emulator and tests: NOT captured from real
 * meters (no A1140/A1120 identification is public). Characters 5..6 are arbitrary (`10`).
 */
export const SYNTHETIC_IDENTIFICATIONS = {
  A1140: '/GEC510051000000',
  A1120: '/GEC510050000000',
  A1700: A1700_EXAMPLE_IDENTIFICATION,
} as const;

/**
 * Decode an identification line (with or without CR LF), or an already parsed Identification.
 * Never throws for a well-formed identification of another make: `family` is then `unknown`.
 * @throws FrameError (code GARBLED) when the line is not an IEC 62056-21 identification at all.
 */
export function parseElsterIdentification(line: string | Identification): ElsterIdentification {
  const identification = typeof line === 'string' ? parseIdentification(line) : line;
  const raw = identification.raw;
  const isElster = identification.manufacturerId === 'GEC';
  const result = (family: ElsterFamilyId, digits: string | null, rule: string | null): ElsterIdentification => ({
    identification, isElster, family, deviceTypeDigits: digits, rule,
  });
  if (!isElster) return result('unknown', null, null);
  const a1140 = raw.slice(7, 10);
  if (a1140 === '051') return result('A1140', a1140, 'characters 7..9 are 051 (A1140)');
  if (a1140 === '050') return result('A1120', a1140, 'characters 7..9 are 050 (A1120)');
  // Characters 5..6: right after '/', the 3-letter flag and the baud character (no '\W' for these meters).
  const a1700 = identification.enhancedId === null ? raw.slice(5, 7) : null;
  if (a1700 === '09') return result('A1700', a1700, 'characters after the baud character are 09 (A1700)');
  return result('unknown', null, null);
}
