/**
 * Issue 12's bar: every call's permission check happens in the service. For each role, each service is called
 * DIRECTLY (no dispatcher, no handler) with a context acting as a user of that role, and the answer — refused as
 * FORBIDDEN, or let through (whatever it then does: a result, NOT_FOUND, an unknown port) — must be the dispatcher's
 * answer for the contract call the service implements (main/api/dispatch.ts with the permission matrix,
 * main/auth/permissions.ts). A service that forgot its check, or checks the wrong permission, fails here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callNames, type CallName } from '../../contract';
import { createDispatcher, type Handlers } from '../api/dispatch';
import { AccessControl, actorOfUser } from '../auth/access-control';
import { AuthError } from '../auth/errors';
import { ROLES, type Role } from '../auth/permissions';
import { addRoleUsers, CHEAP_SCRYPT, passwordOf, testContext } from '../auth/test-helpers';
import { requireUser } from '../auth/users';
import { withActor, type AppContext } from '../core/context';
import { auditPublicKeyAs, exportAuditBundleAs, exportAuditCsvAs, listAuditAs, meterLogAs, verifyAuditAs } from './audit-trail';
import { adjustMeterClock, readMeterClock, setMeterClock } from './clock';
import { exportMetersAs, exportReadingsAs, importContentAs } from './files';
import { fleetTree, installationHistory } from './meter-manager';
import { listPorts } from './ports';
import { programAccess } from './program-access';
import { readMeter } from './read-meter';
import { getReadingAs, listMetersAs, listReadingsAs } from './readings';
import {
  approveAs, certificateAs, deleteStagedAs, exportCertificateAs, listCertificatesAs, listStagedAs, programmingStateAs, stageAs, stagedDetailAs,
} from './staging';
import {
  addUserAs, deleteCredentialAs, deleteMeterGroupAs, listCredentialsAs, listMeterGroupsAs, listUsersAs, resetPasswordAs, saveMeterGroupAs, setCredentialAs, updateUserAs,
} from './users';
import { setWatchRoots, watchRootsAs } from './watch-roots';
import { deleteWatchedFolderAs, listWatchedFoldersAs, saveWatchedFolderAs } from './watched-folders';

const NO_PORT = 'no-such-link';
const meter = { serial: '12345678', ctRatio: null, vtRatio: null, passwordLevel: 3, site: '', customer: '', timeZone: 'Europe/London' };

/** Each contract call → the service that implements it, called with `ctx` (arguments that get past the check). */
const SERVICES: Partial<Record<CallName, (ctx: AppContext, dir: string) => unknown>> = {
  listPorts: (c) => listPorts(c),
  readMeter: (c) => readMeter(c, { port: NO_PORT, resOut: false }, () => undefined),
  readClock: (c) => readMeterClock(c, { port: NO_PORT }),
  adjustClock: (c) => adjustMeterClock(c, { port: NO_PORT }),
  setClock: (c) => setMeterClock(c, { port: NO_PORT }),
  listReadings: (c) => listReadingsAs(c, {}),
  getReading: (c) => getReadingAs(c, 1),
  listMeters: (c) => listMetersAs(c),
  importFiles: (c) => importContentAs(c, 'x.RES', new Uint8Array([1, 2, 3]), { mode: 'append' }),
  exportReadings: (c, dir) => exportReadingsAs(c, { format: 'csv' }, path.join(dir, 'r.csv')),
  exportMeters: (c, dir) => exportMetersAs(c, 'csv', path.join(dir, 'm.csv')),
  listWatchedFolders: (c) => listWatchedFoldersAs(c),
  'settings.watchRoots': (c) => watchRootsAs(c),
  'settings.setWatchRoots': (c, dir) => setWatchRoots(c, [dir]),
  saveWatchedFolder: (c, dir) => saveWatchedFolderAs(c, { path: dir, intervalSeconds: 60, mode: 'append', recursive: false, after: 'leave', enabled: false }),
  deleteWatchedFolder: (c) => deleteWatchedFolderAs(c, 99),
  'users.list': (c) => listUsersAs(c),
  'users.add': (c) => addUserAs(c, { username: `new-${Math.random().toString(36).slice(2, 8)}`, role: 'auditor', password: 'a-long-password-1' }, { scrypt: CHEAP_SCRYPT }),
  'users.update': (c) => updateUserAs(c, 'auditor', { displayName: 'Audrey' }),
  'users.disable': (c) => updateUserAs(c, 'nobody-here', { disabled: true }),
  'users.resetPassword': (c) => resetPasswordAs(c, 'nobody-here', 'another-password-1', { scrypt: CHEAP_SCRYPT }),
  'meterGroups.list': (c) => listMeterGroupsAs(c),
  'meterGroups.save': (c) => saveMeterGroupAs(c, { name: `G${Math.random().toString(36).slice(2, 8)}`, serials: [] }),
  'meterGroups.delete': (c) => deleteMeterGroupAs(c, 999),
  'credentials.list': (c) => listCredentialsAs(c),
  'credentials.set': (c) => setCredentialAs(c, { scope: 'default', level: 1 } as never, 'ABCDEFGH'),
  'credentials.delete': (c) => deleteCredentialAs(c, 999),
  'audit.list': (c) => listAuditAs(c, {}),
  'audit.verify': (c) => verifyAuditAs(c),
  'audit.exportCsv': (c) => exportAuditCsvAs(c, {}),
  'audit.exportBundle': (c) => exportAuditBundleAs(c),
  'audit.publicKey': (c) => auditPublicKeyAs(c),
  'audit.meterLog': (c) => meterLogAs(c, '12345678'),
  'staging.list': (c) => listStagedAs(c, {}),
  'staging.create': (c) => stageAs(c, { schemeStoreId: 999, schemeVersion: 1, meter }),
  'staging.get': (c) => stagedDetailAs(c, 999),
  'staging.approve': (c) => approveAs(c, 999),
  'staging.delete': (c) => deleteStagedAs(c, 999),
  'program.start': (c) => programAccess(c, 999, null),
  'certificates.list': (c) => listCertificatesAs(c, {}),
  'certificates.get': (c) => certificateAs(c, 999),
  'certificates.export': (c) => exportCertificateAs(c, 999, 'txt'),
  'meters.programmingState': (c) => programmingStateAs(c, '12345678'),
  'fleet.tree': (c) => fleetTree(c),
  'fleet.installations': (c) => installationHistory(c, {}),
};

