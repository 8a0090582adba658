import { describe, expect, it } from 'vitest';
import { homeScreen, SCREEN_GROUPS, SCREENS } from './nav';

describe('home screen', () => {
  it('lands readers on Read meter and auditors on the Audit trail', () => {
    expect(homeScreen(['meter.read', 'readings.view', 'audit.view'])).toBe('read');
    expect(homeScreen(['readings.view', 'schemes.view', 'audit.view', 'audit.export'])).toBe('audit');
    expect(homeScreen(['schemes.view'])).toBe('schemes');
    expect(homeScreen([])).toBe('read');
  });
});

describe('screen groups of the tab strip', () => {
  it('hold every screen exactly once, in the order of SCREENS', () => {
    expect(SCREEN_GROUPS.flatMap((g) => g.screens)).toEqual(SCREENS.map((s) => s.id));
  });
});
