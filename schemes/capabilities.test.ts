import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CAPABILITY_ASSUMPTIONS, CAPABILITY_SOURCES, METER_CAPABILITIES, type MeterCapabilities, capabilitiesMarkdown, capabilitiesOf } from './capabilities';
import { type MeterModel, METER_MODELS, newScheme } from './model';
import { PROBLEM_CODES, ProblemList } from './problems';
import { checkCapabilities } from './validate-capabilities';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const docs = readFileSync(path.join(ROOT, 'docs/tariff-schemes.md'), 'utf8');

describe('capability table', () => {
  it('holds the reference numbers (tariff-model.md, elster-dialect.md)', () => {
    expect(capabilitiesOf('A1140')).toMatchObject({ rates: 8, ratesLargestVariant: 8, mdRegisters: 12, maxLpChannels: 4 });
    expect(capabilitiesOf('A1700')).toMatchObject({ maxLpChannels: 7 });
    expect(capabilitiesOf('A1700').lpQuantities).not.toContain('apparent-export'); // one VA channel (public:abba1700/ABBA1700Profile.java)
    expect(capabilitiesOf('A1700')).toMatchObject({ rates: 16, ratesLargestVariant: 32, mdRegisters: 24 });
    expect(capabilitiesOf('generic')).toMatchObject({ maxSeasons: 12, maxDayProfiles: 24, maxSwitchTimesPerDayProfile: 16, maxSwitchingOperations: 100, rates: 8 });
    expect(capabilitiesOf('A1140').lpCapturePeriods).toEqual([1, 2, 3, 4, 5, 6, 10, 15, 20, 30, 60]);
    expect(capabilitiesOf('A1140').dstDeviations).toEqual([60, 120]);
  });

  it('has one row per model and a source for every number', () => {
    expect(Object.keys(METER_CAPABILITIES)).toEqual([...METER_MODELS]);
    for (const m of METER_MODELS) {
      expect(METER_CAPABILITIES[m].model).toBe(m);
      const fields = Object.keys(METER_CAPABILITIES[m]).filter((k) => k !== 'model' && k !== 'label').sort();
      expect(Object.keys(CAPABILITY_SOURCES[m]).sort()).toEqual(fields);
      for (const s of Object.values(CAPABILITY_SOURCES[m])) expect(s.length).toBeGreaterThan(5);
    }
    expect(CAPABILITY_ASSUMPTIONS.length).toBeGreaterThan(0);
    expect(CAPABILITY_ASSUMPTIONS.every((a) => a.includes('assumption'))).toBe(true);
    for (const m of METER_MODELS) for (const s of Object.values(CAPABILITY_SOURCES[m])) expect(s).toMatch(/^(public:|manual:|assumption)/);
  });

  it('refuses an unknown model name', () => {
    expect(() => capabilitiesOf('A1800' as MeterModel)).toThrow(RangeError);
  });
});

describe('checkCapabilities with a smaller meter (limits the real models never hit)', () => {
  const tiny: MeterCapabilities = { ...METER_CAPABILITIES.generic, label: 'tiny meter', mdIntegrationPeriods: [15], maxLpChannels: 1 };

  it('reports an MD period and a channel count the meter does not have', () => {
    const out = new ProblemList();
    checkCapabilities(newScheme('T', 'T', 'generic'), tiny, out, 'generic meter');
    expect(out.items).toEqual([
      { path: 'maximumDemand.integrationPeriodMinutes', severity: 'error', code: 'md-period-not-supported', message: 'Maximum demand: the tiny meter does not offer a 30 min integration period; use 15 min' },
      { path: 'loadProfile.channels', severity: 'error', code: 'too-many-lp-channels', message: 'Load profile: 2 channels, the tiny meter records 1' },
    ]);
  });
});

describe('docs/tariff-schemes.md', () => {
  it('prints the capability table as the code has it', () => {
    expect(docs).toContain(capabilitiesMarkdown());
  });

  it('lists every problem code with its severity under "Validation"', () => {
    const validation = docs.slice(docs.indexOf('\n## Validation'), docs.indexOf('\n## Capabilities'));
    for (const [code, [severity]] of Object.entries(PROBLEM_CODES)) expect(validation).toContain(`| \`${code}\` | ${severity} |`);
  });
});
