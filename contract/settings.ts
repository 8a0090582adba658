/**
 * Workstation settings (issue 16 items 3, 5, 6; spread into `calls` of contract/index.ts): THE registry of every
 * setting — its key, group, words for people, zod schema and default — shared by main/settings (store, validation,
 * typed read API), main/services/settings.ts (permission check, audit), the `pmu settings` command and the Settings
 * screen; and the settings FILE a utility rolls out to many laptops (versioned; never a secret). Pure zod, no node/DOM.
 *
 * Folders are absolute paths of the computer that uses them (Windows: `D:\Meter data`, a mapped drive `Z:\RES`, or a
 * network share `\\server\share\RES`); null = the built-in default under the data directory. That a folder exists and
 * can be written is checked by main/settings/folders.ts when it is set or imported.
 */
import { z } from 'zod';
import { MIN_SCAN_INTERVAL_S, writtenFileSchema, uploadNameSchema } from './files';
import { timeZoneSchema } from './fleet';
import { probeProfileNameSchema, probeProfileSchema } from './probe';

/** A folder path (that it is absolute for the computer and exists is checked by main/settings/folders.ts). */
const folderPathSchema = z
  .string()
  .trim()
  .min(1, 'enter a folder, or clear the setting to use the default')
  .max(260, 'is longer than Windows allows (260 characters)')
  .regex(/^[^\u0000-\u001f"<>|?*]+$/, 'must not contain control characters or " < > | ? *');

/** A folder setting: an absolute path, or null for the built-in default. */
export const folderSettingSchema = folderPathSchema.nullable();

/** Most allowed watch locations (`watch.allowedRoots`). */
export const MAX_WATCH_ROOTS = 50;

/** The time reference of fleet time sync: `ntp:<host>[:<port>]`, `gps:<serial port>[@<baud>]`, or '' (none). */
export const timeReferenceSchema = z
  .string()
  .trim()
  .max(200)
  .regex(/^$|^ntp:[A-Za-z0-9._\-[\]:]+$|^gps:[^\u0000-\u001f@]+(@(4800|9600|19200|38400))?$/, 'must be ntp:<host>[:<port>] or gps:<serial port>[@4800|9600|…], or empty');

const int = (min: number, max: number, unit: string) =>
  z.number().int(`must be a whole number of ${unit}`).min(min, `must be at least ${min} ${unit}`).max(max, `may be at most ${max} ${unit}`);

/** Groups of the Settings screen, in order. */
export const SETTING_GROUPS = { files: 'Files and import', policy: 'Policies', probe: 'Optical probes', watch: 'Watched folders' } as const;
export type SettingGroup = keyof typeof SETTING_GROUPS;

/** What the UI edits a setting with. */
export type SettingKind = 'folder' | 'folderList' | 'choice' | 'integer' | 'number' | 'boolean' | 'timeZone' | 'profile' | 'text';

interface Def<S extends z.ZodType> {
  readonly group: SettingGroup;
  readonly label: string;
  /** One or two sentences for the Settings screen and `pmu settings list`. */
  readonly help: string;
  readonly kind: SettingKind;
  readonly schema: S;
  readonly default: z.infer<S>;
  readonly unit?: string;
  readonly choices?: readonly { readonly value: string; readonly label: string }[];
}
const def = <S extends z.ZodType>(d: Def<S>): Def<S> => d;

/**
 * Every setting. Defaults and their sources: scan interval ≥ 10 s (issue 5 / PMU manual "down to 10 s"); password
 * length 10 (NIST SP 800-63B §5.1.1 asks ≥ 8, length over composition; 10 was this app's rule before; no expiry, as
 * §5.1.1.2 advises against periodic changes); sessions 8 h /
 * 30 min idle (ASSUMPTION: one working shift, a laptop left alone); time sync (keys `timeSync.*`, shared with the fleet
 * collector's own settings code): tolerance 10 s, workstation limit 2 s (the collector's defaults; an NTP-synchronised
 * PC is well within 1 s and meter clocks count whole seconds).
 */
export const SETTINGS = {
  'files.resDir': def({ group: 'files', kind: 'folder', label: '.RES output folder', schema: folderSettingSchema, default: null, help: 'Where the .RES file of each reading is written. Empty: the RES folder in the data directory.' }),
  'files.exportDir': def({ group: 'files', kind: 'folder', label: 'Export folder', schema: folderSettingSchema, default: null, help: 'Where exports (readings, meter lists, schemes, audit, certificates, settings) are written. Empty: the exports folder in the data directory.' }),
  'files.importedDir': def({ group: 'files', kind: 'folder', label: 'Imported files folder', schema: folderSettingSchema, default: null, help: 'Where a folder import or watched folder moves the files it imported. Empty: an "imported" folder inside each scanned folder.' }),
  'files.quarantineDir': def({ group: 'files', kind: 'folder', label: 'Quarantine folder', schema: folderSettingSchema, default: null, help: 'Where a folder import or watched folder moves files it could not import (the reason stays in the import log). Empty: they stay where they are.' }),
  'files.importMode': def({ group: 'files', kind: 'choice', label: 'Default import mode', schema: z.enum(['append', 'overwrite']), default: 'append', help: 'Append keeps every distinct reading; overwrite replaces the stored reading of the same meter and session start (PMU: "Append new data" / "Always overwrite").', choices: [{ value: 'append', label: 'Append new data' }, { value: 'overwrite', label: 'Always overwrite' }] }),
  'files.afterImport': def({ group: 'files', kind: 'choice', label: 'After a folder import', schema: z.enum(['leave', 'move']), default: 'leave', help: 'Leave imported files where they are, or move them to the imported files folder.', choices: [{ value: 'leave', label: 'Leave them' }, { value: 'move', label: 'Move them' }] }),
  'files.scanIntervalSeconds': def({ group: 'files', kind: 'integer', unit: 's', label: 'Default scan interval', schema: int(MIN_SCAN_INTERVAL_S, 86_400, 'seconds'), default: 60, help: `How often a new watched folder is scanned for new readings (at least ${MIN_SCAN_INTERVAL_S} s).` }),
  'policy.approval.separateDuties': def({ group: 'policy', kind: 'boolean', label: 'Approver must not be the author', schema: z.boolean(), default: true, help: 'A program staged by one user must be approved by another (separation of duties). Turn off only where one person does both.' }),
  'policy.password.minLength': def({ group: 'policy', kind: 'integer', unit: 'characters', label: 'Shortest workstation password', schema: int(8, 64, 'characters'), default: 10, help: 'New workstation passwords need at least this many characters (NIST SP 800-63B: at least 8).' }),
  'policy.password.minClasses': def({ group: 'policy', kind: 'integer', label: 'Character kinds in a password', schema: int(1, 4, 'kinds'), default: 1, help: 'How many of lower case, upper case, digits and symbols a new password must mix (1 = no rule; NIST advises length instead).' }),
  'policy.session.idleMinutes': def({ group: 'policy', kind: 'integer', unit: 'min', label: 'Sign-out after inactivity', schema: int(1, 480, 'minutes'), default: 30, help: 'A signed-in session ends after this long without a call.' }),
  'policy.session.maxHours': def({ group: 'policy', kind: 'integer', unit: 'h', label: 'Longest session', schema: int(1, 24, 'hours'), default: 8, help: 'A session ends this long after sign-in, whatever the activity.' }),
  'timeSync.reference': def({ group: 'policy', kind: 'text', label: 'Trusted time reference', schema: timeReferenceSchema, default: '', help: 'What fleet time sync checks this computer\'s clock against: ntp:<host>[:<port>] or gps:<serial port>[@<baud>]. Empty: none, so no meter clock is corrected.' }),
  'timeSync.maxOffsetSeconds': def({ group: 'policy', kind: 'number', unit: 's', label: 'Workstation clock limit', schema: z.number().min(0.1, 'must be at least 0.1 s').max(3600, 'may be at most 3600 s'), default: 2, help: 'Fleet time sync corrects no meter clock while this computer is further than this from the time reference.' }),
  'timeSync.toleranceSeconds': def({ group: 'policy', kind: 'integer', unit: 's', label: 'Meter clock tolerance', schema: int(1, 3600, 'seconds'), default: 10, help: 'A meter clock within this of the true time is left alone by fleet time sync.' }),
  'timeSync.allowSet': def({ group: 'policy', kind: 'boolean', label: 'Allow clock set beyond ±7.5 min', schema: z.boolean(), default: false, help: 'Fleet time sync may SET a meter clock (security level 3, audited) where an adjust (creep, ±7.5 min) cannot correct it.' }),
  'policy.meterTimeZone': def({ group: 'policy', kind: 'timeZone', label: 'Default meter time zone', schema: timeZoneSchema.nullable(), default: null, help: 'The time zone of meter clocks when a meter or place names none. Empty: this computer\'s zone.' }),
  // Edited in Watched folders → Allowed locations (main/services/watch-roots.ts: also resolves and de-duplicates the paths), not on the Settings screen.
  'watch.allowedRoots': def({ group: 'watch', kind: 'folderList', label: 'Allowed watch locations', schema: z.array(folderPathSchema).max(MAX_WATCH_ROOTS, `may hold at most ${MAX_WATCH_ROOTS} folders`), default: [] as string[], help: 'Folders users other than administrators may watch (those folders and folders inside them; each must exist on this computer). Empty: only administrators add watched folders. Edited in Watched folders → Allowed locations.' }),
  'probe.defaultProfile': def({ group: 'probe', kind: 'profile', label: 'Default probe profile', schema: probeProfileNameSchema, default: 'Standard', help: 'The probe profile of a port that has none assigned and whose USB model no profile names.' }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
/** The value type of every setting. */
export type SettingsValues = { -readonly [K in SettingKey]: z.infer<(typeof SETTINGS)[K]['schema']> };
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** True when `key` is a setting. */
export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTINGS, key);
}

/** The built-in defaults. */
export const DEFAULT_SETTINGS: SettingsValues = Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTINGS[k].default])) as SettingsValues;

