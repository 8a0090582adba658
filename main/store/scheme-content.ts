/**
 * Scheme content as the store keeps it: checked with the zod model (schemes/model.ts `tariffSchemeSchema`),
 * written as canonical JSON (object keys sorted at every level, arrays in their order, no white space) and
 * identified by the SHA-256 of that text. Two schemes have the same canonical text exactly when they are
 * deep-equal after parsing (defaults filled, unknown keys dropped), whatever the key order of the file.
 */
import { createHash } from 'node:crypto';
import { tariffSchemeSchema, type TariffScheme } from '../../schemes/model';
import { StoreError } from '../core/errors';

/** At most this many zod issues are named in a refusal (the rest are counted). */
const MAX_ISSUES_NAMED = 5;

/**
 * `input` parsed as a tariff scheme (defaults filled, unknown keys dropped).
 * @throws StoreError `INVALID_DATA` naming the first problems by path, e.g.
 *   `The scheme cannot be saved: dayProfiles.0.switches.1.time: write the time as hh:mm, 00:00 to 23:59.`
 */
export function parseSchemeContent(input: unknown): TariffScheme {
  const parsed = tariffSchemeSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const named = issues.slice(0, MAX_ISSUES_NAMED).map((i) => {
    const where = i.path.map(String).join('.');
    return where ? `${where}: ${i.message}` : i.message;
  });
  const more = issues.length > MAX_ISSUES_NAMED ? ` (and ${issues.length - MAX_ISSUES_NAMED} more)` : '';
  throw new StoreError('INVALID_DATA', `The scheme cannot be saved: ${named.join('; ')}${more}. Correct it and save again.`);
}

/** `value` with the keys of every object sorted (code-unit order); arrays keep their order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** The canonical JSON text of a parsed scheme (see file comment). */
export function canonicalSchemeJson(scheme: TariffScheme): string {
  return JSON.stringify(sortKeys(scheme));
}

/** SHA-256 (lower-case hex) of the UTF-8 canonical text: the scheme content's identity. */
export function schemeContentHash(scheme: TariffScheme): string {
  return createHash('sha256').update(canonicalSchemeJson(scheme), 'utf8').digest('hex');
}

/** A stored `content_json` back to a scheme (it was parsed before it was stored). */
export function contentFromJson(json: string): TariffScheme {
  return tariffSchemeSchema.parse(JSON.parse(json));
}
