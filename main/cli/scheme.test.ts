import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newScheme } from '../../schemes/model';
import { serializeScheme } from '../../schemes/scheme-file';
import { ROOT, pmu } from './testing/run-pmu';

/** `pmu scheme validate` as a technician runs it: a child process (TypeScript entry through tsx) on real files. */
const tmp = mkdtempSync(path.join(tmpdir(), 'pmu-scheme-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fixture = (name: string) => path.join(ROOT, 'fixtures/schemes', name);
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
};
const validate = (args: string[]) => pmu(['scheme', 'validate', ...args], tmp).done;

describe('pmu scheme validate', { timeout: 60_000 }, () => {
  it('passes the three realistic fixture schemes with exit 0 and one summary line', async () => {
    for (const [name, model] of [['uk-economy7-a1140.json', 'A1140'], ['de-ht-nt-generic.json', 'generic meter'], ['us-tou-a1700.json', 'A1700']] as const) {
      const r = await validate([fixture(name), '--year', '2026', '--year', '2027']);
      expect(r.stderr, name).toBe('');
      expect(r.stdout, name).toBe(`${name}: 0 errors, 0 warnings (${model} limits, DST 2026 and 2027): it can be programmed.\n`);
      expect(r.code, name).toBe(0);
    }
  });

  it('prints every problem of the bad fixture on its own line and exits 1', async () => {
    const r = await validate([fixture('bad-a1140.json'), '--year', '2027']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe("warning: dayProfiles.2: Day profile 'Spare' is not used: no week profile of a season and no special day refers to it");
    expect(lines[2]).toBe("error: dayProfiles.0.switches: Day profile 'Weekday': 17 switch times, the A1140 allows 16");
    expect(lines[6]).toBe(
      "error: dayProfiles.1.switches.1.time: Day profile 'Weekend': switch at 02:30 does not exist on 2027-03-28 in Europe/Berlin (clocks go from 02:00 to 03:00); move it out of the gap",
    );
    expect(lines.slice(0, 8).every((l) => /^(error|warning): [\w.]+: /.test(l))).toBe(true);
    expect(lines[8]).toBe('bad-a1140.json: 6 errors, 2 warnings (A1140 limits, DST 2027): fix the errors before programming.');
  });

  it('exits 0 for warnings alone, and checks another model with --model', async () => {
    const s = newScheme('WARN', 'Warnings only', 'A1140');
    s.dayProfiles.push({ id: 'spare', name: 'Spare', switches: [{ time: '00:00', rate: 1 }] });
    const file = write('warnings.json', serializeScheme(s));
    const r = await validate([file, '--model', 'A1700', '--year', '2027']);
    expect(r.stdout).toBe(
      [
        "warning: dayProfiles.2: Day profile 'Spare' is not used: no week profile of a season and no special day refers to it",
        'warning: meterModel: The scheme is written for the A1140; it is checked against the limits of the A1700',
        'warnings.json: 0 errors, 2 warnings (A1700 limits, DST 2027): it can be programmed; read the warnings.',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
  });

  it('--json prints the problems for scripts', async () => {
    const r = await validate([fixture('bad-a1140.json'), '--year', '2027', '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { model: string; years: number[]; valid: boolean; errors: number; warnings: number; problems: { code: string }[] };
    expect(json).toMatchObject({ model: 'A1140', years: [2027], valid: false, errors: 6, warnings: 2 });
    expect(json.problems.map((p) => p.code)).toContain('rate-not-in-model');
  });

  it('reports a broken JSON file with line and column (exit 1) and a missing file plainly (exit 2)', async () => {
    const text = serializeScheme(newScheme('J', 'JSON')).replace('"version": 1,', '"version": 1');
    const broken = await validate([write('broken.json', text)]);
    expect(broken.stdout).toBe('error: (file): The file is not valid JSON (line 7, column 3): expected "," or "}" after a value, found \'"\'\nbroken.json: 1 error, 0 warnings: fix the errors before programming.\n');
    expect(broken.code).toBe(1);
    const missing = await validate([path.join(tmp, 'nope.json')]);
    expect(missing.stderr).toBe(`pmu: The scheme file "${path.join(tmp, 'nope.json')}" cannot be read: there is no such file.\n`);
    expect(missing.stdout).toBe('');
    expect(missing.code).toBe(2);
  });

  it('exits 2 for usage errors (bad --model, bad --year, no file)', async () => {
    const good = fixture('uk-economy7-a1140.json');
    const badModel = await validate([good, '--model', 'A1800']);
    expect(badModel.code).toBe(2);
    expect(badModel.stderr).toMatch(/argument 'A1800' is invalid\. Allowed choices are generic, A1140, A1700\./);
    const badYear = await validate([good, '--year', '27']);
    expect(badYear.code).toBe(2);
    expect(badYear.stderr).toMatch(/write the year with four digits/);
    const noFile = await validate([]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/missing required argument 'file'/);
  });
});
