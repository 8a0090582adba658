import { describe, expect, it } from 'vitest';
import { schemeIdWords } from './scheme-id';

describe('scheme ID while typing', () => {
  it('counts the characters and never cuts them', () => {
    expect(schemeIdWords('DOM26')).toEqual({ error: null, hint: '5 of 8 characters (written to the meter)' });
    expect(schemeIdWords('DOMESTIC2026').error).toBe('The meter keeps at most 8 characters; this ID has 12. Shorten it — nothing is cut off for you.');
    expect(schemeIdWords('DOM 26').error).toMatch(/^Use only letters/);
    expect(schemeIdWords('').error).toBeNull();
  });
});
