import { describe, it, expect } from 'vitest';
import type { SpecialDay } from '../../schemes/model';
import { compareSpecialDays, specialDayKey, withKind } from './special-days';

const xmas: SpecialDay = { kind: 'recurring', month: 12, day: 25, name: 'Christmas Day', dayProfile: 'weekend' };
const easter27: SpecialDay = { kind: 'fixed', date: '2027-03-29', name: 'Easter Monday', dayProfile: 'weekend', source: 'pack:GB' };

describe('special days', () => {
  it('keys fixed dates by date and recurring days by month/day', () => {
    expect(specialDayKey(xmas)).toBe('*-12-25');
    expect(specialDayKey(easter27)).toBe('2027-03-29');
  });
  it('turns an entry between a fixed date and every year, keeping name, profile and source', () => {
    expect(withKind(easter27, 'recurring', 2030)).toEqual({ kind: 'recurring', month: 3, day: 29, name: 'Easter Monday', dayProfile: 'weekend', source: 'pack:GB' });
    expect(withKind(xmas, 'fixed', 2030)).toEqual({ kind: 'fixed', date: '2030-12-25', name: 'Christmas Day', dayProfile: 'weekend' });
    expect(withKind(xmas, 'recurring', 2030)).toBe(xmas);
  });
  it('sorts every-year days first, then fixed dates in date order', () => {
    const list = [easter27, { ...easter27, date: '2026-04-06' }, xmas];
    expect([...list].sort(compareSpecialDays).map(specialDayKey)).toEqual(['*-12-25', '2026-04-06', '2027-03-29']);
  });
});
