/**
 * THE permission matrix, in one place: which permission each contract call needs (PERMISSIONS), which
 * permissions each role holds (ROLE_PERMISSIONS), and the highest meter password security level each role may
 * use (MAX_METER_LEVEL). The dispatcher (main/api/dispatch.ts) checks every call against it before the handler
 * runs; the CLI maps its commands onto the same permissions (main/cli/acting-user.ts).
 *
 * ADDING A CONTRACT CALL: add one line `'<call name>': '<permission>'` to PERMISSIONS below. There is no default
 * rule: a call without a line fails type-checking here (`satisfies Record<CallName, Permission>`), fails
 * main/auth/permissions.test.ts with the line to add, and is refused at run time (fail closed).
 *
 * Roles (issue 6): technician — read meters, adjust clocks (meter level 1), upload approved programs; engineer —
 * the technician's work plus set clocks, edit schemes, stage and approve programs (meter level 3); auditor —
 * read-only everything and export the audit trail (no meter access: level 0); administrator — everything,
 * including users, meter passwords, groups and settings (level 3). DECISION: the administrator holds every
 * permission so a one-person installation (and setup mode, where the OS user acts as administrator) can work;
 * installations that separate duties give their administrators a second, non-administrator account.
 */
import type { CallName, PermissionName, Role } from '../../contract';
import { PERMISSION_NAMES, PERMISSION_WORDS, ROLES } from '../../contract';

export type Permission = PermissionName;
export type { Role };
export { PERMISSION_NAMES, PERMISSION_WORDS, ROLES };

/** The permission each contract call needs. Every call is listed explicitly (see the file comment). */
export const PERMISSIONS = {
  appInfo: 'public',
  listPorts: 'signedIn',
  readMeter: 'meter.read',
  cancelRead: 'meter.read',
  readClock: 'meter.read',
  adjustClock: 'meter.clock.adjust',
  setClock: 'meter.clock.set',
  listReadings: 'readings.view',
  getReading: 'readings.view',
  listMeters: 'readings.view',
  importFiles: 'readings.import',
  sniffCsv: 'readings.import',
  listImportLog: 'readings.view',
  listQuarantine: 'readings.view',
  listWatchedFolders: 'readings.view',
  saveWatchedFolder: 'readings.import',
  'settings.watchRoots': 'readings.view',
  'settings.setWatchRoots': 'settings.manage',
  deleteWatchedFolder: 'readings.import',
  scanWatchedFolderNow: 'readings.import',
  chooseFolder: 'readings.import',
  exportReadings: 'readings.export',
  exportMeters: 'readings.export',
  'auth.status': 'public',
  'auth.setupAdmin': 'public',
  'auth.signIn': 'public',
  'auth.signOut': 'public',
  'auth.changePassword': 'signedIn',
  'users.list': 'users.view',
  'users.add': 'users.manage',
  'users.update': 'users.manage',
  'users.disable': 'users.manage',
  'users.resetPassword': 'users.manage',
  'meterGroups.list': 'meterGroups.view',
  'meterGroups.save': 'meterGroups.manage',
  'meterGroups.delete': 'meterGroups.manage',
  'credentials.list': 'credentials.view',
  'credentials.set': 'credentials.manage',
  'credentials.delete': 'credentials.manage',
  'audit.list': 'audit.view',
  'audit.verify': 'audit.view',
  'audit.exportCsv': 'audit.export',
  'audit.exportBundle': 'audit.export',
  'audit.exportAnchor': 'audit.export',
  'audit.publicKey': 'audit.view',
  'audit.meterLog': 'audit.view',
  'schemes.tree': 'schemes.view',
  'schemes.createFolder': 'schemes.edit',
  'schemes.renameFolder': 'schemes.edit',
  'schemes.moveFolder': 'schemes.edit',
  'schemes.deleteFolder': 'schemes.edit',
  'schemes.create': 'schemes.edit',
  'schemes.get': 'schemes.view',
  'schemes.save': 'schemes.edit',
  'schemes.rename': 'schemes.edit',
  'schemes.move': 'schemes.edit',
  'schemes.delete': 'schemes.edit',
  'schemes.diff': 'schemes.view',
  'schemes.exportFile': 'schemes.view',
  'schemes.exportFolder': 'schemes.view',
  'schemes.importFile': 'schemes.edit',
  'holidays.countries': 'schemes.view',
  'holidays.regions': 'schemes.view',
  'holidays.fromPack': 'schemes.view',
  'holidays.fromICal': 'schemes.view',
  'staging.list': 'schemes.view',
  'staging.create': 'programs.stage',
  'staging.get': 'schemes.view',
  'staging.approve': 'programs.approve',
  'staging.delete': 'programs.stage',
  'program.start': 'programs.upload',
  'program.cancel': 'programs.upload',
  'certificates.list': 'schemes.view',
  'certificates.get': 'schemes.view',
  'certificates.export': 'schemes.view',
  'meters.programmingState': 'readings.view',
  'fleet.tree': 'fleet.view',
  'fleet.savePlace': 'fleet.manage',
  'fleet.deletePlace': 'fleet.manage',
  'fleet.saveCustomer': 'fleet.manage',
  'fleet.deleteCustomer': 'fleet.manage',
  'fleet.saveMeter': 'fleet.manage',
  'fleet.deleteMeter': 'fleet.manage',
  'fleet.install': 'fleet.manage',
  'fleet.remove': 'fleet.manage',
  'fleet.installations': 'fleet.view',
  'fleet.importCsv': 'fleet.manage',
  'fleet.exportCsv': 'fleet.view',
  'collection.schedules': 'collection.view',
  'collection.saveSchedule': 'collection.manage',
  'collection.deleteSchedule': 'collection.manage',
  'collection.start': 'collection.run',
  'collection.cancel': 'collection.run',
  'collection.runs': 'collection.view',
  'collection.run': 'collection.view',
  'collection.dashboard': 'collection.view',
  'collection.gaps': 'collection.view',
  'timeSync.check': 'collection.view',
  'fleet.addEmulatedSubstation': 'collection.manage',
  'settings.list': 'settings.view',
  'settings.set': 'settings.manage',
  'settings.checkFolder': 'settings.manage',
  'settings.exportFile': 'settings.view',
  'settings.importFile': 'settings.manage',
  'probe.profiles': 'signedIn',
  'probe.saveProfile': 'probes.manage',
  'probe.deleteProfile': 'probes.manage',
  'probe.assign': 'probes.manage',
  'probe.detect': 'meter.read',
  'probe.cancelDetect': 'meter.read',
  'reports.billing': 'reports.view',
  'reports.balance': 'reports.view',
  'reports.virtual': 'reports.view',
  'reports.runs': 'reports.view',
  'reports.get': 'reports.view',
  'reports.rerun': 'reports.view',
  'reports.export': 'reports.view',
  'reports.print': 'reports.view',
  'virtualMeters.list': 'reports.view',
  'virtualMeters.check': 'reports.view',
  'virtualMeters.save': 'reports.manage',
  'virtualMeters.delete': 'reports.manage',
  'tariffHistory.list': 'reports.view',
  'tariffHistory.assign': 'reports.manage',
  'tariffHistory.delete': 'reports.manage',
} as const satisfies Record<CallName, Permission>;

