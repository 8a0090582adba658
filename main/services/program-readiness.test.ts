/**
 * The "Program meter" panel's words before anything is pressed (program-readiness.ts) follow the upload's own rule,
 * including delegation (issue 11.2): a technician's approved upload needs the meter's own level-3 password AND a
 * level-1 password to check the meter with first; each missing piece is named as what it is.
 */
import { describe, expect, it } from 'vitest';
import { newScheme } from '../../schemes/model';
import { actorOfUser } from '../auth/access-control';
import { addRoleUsers, testContext } from '../auth/test-helpers';
import { findUser } from '../auth/users';
import { withActor } from '../core/context';
import { setCredential } from '../secrets/credentials';
import { findOrImportScheme } from '../store/schemes';
import { createStagedProgram } from '../store/staging';
import { programReadiness } from './program-readiness';

const SERIAL = 'EMU-A1140-0001';

async function approvedForTechnician() {
  const base = testContext();
  await addRoleUsers(base.db);
  const { schemeStoreId, version } = findOrImportScheme(base.db, newScheme('ECO7', 'Economy 7', 'A1140', 'Europe/London'), { by: 'engineer' });
  const staged = createStagedProgram(base.db, {
    schemeStoreId, schemeVersion: version, by: 'engineer', status: 'approved',
    meter: { serial: SERIAL, ctRatio: null, vtRatio: null, passwordLevel: 3, site: '', customer: '', timeZone: 'Europe/London' },
  });
  return { base, staged, tech: withActor(base, actorOfUser(findUser(base.db, 'technician')!)) };
}

describe('program readiness for a technician (delegated passwords)', () => {
  it('names what is missing: the meter\'s own level-3 password, then the level-1 one; ready with both', async () => {
    const { base, staged, tech } = await approvedForTechnician();
    setCredential(base, { scope: 'default', level: 3 }, '33333333', 'administrator'); // never delegated
    expect(programReadiness(tech, staged)).toMatchObject({ canProgram: false, mayType: false, message: expect.stringMatching(/^No level 3 password is stored for meter EMU-A1140-0001 that the workstation may use for you/) });

    setCredential(base, { scope: 'meter', meterSerial: SERIAL, level: 3 }, '00000000', 'administrator');
    expect(programReadiness(tech, staged)).toMatchObject({ canProgram: false, message: expect.stringMatching(/signs on at level 1 to check that the meter on the probe is that meter\. No level 1 password is stored/) });

    setCredential(base, { scope: 'meter', meterSerial: SERIAL, level: 1 }, '11111111', 'administrator');
    expect(programReadiness(tech, staged)).toEqual({ canProgram: true, mayType: false, message: `Approved by engineer: the workstation uses the level 3 password stored for meter ${SERIAL}. You never see it.` });
  });
});
