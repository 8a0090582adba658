import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFormula } from './formula-check';
import { compileFormula, FormulaError, formatLinear, linearize, parseFormula } from './formula';

const seed = Number(process.env.FUZZ_SEED ?? 15);

describe('formula parser', () => {
  it('parses a feeder balance with constants, brackets and unicode operators', () => {
    const f = compileFormula('[F-0001:1.29.0] − ([C-1:1.29.0] + 2 × [C-2:1-0:1.29.0]) / 2');
    expect(f.terms.map((t) => [t.ref.serial, t.ref.channel, t.coefficient])).toEqual([
      ['F-0001', '1.29.0', 1], ['C-1', '1.29.0', -0.5], ['C-2', '1-0:1.29.0', -1],
    ]);
  });

  it('splits serials that contain ":" at the OBIS code', () => {
    const f = compileFormula('[A:B:1.29.0]+[X:1-0:2.29.0*255]');
    expect(f.terms.map((t) => [t.ref.serial, t.ref.channel])).toEqual([['A:B', '1.29.0'], ['X', '1-0:2.29.0*255']]);
  });

  it('adds the coefficients of a reference written twice', () => {
    expect(compileFormula('[M:1.29.0] + 3*[M:1.29.0] - [m:1.29.0]').terms.map((t) => t.coefficient)).toEqual([3]);
  });

  it.each([
    ['', /empty/],
    ['[M:1.29.0] * [N:1.29.0]', /multiplied by \[N:1\.29\.0\].*only by a number/],
    ['[M:1.29.0] / [N:1.29.0]', /divide only by a number/],
    ['[M:1.29.0] / 0', /Division by zero/],
    ['[M:1.29.0] + 5', /number 5 is added to energies/],
    ['2 * 3', /names no meter/],
    ['[M:1.29.0', /no closing/],
    ['[M] + 1', /serial number and a channel/],
    ['([M:1.29.0]', /not closed/],
    ['[M:1.29.0] +', /ends too early/],
    ['[M:1.29.0] 2', /Unexpected "2"/],
    ['2,5 * [M:1.29.0]', /point/],
    ['1e999 * [M:1.29.0]', /too large/],
  ])('refuses %j with a plain message', (text, message) => {
    expect(() => compileFormula(text)).toThrow(FormulaError);
    expect(() => compileFormula(text)).toThrow(message);
  });

  it('fuzz: any text gives a tree or a FormulaError, never another exception', () => {
    const alphabet = fc.constantFrom(...'[]():.*/+-−×0123456789eE, MFCX-'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.array(alphabet, { maxLength: 60 }).map((a) => a.join(''))), (text) => {
        try {
          linearize(parseFormula(text));
        } catch (e) {
          if (!(e instanceof FormulaError)) throw e;
          expect(e.position).toBeGreaterThanOrEqual(0);
        }
      }),
      { seed, numRuns: 3000 },
    );
  });

  it('fuzz: deep nesting is refused, not a stack overflow', () => {
    expect(() => parseFormula(`${'('.repeat(5000)}[M:1.29.0]${')'.repeat(5000)}`)).toThrow(FormulaError);
    expect(() => parseFormula(`${'-'.repeat(3000)}[M:1.29.0]`)).toThrow(/deeper/);
  });

  it('fuzz: the canonical text of a linear formula parses back to the same coefficients', () => {
    const term = fc.record({
      serial: fc.constantFrom('F-1', 'C 2', 'X:Y', 'M7'),
      channel: fc.constantFrom('1.29.0', '2.29.0', '1-0:1.8.0'),
      k: fc.integer({ min: -50, max: 50 }).filter((k) => k !== 0).map((k) => k / 4),
    });
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 6 }), (terms) => {
        const text = terms.map((t) => `${t.k} * [${t.serial}:${t.channel}]`).join(' + ');
        const once = compileFormula(text);
        fc.pre(once.terms.every((t) => t.coefficient !== 0));
        const again = compileFormula(formatLinear(once));
        expect(again.terms.map((t) => [t.ref.serial, t.ref.channel, t.coefficient])).toEqual(once.terms.map((t) => [t.ref.serial, t.ref.channel, t.coefficient]));
      }),
      { seed, numRuns: 500 },
    );
  });
});

describe('additive-quantity guard', () => {
  const known = (s: string) => ['F', 'C1', 'C2'].includes(s);
  const check = (text: string) => checkFormula(compileFormula(text), known);

  it('accepts energies and interval energies of one family, in kWh', () => {
    const r = check('[F:1.29.0] - [C1:1.8.0] - [C2:1-0:1.29.0]');
    expect('problems' in r ? r.problems : r.unit).toBe('kWh');
  });

  it.each([
    ['[F:1.29.0] + [C1:1.6.0]', /\[C1:1\.6\.0\] is active power import, maximum demand.*not additive.*\[C1:1\.29\.0\]/],
    ['[F:1.29.0] + [C1:32.7.0]', /\[C1:32\.7\.0\] is voltage.*cannot be summed/],
    ['[F:1.29.0] + [C1:31.7.0]', /current/],
    ['[F:1.29.0] + [C1:13.7.0]', /power factor/],
    ['[F:1.29.0] + [C1:1.5.0]', /average demand/],
    ['[F:1.29.0] + [C1:1.7.0]', /instantaneous/],
    ['[F:1.29.0] + [C1:3.29.0]', /mixes units.*\[F:1\.29\.0\] is active energy \(kWh\).*\[C1:3\.29\.0\] is reactive energy \(kvarh\)/],
    ['[F:1.29.0] + [NOPE:1.29.0]', /no meter with serial number "NOPE"/],
  ])('refuses %s naming the term', (text, message) => {
    const r = check(text);
    expect('problems' in r).toBe(true);
    if ('problems' in r) expect(r.problems.join(' ')).toMatch(message);
  });
});
