import { describe, expect, it } from 'vitest';
import { type LoadedDefinitionFile, definitionFor, parseDefinitionFile } from '../meter-definitions';
import { newScheme } from '../schemes/model';
import { compileProgram } from './compile';
import type { MeterData } from './plan';
import { provenanceText, unprovenMessage, unprovenWrites, withProvenance } from './safety';

/** The safety rail (issue 10 item 3) on compiled plans: which writes a real meter must not get, and what confirms them. */

const METER: MeterData = { serial: '12345678', ctRatio: '200/5', vtRatio: null, passwordLevel: 3, site: 'Mill', customer: 'ACME', timeZone: 'Europe/London' };
const A1140_IDENT = '/GEC510051000000';

function file(name: string, body: Record<string, unknown>): LoadedDefinitionFile {
  return parseDefinitionFile(JSON.stringify({ format: 'pmu-meter-definition', formatVersion: 1, title: name, ...body }), name);
}
const confirm = (ids: readonly string[]) => ids.map((id) => ({ id, confirmed: true, provenance: `manual:Utility copy of the maker's spec, item ${id}` }));

describe('unprovenWrites', () => {
  const plan = compileProgram(newScheme('S1', 'Day/night', 'A1140'), METER, 'A1140', { meterUserId: 'TECH01' });

  it('A1140 with the built-in definition: our own image layouts (681, 901…908, 617) are refused; public ones (667, 616, 795) pass', () => {
    const refused = unprovenWrites(plan, definitionFor('A1140'));
    expect(refused.map((r) => r.address)).toEqual(['681', '901', '902', '903', '904', '905', '906', '907', '908', '617']);
    expect(refused.every((r) => r.provenance.startsWith('assumption'))).toBe(true);
  });

  it('a definition file confirming them (for this identification) lets every write through and names itself on each', () => {
    const f = file('utility.meter.json', { model: 'A1140', identification: '^/GEC5100', items: confirm(['681', '901', '902', '903', '904', '905', '906', '907', '908', '617']) });
    const def = definitionFor('A1140', [f], A1140_IDENT);
    expect(unprovenWrites(plan, def)).toEqual([]);
    const shown = withProvenance(plan, def).writes;
    expect(shown.find((w) => w.address === '901')).toMatchObject({ confirmedBy: 'utility.meter.json', provenance: "manual:Utility copy of the maker's spec, item 901" });
    expect(provenanceText(shown.find((w) => w.address === '901')!)).toBe("manual:Utility copy of the maker's spec, item 901 (confirmed by utility.meter.json)");
    expect(provenanceText(shown.find((w) => w.address === '667')!)).toMatch(/^public:abba1140\/TariffSources\.java:12-23$/);
    // a file for another firmware does not apply
    expect(unprovenWrites(plan, definitionFor('A1140', [f], '/GEC5200XXXXXXXX'))).toHaveLength(10);
  });

  it('a file that describes a DIFFERENT layout for an item does not make ours right: refused with that reason', () => {
    const f = file('other.meter.json', { model: 'A1140', items: [{ id: '901', bytes: 40, layout: 'something else', provenance: 'manual:other spec p. 3' }] });
    const refused = unprovenWrites(plan, definitionFor('A1140', [f], A1140_IDENT));
    expect(refused.find((r) => r.address === '901')!.reason).toMatch(/^other\.meter\.json describes a different layout \(something else\) from the one this program writes/);
  });

  it('the message says nothing was written, lists each data ID with its provenance and says where a definition file goes', () => {
    const def = definitionFor('A1140');
    const text = unprovenMessage(def, unprovenWrites(plan, def), '/data/meter-definitions');
    expect(text).toMatch(/^Nothing was written\. This real Elster A1140 would get 10 layouts/);
    expect(text).toContain("681 programmer's user ID (assumption); 901 day profiles (assumption)");
    expect(text).toContain('into /data/meter-definitions and try again.');
  });

  it('generic W5 writes follow the same rule: OBIS addresses whose value text is ours are refused until confirmed', () => {
    const g = compileProgram(newScheme('G1', 'Generic', 'generic'), METER, 'generic', { meterUserId: 'TECH01' });
    const refused = unprovenWrites(g, definitionFor('generic'));
    expect(refused.length).toBeGreaterThan(5);
    expect(refused.map((r) => r.address)).toContain('0-0:13.0.0');
    const f = file('gen.meter.json', { model: 'generic', items: confirm(refused.map((r) => r.address)) });
    expect(unprovenWrites(g, definitionFor('generic', [f]))).toEqual([]);
  });
});
