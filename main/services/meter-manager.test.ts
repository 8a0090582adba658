import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { actorOfUser } from '../auth/access-control';
import { setupActor } from '../auth/actor';
import { addRoleUsers, testContext } from '../auth/test-helpers';
import { findUser } from '../auth/users';
import { listAudit } from '../audit/store';
import { withActor, type AppContext } from '../core/context';
import {
  deleteFleetMeterAs, deletePlaceAs, exportMeterList, fleetTree, importMeterList, installMeterAs, removeMeterAs, saveCustomerAs, saveFleetMeterAs, savePlaceAs,
} from './meter-manager';

const admin = (ctx: AppContext) => withActor(ctx, setupActor('osuser'));
const actions = (ctx: AppContext) => listAudit(ctx.db, {}, { limit: 100 }).records.map((r) => r.action).reverse();

const LIST = [
  'serial,link,region,substation,feeder,place,customer_number,customer_name,installed,ct_ratio,vt_ratio',
  'EMU00001,bus:/dev/ttyUSB0#EMU00001,North,Riverside,Feeder 1,Mill Lane 1,C-100,Ada Mill,2025-01-01,200/5,11000/110',
  'EMU00002,tcp://10.0.0.5:4001?baud=9600,North,Riverside,Feeder 1,Mill Lane 2,C-101,Bob Field,2025-01-01T00:00:00Z,,',
  'EMU00003,modem:/dev/ttyS0#+441632960123,North,Riverside,,Farm 3,,,2025-02-01,,',
].join('\r\n');