type Answer = 'FORBIDDEN' | 'let through';

async function serviceAnswer(run: () => unknown): Promise<Answer> {
  try {
    await run();
    return 'let through';
  } catch (e) {
    if (e instanceof AuthError && (e.code === 'FORBIDDEN' || e.code === 'SIGN_IN_REQUIRED')) return 'FORBIDDEN';
    return 'let through';
  }
}

let ctx: AppContext;
let dir: string;
let access: AccessControl;
const stubs = Object.fromEntries(callNames.map((n) => [n, async () => null])) as unknown as Handlers;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pmu-roles-'));
  ctx = { ...testContext(), resDir: path.join(dir, 'RES') };
  await addRoleUsers(ctx.db);
  access = new AccessControl(ctx, { scrypt: CHEAP_SCRYPT });
  for (const role of ROLES) await access.signIn({ channel: `test:${role}` }, role, passwordOf(role));
  // Watched folders may be added inside this folder by everyone (issue 11.6: allowed locations).
  await setWatchRoots(withActor(ctx, actorOfUser(requireUser(ctx.db, 'administrator'))), [dir]);
});
afterAll(() => {
  ctx.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('services check the permission themselves', () => {
  it('covers every call whose use case is a service of main/services', () => {
    expect(Object.keys(SERVICES).length).toBeGreaterThanOrEqual(40);
  });

  it.each(ROLES)('%s: each service answers as the dispatcher does', async (role: Role) => {
    const dispatch = createDispatcher(stubs, { access, log: () => undefined });
    const acting = withActor(ctx, actorOfUser(requireUser(ctx.db, role)));
    const differences: string[] = [];
    for (const [name, run] of Object.entries(SERVICES) as [CallName, (c: AppContext, d: string) => unknown][]) {
      const reply = await dispatch(name, {}, { channel: `test:${role}` });
      const viaDispatcher: Answer = !reply.ok && reply.error.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'let through';
      const direct = await serviceAnswer(() => run(acting, dir));
      if (direct !== viaDispatcher) differences.push(`${name}: service ${direct}, dispatcher ${viaDispatcher}`);
    }
    expect(differences).toEqual([]);
  });
});
