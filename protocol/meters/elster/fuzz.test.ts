import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLoadProfile } from './load-profile';
import { ELSTER_FUZZ_TARGETS, checkElsterProperty, runElsterFuzz } from './fuzz-properties';
import { LP_LAYOUTS, LP_SEED, SEEDS, fixStreamCrc } from './fuzz-seeds';
import { decodeStreamBlock } from './stream';

// Fixed seed so a failure reproduces; FUZZ_SEED=<n> explores other inputs.
const SEED = Number(process.env.FUZZ_SEED ?? 1140);
const RUNS = 2000;

describe('fuzz: Elster decoders throw only typed errors and return well-formed results', () => {
  for (const target of ELSTER_FUZZ_TARGETS) {
    it(`${target} × ${RUNS}`, () => {
      const [outcome] = runElsterFuzz(RUNS, { seed: SEED, targets: [target] });
      expect(outcome!.failure).toBeNull();
      expect(outcome!.runs).toBe(RUNS);
    });
  }
});

describe('Elster fuzz harness', () => {
  it('has valid seeds (the properties start from real frames)', () => {
    const lp = decodeLoadProfile(LP_SEED, LP_LAYOUTS[0]!, { zone: 'Europe/London' });
    expect(lp.ended).toBe(true);
    expect(lp.intervals.length).toBe(4);
    for (const b of SEEDS.streamBlocks) expect(decodeStreamBlock(b).data.length).toBeGreaterThan(0);
  });

  it('repairs the CRC of a mutated stream block', () => {
    const b = SEEDS.streamBlocks.find((x) => x[1] === 0x02 && x[2] === 0x01)!.slice();
    b[5] = b[5]! ^ 1;
    expect(() => decodeStreamBlock(b)).toThrow();
    expect(decodeStreamBlock(fixStreamCrc(b)).packet).toBe(0x0102);
  });

  it('reports a decoder that crashes', () => {
    const crashing = fc.property(fc.uint8Array() as fc.Arbitrary<unknown>, (b) => {
      if ((b as Uint8Array).length > 3) throw new TypeError('cannot read properties of undefined');
    });
    expect(checkElsterProperty('decodeLoadProfile', crashing, 200, 1).failure).toMatch(/TypeError/);
  });
});
