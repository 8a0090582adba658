import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from './json-syntax';
import { METER_MODELS, newScheme } from './model';
import { parseSchemeFile, serializeScheme } from './scheme-file';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixture = (name: string) => readFileSync(path.join(ROOT, 'fixtures/schemes', name), 'utf8');
const VALID_FIXTURES = ['uk-economy7-a1140.json', 'de-ht-nt-generic.json', 'us-tou-a1700.json'];
const seed = Number(process.env.FUZZ_SEED ?? 20271031);
const problem = (path: string, code: string, message: string) => ({ path, severity: 'error', code, message });

/** Reverse the key order of every object, to show serializeScheme does not depend on it. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]));
  return v;
}

describe('serializeScheme / parseSchemeFile round trip', () => {
  it('writes 2-space JSON in the model key order with a trailing newline, and reads it back unchanged', () => {
    for (const model of METER_MODELS) {
      const s = newScheme('RT', 'Round trip', model);
      const text = serializeScheme(s);
      expect(text.startsWith('{\n  "format": "pmu-tariff-scheme",\n  "formatVersion": 1,\n  "id": "RT",')).toBe(true);
      expect(text.endsWith('}\n')).toBe(true);
      const back = parseSchemeFile(text, { years: [2027] });
      expect(back).toEqual({ scheme: s, problems: [] });
      expect(serializeScheme(back.scheme!)).toBe(text);
      expect(serializeScheme(reversed(s) as typeof s)).toBe(text);
    }
  });

  it('keeps the fixture files byte for byte', () => {
    for (const name of VALID_FIXTURES) {
      const text = fixture(name);
      expect(serializeScheme(parseSchemeFile(text).scheme!)).toBe(text);
    }
  });

  it('accepts a byte-order mark', () => {
    expect(parseSchemeFile(`\uFEFF${serializeScheme(newScheme('B', 'BOM'))}`, { years: [2027] }).problems).toEqual([]);
  });
});

describe('parseSchemeFile problems', () => {
  it('gives JSON syntax errors with line and column', () => {
    expect(parseSchemeFile('{\n  "format": "pmu-tariff-scheme"\n  "id": "X"\n}').problems).toEqual([
      problem('', 'json-syntax', 'The file is not valid JSON (line 3, column 3): expected "," or "}" after a value, found \'"\''),
    ]);
    expect(parseSchemeFile('{\n  "rates": [1, 2,],\n}').problems).toEqual([
      problem('', 'json-syntax', 'The file is not valid JSON (line 2, column 18): expected a value, found \']\' (a comma before "]" is not allowed in JSON)'),
    ]);
    expect(parseSchemeFile("{ 'format': 1 }").problems[0]!.message).toBe(
      'The file is not valid JSON (line 1, column 3): expected a field name in double quotes, found \'\'\'',
    );
    expect(parseSchemeFile('{"name": "Day\nNight"}').problems[0]!.message).toBe(
      'The file is not valid JSON (line 1, column 14): a line break or control character inside a text (string); close the text with " or write \\n',
    );
    expect(parseSchemeFile('{"rates": [').problems[0]!.message).toBe('The file is not valid JSON (line 1, column 12): expected a value (text in double quotes, a number, true, false, null, an object or a list), found the end of the file');
    expect(parseSchemeFile('  \n').problems).toEqual([problem('', 'json-syntax', 'The file is empty; a tariff scheme file holds one JSON object')]);
  });

  it('explains a file that is not a scheme file', () => {
    expect(parseSchemeFile('{"format": "pmu-readings", "readings": []}')).toEqual({
      scheme: null,
      problems: [problem('format', 'not-a-scheme-file', 'This is not a PMU tariff scheme file: its "format" is "pmu-readings", a scheme file says "format": "pmu-tariff-scheme"')],
    });
    expect(parseSchemeFile('{"rates": []}').problems).toEqual([
      problem('format', 'not-a-scheme-file', 'This is not a PMU tariff scheme file: it has no "format" field, a scheme file says "format": "pmu-tariff-scheme"'),
    ]);
    expect(parseSchemeFile('[1, 2]').problems).toEqual([
      problem('', 'not-a-scheme-file', 'This is not a PMU tariff scheme file: it holds a list, not a JSON object with "format": "pmu-tariff-scheme"'),
    ]);
  });

  it('refuses a newer format version', () => {
    const text = serializeScheme(newScheme('V', 'V')).replace('"formatVersion": 1', '"formatVersion": 2');
    expect(parseSchemeFile(text).problems).toEqual([
      problem('formatVersion', 'format-version', 'This scheme file has format version 2; this app reads version 1. Update PMU Workstation to open it'),
    ]);
  });

  it('returns the scheme when only sense problems remain, null after shape problems', () => {
    const s = newScheme('P', 'P');
    s.dayProfiles[0]!.switches.push({ time: '23:30', rate: 7 });
    const withError = parseSchemeFile(serializeScheme(s), { years: [2027] });
    expect(withError.scheme).toEqual(s);
    expect(withError.problems.map((p) => p.code)).toEqual(['unknown-rate']);
    const broken = parseSchemeFile(serializeScheme(s).replace('"23:30"', '"23:61"'));
    expect(broken.scheme).toBeNull();
    expect(broken.problems.map((p) => p.code)).toEqual(['shape-format']);
  });
});

describe('fixtures/schemes', () => {
  it('the three realistic schemes are valid for 2026…2030 and for the default years', () => {
    for (const name of VALID_FIXTURES) {
      expect(parseSchemeFile(fixture(name), { years: [2026, 2027, 2028, 2029, 2030] }).problems, name).toEqual([]);
      expect(parseSchemeFile(fixture(name)).problems, name).toEqual([]);
    }
  });

  it('bad-a1140.json gives its known problems', () => {
    const { scheme, problems } = parseSchemeFile(fixture('bad-a1140.json'), { years: [2027] });
    expect(scheme?.id).toBe('BAD1140');
    expect(problems.map((p) => `${p.severity} ${p.path} ${p.code}`)).toEqual([
      'warning dayProfiles.2 unused-day-profile',
      'error specialDays.0.day impossible-date',
      'error dayProfiles.0.switches too-many-switch-times',
      'error rates.4.number rate-not-in-model',
      'error maximumDemand.quantities too-many-md-registers',
      'error loadProfile.capturePeriodMinutes lp-period-not-supported',
      'error dayProfiles.1.switches.1.time switch-in-dst-gap',
      'warning dayProfiles.1.switches.1.time switch-in-repeated-hour',
    ]);
    expect(problems[2]!.message).toBe("Day profile 'Weekday': 17 switch times, the A1140 allows 16");
  });
});

describe('JSON syntax errors (property)', () => {
  it('findJsonSyntaxError finds an error exactly when JSON.parse refuses the text', () => {
    const damaged = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '[', '{', 'x', '\n', '\\')).map(([json, at, insert]) => {
      const i = at % (json.length + 1);
      return json.slice(0, i) + insert + json.slice(i + (insert === '' ? 1 : 0));
    });
    fc.assert(
      fc.property(fc.oneof(damaged, fc.string(), fc.json()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const found = findJsonSyntaxError(text);
        expect(found === null).toBe(valid);
        if (found) expect(found.offset).toBeLessThanOrEqual(text.length);
      }),
      { seed, numRuns: 1000 },
    );
  });

  it('parseSchemeFile never throws', () => {
    const text = serializeScheme(newScheme('F', 'Fuzz'));
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(40), fc.string({ maxLength: 3 }), (at, cut, insert) => {
        const result = parseSchemeFile(text.slice(0, at) + insert + text.slice(at + cut), { years: [2027] });
        expect(Array.isArray(result.problems)).toBe(true);
      }),
      { seed, numRuns: 300 },
    );
  });
});
