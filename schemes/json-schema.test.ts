import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCHEME_SCHEMA_ID, renderSchemeJsonSchema, schemeJsonSchema } from './json-schema';
import { newScheme, tariffSchemeSchema } from './model';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = ['uk-economy7-a1140.json', 'de-ht-nt-generic.json', 'us-tou-a1700.json', 'bad-a1140.json'];
const readFixture = (name: string): unknown => JSON.parse(readFileSync(path.join(ROOT, 'fixtures/schemes', name), 'utf8'));

type Schema = Record<string, unknown>;
const IGNORED = new Set(['$schema', '$id', 'title', 'description', 'default']);
const typeOk: Record<string, (v: unknown) => boolean> = {
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: Array.isArray,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
};

/**
 * A small JSON Schema checker for exactly the keywords the generated schema uses; an unknown keyword fails the
 * test, so the checker cannot silently skip a rule. Returns true when `v` satisfies `s`.
 */
function conforms(s: Schema, v: unknown): boolean {
  for (const [k, rule] of Object.entries(s)) {
    if (IGNORED.has(k)) continue;
    const r = rule as never;
    switch (k) {
      case 'type': if (!typeOk[r]!(v)) return false; break;
      case 'const': if (v !== r) return false; break;
      case 'enum': if (!(r as unknown[]).includes(v)) return false; break;
      case 'pattern': if (typeof v === 'string' && !new RegExp(r, 'u').test(v)) return false; break;
      case 'minLength': if (typeof v === 'string' && [...v].length < r) return false; break;
      case 'maxLength': if (typeof v === 'string' && [...v].length > r) return false; break;
      case 'minimum': if (typeof v === 'number' && v < r) return false; break;
      case 'maximum': if (typeof v === 'number' && v > r) return false; break;
      case 'exclusiveMinimum': if (typeof v === 'number' && v <= r) return false; break;
      case 'minItems': if (Array.isArray(v) && v.length < r) return false; break;
      case 'maxItems': if (Array.isArray(v) && v.length > r) return false; break;
      case 'items': if (Array.isArray(v) && !v.every((x) => conforms(r, x))) return false; break;
      case 'anyOf': if (!(r as Schema[]).some((o) => conforms(o, v))) return false; break;
      case 'required': if (typeOk.object!(v) && !(r as string[]).every((p) => p in (v as object))) return false; break;
      case 'properties':
        if (typeOk.object!(v)) for (const [p, ps] of Object.entries(r as Record<string, Schema>)) if (p in (v as object) && !conforms(ps, (v as Record<string, unknown>)[p])) return false;
        break;
      default: throw new Error(`the test's JSON Schema checker does not know "${k}"`);
    }
  }
  return true;
}

describe('docs/scheme.schema.json', () => {
  it('is the generated schema (else run `npm run schema`)', () => {
    const committed = readFileSync(path.join(ROOT, 'docs/scheme.schema.json'), 'utf8');
    expect(committed === renderSchemeJsonSchema(), 'docs/scheme.schema.json is out of date: run `npm run schema` and commit the file').toBe(true);
  });

  it('has $id, title and description, and every field of the model', () => {
    const s = schemeJsonSchema();
    expect(s).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: SCHEME_SCHEMA_ID, title: 'PMU tariff scheme' });
    expect(String(s.description)).toContain('pmu-tariff-scheme');
    expect(Object.keys(s.properties as object)).toEqual(Object.keys(tariffSchemeSchema.shape));
    expect(s.required).not.toContain('description');
    expect(s.required).not.toContain('specialDays');
    expect(s.required).toContain('dayProfiles');
  });
});

describe('fixture scheme files against the schema', () => {
  it('every fixture has the model shape (zod) and satisfies the published JSON Schema', () => {
    const schema = schemeJsonSchema();
    for (const name of FIXTURES) {
      const json = readFixture(name);
      expect(tariffSchemeSchema.safeParse(json).success, name).toBe(true);
      expect(conforms(schema, json), name).toBe(true);
    }
  });

  it('the JSON Schema and zod agree on schemes with one field replaced by arbitrary JSON', () => {
    const schema = schemeJsonSchema();
    const base = JSON.parse(JSON.stringify(newScheme('JS', 'Schema'))) as Record<string, unknown>;
    const leaf = fc.oneof(fc.jsonValue(), fc.constantFrom('25:00', '07:30', 0, 33, 'last', 'A1700', 'active-import', '#12345g', ''));
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(base)), leaf, fc.boolean(), (key, value, nested) => {
        const s = structuredClone(base);
        if (nested && Array.isArray(s.dayProfiles)) (s.dayProfiles[0] as { switches: Record<string, unknown>[] }).switches[0]![key.length % 2 ? 'time' : 'rate'] = value;
        else s[key] = value;
        expect(conforms(schema, s)).toBe(tariffSchemeSchema.safeParse(s).success);
      }),
      { seed: Number(process.env.FUZZ_SEED ?? 7), numRuns: 400 },
    );
  });
});
