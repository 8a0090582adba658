/**
 * `npm run schema`: regenerate docs/scheme.schema.json from the zod scheme model (schemes/json-schema.ts).
 * Written to a temporary file and renamed, so a failed run leaves the old file whole.
 */
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSchemeJsonSchema } from '../schemes/json-schema';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/scheme.schema.json');
const temp = `${target}.tmp-${process.pid}`;
writeFileSync(temp, renderSchemeJsonSchema());
renameSync(temp, target);
process.stdout.write(`Wrote ${path.relative(process.cwd(), target)}\n`);
