import { describe, expect, it } from 'vitest';
import { dstRuleForZone } from './dst-template';
import { newScheme } from './model';
import { validateScheme } from './validate';

describe('dstRuleForZone', () => {
  it.each([
    ['Europe/London', { week: 'last', weekday: 'sunday', month: 3, hour: 1 }, { week: 'last', weekday: 'sunday', month: 10, hour: 2 }],
    ['Europe/Berlin', { week: 'last', weekday: 'sunday', month: 3, hour: 2 }, { week: 'last', weekday: 'sunday', month: 10, hour: 3 }],
    ['America/New_York', { week: 2, weekday: 'sunday', month: 3, hour: 2 }, { week: 1, weekday: 'sunday', month: 11, hour: 2 }],
    ['Australia/Sydney', { week: 1, weekday: 'sunday', month: 10, hour: 2 }, { week: 1, weekday: 'sunday', month: 4, hour: 3 }],
  ] as const)('follows the real changes of %s', (zone, start, end) => {
    const rule = dstRuleForZone(zone, 2027);
    expect(rule).toEqual({ enabled: true, zone, start, end, deviationMinutes: 60, repeatedHour: 'both-passes' });
    const scheme = { ...newScheme('T1', 'Template', 'A1140', zone), dst: rule };
    expect(validateScheme(scheme, { years: [2027, 2028] }).filter((p) => p.path.startsWith('dst'))).toEqual([]);
  });

  it('half-hour changes keep their size (Lord Howe Island)', () => {
    expect(dstRuleForZone('Australia/Lord_Howe', 2027)).toMatchObject({ enabled: true, deviationMinutes: 30, start: { week: 1, month: 10 } });
  });

  it('turns the rule off for a zone without clock changes', () => {
    expect(dstRuleForZone('Asia/Tokyo', 2027)).toMatchObject({ enabled: false, zone: 'Asia/Tokyo' });
  });

  it('refuses an unknown zone', () => {
    expect(() => dstRuleForZone('Mars/Olympus', 2027)).toThrow(RangeError);
  });
});
