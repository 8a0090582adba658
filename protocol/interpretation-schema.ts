import { z } from 'zod';
import type { RegisterInterpretation } from './reading';

/**
 * zod schema of `Register.interpretation` (protocol/reading.ts), the one definition used wherever an
 * interpretation crosses a boundary: the store's `interpretation_json` column, the `.RES` `interpretation`
 * column, the JSON export and the contract's register view.
 */
const season = z.union([z.literal(0), z.literal(1), z.literal(2)]).nullable();

export const registerInterpretationSchema: z.ZodType<RegisterInterpretation> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('date'), date: z.string(), season }),
  z.object({ kind: z.literal('time'), time: z.string() }),
  z.object({ kind: z.literal('date-time'), local: z.string(), season }),
  z.object({
    kind: z.literal('status'),
    widthBits: z.number().int().min(0),
    set: z.array(z.object({ bit: z.number().int().min(0), name: z.string().nullable() })),
  }),
  z.object({ kind: z.literal('identifier') }),
]);

/**
 * An interpretation as compact JSON text (`null` for none), e.g. `{"kind":"time","time":"03:16:29"}`; the
 * form the store and the `.RES` file keep.
 */
export function interpretationToJson(i: RegisterInterpretation | null): string {
  return JSON.stringify(i);
}

/**
 * JSON text → interpretation. Throws a plain Error naming what is wrong when the text is not JSON or not an
 * interpretation (callers wrap it in their own error with a line or a row).
 */
export function interpretationFromJson(text: string): RegisterInterpretation | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`"${text.slice(0, 60)}" is not JSON`);
  }
  if (parsed === null) return null;
  const r = registerInterpretationSchema.safeParse(parsed);
  if (!r.success) throw new Error(`"${text.slice(0, 60)}" is not a register interpretation (${r.error.issues[0]?.message ?? 'invalid'})`);
  return r.data;
}
