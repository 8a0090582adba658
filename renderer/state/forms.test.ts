import { describe, it, expect } from 'vitest';
import { filterArgs } from './browser';
import { describeOutcome } from './import-job';
import { checkDraft, NEW_FOLDER } from './watched-folders';

describe('watched folder form', () => {
  it('asks for a folder and an interval of at least 10 whole seconds', () => {
    expect(checkDraft(NEW_FOLDER)).toEqual({ errors: { path: 'Enter the folder to watch.' } });
    const d = { ...NEW_FOLDER, path: ' /data/in ' };
    expect(checkDraft({ ...d, interval: '9' })).toEqual({ errors: { interval: 'The scan interval must be at least 10 seconds.' } });
    expect(checkDraft({ ...d, interval: '10.5' })).toMatchObject({ errors: { interval: expect.stringContaining('whole seconds') } });
    expect(checkDraft({ ...d, interval: '' })).toMatchObject({ errors: { interval: expect.any(String) } });
    expect(checkDraft({ ...d, interval: '10', id: 4 })).toEqual({
      input: { id: 4, path: '/data/in', intervalSeconds: 10, mode: 'append', recursive: false, after: 'leave', enabled: true },
    });
  });
});

describe('readings browser filters', () => {
  it('turns the filter form into listReadings arguments with days in the workstation zone', () => {
    expect(filterArgs({ meterId: null, from: '', to: '', source: '' }, 'UTC')).toEqual({ args: { limit: 500 } });
    expect(filterArgs({ meterId: 3, from: '2026-03-29', to: '2026-03-29', source: 'csv-import' }, 'Europe/London')).toEqual({
      args: { limit: 500, meterId: 3, fromUtc: '2026-03-29T00:00:00.000Z', toUtc: '2026-03-29T23:00:00.000Z', source: 'csv-import' },
    });
    expect(filterArgs({ meterId: null, from: '2026-03-02', to: '2026-03-01', source: '' }, 'UTC')).toEqual({ error: 'The "to" day is before the "from" day.' });
  });
});

describe('import results in words', () => {
  const base = { file: 'a.RES', kind: 'res' as const, readingIds: [1], registers: 30, intervals: 24, durationMs: 5, reason: null, line: null };
  it('says what happened to each file', () => {
    expect(describeOutcome({ ...base, result: 'imported' })).toBe('Imported (30 registers, 24 load-profile intervals).');
    expect(describeOutcome({ ...base, result: 'duplicate' })).toMatch(/^Duplicate: this reading is already stored/);
    expect(describeOutcome({ ...base, result: 'replaced' })).toMatch(/^Replaced the stored reading/);
    expect(describeOutcome({ ...base, result: 'quarantined', reason: 'The file is cut short.', line: 47 })).toBe('Quarantined: The file is cut short. (line 47)');
  });
});
