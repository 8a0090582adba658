/**
 * The published JSON Schema of scheme files (docs/scheme.schema.json), generated from the zod model
 * (schemes/model.ts tariffSchemeSchema) with zod 4's `z.toJSONSchema` on the INPUT side (fields with defaults
 * are optional, as in a file), so the schema and the parser can never disagree on shape. Editors (VS Code
 * `"$schema"` / json.schemas) and other tools can check a file's shape with it; the sense checks (references,
 * capability limits, DST) are only in schemes/validate.ts.
 *
 * `npm run schema` rewrites docs/scheme.schema.json (scripts/write-scheme-schema.ts); a test fails when the
 * committed file differs from {@link renderSchemeJsonSchema}.
 */
import { z } from 'zod';
import { SCHEME_FORMAT, SCHEME_FORMAT_VERSION, tariffSchemeSchema } from './model';

/** `$id` of the published schema (a URN: the schema is shipped with the app, not served from a host). */
export const SCHEME_SCHEMA_ID = `urn:pmu-workstation:${SCHEME_FORMAT}:${SCHEME_FORMAT_VERSION}`;

/** The JSON Schema (draft 2020-12) of a scheme file, with `$id`, `title` and `description`. */
export function schemeJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(tariffSchemeSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: SCHEME_SCHEMA_ID,
    title: 'PMU tariff scheme',
    description:
      `A tariff scheme file of the PMU workstation (format "${SCHEME_FORMAT}", version ${SCHEME_FORMAT_VERSION}): rates, day profiles, ` +
      'week profiles, seasons and special days (DLMS activity calendar names), DST rule, maximum demand, load profile and pulse outputs. ' +
      'Times of day and dates are the meter\'s local wall-clock time; durations are minutes. This schema checks the shape only; ' +
      '`pmu scheme validate` also checks references, meter capability limits and DST (docs/tariff-schemes.md). Generated from schemes/model.ts.',
    ...rest,
  };
}

/** The text of docs/scheme.schema.json: {@link schemeJsonSchema} with 2-space indent and a trailing newline. */
export function renderSchemeJsonSchema(): string {
  return `${JSON.stringify(schemeJsonSchema(), null, 2)}\n`;
}
