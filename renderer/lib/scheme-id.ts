/**
 * The scheme ID while it is typed: the meter keeps at most 8 characters (schemes/model.ts `id`, written to the
 * meter's scheme ID item), so the field never cuts what was typed or pasted — it counts the characters and says
 * plainly when there are too many or a character is not allowed. Pure: no DOM, no API.
 */

/** Most characters of a scheme ID (schemes/model.ts: 1 to 8 letters, digits, "-" or "_"). */
export const SCHEME_ID_MAX = 8;

/** `{ error }` for an ID the meter cannot take, else `{ hint }` with the count, e.g. "5 of 8 characters". */
export function schemeIdWords(text: string): { error: string | null; hint: string } {
  const n = [...text].length;
  const hint = `${n} of ${SCHEME_ID_MAX} characters (written to the meter)`;
  if (n > SCHEME_ID_MAX) return { error: `The meter keeps at most ${SCHEME_ID_MAX} characters; this ID has ${n}. Shorten it — nothing is cut off for you.`, hint };
  if (n > 0 && !/^[A-Za-z0-9_-]+$/.test(text)) return { error: 'Use only letters, digits, "-" or "_" (the ID is written to the meter).', hint };
  return { error: null, hint };
}
