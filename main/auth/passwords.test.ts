import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, hashPassword, needsRehash, parseHash, passwordProblem, verifyPassword } from './passwords';
import { CHEAP_SCRYPT } from './test-helpers';

describe('password hashing (scrypt)', () => {
  it('encodes scrypt$N$r$p$salt$hash with a fresh salt each time, never the password', async () => {
    const a = await hashPassword('correct horse battery', CHEAP_SCRYPT);
    const b = await hashPassword('correct horse battery', CHEAP_SCRYPT);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('horse');
    expect(parseHash(a)).toMatchObject({ params: CHEAP_SCRYPT });
  });

  it('uses the memory-hard default N = 2^15, r = 8, p = 1 for new hashes', async () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 32768, r: 8, p: 1 });
    const h = await hashPassword('a long enough password');
    expect(h.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('a long enough password', h)).toBe(true);
  });

  it('verifies the right password only (one character off, case, trailing space)', async () => {
    const h = await hashPassword('Meter-Room-42', CHEAP_SCRYPT);
    expect(await verifyPassword('Meter-Room-42', h, CHEAP_SCRYPT)).toBe(true);
    for (const wrong of ['Meter-Room-43', 'meter-room-42', 'Meter-Room-42 ', '']) expect(await verifyPassword(wrong, h, CHEAP_SCRYPT), wrong).toBe(false);
  });

  it('rejects a damaged hash and an unknown user (null) without throwing', async () => {
    const h = await hashPassword('Meter-Room-42', CHEAP_SCRYPT);
    const flipped = h.slice(0, -3) + (h.at(-3) === 'A' ? 'B' : 'A') + h.slice(-2);
    expect(await verifyPassword('Meter-Room-42', flipped, CHEAP_SCRYPT)).toBe(false);
    expect(await verifyPassword('Meter-Room-42', 'plain-text-password', CHEAP_SCRYPT)).toBe(false);
    expect(await verifyPassword('Meter-Room-42', null, CHEAP_SCRYPT)).toBe(false);
  });

  it('flags hashes weaker than the current cost for re-hashing', async () => {
    expect(needsRehash(await hashPassword('x'.repeat(12), CHEAP_SCRYPT))).toBe(true);
    expect(needsRehash(await hashPassword('x'.repeat(12), CHEAP_SCRYPT), CHEAP_SCRYPT)).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
  });

  it('refuses absurd parameters in a stored hash (no denial of service through N)', () => {
    expect(parseHash('scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toBeNull();
    expect(parseHash('scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toBeNull();
  });

  it('explains password rules in plain words', () => {
    expect(passwordProblem('short')).toMatch(/at least 10 characters/);
    expect(passwordProblem(' '.repeat(12))).toMatch(/only spaces/);
    expect(passwordProblem('Technician1', 'technician1')).toMatch(/not be the user name/);
    expect(passwordProblem('x'.repeat(257))).toMatch(/at most 256/);
    expect(passwordProblem('a sentence I remember')).toBeNull();
  });
});
