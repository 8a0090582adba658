/**
 * The settings FILE (issue 16 item 6): what a utility writes on one laptop and rolls out to many. Format
 * `pmu-workstation-settings` version {@link SETTINGS_FILE_VERSION} (contract/settings.ts settingsFileSchema): every
 * setting in force, the own and edited probe profiles, and the port assignments. Never a secret: settings hold none,
 * and users, passwords, meter passwords, sessions and keys are not settings.
 *
 * Reading one checks EVERYTHING before anything could be applied: JSON syntax, the format and version (another version
 * is refused with both numbers), unknown fields and unknown setting keys (named), every value against its schema, and
 * that every profile a port or the default names exists. All problems come back together in one plain StoreError
 * INVALID_DATA; whether folders exist on this computer is checked by the caller (./folders.ts) before it applies.
 */
import type { Database } from 'better-sqlite3';
import {
  SETTINGS_FILE_FORMAT, SETTINGS_FILE_VERSION, SETTING_KEYS, settingsFileSchema, type SettingsFile, type SettingsValues,
} from '../../contract/settings';
import type { ProbeProfile } from '../../contract/probe';
import { StoreError } from '../core/errors';
import { listProbePortRows } from '../store/settings';
import { builtInProfile, listProbeProfiles } from './probe-profiles';
import { parseChanges, readSettings } from './values';

/** The settings file of `db` (see the file comment). */
export function buildSettingsFile(db: Database, software: string, now = new Date()): SettingsFile {
  const values = readSettings(db);
  const settings: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) settings[k] = values[k];
  const probeProfiles = listProbeProfiles(db)
    .filter((p) => p.origin !== 'built-in')
    .map(({ origin: _o, ports: _p, ...profile }) => profile);
  const portProfiles = listProbePortRows(db).map((r) => ({ port: r.port, profile: r.profile }));
  return { format: SETTINGS_FILE_FORMAT, version: SETTINGS_FILE_VERSION, exportedUtc: now.toISOString(), software, settings, probeProfiles, portProfiles };
}

/** A settings file checked and ready to apply. */
export interface ParsedSettingsFile {
  readonly values: Partial<SettingsValues>;
  readonly profiles: readonly ProbeProfile[];
  readonly ports: readonly { readonly port: string; readonly profile: string }[];
}

const fail = (name: string, problems: readonly string[]): never => {
  const list = problems.slice(0, 20).map((p) => `- ${p}`).join('\n');
  const more = problems.length > 20 ? `\n- … and ${problems.length - 20} more` : '';
  throw new StoreError('INVALID_DATA', `The settings file "${name}" was not applied (nothing was changed):\n${list}${more}`);
};

/**
 * Check the text of settings file `name` against this app and `db` (for profile names stored here).
 * @throws StoreError INVALID_DATA listing every problem (see the file comment).
 */
export function parseSettingsFile(db: Database, name: string, text: string): ParsedSettingsFile {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return fail(name, [`it is not JSON (${(e as Error).message}).`]);
  }
  const head = json as { format?: unknown; version?: unknown } | null;
  if (head && typeof head === 'object' && head.format === SETTINGS_FILE_FORMAT && head.version !== SETTINGS_FILE_VERSION) {
    return fail(name, [`it is a settings file of version ${JSON.stringify(head.version)}; this workstation reads version ${SETTINGS_FILE_VERSION}. Export it again from a workstation of this version.`]);
  }
  const shape = settingsFileSchema.safeParse(json);
  if (!shape.success) {
    return fail(name, shape.error.issues.map((i) => {
      if (i.code === 'unrecognized_keys') return `${i.path.length ? `${i.path.join('.')}: ` : ''}unknown field${i.keys.length === 1 ? '' : 's'} ${i.keys.map((k) => `"${k}"`).join(', ')}.`;
      return `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}.`;
    }));
  }
  const file = shape.data;
  const changes = parseChanges(file.settings);
  const problems = [...changes.errors];
  const names = new Set([...listProbeProfiles(db).map((p) => p.name.toLowerCase()), ...file.probeProfiles.map((p) => p.name.toLowerCase())]);
  const seen = new Set<string>();
  for (const p of file.probeProfiles) {
    if (seen.has(p.name.toLowerCase())) problems.push(`the probe profile "${p.name}" is in the file twice.`);
    seen.add(p.name.toLowerCase());
  }
  for (const a of file.portProfiles) if (!names.has(a.profile.toLowerCase())) problems.push(`port ${a.port} names the probe profile "${a.profile}", which is neither in the file nor on this workstation.`);
  const def = changes.values['probe.defaultProfile'];
  if (def !== undefined && !names.has(def.toLowerCase()) && !builtInProfile(def)) problems.push(`the default probe profile "${def}" is neither in the file nor on this workstation.`);
  if (problems.length > 0) return fail(name, problems);
  return { values: changes.values, profiles: file.probeProfiles, ports: file.portProfiles };
}