const TECHNICIAN: readonly Permission[] = [
  'signedIn', 'meter.read', 'meter.clock.adjust', 'readings.view', 'readings.import', 'readings.export', 'schemes.view',
  'programs.upload', 'meterGroups.view', 'fleet.view', 'collection.view', 'collection.run', 'probes.manage', 'reports.view',
];

/** The permissions of each role ('public' is held by everyone, signed in or not). */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  technician: TECHNICIAN,
  engineer: [...TECHNICIAN, 'meter.clock.set', 'schemes.edit', 'programs.stage', 'programs.approve', 'credentials.view', 'fleet.manage', 'collection.manage', 'reports.manage'],
  auditor: [
    'signedIn', 'readings.view', 'readings.export', 'schemes.view', 'audit.view', 'audit.export', 'users.view', 'credentials.view',
    'meterGroups.view', 'settings.view', 'fleet.view', 'collection.view', 'reports.view',
  ],
  administrator: PERMISSION_NAMES.filter((p) => p !== 'public'),
};

/**
 * Highest meter password security level each role may use (Elster: 1 = read and clock adjust, 3 = clock set and
 * programming; reference ../shared/reference/elster-dialect.md "Session" step 5). 0 = no meter access.
 */
export const MAX_METER_LEVEL: Readonly<Record<Role, 0 | 1 | 2 | 3>> = { technician: 1, engineer: 3, auditor: 0, administrator: 3 };

/** The permission call `name` needs, or null for a name without a line (refused: fail closed). */
export function permissionFor(name: string): Permission | null {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, name) ? (PERMISSIONS as Record<string, Permission>)[name]! : null;
}

/** True when `role` holds `permission`. */
export function roleHas(role: Role, permission: Permission): boolean {
  return permission === 'public' || ROLE_PERMISSIONS[role].includes(permission);
}

const ROLE_NAMES: Readonly<Record<Role, string>> = { technician: 'Technicians', engineer: 'Engineers', auditor: 'Auditors', administrator: 'Administrators' };

/** Roles holding `permission`, in the order of ROLES. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((r) => roleHas(r, permission));
}

/**
 * The plain refusal for `role` lacking `permission`, e.g. "Auditors cannot program meters. Ask an engineer or
 * technician." (names the roles that can, administrators last and only when no one else can).
 */
export function forbiddenMessage(role: Role, permission: Permission): string {
  const others = rolesWith(permission).filter((r) => r !== role);
  const helpers = others.length > 1 ? others.filter((r) => r !== 'administrator') : others;
  const article = (r: Role) => (/^[aeiou]/.test(r) ? `an ${r}` : `a ${r}`);
  const ask = helpers.length === 0 ? '' : ` Ask ${helpers.map(article).reverse().join(' or ')}.`;
  return `${ROLE_NAMES[role]} cannot ${PERMISSION_WORDS[permission]}.${ask}`;
}
