import { describe, expect, it } from 'vitest';
import { checkNewUser, newPasswordErrors, sentence } from './user-form';

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

  it('follows the password policy in force (length and kinds of character), not a fixed rule', () => {
    const rules = { minLength: 14, minClasses: 3 };
    expect(newPasswordErrors({ password: 'correct horse', repeat: 'correct horse' }, undefined, rules)).toEqual({ password: 'The password needs at least 14 characters.' });
    expect(newPasswordErrors({ password: 'correct horse battery', repeat: 'correct horse battery' }, undefined, rules).password).toMatch(/^The password must mix at least 3 of:/);
    expect(newPasswordErrors({ password: 'Correct horse 42', repeat: 'Correct horse 42' }, undefined, rules)).toEqual({});
    expect(newPasswordErrors({ password: 'eight ch', repeat: 'eight ch' }, undefined, { minLength: 8, minClasses: 1 })).toEqual({});
    expect(newPasswordErrors({ password: ' '.repeat(12), repeat: ' '.repeat(12) })).toEqual({ password: 'The password cannot be only spaces.' });
    expect(checkNewUser({ ...ok, password: 'correct horse', repeat: 'correct horse' }, rules)).toMatchObject({ errors: { password: 'The password needs at least 14 characters.' } });
  });
});
