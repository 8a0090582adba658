import { describe, it, expect } from 'vitest';
import { newScheme } from '../../schemes/model';
import { freeId, getIn, insertAt, rateColour, rateLabel, removeAt, renameDayProfile, renameWeekProfile, setIn } from './scheme-edit';

describe('scheme draft edits', () => {
  const s = newScheme('DN1', 'Day/night');

  it('sets a value at a path, copying only along the path', () => {
    const next = setIn(s, ['dayProfiles', 0, 'switches', 1, 'time'], '06:30');
    expect(next.dayProfiles[0]!.switches[1]!.time).toBe('06:30');
    expect(s.dayProfiles[0]!.switches[1]!.time).toBe('07:00');
    expect(next.dayProfiles[1]).toBe(s.dayProfiles[1]);
    expect(next.rates).toBe(s.rates);
    expect(getIn(next, ['dayProfiles', 0, 'switches', 1, 'time'])).toBe('06:30');
    expect(getIn(next, ['nothing', 3])).toBeUndefined();
  });
  it('inserts and removes list items', () => {
    const added = insertAt(s, ['rates'], { number: 4, name: 'Peak' });
    expect(added.rates.map((r) => r.number)).toEqual([1, 2, 3, 4]);
    expect(insertAt(s, ['rates'], { number: 9, name: 'First' }, 0).rates[0]!.number).toBe(9);
    expect(removeAt(added, ['rates'], 1).rates.map((r) => r.number)).toEqual([1, 3, 4]);
  });
  it('renames a day profile together with the week days and special days that use it', () => {
    const withHoliday = insertAt(s, ['specialDays'], { kind: 'recurring', month: 12, day: 25, name: 'Christmas', dayProfile: 'weekend' });
    const r = renameDayProfile(withHoliday, 'weekend', 'rest-day');
    expect(r.dayProfiles.map((p) => p.id)).toEqual(['weekday', 'rest-day']);
    expect(r.weekProfiles[0]!.days.saturday).toBe('rest-day');
    expect(r.weekProfiles[0]!.days.monday).toBe('weekday');
    expect(r.specialDays[0]!.dayProfile).toBe('rest-day');
    expect(renameDayProfile(s, 'weekday', 'weekday')).toBe(s);
  });
  it('renames a week profile together with its seasons', () => {
    const r = renameWeekProfile(s, 'standard', 'winter');
    expect(r.weekProfiles[0]!.id).toBe('winter');
    expect(r.seasons[0]!.weekProfile).toBe('winter');
  });
  it('finds free ids and names rates with their colours', () => {
    expect(freeId('profile', ['profile', 'profile-2'])).toBe('profile-3');
    expect(freeId('week', [])).toBe('week');
    expect(rateColour(s, 1)).toBe('#e07b39');
    expect(rateColour({ rates: [{ number: 2, name: 'Night' }] }, 2)).toMatch(/^#[0-9a-f]{6}$/);
    expect(rateColour(s, 7)).toBe('#c3c9d2');
    expect(rateLabel(s, 2)).toBe('Night (T2)');
    expect(rateLabel(s, 7)).toBe('T7 (not defined)');
  });
});
