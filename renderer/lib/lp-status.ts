/**
 * A load-profile interval's status word in words, for the chart's flag list and tooltip. Elster meters (manufacturer
 * flag GEC) name their status bits (protocol/meters/elster/profile.ts LP_STATUS_BITS, public:abba1140/ABBA1140Profile.java);
 * for other makers the bits are maker-specific, so the set bits are listed by number with the word as sent.
 * Pure: no DOM, no API.
 */
import { LP_STATUS_BITS } from '../../protocol/meters/elster/profile';
import { isFlaggedStatus } from './format';

/** The status word as a number: hexadecimal digits as the meters send them (`"09"` → 9), or null when not hex. */
function statusNumber(status: string): number | null {
  const t = status.trim();
  return /^[0-9a-f]{1,8}$/i.test(t) ? parseInt(t, 16) : null;
}

/**
 * `"41"` of an Elster meter → `transient reset, phase failure (status 41)`; `"09"` of another maker → `status 09: bits
 * 0, 3 set`; a non-hex word → `status <word>`. Null when the word flags nothing (zeros).
 */
export function intervalStatusWords(status: string, manufacturer: string | null | undefined): string | null {
  if (!isFlaggedStatus(status)) return null;
  const n = statusNumber(status);
  if (n === null) return `status ${status.trim()}`;
  if (manufacturer?.toUpperCase() === 'GEC') {
    const names: string[] = LP_STATUS_BITS.filter((b) => (n & b.bit) !== 0).map((b) => b.label);
    const unknown = n & ~LP_STATUS_BITS.reduce((m, b) => m | b.bit, 0);
    if (unknown) names.push(`unknown bits ${unknown.toString(16).toUpperCase()}`);
    return `${names.join(', ')} (status ${status.trim()})`;
  }
  const bits: number[] = [];
  for (let b = 0; b < 32; b++) if (n & (2 ** b)) bits.push(b);
  return `status ${status.trim()}: bit${bits.length === 1 ? '' : 's'} ${bits.join(', ')} set`;
}
