import { z } from 'zod';
import { METER_MODELS } from './models';
import { provenanceSchema } from './provenance';
import { ENCODINGS, LP_VALUE_ENCODINGS } from './schema';

/**
 * The user-loadable meter definition file (JSON, `*.meter.json` in the data directory's `meter-definitions/`
 * folder): a utility that holds the maker's documentation confirms an unproven layout, corrects one, or adds
 * facts, without a new release. JSON Schema: docs/meter-definition.schema.json (json-schema.ts). Each item names a
 * data item by `id`; fields given replace the built-in ones (merge.ts), `confirmed: true` marks the built-in
 * layout as checked against the maker's documentation (give its reference in `provenance`).
 */

/** Value of `format`. */
export const DEFINITION_FORMAT = 'pmu-meter-definition';
/** Current `formatVersion`. */
export const DEFINITION_FORMAT_VERSION = 1;

const factOf = <T extends z.ZodTypeAny>(value: T) => z.object({ value, provenance: provenanceSchema }).strict();

/** One item of a definition file. */
export const definitionFileItemSchema = z
  .object({
    id: z.string().min(1).max(32),
    name: z.string().min(1).max(120).optional(),
    description: z.string().max(600).optional(),
    bytes: z.number().int().min(0).max(65535).nullable().optional(),
    encoding: z.enum(ENCODINGS).optional(),
    layout: z.string().min(1).max(600).optional(),
    unit: z.string().max(16).optional(),
    scale: z.number().int().min(-9).max(9).optional(),
    readLevel: z.number().int().min(0).max(3).nullable().optional(),
    writeLevel: z.number().int().min(0).max(3).nullable().optional(),
    /** Where the facts of this entry come from, e.g. `manual:Elster A1140 protocol spec issue 3, p. 42`. */
    provenance: provenanceSchema.optional(),
    /** True: the built-in layout was checked against the maker's documentation and is right. */
    confirmed: z.boolean().optional(),
  })
  .strict();

/** A definition file. */
export const definitionFileSchema = z
  .object({
    $schema: z.string().optional(),
    format: z.literal(DEFINITION_FORMAT),
    formatVersion: z.literal(DEFINITION_FORMAT_VERSION),
    /** The model the file is for. */
    model: z.enum(METER_MODELS),
    /** What the file is, for lists and audit: `Utility X: A1140 programming layouts (Elster doc 123)`. */
    title: z.string().min(1).max(200),
    /** A regular expression the meter's identification line must match (e.g. one firmware); absent = every meter of the model. */
    identification: z.string().max(200).optional(),
    items: z.array(definitionFileItemSchema).max(1000).default([]),
    /** Elster model facts to correct (each with its provenance). */
    elster: z
      .object({
        lpValueEncoding: factOf(z.enum(LP_VALUE_ENCODINGS)).optional(),
        lpExtendedStatus: factOf(z.boolean()).optional(),
        lpMaxChannels: factOf(z.number().int().min(1).max(16)).optional(),
        touRegisters: factOf(z.array(z.number().int().min(1).max(64)).min(1).max(4)).optional(),
        maxDemandRegisters: factOf(z.number().int().min(1).max(64)).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
/** A parsed definition file (input side). */
export type DefinitionFile = z.infer<typeof definitionFileSchema>;

/** A definition file as loaded: its name (for messages and `confirmedBy`) and content. */
export interface LoadedDefinitionFile {
  readonly name: string;
  readonly file: DefinitionFile;
}

/** A definition file that is not valid: `problems` name the field (`items[2].provenance: …`). */
export class DefinitionFileError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: readonly string[],
  ) {
    super(`Meter definition file ${fileName} was not loaded: ${problems.join('; ')}.`);
    this.name = 'DefinitionFileError';
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '') || '(the file)';
}

/**
 * Parse and check a definition file's text.
 * @param name the file's name, used in messages.
 * @throws DefinitionFileError with one plain problem per wrong field (`items[0].provenance: must be …`), for JSON that
 *   does not parse (with its position), or an `identification` that is not a valid regular expression.
 */
export function parseDefinitionFile(text: string, name: string): LoadedDefinitionFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DefinitionFileError(name, [`it is not valid JSON (${e instanceof Error ? e.message : String(e)})`]);
  }
  const r = definitionFileSchema.safeParse(json);
  if (!r.success) {
    throw new DefinitionFileError(name, r.error.issues.slice(0, 10).map((i) => `${fieldPath(i.path)}: ${i.message}`));
  }
  const problems: string[] = [];
  if (r.data.identification !== undefined) {
    try {
      new RegExp(r.data.identification);
    } catch {
      problems.push(`identification: "${r.data.identification}" is not a valid regular expression`);
    }
  }
  r.data.items.forEach((it, i) => {
    const changes = ['bytes', 'encoding', 'layout', 'unit', 'scale'].some((k) => k in it);
    if ((changes || it.confirmed) && it.provenance === undefined) problems.push(`items[${i}].provenance: say where the ${it.confirmed ? 'confirmation' : 'corrected layout'} of item ${it.id} comes from (e.g. "manual:<document, page>")`);
    if (it.confirmed && it.provenance?.startsWith('assumption')) problems.push(`items[${i}].provenance: a confirmation cannot be an assumption; name the document that confirms item ${it.id}`);
  });
  if (problems.length > 0) throw new DefinitionFileError(name, problems);
  return { name, file: r.data };
}