/** One setting as listed. */
export const settingViewSchema = z.object({
  key: z.string(),
  group: z.enum(['files', 'policy', 'probe', 'watch']),
  label: z.string(),
  help: z.string(),
  kind: z.string(),
  unit: z.string().nullable(),
  choices: z.array(z.object({ value: z.string(), label: z.string() })).nullable(),
  value: z.unknown(),
  default: z.unknown(),
  /** For folders: the path in use (the default resolved); else the value in use. */
  effective: z.unknown(),
  /** Set here (not the default). */
  isSet: z.boolean(),
  updatedUtc: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /**
   * Set when the stored value is not the one the audit trail last recorded — the database was edited outside the
   * workstation (main/services/settings-audit.ts): a plain sentence with both values; null when they agree.
   */
  outsideAudit: z.string().nullable(),
});
export type SettingView = z.infer<typeof settingViewSchema>;

/** Changes: key → new value (null for a folder or zone = back to the default). */
export const settingsChangesSchema = z.record(z.string(), z.unknown()).refine((c) => Object.keys(c).length > 0, 'no setting to change');

/** The version of the settings file this app writes and reads. */
export const SETTINGS_FILE_VERSION = 1;
/** The `format` field of a settings file. */
export const SETTINGS_FILE_FORMAT = 'pmu-workstation-settings';

