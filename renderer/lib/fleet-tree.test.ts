import { describe, expect, it } from 'vitest';
import type { FleetTreeView } from '../../contract';
import { fleetRows, parseRatioInput, ratioText } from './fleet-tree';

const place = (id: number, parentId: number | null, kind: 'region' | 'substation' | 'feeder' | 'place', name: string) => ({ id, parentId, kind, name, code: null, address: '', timeZone: null, notes: '' });
const meter = (id: number, serial: string, placeId: number | null) => ({
  id, serial, manufacturer: '', model: '', link: 'COM3', deviceAddress: '', dialect: 'auto' as const, line: null, passwordLevel: null, timeZone: null, enabled: true, notes: '',
  installation: placeId === null ? null : { id, meterId: id, meterSerial: serial, placeId, placePath: '', customerId: null, customerNumber: null, customerName: null, installedUtc: '2025-01-01T00:00:00.000Z', removedUtc: null, ct: { primary: 1, secondary: 1 }, vt: { primary: 1, secondary: 1 }, notes: '' },
});

describe('fleet tree rows', () => {
  it('lists places top down by name (numbers in order), each place followed by its meters, and counts meters below', () => {
    const tree: FleetTreeView = {
      places: [place(1, null, 'region', 'North'), place(2, 1, 'substation', 'Riverside'), place(4, 2, 'place', 'Mill 10'), place(3, 2, 'place', 'Mill 9')],
      customers: [],
      meters: [meter(1, 'M1', 3), meter(2, 'M2', 4), meter(3, 'M3', null)],
    };
    const rows = fleetRows(tree).map((r) => (r.kind === 'place' ? `${'  '.repeat(r.depth)}${r.place.name} (${r.meters})` : `${'  '.repeat(r.depth)}[${r.meter.serial}]`));
    expect(rows).toEqual(['North (2)', '  Riverside (2)', '    Mill 9 (1)', '      [M1]', '    Mill 10 (1)', '      [M2]']);
    expect(fleetRows(tree, new Set([2])).length).toBe(2);
  });

  it('reads and writes CT/VT ratios', () => {
    expect(parseRatioInput('200/5')).toEqual({ primary: 200, secondary: 5 });
    expect(parseRatioInput(' 40 ')).toEqual({ primary: 40, secondary: 1 });
    expect(parseRatioInput('200/0')).toBeNull();
    expect(ratioText({ primary: 1, secondary: 1 })).toBe('direct');
    expect(ratioText({ primary: 11000, secondary: 110 })).toBe('11000/110');
  });
});
