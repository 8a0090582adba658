/**
 * `npm run schema`: regenerate docs/scheme.schema.json from the zod scheme model (schemes/json-schema.ts) and
 * docs/meter-definition.schema.json from the meter definition file schema (meter-definitions/json-schema.ts).
 * Each is written to a temporary file and renamed, so a failed run leaves the old file whole.
 */
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDefinitionJsonSchema } from '../meter-definitions/json-schema';
import { renderSchemeJsonSchema } from '../schemes/json-schema';

const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs');
for (const [name, text] of [['scheme.schema.json', renderSchemeJsonSchema()], ['meter-definition.schema.json', renderDefinitionJsonSchema()]] as const) {
  const target = path.join(docs, name);
  const temp = `${target}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, target);
  process.stdout.write(`Wrote ${path.relative(process.cwd(), target)}\n`);
}
