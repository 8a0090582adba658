/**
 * The sign-in, user, meter-group and meter-credential calls of the contract (spread into `calls` of
 * contract/index.ts) with their schemas, and the role and permission names the UI uses to hide what a user may
 * not do (the main process checks every call anyway: main/auth/permissions.ts). Pure zod, no node/DOM.
 *
 * Secrets: user passwords and meter passwords travel only in call ARGUMENTS; no result schema here has a field
 * that could carry a password, a hash, a session token or a ciphertext (credentials are listed as metadata only).
 */
import { z } from 'zod';
import { meterPasswordSchema, meterSerialSchema, passwordLevelSchema } from './meter';

/** The four roles (docs/security.md has the permission matrix). */
export const ROLES = ['technician', 'engineer', 'auditor', 'administrator'] as const;
export const roleSchema = z.enum(ROLES);

/**
 * Every permission a call can require (main/auth/permissions.ts maps each call to one of these, and each role to
 * the set it holds). `public` = also before sign-in; `signedIn` = any signed-in user.
 */
export const PERMISSION_NAMES = [
  'public',
  'signedIn',
  'meter.read',
  'meter.clock.adjust',
  'meter.clock.set',
  'readings.view',
  'readings.import',
  'readings.export',
  'schemes.view',
  'schemes.edit',
  'programs.stage',
  'programs.approve',
  'programs.upload',
  'audit.view',
  'audit.export',
  'users.view',
  'users.manage',
  'credentials.view',
  'credentials.manage',
  'meterGroups.view',
  'meterGroups.manage',
  'settings.view',
  'settings.manage',
  'probes.manage',
  'fleet.view',
  'fleet.manage',
  'collection.view',
  'collection.run',
  'collection.manage',
  'reports.view',
  'reports.manage',
] as const;
export const permissionSchema = z.enum(PERMISSION_NAMES);

/**
 * What each permission lets one do, completing "… cannot …" ("Technicians cannot approve programs."): THE one table
 * of these words, used by main/auth/permissions.ts `forbiddenMessage` (the dispatcher's refusals) and by the window
 * for the reason on a disabled control (renderer/lib/permissions.ts), so both say the same.
 */
export const PERMISSION_WORDS: Readonly<Record<(typeof PERMISSION_NAMES)[number], string>> = {
  public: 'use the workstation',
  signedIn: 'use the workstation',
  'meter.read': 'read meters',
  'meter.clock.adjust': 'adjust meter clocks',
  'meter.clock.set': 'set meter clocks',
  'readings.view': 'see stored readings',
  'readings.import': 'import readings',
  'readings.export': 'export readings',
  'schemes.view': 'see tariff schemes',
  'schemes.edit': 'edit tariff schemes',
  'programs.stage': 'stage programs',
  'programs.approve': 'approve programs',
  'programs.upload': 'program meters',
  'audit.view': 'see the audit trail',
  'audit.export': 'export the audit trail',
  'users.view': 'see the user list',
  'users.manage': 'manage users',
  'credentials.view': 'see which meter passwords are stored',
  'credentials.manage': 'store meter passwords',
  'meterGroups.view': 'see meter groups',
  'meterGroups.manage': 'manage meter groups',
  'settings.view': 'see settings',
  'settings.manage': 'change settings',
  'probes.manage': 'set up optical probes',
  'fleet.view': 'see the meter manager',
  'fleet.manage': 'change the meter manager',
  'collection.view': 'see collection runs and schedules',
  'collection.run': 'start collections',
  'collection.manage': 'change collection schedules',
  'reports.view': 'run reports',
  'reports.manage': 'change virtual meters and tariff histories',
};

/** A user name: 1…64 letters, digits, `.`, `_`, `-`, `@` (compared without regard to case). */
export const usernameSchema = z
  .string()
  .trim()
  .min(1, 'enter a user name')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._@-]+$/, 'may contain only letters, digits and . _ - @');

/** A password as typed at sign-in (any text up to 256 characters; checked against the stored hash). */
export const signInPasswordSchema = z.string().min(1, 'enter the password').max(256, 'must be at most 256 characters');

