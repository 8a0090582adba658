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
        password: 'The password needs at least 8 characters.',
      },
    });
    expect(checkNewUser({ ...ok, username: '' })).toMatchObject({ errors: { username: 'Enter a user name.' } });
  });

  it('refuses a password equal to the user name, and two different passwords', () => {
    expect(newPasswordErrors({ password: 'Administrator', repeat: 'Administrator' }, 'administrator')).toEqual({ password: 'The password must not be the user name.' });
    expect(newPasswordErrors({ password: 'long enough pw', repeat: 'long enough pX' })).toEqual({ repeat: 'The two passwords are not the same.' });
    expect(newPasswordErrors({ password: 'long enough pw', repeat: 'long enough pw' })).toEqual({});
  });
});
