import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_DEFINITIONS, DefinitionFileError, definitionFor, findItem, isProven, itemBytes, parseDefinitionFile, provenanceKind,
} from './index';
import { renderDefinitionJsonSchema } from './json-schema';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = (o: object) => JSON.stringify({ format: 'pmu-meter-definition', formatVersion: 1, model: 'A1140', title: 'test', ...o });

describe('built-in meter definitions', () => {
  it('give every item a provenance, and the public ones a file and line', () => {
    for (const def of Object.values(BUILTIN_DEFINITIONS)) {
      for (const i of def.items) {
        expect(i.provenance, `${def.model} ${i.id}`).toMatch(/^(public:.+\.java:\d+(-\d+)?|manual:.+|assumption(:.+)?)$/);
      }
    }
  });

  it('use the A1700 sizes on the A1700, never the A1140 ones (Corrections)', () => {
    expect(itemBytes(BUILTIN_DEFINITIONS.A1140, '795')).toBe(8);
    expect(itemBytes(BUILTIN_DEFINITIONS.A1700, '795')).toBe(16);
    expect(itemBytes(BUILTIN_DEFINITIONS.A1140, '507')).toBe(128);
    expect(itemBytes(BUILTIN_DEFINITIONS.A1700, '507')).toBe(80);
    expect(itemBytes(BUILTIN_DEFINITIONS.A1140, '680')).toBe(53);
    expect(itemBytes(BUILTIN_DEFINITIONS.A1700, '680')).toBe(14);
    expect(itemBytes(BUILTIN_DEFINITIONS.A1140, '551')).toBe(4);
    expect(itemBytes(BUILTIN_DEFINITIONS.A1140, '878')).toBe(3);
    expect(itemBytes(BUILTIN_DEFINITIONS.A1140, '724')).toBe(8);
    expect(itemBytes(BUILTIN_DEFINITIONS.A1140, '998')).toBe(12);
    expect(itemBytes(BUILTIN_DEFINITIONS.A1140, '655')).toBe(1);
    expect(findItem(BUILTIN_DEFINITIONS.A1700, '998')).toBeNull();
  });

  it('mark the tariff images (617, 681, 901…908) as assumptions and the public items as proven', () => {
    for (const id of ['681', '901', '902', '903', '904', '905', '906', '907', '908', '617']) {
      const i = findItem(BUILTIN_DEFINITIONS.A1140, id)!;
      expect(provenanceKind(i.provenance)).toBe('assumption');
      expect(isProven(i)).toBe(false);
    }
    for (const id of ['795', '667', '616', '861']) expect(isProven(findItem(BUILTIN_DEFINITIONS.A1140, id)!)).toBe(true);
    expect(isProven(findItem(BUILTIN_DEFINITIONS.A1700, '614')!)).toBe(true);
  });

  it('match generic list entries to their `.n` item', () => {
    expect(findItem(BUILTIN_DEFINITIONS.generic, '0-0:13.3.4')?.id).toBe('0-0:13.3.n');
    expect(isProven(findItem(BUILTIN_DEFINITIONS.generic, '0.9.1')!)).toBe(true);
    expect(isProven(findItem(BUILTIN_DEFINITIONS.generic, '0-0:13.0.0')!)).toBe(false);
  });
});

describe('definition files', () => {
  it('confirm an unproven layout, for matching meters only', () => {
    const f = parseDefinitionFile(file({ identification: '^/GEC5', items: [{ id: '901', confirmed: true, provenance: 'manual:Elster protocol spec, p. 12' }] }), 'a1140.meter.json');
    const merged = definitionFor('A1140', [f], '/GEC510051000000');
    const i = findItem(merged, '901')!;
    expect(i.confirmedBy).toBe('a1140.meter.json');
    expect(i.provenance).toBe('manual:Elster protocol spec, p. 12');
    expect(isProven(i)).toBe(true);
    expect(merged.sources).toEqual(['a1140.meter.json']);
    expect(isProven(findItem(definitionFor('A1140', [f], '/ABC5XYZ'), '901')!)).toBe(false);
    expect(isProven(findItem(definitionFor('A1700', [f]), '901')!)).toBe(false);
  });

  it('correct a size and an Elster fact', () => {
    const f = parseDefinitionFile(file({ items: [{ id: '544', bytes: 792, provenance: 'manual:doc 1, p. 3' }], elster: { lpValueEncoding: { value: 'bcd6', provenance: 'manual:doc 1, p. 9' } } }), 'x.meter.json');
    const d = definitionFor('A1140', [f]);
    expect(itemBytes(d, '544')).toBe(792);
    expect(d.elster?.lpValueEncoding.value).toBe('bcd6');
  });

  it('refuse a bad file with plain errors naming the field', () => {
    const problems = (text: string) => {
      try {
        parseDefinitionFile(text, 'bad.meter.json');
      } catch (e) {
        expect(e).toBeInstanceOf(DefinitionFileError);
        return (e as DefinitionFileError).message;
      }
      throw new Error('accepted');
    };
    expect(problems('{ nope')).toMatch(/bad\.meter\.json.*not valid JSON/);
    expect(problems(file({ items: [{ id: '901', confirmed: true, provenance: 'somebody said so' }] }))).toMatch(/items\[0\]\.provenance: must be "public/);
    expect(problems(file({ items: [{ id: '901', confirmed: true }] }))).toMatch(/items\[0\]\.provenance: say where the confirmation of item 901 comes from/);
    expect(problems(file({ items: [{ id: '901', bytes: 3, provenance: 'assumption' }], model: 'A1141' }))).toMatch(/model:/);
    expect(problems(file({ items: [{ id: '901', colour: 'red' }] }))).toMatch(/items\[0\]/);
    expect(problems(file({ identification: '(' }))).toMatch(/identification: "\(" is not a valid regular expression/);
  });

  it('keep docs/meter-definition.schema.json equal to the schema', () => {
    expect(readFileSync(path.join(ROOT, 'docs/meter-definition.schema.json'), 'utf8')).toBe(renderDefinitionJsonSchema());
  });
});
