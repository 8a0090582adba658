import { describe, expect, it } from 'vitest';
import { diffSchemes } from './diff';
import { newScheme, type TariffScheme } from './model';

const base = (): TariffScheme => newScheme('E7A', 'Economy 7', 'A1140', 'Europe/London');

describe('diffSchemes', () => {
  it('finds nothing between equal schemes', () => {
    expect(diffSchemes(base(), base())).toEqual([]);
  });

  it('reports scalar changes with plain labels and both values', () => {
    const right = { ...base(), name: 'Economy 7 (2027)', version: 2, description: 'new', meterModel: 'A1700' as const };
    right.dst = { ...right.dst, start: { ...right.dst.start, hour: 1 }, repeatedHour: 'first-pass' };
    right.maximumDemand = { ...right.maximumDemand, integrationPeriodMinutes: 15, quantities: ['active-import', 'reactive-import'], billingDates: [{ day: 1, month: 4 }] };
    right.loadProfile = { ...right.loadProfile, capturePeriodMinutes: 15 };
    expect(diffSchemes(base(), right)).toEqual([
      { path: 'name', label: 'Name', kind: 'changed', left: 'Economy 7', right: 'Economy 7 (2027)' },
      { path: 'version', label: 'Version', kind: 'changed', left: '1', right: '2' },
      { path: 'description', label: 'Description', kind: 'changed', left: '', right: 'new' },
      { path: 'meterModel', label: 'Meter model', kind: 'changed', left: 'A1140', right: 'A1700' },
      { path: 'dst.start', label: 'DST rule › summer time starts', kind: 'changed', left: 'last Sunday of March at 02:00', right: 'last Sunday of March at 01:00' },
      { path: 'dst.repeatedHour', label: 'DST rule › repeated hour', kind: 'changed', left: 'both-passes', right: 'first-pass' },
      { path: 'maximumDemand.integrationPeriodMinutes', label: 'Maximum demand › integration period (minutes)', kind: 'changed', left: '30', right: '15' },
      { path: 'maximumDemand.quantities', label: 'Maximum demand › quantities', kind: 'changed', left: 'active-import', right: 'active-import, reactive-import' },
      { path: 'maximumDemand.billingDates', label: 'Maximum demand › billing dates', kind: 'changed', left: 'day 1 of every month', right: '1 April' },
      { path: 'loadProfile.capturePeriodMinutes', label: 'Load profile › capture period (minutes)', kind: 'changed', left: '30', right: '15' },
    ]);
  });

  it('matches day profiles by id and their switch times by position', () => {
    const right = base();
    // Reorder the profiles: no difference by itself.
    right.dayProfiles.reverse();
    const weekday = right.dayProfiles.find((p) => p.id === 'weekday')!;
    weekday.switches[1] = { time: '07:30', rate: 1 };
    weekday.switches.push({ time: '23:30', rate: 3 });
    expect(diffSchemes(base(), right)).toEqual([
      { path: 'dayProfiles.1.switches.1.time', label: "Day profile 'Weekday' › switch 2 › time", kind: 'changed', left: '07:00', right: '07:30' },
      { path: 'dayProfiles.1.switches.3', label: "Day profile 'Weekday' › switch 4", kind: 'added', left: null, right: '23:30 T3' },
    ]);
    expect(diffSchemes(right, base()).map((e) => [e.label, e.kind, e.left, e.right])).toEqual([
      ["Day profile 'Weekday' › switch 2 › time", 'changed', '07:30', '07:00'],
      ["Day profile 'Weekday' › switch 4", 'removed', '23:30 T3', null],
    ]);
  });

  it('reports added and removed rates, profiles and seasons as whole objects, in a stable order', () => {
    const right = base();
    right.rates = right.rates.filter((r) => r.number !== 3).concat({ number: 4, name: 'Peak' });
    right.rates[0] = { ...right.rates[0]!, name: 'Day rate' };
    right.dayProfiles.push({ id: 'peak', name: 'Peak day', switches: [{ time: '00:00', rate: 4 }] });
    right.weekProfiles[0]!.days.saturday = 'peak';
    right.seasons = [{ name: 'Winter', start: { month: 10, day: 1 }, weekProfile: 'standard' }, { name: 'All year', start: { month: 4, day: 1 }, weekProfile: 'standard' }];
    expect(diffSchemes(base(), right)).toEqual([
      { path: 'rates.0.name', label: 'Rate T1 › name', kind: 'changed', left: 'Day', right: 'Day rate' },
      { path: 'rates.2', label: 'Rate T3', kind: 'removed', left: "T3 'Weekend'", right: null },
      { path: 'rates.2', label: 'Rate T4', kind: 'added', left: null, right: "T4 'Peak'" },
      { path: 'dayProfiles.2', label: "Day profile 'Peak day'", kind: 'added', left: null, right: '00:00 T4' },
      { path: 'weekProfiles.0.days.saturday', label: "Week profile 'Standard week' › Saturday", kind: 'changed', left: "'Weekend'", right: "'Peak day'" },
      { path: 'seasons.1.start', label: "Season 'All year' › start", kind: 'changed', left: '1 January', right: '1 April' },
      { path: 'seasons.0', label: "Season 'Winter'", kind: 'added', left: null, right: 'from 1 October, week profile standard' },
    ]);
  });

  it('matches special days by date or month/day, and pulse outputs by output number', () => {
    const left = base();
    left.specialDays = [
      { kind: 'fixed', date: '2027-03-29', name: 'Easter Monday', dayProfile: 'weekend' },
      { kind: 'recurring', month: 12, day: 25, name: 'Christmas Day', dayProfile: 'weekend' },
    ];
    left.pulseOutputs = [{ output: 1, quantity: 'active-import', pulsesPerUnit: 1000, widthMs: 80 }];
    const right = base();
    right.specialDays = [
      { kind: 'recurring', month: 12, day: 25, name: 'Christmas Day', dayProfile: 'weekday' },
      { kind: 'recurring', month: 12, day: 26, name: 'Boxing Day', dayProfile: 'weekend' },
    ];
    right.pulseOutputs = [
      { output: 2, quantity: 'reactive-import', pulsesPerUnit: 500, widthMs: 80 },
      { output: 1, quantity: 'active-import', pulsesPerUnit: 2000, widthMs: 80 },
    ];
    expect(diffSchemes(left, right)).toEqual([
      { path: 'specialDays.0.dayProfile', label: "Special day 'Christmas Day' (every 25 December) › day profile", kind: 'changed', left: "'Weekend'", right: "'Weekday'" },
      { path: 'specialDays.1', label: "Special day 'Boxing Day' (every 26 December)", kind: 'added', left: null, right: 'every 26 December: day profile weekend' },
      { path: 'specialDays.0', label: "Special day 'Easter Monday' (2027-03-29)", kind: 'removed', left: '2027-03-29: day profile weekend', right: null },
      { path: 'pulseOutputs.1.pulsesPerUnit', label: 'Pulse output 1 › pulses per unit', kind: 'changed', left: '1000', right: '2000' },
      { path: 'pulseOutputs.0', label: 'Pulse output 2', kind: 'added', left: null, right: 'reactive-import, 500 pulses per unit, 80 ms' },
    ]);
  });

  it('pairs repeated keys by occurrence instead of losing one', () => {
    const left = base();
    const right = base();
    const day = { kind: 'fixed' as const, date: '2027-01-01', dayProfile: 'weekend' };
    left.specialDays = [{ ...day, name: 'New Year' }];
    right.specialDays = [{ ...day, name: 'New Year' }, { ...day, name: 'New Year (duplicate)' }];
    expect(diffSchemes(left, right)).toEqual([
      { path: 'specialDays.1', label: "Special day 'New Year (duplicate)' (2027-01-01)", kind: 'added', left: null, right: '2027-01-01: day profile weekend' },
    ]);
  });
});
