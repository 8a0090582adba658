/**
 * The permission matrix, call by call: every contract call × every role through the REAL dispatcher (stub handlers
 * record whether they ran). The expected lists below are written out by hand from the role descriptions of issue 6,
 * so a wrong line in PERMISSIONS or ROLE_PERMISSIONS fails here.
 * Adding a call: give it a line in PERMISSIONS (main/auth/permissions.ts) AND add it to the lists of the roles that
 * may use it below (administrators may use everything).
 */
import { describe, expect, it } from 'vitest';
import { callNames, type CallName } from '../../contract';
import { createDispatcher, type Handlers } from '../api/dispatch';
import { AccessControl } from './access-control';
import { PERMISSION_NAMES, PERMISSION_WORDS, PERMISSIONS, ROLES, forbiddenMessage, type Role } from './permissions';
import { addRoleUsers, CHEAP_SCRYPT, passwordOf, testContext } from './test-helpers';

const PUBLIC: CallName[] = ['appInfo', 'auth.status', 'auth.setupAdmin', 'auth.signIn', 'auth.signOut'];
const ANY_SIGNED_IN: CallName[] = [...PUBLIC, 'auth.changePassword', 'listPorts', 'probe.profiles'];
/** Set up optical probes (issue 16: technicians choose probe types, as in the PMU). */
const PROBES: CallName[] = ['probe.saveProfile', 'probe.deleteProfile', 'probe.assign'];
const VIEW_READINGS: CallName[] = ['listReadings', 'getReading', 'listMeters', 'listImportLog', 'listQuarantine', 'listWatchedFolders', 'settings.watchRoots', 'meters.programmingState'];
const EXPORT_READINGS: CallName[] = ['exportReadings', 'exportMeters'];
const IMPORT: CallName[] = ['importFiles', 'sniffCsv', 'saveWatchedFolder', 'deleteWatchedFolder', 'scanWatchedFolderNow', 'chooseFolder'];
const VIEW_SCHEMES: CallName[] = [
  'schemes.tree', 'schemes.get', 'schemes.diff', 'schemes.exportFile', 'schemes.exportFolder', 'holidays.countries', 'holidays.regions',
  'holidays.fromPack', 'holidays.fromICal', 'staging.list', 'staging.get', 'certificates.list', 'certificates.get', 'certificates.export',
];
const EDIT_SCHEMES: CallName[] = [
  'schemes.createFolder', 'schemes.renameFolder', 'schemes.moveFolder', 'schemes.deleteFolder', 'schemes.create', 'schemes.save', 'schemes.rename',
  'schemes.move', 'schemes.delete', 'schemes.importFile',
];
const VIEW_FLEET: CallName[] = [
  'fleet.tree', 'fleet.installations', 'fleet.exportCsv', 'collection.schedules', 'collection.runs', 'collection.run', 'collection.dashboard', 'collection.gaps',
  'timeSync.check',
];
const RUN_COLLECTION: CallName[] = ['collection.start', 'collection.cancel'];
const MANAGE_COLLECTION: CallName[] = ['collection.saveSchedule', 'collection.deleteSchedule', 'fleet.addEmulatedSubstation'];
const EDIT_FLEET: CallName[] = [
  'fleet.savePlace', 'fleet.deletePlace', 'fleet.saveCustomer', 'fleet.deleteCustomer', 'fleet.saveMeter', 'fleet.deleteMeter', 'fleet.install', 'fleet.remove',
  'fleet.importCsv',
];
const VIEW_REPORTS: CallName[] = [
  'reports.billing', 'reports.balance', 'reports.virtual', 'reports.runs', 'reports.get', 'reports.rerun', 'reports.export', 'reports.print',
  'virtualMeters.list', 'virtualMeters.check', 'tariffHistory.list',
];
const EDIT_REPORTS: CallName[] = ['virtualMeters.save', 'virtualMeters.delete', 'tariffHistory.assign', 'tariffHistory.delete'];
const AUDIT: CallName[] = ['audit.list', 'audit.verify', 'audit.exportCsv', 'audit.exportBundle', 'audit.exportAnchor', 'audit.publicKey', 'audit.meterLog'];

