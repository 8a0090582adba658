import { describe, it, expect } from 'vitest';
import { countsBySection, focusCandidates, isUnder, pathKey, problemsAt, problemsUnder, sectionOfPath } from './scheme-paths';

const p = (path: string, severity: 'error' | 'warning' = 'error') => ({ path, severity, message: path });

describe('problem paths in the editor', () => {
  it('normalises dotted, bracketed and list paths to one key', () => {
    expect(pathKey('dayProfiles[0].switches[3].time')).toBe('dayProfiles.0.switches.3.time');
    expect(pathKey(['dayProfiles', 0, 'switches', 3, 'time'])).toBe('dayProfiles.0.switches.3.time');
    expect(pathKey('')).toBe('');
  });
  it('sends each path to the section that edits it; the whole scheme goes to General', () => {
    expect(sectionOfPath('dayProfiles.0.switches.3.time')).toBe('day-profiles');
    expect(sectionOfPath('specialDays.4.date')).toBe('special-days');
    expect(sectionOfPath('dst.start.hour')).toBe('dst');
    expect(sectionOfPath('maximumDemand.subIntervals')).toBe('maximum-demand');
    expect(sectionOfPath('id')).toBe('general');
    expect(sectionOfPath('')).toBe('general');
  });
  it('finds the problems of a field and of everything inside a part', () => {
    const list = [p('dayProfiles.0.switches.1.time'), p('dayProfiles.0.switches'), p('dayProfiles.10.name'), p('rates.0.number', 'warning')];
    expect(problemsAt(list, 'dayProfiles.0.switches').map((x) => x.path)).toEqual(['dayProfiles.0.switches']);
    expect(problemsUnder(list, 'dayProfiles.0').map((x) => x.path)).toEqual(['dayProfiles.0.switches.1.time', 'dayProfiles.0.switches']);
    expect(isUnder('dayProfiles.10.name', 'dayProfiles.1')).toBe(false);
    expect(countsBySection(list)['day-profiles']).toEqual({ errors: 3, warnings: 0 });
    expect(countsBySection(list).rates).toEqual({ errors: 0, warnings: 1 });
  });
  it('tries the field first, then each enclosing part, when jumping to a problem', () => {
    expect(focusCandidates('dayProfiles.0.switches.3.time')).toEqual([
      'dayProfiles.0.switches.3.time',
      'dayProfiles.0.switches.3',
      'dayProfiles.0.switches',
      'dayProfiles.0',
      'dayProfiles',
    ]);
    expect(focusCandidates('')).toEqual([]);
  });
});