/**
 * A new user password: 8…256 characters here (the lowest length a policy may set); the administrator's rules (length,
 * kinds of character: setting `policy.password.*`) are checked by main/auth/passwords.ts `passwordProblem`, in words.
 */
export const newPasswordSchema = z.string().min(8, 'needs at least 8 characters').max(256, 'must be at most 256 characters');

/** The ID written to the meter as the programmer's user ID: 1…8 printable ASCII characters. */
export const meterUserIdSchema = z
  .string()
  .min(1, 'enter 1 to 8 characters')
  .max(8, 'must be at most 8 characters (the meter keeps 8)')
  .regex(/^[\x20-\x7e]+$/, 'may only contain printable ASCII characters');

const displayNameSchema = z.string().trim().max(100, 'must be at most 100 characters');
const idSchema = z.number().int().positive();
const idListSchema = z.array(idSchema).max(200);

/** The signed-in user (or the setup-mode operator) as the UI shows it. */
export const signedInUserSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  meterUserId: z.string().nullable(),
});

/** `auth.status`: setup mode, who acts, what they may do (to hide buttons), and when the session ends. */
export const authStatusSchema = z.object({
  /** True until the first user exists: actions are recorded as the OS user, and the UI asks for an administrator. */
  setupMode: z.boolean(),
  /** The signed-in user; in setup mode the OS user with the administrator role; null when nobody is signed in. */
  user: signedInUserSchema.nullable(),
  /** Permissions the current user holds (empty when nobody is signed in). */
  permissions: z.array(permissionSchema),
  /** Highest meter password security level the user may use (0 = none). */
  maxMeterPasswordLevel: z.number().int().min(0).max(3),
  /** Absolute end of the session (UTC), null in setup mode or signed out. */
  sessionExpiresUtc: z.string().nullable(),
  /** Minutes without a call after which the session ends. */
  idleTimeoutMinutes: z.number(),
});

/** A user as the administrator sees it (never the hash). */
export const userViewSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  /** True while sign-ins of this name wait somewhere after failed attempts (per source, main/auth/throttle.ts). */
  locked: z.boolean(),
  /** The latest end of such a wait. */
  lockedUntilUtc: z.string().nullable(),
  failedAttempts: z.number().int(),
  meterUserId: z.string().nullable(),
  /** Scheme folders this user is limited to; empty = all. */
  schemeFolderIds: z.array(z.number().int()),
  /** Meter groups this user is limited to; empty = all. */
  meterGroupIds: z.array(z.number().int()),
  createdUtc: z.string(),
  updatedUtc: z.string(),
  passwordChangedUtc: z.string(),
});

/** A named group of meters (by serial number). */
export const meterGroupSchema = z.object({ id: z.number().int(), name: z.string(), serials: z.array(z.string()) });

/** Which meters a stored meter password is for: one meter, a group, or every meter without a more specific one. */
export const credentialScopeSchema = z.enum(['meter', 'group', 'default']);

/** A stored meter password as listed: metadata only, never the password or its ciphertext. */
export const credentialInfoSchema = z.object({
  id: z.number().int(),
  scope: credentialScopeSchema,
  meterSerial: z.string().nullable(),
  groupId: z.number().int().nullable(),
  groupName: z.string().nullable(),
  level: passwordLevelSchema,
  updatedUtc: z.string(),
  updatedBy: z.string(),
});

const noArgs = z.strictObject({});
const userFields = {
  displayName: displayNameSchema.optional(),
  meterUserId: meterUserIdSchema.optional(),
  schemeFolderIds: idListSchema.optional(),
  meterGroupIds: idListSchema.optional(),
};

