import { describe, expect, it } from 'vitest';
import { CLIENT_FUZZ_TARGETS, runClientFuzz } from './client-fuzz';

const SEED = Number(process.env.FUZZ_SEED ?? 62056021);
const RUNS = 3000;

describe('fuzz: logbook parser and stream frame scanner', () => {
  for (const target of CLIENT_FUZZ_TARGETS) {
    it(`${target} × ${RUNS}`, () => {
      const [outcome] = runClientFuzz(RUNS, { seed: SEED, targets: [target] });
      expect(outcome!.failure).toBeNull();
      expect(outcome!.runs).toBe(RUNS);
    });
  }
});