/** What each role may call (issue 6 "Roles and permissions"). */
const ALLOWED: Record<Exclude<Role, 'administrator'>, CallName[]> = {
  // read meters, adjust clocks, upload approved staged programs (+ stored readings, imports, exports, viewing schemes)
  technician: [
    ...ANY_SIGNED_IN, 'readMeter', 'cancelRead', 'readClock', 'adjustClock', ...VIEW_READINGS, ...IMPORT, ...EXPORT_READINGS, ...VIEW_SCHEMES,
    'program.start', 'program.cancel', 'meterGroups.list', ...VIEW_FLEET, ...PROBES, 'probe.detect', 'probe.cancelDetect', ...VIEW_REPORTS, ...RUN_COLLECTION,
  ],
  // the technician's work + set clocks, edit schemes, stage and approve
  engineer: [
    ...ANY_SIGNED_IN, 'readMeter', 'cancelRead', 'readClock', 'adjustClock', 'setClock', ...VIEW_READINGS, ...IMPORT, ...EXPORT_READINGS,
    ...VIEW_SCHEMES, ...EDIT_SCHEMES, 'staging.create', 'staging.delete', 'staging.approve', 'program.start', 'program.cancel',
    'meterGroups.list', 'credentials.list', ...VIEW_FLEET, ...EDIT_FLEET, ...PROBES, 'probe.detect', 'probe.cancelDetect', ...VIEW_REPORTS, ...EDIT_REPORTS, ...RUN_COLLECTION, ...MANAGE_COLLECTION,
  ],
  // read-only everything, export the audit trail; no meter access
  auditor: [...ANY_SIGNED_IN, ...VIEW_READINGS, ...EXPORT_READINGS, ...VIEW_SCHEMES, ...AUDIT, 'users.list', 'meterGroups.list', 'credentials.list', ...VIEW_FLEET, 'settings.list', 'settings.exportFile', ...VIEW_REPORTS],
};

async function setup() {
  const ctx = testContext();
  await addRoleUsers(ctx.db);
  const access = new AccessControl(ctx, { scrypt: CHEAP_SCRYPT });
  for (const role of ROLES) await access.signIn({ channel: `test:${role}` }, role, passwordOf(role));
  const ran: string[] = [];
  const handlers = Object.fromEntries(
    callNames.map((n) => [n, async () => {
      ran.push(n);
      return null;
    }]),
  ) as unknown as Handlers;
  return { ctx, access, ran, dispatch: createDispatcher(handlers, { access, log: () => undefined }) };
}

const allowedFor = (role: Role, name: CallName) => role === 'administrator' || ALLOWED[role].includes(name);