describe('meter manager services', () => {
  it('build the place tree, install and remove meters with CT/VT, each change audited', () => {
    const ctx = admin(testContext());
    const region = savePlaceAs(ctx, { parentId: null, kind: 'region', name: 'North', timeZone: 'Europe/London' });
    const sub = savePlaceAs(ctx, { parentId: region.id, kind: 'substation', name: 'Riverside 11 kV' });
    const feeder = savePlaceAs(ctx, { parentId: sub.id, kind: 'feeder', name: 'Feeder 3' });
    const place = savePlaceAs(ctx, { parentId: feeder.id, kind: 'place', name: 'Mill Lane 4', code: 'MP-0004' });
    expect(() => savePlaceAs(ctx, { parentId: region.id, kind: 'place', name: 'X' })).toThrow('A place cannot be under the region "North": only substation can');
    expect(() => savePlaceAs(ctx, { parentId: sub.id, kind: 'feeder', name: 'feeder 3' })).toThrow('There is already a place named "feeder 3" here');
    const customer = saveCustomerAs(ctx, { number: 'C-1', name: 'Ada Mill' });
    const meter = saveFleetMeterAs(ctx, { serial: 'M1', link: 'tcp://10.0.0.5:4001?baud=9600' });
    expect(() => saveFleetMeterAs(ctx, { serial: 'M2', link: 'tcp://10.0.0.5' })).toThrow('is not a TCP link: write tcp://host:port');
    const inst = installMeterAs(ctx, { meterId: meter.id, placeId: place.id, customerId: customer.id, installedUtc: '2025-01-01T00:00:00Z', ct: { primary: 200, secondary: 5 } });
    expect(inst.placePath).toBe('North / Riverside 11 kV / Feeder 3 / Mill Lane 4');
    expect(inst.ct).toEqual({ primary: 200, secondary: 5 });
    const other = saveFleetMeterAs(ctx, { serial: 'M2', link: 'COM3' });
    expect(() => installMeterAs(ctx, { meterId: other.id, placeId: place.id, installedUtc: '2025-03-01T00:00:00Z' })).toThrow(
      'Meter M1 is installed at North / Riverside 11 kV / Feeder 3 / Mill Lane 4 and is still there. Remove it first',
    );
    expect(() => deletePlaceAs(ctx, place.id)).toThrow('has 1 installation on record');
    expect(() => deleteFleetMeterAs(ctx, meter.id)).toThrow('disable it instead');
    removeMeterAs(ctx, inst.id, '2025-03-01T00:00:00Z');
    expect(() => installMeterAs(ctx, { meterId: other.id, placeId: place.id, installedUtc: '2025-02-01T00:00:00Z' })).toThrow('until 2025-03-01T00:00:00.000Z');
    installMeterAs(ctx, { meterId: other.id, placeId: place.id, installedUtc: '2025-03-01T00:00:00Z' });
    const tree = fleetTree(ctx);
    expect(tree.places).toHaveLength(4);
    expect(tree.meters.find((m) => m.serial === 'M2')?.installation?.placeId).toBe(place.id);
    expect(tree.meters.find((m) => m.serial === 'M1')?.installation).toBeNull();
    expect(actions(ctx)).toEqual([
      'place.saved', 'place.saved', 'place.saved', 'place.saved', 'customer.saved', 'fleetMeter.saved', 'meter.installed', 'fleetMeter.saved', 'meter.removed', 'meter.installed',
    ]);
  });

  it('check the permission in the service: technicians and auditors see, engineers change', async () => {
    const base = testContext();
    await addRoleUsers(base.db);
    const as = (role: string) => withActor(base, actorOfUser(findUser(base.db, role)!));
    expect(fleetTree(as('auditor')).places).toEqual([]);
    expect(() => savePlaceAs(as('technician'), { parentId: null, kind: 'region', name: 'North' })).toThrow(
      'Technicians cannot change the meter manager. Ask an engineer.',
    );
    expect(() => importMeterList(as('auditor'), { fileName: 'm.csv', content: LIST })).toThrow('Auditors cannot change the meter manager');
    expect(savePlaceAs(as('engineer'), { parentId: null, kind: 'region', name: 'North' }).name).toBe('North');
    expect(() => fleetTree(base)).toThrow('Sign in first.');
  });

  it('import a meter list: places and customers created, a plain error per bad line, bad lines store nothing; export reads back the same', async () => {
    const ctx = admin(testContext());
    const bad = [
      LIST,
      'EMU00004,tcp://host-without-port,North,Riverside,Feeder 1,Mill Lane 9,,,2025-01-01,,',
      'EMU00005,COM3,North,Riverside,Feeder 1,Mill Lane 5,C-200,,2025-01-01,,',
      'EMU00006,COM3,North,Riverside,Feeder 1,Mill Lane 6,,,,,',
      'EMU00007,COM3,North,Riverside,Feeder 1,Mill Lane 7,,,2025-01-01,200/0,',
      'EMU00001,COM9,North,Riverside,Feeder 1,Mill Lane 1,,,2025-01-01,,',
    ].join('\r\n');
    const dry = importMeterList(ctx, { fileName: 'meters.csv', content: bad, dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(fleetTree(ctx).meters).toEqual([]);
    const out = importMeterList(ctx, { fileName: 'meters.csv', content: bad });
    expect(out).toMatchObject({ lines: 8, imported: 3, unchanged: 0, created: { places: 6, customers: 2, meters: 3, installations: 3 } });
    expect(out.errors).toEqual([
      { line: 5, message: 'Line 5: "tcp://host-without-port" is not a TCP link: write tcp://host:port, e.g. tcp://10.0.0.5:4001.' },
      { line: 6, message: 'Line 6: customer C-200 is new: give its name in customer_name.' },
      { line: 7, message: 'Line 7: give the installation time of meter EMU00006 in "installed".' },
      { line: 8, message: 'Line 8: the CT ratio "200/0" must look like 200/5 (primary/secondary, both above 0).' },
      { line: 9, message: 'Line 9: meter EMU00001 is already on line 2.' },
    ]);
    const tree = fleetTree(ctx);
    expect(tree.meters.map((m) => m.serial)).toEqual(['EMU00001', 'EMU00002', 'EMU00003']);
    expect(tree.meters.some((m) => m.serial === 'EMU00005')).toBe(false); // the meter row of a refused line is rolled back
    expect(tree.meters[0]!.installation).toMatchObject({ installedUtc: '2025-01-01T00:00:00.000Z', ct: { primary: 200, secondary: 5 }, vt: { primary: 11000, secondary: 110 }, customerName: 'Ada Mill' });
    expect(tree.meters[2]!.installation?.placePath).toBe('North / Riverside / Farm 3');
    expect(importMeterList(ctx, { fileName: 'again.csv', content: LIST })).toMatchObject({ imported: 0, unchanged: 3, errors: [] });

    const dir = mkdtempSync(path.join(os.tmpdir(), 'pmu-meters-'));
    const file = path.join(dir, 'list.csv');
    expect(await exportMeterList(ctx, file)).toEqual({ meters: 3 });
    const again = importMeterList(ctx, { fileName: 'list.csv', content: readFileSync(file, 'utf8') });
    expect(again).toMatchObject({ imported: 0, unchanged: 3, errors: [] });
    expect(actions(ctx).filter((a) => a.startsWith('meterList'))).toEqual(['meterList.imported', 'meterList.imported', 'meterList.exported', 'meterList.imported']);
  });

  it('a meter exchange by CSV closes the old installation at the new time', () => {
    const ctx = admin(testContext());
    importMeterList(ctx, { fileName: 'a.csv', content: LIST });
    const exchange = ['serial,link,region,substation,feeder,place,installed', 'NEW0001,COM4,North,Riverside,Feeder 1,Mill Lane 1,2025-06-01T00:00:00Z'].join('\n');
    expect(importMeterList(ctx, { fileName: 'b.csv', content: exchange })).toMatchObject({ imported: 1, errors: [] });
    const meters = fleetTree(ctx).meters;
    expect(meters.find((m) => m.serial === 'EMU00001')?.installation).toBeNull();
    expect(meters.find((m) => m.serial === 'NEW0001')?.installation?.placePath).toBe('North / Riverside / Feeder 1 / Mill Lane 1');
    const bad = ['serial,link,bogus', 'X,COM1,1'].join('\n');
    expect(importMeterList(ctx, { fileName: 'c.csv', content: bad }).errors[0]!.message).toMatch(/^The header unknown column "bogus"\. Known columns: serial, manufacturer/);
  });
});