/**
 * A settings file (shape only; values are checked key by key against SETTINGS by main/settings/file.ts). Unknown
 * top-level fields are refused. Never holds a secret: settings have none, and users, meter passwords and keys are not
 * settings.
 */
export const settingsFileSchema = z.strictObject({
  format: z.literal(SETTINGS_FILE_FORMAT, { error: `is not "${SETTINGS_FILE_FORMAT}": this is not a PMU Workstation settings file` }),
  version: z.number().int(),
  exportedUtc: z.string().optional(),
  software: z.string().max(100).optional(),
  settings: z.record(z.string(), z.unknown()),
  /** Own and edited probe profiles (built-in ones that were not changed are not written). */
  probeProfiles: z.array(probeProfileSchema).max(200).default([]),
  /** Port → profile assignments. */
  portProfiles: z.array(z.strictObject({ port: z.string().min(1).max(260), profile: probeProfileNameSchema })).max(200).default([]),
});
export type SettingsFile = z.infer<typeof settingsFileSchema>;

/** What an import changed (or would change). */
export const settingsImportResultSchema = z.object({
  dryRun: z.boolean(),
  /** Settings whose value changes. */
  changed: z.array(z.object({ key: z.string(), before: z.unknown(), after: z.unknown() })),
  profiles: z.number().int(),
  ports: z.number().int(),
});
export type SettingsImportResult = z.infer<typeof settingsImportResultSchema>;

/** Largest settings file accepted, characters. */
export const MAX_SETTINGS_FILE_CHARS = 1024 * 1024;

export const settingsCalls = {
  'settings.list': { summary: 'Every setting with its value, default, the value in use and who changed it last.', args: z.strictObject({}), result: z.array(settingViewSchema) },
  'settings.set': {
    summary: 'Change settings (checked all first: folders must exist and be writable; nothing changes unless all are valid).',
    args: z.strictObject({ changes: settingsChangesSchema }),
    result: z.array(settingViewSchema),
  },
  'settings.checkFolder': {
    summary: 'Whether a folder may be used (exists, is a folder, can be written), in plain words.',
    args: z.strictObject({ path: z.string().max(300) }),
    result: z.object({ ok: z.boolean(), message: z.string() }),
  },
  'settings.exportFile': {
    summary: 'Write the settings as a settings file (no secrets) into the export folder; desktop: or where the user saves it.',
    args: z.strictObject({ saveAs: z.boolean().default(false) }),
    result: writtenFileSchema.extend({ keys: z.number().int() }),
  },
  'settings.importFile': {
    summary: 'Apply a settings file: every value checked before any is applied (dryRun: check and report only).',
    args: z.strictObject({ name: uploadNameSchema, content: z.string().max(MAX_SETTINGS_FILE_CHARS, 'the file is larger than 1 MB'), dryRun: z.boolean().default(false) }),
    result: settingsImportResultSchema,
  },
} as const;
