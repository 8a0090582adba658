/**
 * What a user reads before pressing "Program meter" (program-readiness.ts, issue 13.2): the upload rule asked in a dry
 * run — a technician with an approved Elster program and no stored password is told what to ask for; with the meter's
 * level 3 password stored but no level 1 password to check the meter with (the delegated upload of delegation.ts), the
 * security rule's own words; with both, which password is used and how the meter is checked. An engineer may type it.
 * And who may approve: not the author while the separation-of-duties policy holds.
 */
import { describe, expect, it } from 'vitest';
import { newScheme } from '../../schemes/model';
import type { MeterData, StagedProgram } from '../../programming/plan';
import { setupActor, type Actor } from '../auth/actor';
import { testContext } from '../auth/test-helpers';
import { withActor, type AppContext } from '../core/context';
import { setCredential } from '../secrets/credentials';
import { importSchemeForProgram, stageProgram } from './program-records';
import { programReadiness, selfApprovalRefusal } from './program-readiness';

const engineer: Actor = { ...setupActor('x'), setupMode: false, role: 'engineer', username: 'erin', userId: 2, meterUserId: 'ERIN0001' };
const technician: Actor = { ...setupActor('x'), setupMode: false, role: 'technician', username: 'tom', userId: 3, meterUserId: 'TOM00001' };
const meter: MeterData = { serial: '12345678', ctRatio: null, vtRatio: null, passwordLevel: 3, site: '', customer: '', timeZone: 'Europe/London' };

function approvedProgram(): { ctx: AppContext; staged: StagedProgram } {
  const ctx = withActor(testContext(), engineer);
  const stored = importSchemeForProgram(ctx, newScheme('DN', 'Day/night', 'A1140', 'Europe/London'));
  return { ctx, staged: stageProgram(ctx, { schemeStoreId: stored.schemeStoreId, schemeVersion: stored.version, meter, status: 'approved' }) };
}

describe('program readiness', () => {
  it('tells a technician what to ask for, then which password is used and how the meter is checked', () => {
    const { ctx, staged } = approvedProgram();
    const tech = withActor(ctx, technician);
    expect(programReadiness(tech, staged)).toEqual({
      canProgram: false,
      mayType: false,
      message: expect.stringMatching(/^No level 3 password is stored for meter 12345678 that the workstation may use for you, and your role may not type one\. Ask an administrator to store the meter's own level 3 password for 12345678 /),
    });
    setCredential(ctx, { scope: 'meter', meterSerial: '12345678', level: 3 }, 'LEVEL3PW', 'admin');
    const noOpener = programReadiness(tech, staged)!;
    expect(noOpener.canProgram).toBe(false);
    expect(noOpener.message).toMatch(/signs on at level 1 to check that the meter on the probe is that meter\. No level 1 password is stored/);
    setCredential(ctx, { scope: 'meter', meterSerial: '12345678', level: 1 }, 'LEVEL1PW', 'admin');
    expect(programReadiness(tech, staged)).toEqual({
      canProgram: true,
      mayType: false,
      message: 'Approved by erin: the workstation uses the level 3 password stored for meter 12345678. You never see it. It first signs on at level 1 to check that the meter on the probe is 12345678.',
    });
    expect(JSON.stringify(programReadiness(tech, staged))).not.toMatch(/LEVEL[13]PW/);
  });

  it('lets an engineer type the password when none is stored, and refuses the author the approval', () => {
    const { ctx, staged } = approvedProgram();
    expect(programReadiness(ctx, staged)).toEqual({ canProgram: true, mayType: true, message: 'No level 3 password is stored for meter 12345678: type it to program.' });
    expect(selfApprovalRefusal(ctx, staged)).toMatch(/^You staged this program, so another user must approve it/);
    expect(selfApprovalRefusal(withActor(ctx, { ...engineer, username: 'eve', userId: 4 }), staged)).toBeNull();
    expect(selfApprovalRefusal(withActor(ctx, setupActor('root')), staged)).toBeNull(); // setup mode: one person at the computer
  });
});