/** The auth, user, meter-group and credential calls: name → { summary, args schema, result schema }. */
export const authCalls = {
  'auth.status': { summary: 'Setup mode, who is signed in, their permissions and session end.', args: noArgs, result: authStatusSchema },
  'auth.setupAdmin': {
    summary: 'Setup mode only: create the first administrator and sign in as them.',
    args: z.strictObject({ username: usernameSchema, password: newPasswordSchema, displayName: displayNameSchema.optional(), meterUserId: meterUserIdSchema.optional() }),
    result: authStatusSchema,
  },
  'auth.signIn': {
    summary: 'Sign in this window; after 3 failed attempts with one name, each further attempt from here waits longer (2^(n−3) s, at most 15 min).',
    args: z.strictObject({ username: usernameSchema, password: signInPasswordSchema }),
    result: authStatusSchema,
  },
  'auth.signOut': { summary: 'Sign out this window.', args: noArgs, result: authStatusSchema },
  'auth.changePassword': {
    summary: 'Change the signed-in user\'s own password (other sessions of the user end).',
    args: z.strictObject({ currentPassword: signInPasswordSchema, newPassword: newPasswordSchema }),
    result: z.object({ changed: z.literal(true) }),
  },
  'users.list': { summary: 'Every user (administrators and auditors).', args: noArgs, result: z.array(userViewSchema) },
  'users.add': {
    summary: 'Add a user with a role and a first password.',
    args: z.strictObject({ username: usernameSchema, role: roleSchema, password: newPasswordSchema, ...userFields }),
    result: userViewSchema,
  },
  'users.update': {
    summary: 'Change a user\'s name, role, meter user ID or scopes; enable or disable them; `unlock` clears their sign-in waits.',
    args: z.strictObject({
      username: usernameSchema,
      role: roleSchema.optional(),
      disabled: z.boolean().optional(),
      /** Clear a lock-out now. */
      unlock: z.literal(true).optional(),
      displayName: displayNameSchema.optional(),
      /** null removes it. */
      meterUserId: meterUserIdSchema.nullable().optional(),
      schemeFolderIds: idListSchema.optional(),
      meterGroupIds: idListSchema.optional(),
    }),
    result: userViewSchema,
  },
  'users.disable': { summary: 'Disable a user (their sessions end at once).', args: z.strictObject({ username: usernameSchema }), result: userViewSchema },
  'users.resetPassword': {
    summary: 'Give a user a new password (their sessions end; the lock-out is cleared).',
    args: z.strictObject({ username: usernameSchema, newPassword: newPasswordSchema }),
    result: userViewSchema,
  },
  'meterGroups.list': { summary: 'Meter groups with their meters.', args: noArgs, result: z.array(meterGroupSchema) },
  'meterGroups.save': {
    summary: 'Create (no id) or change a meter group.',
    args: z.strictObject({ id: idSchema.optional(), name: z.string().trim().min(1, 'enter a name').max(80), serials: z.array(meterSerialSchema).max(10_000) }),
    result: meterGroupSchema,
  },
  'meterGroups.delete': {
    summary: 'Delete a meter group (its stored meter passwords and user scopes go with it).',
    args: z.strictObject({ id: idSchema }),
    result: z.object({ deleted: z.boolean() }),
  },
  'credentials.list': { summary: 'Stored meter passwords: which meter or group and level, never the password.', args: noArgs, result: z.array(credentialInfoSchema) },
  'credentials.set': {
    summary: 'Store (or replace) a meter password for one meter, a group or every meter, for one security level.',
    args: z
      .strictObject({
        scope: credentialScopeSchema,
        meterSerial: meterSerialSchema.optional(),
        groupId: idSchema.optional(),
        level: passwordLevelSchema,
        password: meterPasswordSchema,
      })
      .refine((a) => (a.scope === 'meter') === (a.meterSerial !== undefined), { message: 'give the meter serial number for a meter password (and only then)', path: ['meterSerial'] })
      .refine((a) => (a.scope === 'group') === (a.groupId !== undefined), { message: 'choose the group for a group password (and only then)', path: ['groupId'] }),
    result: credentialInfoSchema,
  },
  'credentials.delete': { summary: 'Forget a stored meter password.', args: z.strictObject({ id: idSchema }), result: z.object({ deleted: z.boolean() }) },
} as const;

export type Role = z.infer<typeof roleSchema>;
export type PermissionName = z.infer<typeof permissionSchema>;
export type AuthStatusView = z.infer<typeof authStatusSchema>;
export type UserView = z.infer<typeof userViewSchema>;
export type MeterGroupView = z.infer<typeof meterGroupSchema>;
export type CredentialInfoView = z.infer<typeof credentialInfoSchema>;
export type CredentialScope = z.infer<typeof credentialScopeSchema>;
