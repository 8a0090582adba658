import { describe, expect, it } from 'vitest';
import { AccessControl } from '../auth/access-control';
import { addRoleUsers, CHEAP_SCRYPT, passwordOf } from '../auth/test-helpers';
import { updateUser } from '../auth/users';
import { setCredential } from '../secrets/credentials';
import { saveMeterGroup } from '../store/meter-groups';
import { createDispatcher } from '../api/dispatch';
import { prepareMeterAccess } from './meter-access';
import { createHandlers } from '../api/handlers';
import { fakeContext, fakeServices } from '../api/testing/fakes';

async function setup() {
  const ctx = fakeContext();
  await addRoleUsers(ctx.db);
  const services = fakeServices();
  const handlers = createHandlers(ctx, { mode: 'browser', services, emit: () => undefined });
  const access = new AccessControl(ctx, { scrypt: CHEAP_SCRYPT });
  const dispatch = createDispatcher(handlers, { access, checkResults: true, log: () => undefined });
  const as = async (role: string) => {
    const caller = { channel: `test:${role}` };
    await access.signIn(caller, role, passwordOf(role));
    return (name: string, args: unknown) => dispatch(name, args, caller);
  };
  return { ctx, services, as };
}

describe('meter jobs: password levels, stored passwords, meter scopes', () => {
  it('a technician reads at level 1 with the stored level 1 password; level 3 is refused, typed or stored', async () => {
    const { ctx, services, as } = await setup();
    setCredential(ctx, { scope: 'default', level: 1 }, 'LEVEL111', 'administrator');
    const tech = await as('technician');
    const pending = tech('readMeter', { jobId: 'r', port: 'emulator:a1140' });
    await services.started;
    services.release();
    expect((await pending).ok).toBe(true);
    expect(services.requests[0]).toMatchObject({ password: 'LEVEL111', passwordLevel: 1 });
    expect(await tech('readClock', { jobId: 'c', port: 'emulator:a1140', password: '00000000', passwordLevel: 3 })).toMatchObject({
      ok: false, error: { code: 'FORBIDDEN', message: 'Your role (technician) may use meter passwords up to security level 1; this job needs level 3. Ask an engineer.' },
    });
    expect(await tech('setClock', { jobId: 's', port: 'emulator:a1140' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'Technicians cannot set meter clocks. Ask an engineer.' } });
    expect(await tech('adjustClock', { jobId: 'a', port: 'emulator:a1140' })).toMatchObject({ ok: true });
    expect(services.clockRequests.at(-1)?.req).toMatchObject({ password: 'LEVEL111', passwordLevel: 1 });
  });

  it('an engineer\'s set uses the stored level 3 password; a typed one keeps level 2 then 3', async () => {
    const { ctx, services, as } = await setup();
    setCredential(ctx, { scope: 'meter', meterSerial: 'M1', level: 3 }, 'LEVEL333', 'administrator');
    const eng = await as('engineer');
    expect((await eng('setClock', { jobId: 's1', port: 'emulator:a1140', meterSerial: 'M1' })).ok).toBe(true);
    expect(services.clockRequests.at(-1)?.req).toMatchObject({ password: 'LEVEL333', passwordLevel: 3, meterSerial: 'M1' });
    expect((await eng('setClock', { jobId: 's2', port: 'emulator:a1140', meterSerial: 'M1', password: 'TYPED222' })).ok).toBe(true);
    expect(services.clockRequests.at(-1)?.req).toMatchObject({ password: 'TYPED222', passwordLevel: 2, level3Password: 'LEVEL333' });
  });

  it('a user limited to a meter group must choose one of its meters; the meter itself is checked again', async () => {
    const { ctx, services, as } = await setup();
    const g = saveMeterGroup(ctx.db, { name: 'North', serials: ['M1'] });
    updateUser(ctx.db, 'technician', { meterGroupIds: [g.id] });
    const tech = await as('technician');
    expect(await tech('readClock', { jobId: 'c', port: 'emulator' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/choose the meter/) } });
    expect(await tech('readClock', { jobId: 'c', port: 'emulator', meterSerial: 'M9' })).toMatchObject({ ok: false, error: { message: 'Meter M9 is not in your meter groups. Ask an administrator to add it.' } });
    expect((await tech('readClock', { jobId: 'c', port: 'emulator', meterSerial: 'm1' })).ok).toBe(true);
    const check = services.clockRequests.at(-1)?.req.checkSerial;
    expect(() => check?.('M1')).not.toThrow();
    expect(() => check?.('OTHER')).toThrow(/The meter on the probe is OTHER, not one of your meters/);
    expect(() => check?.(null)).toThrow(/does not give its serial number/);
    // Stored readings of other meters are hidden from this user.
    expect(await tech('listReadings', {})).toEqual({ ok: true, result: [] });
    expect(await tech('getReading', { id: 7 })).toEqual({ ok: true, result: null });
    expect(await tech('exportReadings', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('the signed-in user is the operator of the call', async () => {
    const { as } = await setup();
    const aud = await as('auditor');
    expect(await aud('appInfo', {})).toMatchObject({ ok: true, result: { operator: 'auditor' } });
    expect(await aud('readMeter', { jobId: 'r', port: 'emulator' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'Auditors cannot read meters. Ask an engineer or a technician.' } });
  });
});

describe('approval delegates the staged level to the stored password (program uploads)', () => {
  const technician = {
    username: 'tom', displayName: 'Tom', role: 'technician' as const, userId: 7, setupMode: false,
    meterUserId: 'TEC1', schemeFolders: null, meterGroups: null,
  };
  it('a technician uploading an approved level-3 program gets the meter\'s own stored level-3 password, never a typed one', async () => {
    const { ctx } = await setup();
    setCredential(ctx, { scope: 'meter', meterSerial: 'EMU-A1140-0001', level: 3 }, 'LEVEL333', 'administrator');
    const base = { passwordLevel: 3 as const, meterSerial: 'EMU-A1140-0001' };
    // The workstation signs on at the technician's own level first, to check the meter: a level 1 password is needed.
    expect(() => prepareMeterAccess(ctx, technician, { ...base, approvedLevel: 3 }, 'program')).toThrow(/signs on at level 1 to check that the meter on the probe is that meter\. No level 1 password is stored/);
    setCredential(ctx, { scope: 'default', level: 1 }, 'LEVEL111', 'administrator');
    expect(prepareMeterAccess(ctx, technician, { ...base, approvedLevel: 3 }, 'program')).toMatchObject({
      password: 'LEVEL333', passwordLevel: 3, stored: 'meter', delegated: { openPassword: 'LEVEL111', openLevel: 1 }, secrets: ['LEVEL333', 'LEVEL111'],
    });
    // Not approved: refused. Typed: refused even when approved. Another kind of job: the approval does not count.
    expect(() => prepareMeterAccess(ctx, technician, base, 'program')).toThrow(/up to security level 1; this job needs level 3/);
    expect(() => prepareMeterAccess(ctx, technician, { ...base, approvedLevel: 3, password: '00000000' }, 'program')).toThrow(/up to security level 1/);
    expect(() => prepareMeterAccess(ctx, technician, { ...base, approvedLevel: 3 }, 'set')).toThrow(/up to security level 1/);
  });

  it('never delegates a group\'s or the default password (they open many meters); an engineer uses them as before', async () => {
    const { ctx } = await setup();
    setCredential(ctx, { scope: 'default', level: 1 }, 'LEVEL111', 'administrator');
    setCredential(ctx, { scope: 'default', level: 3 }, 'DEFAULT3', 'administrator');
    const group = saveMeterGroup(ctx.db, { name: 'Substation 4', serials: ['M-77'] });
    setCredential(ctx, { scope: 'group', groupId: group.id, level: 3 }, 'GROUP333', 'administrator');
    for (const serial of ['M-77', 'M-78']) {
      expect(() => prepareMeterAccess(ctx, technician, { passwordLevel: 3, meterSerial: serial, approvedLevel: 3 }, 'program')).toThrow(
        new RegExp(`No password is stored for meter ${serial} itself at security level 3\\. An approved upload may use only a password stored for that one meter`),
      );
    }
    const engineer = { ...technician, username: 'eve', role: 'engineer' as const };
    expect(prepareMeterAccess(ctx, engineer, { passwordLevel: 3, meterSerial: 'M-77' }, 'program')).toMatchObject({ password: 'GROUP333', stored: 'group' });
    expect(prepareMeterAccess(ctx, engineer, { passwordLevel: 3, meterSerial: 'M-78' }, 'program')).toMatchObject({ password: 'DEFAULT3', stored: 'default' });
    expect(prepareMeterAccess(ctx, engineer, { passwordLevel: 3, meterSerial: 'M-77' }, 'program').delegated).toBeUndefined();
  });
});
