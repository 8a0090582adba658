import { describe, expect, it } from 'vitest';
import { PERMISSION_NAMES, ROLES } from '../../contract';
import { deniedReason, PERMISSION_WORDS, ROLE_DUTIES, ROLE_LABELS, roleLabel } from './permissions';

describe('role and permission words', () => {
  it('names every role and permission of the contract', () => {
    for (const r of ROLES) {
      expect(ROLE_LABELS[r]).toMatch(/^[A-Z]/);
      expect(ROLE_DUTIES[r].length).toBeGreaterThan(10);
    }
    for (const p of PERMISSION_NAMES) expect(PERMISSION_WORDS[p]).toMatch(/^[a-z]/);
  });

  it('gives no reason when the permission is held, and a plain one when not', () => {
    expect(deniedReason('engineer', ['programs.approve'], 'programs.approve')).toBeUndefined();
    expect(deniedReason('technician', ['meter.read'], 'programs.approve')).toBe('Technicians cannot approve programs.');
    expect(deniedReason('auditor', ['audit.view'], 'meter.read')).toBe('Auditors cannot read meters.');
    expect(deniedReason(null, [], 'schemes.edit')).toBe('Sign in to edit tariff schemes.');
    expect(deniedReason(null, [], 'public')).toBeUndefined();
  });

  it('labels known roles and keeps others as they are', () => {
    expect(roleLabel('administrator')).toBe('Administrator');
    expect(roleLabel('system')).toBe('system');
  });
});
