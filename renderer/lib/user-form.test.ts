import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../contract';
import { characterKinds, checkNewUser, DEFAULT_PASSWORD_RULES, newPasswordErrors, sentence } from './user-form';

const ok = { username: 'tom.h', displayName: ' Tom Hardy ', meterUserId: 'TH01', password: 'correct horse', repeat: 'correct horse' };

describe('user forms', () => {
  it('turns contract messages into sentences', () => {
    expect(sentence('The user name', 'enter a user name')).toBe('Enter a user name.');
    expect(sentence('The password', 'needs at least 10 characters')).toBe('The password needs at least 10 characters.');
  });

  it('gives trimmed call arguments for a good new user, leaving out empty optional fields', () => {
    expect(checkNewUser(ok)).toEqual({ args: { username: 'tom.h', password: 'correct horse', displayName: 'Tom Hardy', meterUserId: 'TH01' } });
    expect(checkNewUser({ ...ok, displayName: '  ', meterUserId: '' })).toEqual({ args: { username: 'tom.h', password: 'correct horse' } });
  });

  it('names each bad field with the contract rule', () => {
    const r = checkNewUser({ username: 'tom hardy', displayName: '', meterUserId: 'TOOLONGID', password: 'short', repeat: 'short' });
    expect(r).toEqual({
      errors: {
        username: 'The user name may contain only letters, digits and . _ - @.',
        meterUserId: 'The meter user ID must be at most 8 characters (the meter keeps 8).',
        password: 'The password needs at least 10 characters.',
      },
    });
    expect(checkNewUser({ ...ok, username: '' })).toMatchObject({ errors: { username: 'Enter a user name.' } });
  });

  it('refuses a password equal to the user name, and two different passwords', () => {
    expect(newPasswordErrors({ password: 'Administrator', repeat: 'Administrator' }, 'administrator')).toEqual({ password: 'The password must not be the user name.' });
    expect(newPasswordErrors({ password: 'long enough pw', repeat: 'long enough pX' })).toEqual({ repeat: 'The two passwords are not the same.' });
    expect(newPasswordErrors({ password: 'long enough pw', repeat: 'long enough pw' })).toEqual({});
  });

  it('follows the password policy in force, not a fixed length', () => {
    expect(DEFAULT_PASSWORD_RULES).toEqual({ minLength: DEFAULT_SETTINGS['policy.password.minLength'], minClasses: DEFAULT_SETTINGS['policy.password.minClasses'] });
    const pw = (password: string) => ({ password, repeat: password });
    // 9 characters: refused under the default 10, accepted when the administrator allows 8 (the contract's floor).
    expect(newPasswordErrors(pw('ninechars'))).toEqual({ password: 'The password needs at least 10 characters.' });
    expect(newPasswordErrors(pw('ninechars'), undefined, { minLength: 8, minClasses: 1 })).toEqual({});
    expect(newPasswordErrors(pw('sevench'), undefined, { minLength: 8, minClasses: 1 })).toEqual({ password: 'The password needs at least 8 characters.' });
    const strict = { minLength: 12, minClasses: 3 };
    expect(newPasswordErrors(pw('correct horse'), undefined, strict)).toEqual({
      password: "The password must mix at least 3 of: lower-case letters, capitals, digits, other characters (your administrator's rule).",
    });
    expect(newPasswordErrors(pw('Correct horse'), undefined, strict)).toEqual({});
    expect(checkNewUser({ ...ok, password: 'correct horse', repeat: 'correct horse' }, strict)).toMatchObject({ errors: { password: expect.stringContaining('mix at least 3') } });
  });

  it('counts kinds of character as main does (Unicode letters and digits)', () => {
    expect(characterKinds('')).toBe(0);
    expect(characterKinds('abc')).toBe(1);
    expect(characterKinds('Äbc')).toBe(2);
    expect(characterKinds('Äbc9')).toBe(3);
    expect(characterKinds('Äbc9 ')).toBe(4);
  });
});
