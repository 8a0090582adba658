import { describe, expect, it } from 'vitest';
import { checkCredential, credentialTarget, parseSerials, roleChangeWords, scopeSummary, userState } from './admin-words';

describe('administration words', () => {
  it('says what a stored meter password is for, without any secret', () => {
    expect(credentialTarget({ scope: 'meter', meterSerial: '60219548', groupId: null, groupName: null })).toBe('Meter 60219548');
    expect(credentialTarget({ scope: 'group', meterSerial: null, groupId: 3, groupName: 'North' })).toBe('Group “North”');
    expect(credentialTarget({ scope: 'group', meterSerial: null, groupId: 3, groupName: null })).toBe('Group “#3”');
    expect(credentialTarget({ scope: 'default', meterSerial: null, groupId: null, groupName: null })).toBe('Default (every other meter)');
  });

  it('builds credentials.set arguments for each scope', () => {
    const base = { meterSerial: '', groupId: '', level: '3' as const, password: 'ABCD1234' };
    expect(checkCredential({ ...base, scope: 'meter', meterSerial: ' EMU-1 ' })).toEqual({ args: { scope: 'meter', meterSerial: 'EMU-1', level: 3, password: 'ABCD1234' } });
    expect(checkCredential({ ...base, scope: 'group', groupId: '7' })).toEqual({ args: { scope: 'group', groupId: 7, level: 3, password: 'ABCD1234' } });
    expect(checkCredential({ ...base, scope: 'default', meterSerial: 'ignored' })).toEqual({ args: { scope: 'default', level: 3, password: 'ABCD1234' } });
  });

  it('names missing targets and bad passwords', () => {
    const r = checkCredential({ scope: 'meter', meterSerial: '', groupId: '', level: '1', password: 'abc' });
    expect(r).toEqual({ errors: { meterSerial: 'Enter the meter serial number.', password: 'The password must be exactly 8 characters (this one has 3).' } });
    expect(checkCredential({ scope: 'group', meterSerial: '', groupId: '', level: '1', password: '' })).toEqual({
      errors: { groupId: 'Choose the meter group.', password: 'Enter the meter password.' },
    });
  });

  it('reads serial lists typed one per line or with commas, dropping blanks and repeats', () => {
    expect(parseSerials(' 111 \n222, 333;\n\n111\nabc\nABC ')).toEqual(['111', '222', '333', 'abc']);
    expect(parseSerials('')).toEqual([]);
  });

  it('describes user state and scopes', () => {
    const when = (utc: string) => utc.slice(11, 16);
    expect(userState({ disabled: true, locked: true, lockedUntilUtc: null, failedAttempts: 0 }, when)).toBe('Disabled');
    expect(userState({ disabled: false, locked: true, lockedUntilUtc: '2026-03-01T14:05:00Z', failedAttempts: 0 }, when)).toBe('Sign-in delayed until 14:05');
    expect(userState({ disabled: false, locked: false, lockedUntilUtc: null, failedAttempts: 2 }, when)).toBe('Active (2 failed sign-ins)');
    expect(userState({ disabled: false, locked: false, lockedUntilUtc: null, failedAttempts: 0 }, when)).toBe('Active');
    const folders = [{ id: 1, name: 'Domestic' }];
    const groups = [{ id: 4, name: 'North' }];
    expect(scopeSummary({ schemeFolderIds: [], meterGroupIds: [] }, folders, groups)).toBe('All');
    expect(scopeSummary({ schemeFolderIds: [1, 9], meterGroupIds: [4] }, folders, groups)).toBe('Folders: Domestic, #9 · Meter groups: North');
  });

  it('says what a role change gives and takes, with warnings for administrators', () => {
    const tom = { username: 'tom', displayName: 'Tom Technician' };
    const up = roleChangeWords(tom, 'technician', 'engineer', false);
    expect(up.title).toBe('Make tom an engineer?');
    expect(up.confirm).toBe('Make tom an engineer');
    expect(up.lines[0]).toBe('Tom Technician (tom) becomes an engineer: edits tariff schemes, stages and approves programs, sets clocks.');
    expect(up.lines[1]).toBe('Until now a technician: reads meters, adjusts clocks, uploads approved programs.');
    expect(up.lines.join(' ')).not.toMatch(/administrator can/);
    const admin = roleChangeWords(tom, 'technician', 'administrator', false);
    expect(admin.lines).toContain('As an administrator tom can manage users (including other administrators), stored meter passwords, meter groups and settings.');
    const own = roleChangeWords({ username: 'ada', displayName: '' }, 'administrator', 'auditor', true);
    expect(own.lines[0]).toBe('ada becomes an auditor: sees everything read-only, verifies and exports the audit trail.');
    expect(own.lines.some((l) => l.startsWith('This is your own account'))).toBe(true);
    expect(roleChangeWords({ username: 'bo', displayName: '' }, 'administrator', 'engineer', false).lines).toContain(
      'bo can no longer manage users (including other administrators), stored meter passwords, meter groups and settings.',
    );
  });
});
