/**
 * The published JSON Schema of meter definition files (docs/meter-definition.schema.json), generated from the zod
 * schema (file.ts) with zod 4's `z.toJSONSchema`, so the two cannot disagree. `npm run schema` rewrites it; a test
 * fails when the committed file differs from {@link renderDefinitionJsonSchema}.
 */
import { z } from 'zod';
import { DEFINITION_FORMAT, DEFINITION_FORMAT_VERSION, definitionFileSchema } from './file';

/** `$id` of the published schema. */
export const DEFINITION_SCHEMA_ID = `urn:pmu-workstation:${DEFINITION_FORMAT}:${DEFINITION_FORMAT_VERSION}`;

/** The JSON Schema (draft 2020-12) of a meter definition file. */
export function definitionJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(definitionFileSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: DEFINITION_SCHEMA_ID,
    title: 'PMU meter definition file',
    description:
      'A meter definition file of the PMU workstation, loaded from the data directory\'s meter-definitions/ folder (files named *.meter.json). ' +
      'It confirms (`confirmed: true`) or corrects the size and layout of data items of a built-in meter definition, each with its provenance ' +
      '("manual:<document, page>" or "public:<repository path>:<line>"), and may be limited to one firmware by an `identification` regular expression. ' +
      'Programming a real meter writes only items whose layout is public, from a manual, or confirmed by such a file (docs/meter-definitions.md). Generated from meter-definitions/file.ts.',
    ...rest,
  };
}

/** The text of docs/meter-definition.schema.json. */
export function renderDefinitionJsonSchema(): string {
  return `${JSON.stringify(definitionJsonSchema(), null, 2)}\n`;
}
