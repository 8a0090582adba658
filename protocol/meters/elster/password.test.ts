import { describe, expect, it } from 'vitest';
import { LEVEL3_FIRST_P2, checkElsterPassword, elsterP2Response, elsterPasswordSteps } from './password';

describe('P0 seed → P2 response', () => {
  it('reproduces the reference worked example', () => {
    expect(elsterP2Response('00000000', '0000000000000000')).toBe('6090C0F0205080B0');
  });

  // Derived by hand from the reference steps (and checked with an independent script):
  // - "ABCDEFGH" with seed 0123456789ABCDEF: t[0..7] = 41^01 42^23 43^45 44^67 45^89 46^AB 47^CD 48^EF
  //   = 40 61 06 23 CC ED 8A A7; v0 = 40+A7 = E7, v1 = 61+E7 = 148 → 48, v2 = 06+48 = 4E, v3 = 23+4E = 71,
  //   v4 = CC+71 = 13D → 3D, v5 = ED+3D = 12A → 2A, v6 = 8A+2A = B4, v7 = A7+B4 = 15B → 5B.
  // - a seed equal to the password's ASCII makes every t[i] zero, so the chain stays zero.
  // - "PASSWORD" with FFFFFFFFFFFFFFFF: t = AF BE AC AC A8 B0 AD BB (the complements of the letters).
  const vectors: [string, string, string][] = [
    ['ABCDEFGH', '0123456789ABCDEF', 'E7484E713D2AB45B'],
    ['AAAAAAAA', '4141414141414141', '0000000000000000'],
    ['PASSWORD', 'FFFFFFFFFFFFFFFF', '6A28D48028D88540'],
    ['12345678', 'A5A5A5A5A5A5A5A5', '31C85EEF7F12A441'],
  ];
  for (const [password, seed, p2] of vectors) {
    it(`${password} + ${seed} → ${p2}`, () => {
      expect(elsterP2Response(password, seed)).toBe(p2);
      expect(elsterP2Response(password, seed.toLowerCase())).toBe(p2);
    });
  }

  it('is case-sensitive in the password (the PMU sends upper case)', () => {
    expect(elsterP2Response('abcdefgh', '0123456789ABCDEF')).not.toBe('E7484E713D2AB45B');
  });

  it('rejects bad passwords and seeds with RangeError and a plain message', () => {
    expect(() => elsterP2Response('1234567', '0000000000000000')).toThrow(/exactly 8 characters; this one has 7/);
    expect(() => elsterP2Response('123456789', '0000000000000000')).toThrow(RangeError);
    expect(() => elsterP2Response('1234567\u00e9', '0000000000000000')).toThrow(/printable ASCII/);
    expect(() => elsterP2Response('12345678', '000000000000000')).toThrow(/16 hex characters/);
    expect(() => elsterP2Response('12345678', '000000000000000G')).toThrow(RangeError);
    expect(() => checkElsterPassword('ABCDEFGH')).not.toThrow();
  });
});

describe('security levels', () => {
  it('level 1 sends the password in clear with P1', () => {
    expect(elsterPasswordSteps(1, 'ABCDEFGH', '')).toEqual([{ command: 'P1', operand: 'ABCDEFGH' }]);
  });
  it('level 2 sends one P2', () => {
    expect(elsterPasswordSteps(2, '00000000', '0000000000000000')).toEqual([{ command: 'P2', operand: '6090C0F0205080B0' }]);
  });
  it('level 3 sends P2(0000000000000000) and then the real P2', () => {
    expect(elsterPasswordSteps(3, 'ABCDEFGH', '0123456789ABCDEF')).toEqual([
      { command: 'P2', operand: LEVEL3_FIRST_P2 },
      { command: 'P2', operand: 'E7484E713D2AB45B' },
    ]);
    expect(LEVEL3_FIRST_P2).toBe('0000000000000000');
  });
  it('rejects an unknown level and bad input', () => {
    expect(() => elsterPasswordSteps(4 as 1, 'ABCDEFGH', '0123456789ABCDEF')).toThrow(RangeError);
    expect(() => elsterPasswordSteps(1, 'SHORT', '')).toThrow(RangeError);
    expect(() => elsterPasswordSteps(3, 'ABCDEFGH', 'xyz')).toThrow(RangeError);
  });
});