describe('permission matrix', () => {
  it('lists every contract call explicitly (no default rule)', () => {
    const permissions = PERMISSIONS as Record<string, string>;
    for (const name of callNames) {
      expect(
        Object.prototype.hasOwnProperty.call(permissions, name),
        `Contract call "${name}" has no line in PERMISSIONS (main/auth/permissions.ts). Add  '${name}': '<permission>',  with one of: ${PERMISSION_NAMES.join(', ')}.`,
      ).toBe(true);
      expect(PERMISSION_NAMES, name).toContain(permissions[name]);
    }
    expect(Object.keys(permissions).filter((n) => !(callNames as string[]).includes(n)), 'PERMISSIONS lines for calls that no longer exist').toEqual([]);
  });

  it('this test knows every call (add a new call to the ALLOWED lists of the roles that may use it)', () => {
    const known = new Set<string>([...PUBLIC, ...Object.values(ALLOWED).flat(), ...ADMIN_ONLY]);
    for (const name of callNames) expect(known.has(name), `main/auth/permissions.test.ts: add "${name}" to ALLOWED (or ADMIN_ONLY)`).toBe(true);
  });

  it.each(ROLES)('%s: every call is allowed or refused as the role descriptions say, before the handler runs', async (role) => {
    const { dispatch, ran } = await setup();
    for (const name of callNames) {
      ran.length = 0;
      const reply = await dispatch(name, {}, { channel: `test:${role}` });
      if (allowedFor(role, name)) {
        // Allowed: past the permission check (the empty arguments may still be refused as BAD_ARGUMENTS).
        expect(reply.ok || !['FORBIDDEN', 'SIGN_IN_REQUIRED'].includes(reply.error.code), `${role} → ${name}: ${JSON.stringify(reply)}`).toBe(true);
      } else {
        expect(reply, `${role} → ${name}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        if (!reply.ok) expect(reply.error.message).toMatch(/^(Technicians|Engineers|Auditors) cannot [a-z ]+\.( Ask (an? [a-z]+)( or an? [a-z]+)*\.)?$/);
        expect(ran, `${role} → ${name} ran its handler`).toEqual([]);
      }
    }
  });

  it('says what a permission lets one do with the one shared words table (contract/auth.ts PERMISSION_WORDS)', () => {
    for (const p of PERMISSION_NAMES.filter((x) => x !== 'public' && x !== 'signedIn')) {
      expect(PERMISSION_WORDS[p], p).toMatch(/^[a-z][a-z ]+[a-z]$/);
      expect(forbiddenMessage('auditor', p)).toMatch(new RegExp(`^Auditors cannot ${PERMISSION_WORDS[p]}\\.`));
    }
  });

  it('refuses in plain words naming who can', () => {
    expect(forbiddenMessage('auditor', 'programs.upload')).toBe('Auditors cannot program meters. Ask an engineer or a technician.');
    expect(forbiddenMessage('technician', 'meter.clock.set')).toBe('Technicians cannot set meter clocks. Ask an engineer.');
    expect(forbiddenMessage('engineer', 'users.manage')).toBe('Engineers cannot manage users. Ask an administrator.');
  });

  it('signed out: only the public calls run; every other call asks to sign in', async () => {
    const { dispatch, ran } = await setup();
    for (const name of callNames) {
      ran.length = 0;
      const reply = await dispatch(name, {}, { channel: 'test:nobody' });
      if (PUBLIC.includes(name)) expect(reply.ok || reply.error.code !== 'SIGN_IN_REQUIRED', name).toBe(true);
      else {
        expect(reply, name).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED', message: expect.stringMatching(/^Sign in first/) } });
        expect(ran).toEqual([]);
      }
    }
  });

  it('setup mode (no user yet): every call passes the permission check as the OS user', async () => {
    const ctx = testContext();
    const access = new AccessControl(ctx, { scrypt: CHEAP_SCRYPT });
    const seen: unknown[] = [];
    const handlers = Object.fromEntries(callNames.map((n) => [n, async (_a: unknown, call: { actor: unknown }) => (seen.push(call.actor), null)])) as unknown as Handlers;
    const dispatch = createDispatcher(handlers, { access, log: () => undefined });
    for (const name of callNames) {
      const reply = await dispatch(name, {}, { channel: 'test:any' });
      expect(reply.ok || !['FORBIDDEN', 'SIGN_IN_REQUIRED'].includes(reply.error.code), name).toBe(true);
    }
    expect(seen[0]).toMatchObject({ username: 'osuser', role: 'administrator', setupMode: true });
  });

  it('a call missing from PERMISSIONS is refused even in setup mode (fail closed)', async () => {
    const access = new AccessControl(testContext(), { scrypt: CHEAP_SCRYPT });
    const saved = (PERMISSIONS as Record<string, string>)['listPorts'];
    delete (PERMISSIONS as Record<string, string>)['listPorts'];
    try {
      const dispatch = createDispatcher({ listPorts: async () => [] } as unknown as Handlers, { access, log: () => undefined });
      expect(await dispatch('listPorts', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      (PERMISSIONS as Record<string, string>)['listPorts'] = saved!;
    }
  });
});

/** Calls only administrators may make. */
const ADMIN_ONLY: CallName[] = [
  'users.add', 'users.update', 'users.disable', 'users.resetPassword', 'meterGroups.save', 'meterGroups.delete', 'credentials.set', 'credentials.delete', 'settings.setWatchRoots',
  'settings.set', 'settings.checkFolder', 'settings.importFile',
];
