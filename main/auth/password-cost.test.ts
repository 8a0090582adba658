/**
 * Issue 11.5 "same answers and timing": a sign-in with an unknown name costs exactly the scrypt runs of a known one
 * (one), in every process — counted, not timed (node:crypto's scrypt wrapped to count its runs).
 */
import { describe, expect, it, vi } from 'vitest';

const runs = vi.hoisted(() => ({ n: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  const scrypt = ((...args: Parameters<typeof real.scrypt>) => {
    runs.n += 1;
    return (real.scrypt as (...a: unknown[]) => void)(...args);
  }) as typeof real.scrypt;
  return { ...real, default: { ...real, scrypt }, scrypt };
});

const { hashPassword, verifyPassword } = await import('./passwords');
const { CHEAP_SCRYPT } = await import('./test-helpers');

describe('the cost of a sign-in does not tell whether the user exists', () => {
  it('an unknown user (no stored hash) or a damaged hash costs one scrypt run, like a real user, from the first try on', async () => {
    const stored = await hashPassword('Meter-Room-42', CHEAP_SCRYPT);
    const cost = async (encoded: string | null) => {
      runs.n = 0;
      expect(await verifyPassword('a wrong password', encoded, CHEAP_SCRYPT)).toBe(false);
      return runs.n;
    };
    expect(await cost(null)).toBe(1); // the first unknown name of this process
    expect(await cost(null)).toBe(1);
    expect(await cost('scrypt$broken')).toBe(1);
    expect(await cost(stored)).toBe(1);
  });
});
