/**
 * Settings use cases (issue 16 items 3, 5, 6): list, change, check a folder, export and import the settings file. Each
 * checks the acting user's permission (`settings.view` / `settings.manage`), checks EVERY value before storing any
 * (registry schemas, then folders on this computer: exist, are folders, can be written), and stores the change with
 * one audit record `settings.changed` (before/after of the keys that changed) in the same transaction: nothing is ever
 * half-applied. Probe profiles are ./probe-profiles.ts. The api handlers and `pmu settings` only parse, call and map.
 */
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { SETTINGS, SETTING_KEYS, type SettingKey, type SettingView, type SettingsImportResult, type SettingsValues } from '../../contract/settings';
import type { ProbeProfile } from '../../contract/probe';
import { appendAudit } from '../audit/append';
import { recordChange } from '../audit/record-change';
import { AtomicFile } from '../core/atomic-file';
import type { AppContext } from '../core/context';
import { StoreError } from '../core/errors';
import { buildSettingsFile, parseSettingsFile } from '../settings/file';
import { checkFolder, checkFolderExists, type FolderCheck } from '../settings/folders';
import { fileLocations } from '../settings/locations';
import { normalizePortName } from '../settings/probe-profiles';
import { parseChanges, readSettings, settingRows, writeSetting } from '../settings/values';
import { writeProbePortRow, writeProbeProfileRow } from '../store/settings';
import { authorize } from './authorize';
import { outsideAuditWords, settingsOutsideAudit } from './settings-audit';

/** The value in use of `key` given the settings `s` (folders: the path the writers use). */
function effective(ctx: AppContext, key: SettingKey, s: SettingsValues): unknown {
  const loc = fileLocations(ctx);
  if (key === 'files.resDir') return loc.resDir;
  if (key === 'files.exportDir') return loc.exportDir;
  if (key === 'policy.meterTimeZone') return s[key] ?? ctx.timeZone;
  return s[key];
}

/** Every setting as the Settings screen and `pmu settings list` show it. */
function viewAll(ctx: AppContext): SettingView[] {
  const s = readSettings(ctx.db);
  const rows = new Map(settingRows(ctx.db).map((r) => [r.key, r]));
  const outside = new Map(settingsOutsideAudit(ctx).map((d) => [d.key, outsideAuditWords(d)]));
  return SETTING_KEYS.map((key) => {
    const d: { group: SettingView['group']; label: string; help: string; kind: string; default: unknown; unit?: string; choices?: readonly { value: string; label: string }[] } = SETTINGS[key];
    const row = rows.get(key);
    return {
      key, group: d.group, label: d.label, help: d.help, kind: d.kind, unit: d.unit ?? null, choices: d.choices ? [...d.choices] : null,
      value: s[key], default: d.default, effective: effective(ctx, key, s), isSet: row !== undefined, updatedUtc: row?.updatedUtc ?? null, updatedBy: row?.updatedBy ?? null,
      outsideAudit: outside.get(key) ?? null,
    };
  });
}

/** Every setting with its value, default, value in use and last change. Needs `settings.view`. */
export function listSettings(ctx: AppContext): SettingView[] {
  authorize(ctx, 'settings.view');
  return viewAll(ctx);
}

/**
 * Plain problems with the folders among `values` (each checked on this computer): a folder setting must exist and take
 * a new file; each folder of a folder list (allowed watch locations, only read) must exist.
 */
async function folderProblems(values: Partial<SettingsValues>): Promise<string[]> {
  const keys = Object.keys(values) as SettingKey[];
  const checks = await Promise.all([
    ...keys.filter((k) => SETTINGS[k].kind === 'folder' && typeof values[k] === 'string').map(async (k) => ({ k, check: await checkFolder(values[k] as string) })),
    ...keys
      .filter((k) => SETTINGS[k].kind === 'folderList' && Array.isArray(values[k]))
      .flatMap((k) => (values[k] as string[]).map(async (dir) => ({ k, check: await checkFolderExists(dir) }))),
  ]);
  return checks.filter((c) => !c.check.ok).map((c) => `${SETTINGS[c.k].label} (${c.k}): ${c.check.message}`);
}

const refuse = (problems: readonly string[]): never => {
  throw new StoreError('INVALID_DATA', problems.length === 1 ? `Nothing was changed. ${problems[0]}` : `Nothing was changed:\n${problems.map((p) => `- ${p}`).join('\n')}`);
};

/** The keys of `values` whose value differs from the one in force, with before and after. */
function diff(current: SettingsValues, values: Partial<SettingsValues>): { key: SettingKey; before: unknown; after: unknown }[] {
  return (Object.keys(values) as SettingKey[])
    .filter((k) => !isDeepStrictEqual(current[k], values[k]))
    .map((k) => ({ key: k, before: current[k], after: values[k] }));
}

/** Store `values` (a value equal to the default removes the row: the setting follows the default again). */
function writeValues(ctx: AppContext, values: Partial<SettingsValues>, now: string): void {
  for (const k of Object.keys(values) as SettingKey[]) writeSetting(ctx.db, k, values[k], ctx.operator, now);
}

const summaryOf = (changed: { key: string; before: unknown; after: unknown }[]) => ({
  before: Object.fromEntries(changed.map((c) => [c.key, c.before])),
  after: Object.fromEntries(changed.map((c) => [c.key, c.after])),
});

/**
 * Change settings (key → value; null = the default for folders and the zone). Needs `settings.manage`.
 * @throws StoreError INVALID_DATA listing every bad key, value and folder — then nothing is stored.
 */
export async function setSettings(ctx: AppContext, changes: Readonly<Record<string, unknown>>): Promise<SettingView[]> {
  authorize(ctx, 'settings.manage');
  const parsed = parseChanges(changes);
  const problems = [...parsed.errors, ...(await folderProblems(parsed.values))];
  if (problems.length > 0) refuse(problems);
  const changed = diff(readSettings(ctx.db), parsed.values);
  // A value written outside the workstation is recorded when it is set again, even unchanged (settings-audit.ts).
  for (const d of settingsOutsideAudit(ctx)) {
    if (d.key in parsed.values && !changed.some((c) => c.key === d.key)) changed.push({ key: d.key, before: d.stored, after: parsed.values[d.key] });
  }
  if (changed.length > 0) {
    recordChange(ctx, () => writeValues(ctx, parsed.values, new Date().toISOString()), () => ({
      action: 'settings.changed', object: `settings:${changed.map((c) => c.key).join(',')}`.slice(0, 300), summary: summaryOf(changed),
    }));
  }
  return viewAll(ctx);
}

/** May `dir` be used as a folder setting? Needs `settings.manage` (it writes a probe file there). */
export async function checkFolderAs(ctx: AppContext, dir: string): Promise<FolderCheck> {
  authorize(ctx, 'settings.manage');
  return checkFolder(dir.trim());
}

/**
 * Write the settings file (./settings/file.ts) to `file` (default: `pmu-settings_<UTC stamp>.json` in the export folder),
 * atomically, and record `settings.exported`. Needs `settings.view`. @throws StoreError (READ_ONLY, DISK_FULL…).
 */
export async function exportSettings(ctx: AppContext, file?: string): Promise<{ path: string; keys: number }> {
  authorize(ctx, 'settings.view');
  const content = buildSettingsFile(ctx.db, ctx.software);
  const out = file ?? path.join(fileLocations(ctx).exportDir, `pmu-settings_${new Date().toISOString().replace(/[-:.]/g, '')}.json`);
  const f = await AtomicFile.create(out);
  await f.write(`${JSON.stringify(content, null, 2)}\n`);
  await f.commit();
  appendAudit(ctx, { action: 'settings.exported', object: `file:${path.basename(out)}`.slice(0, 300), summary: { after: { keys: SETTING_KEYS.length, probeProfiles: content.probeProfiles.length, ports: content.portProfiles.length } } });
  return { path: out, keys: SETTING_KEYS.length };
}

/**
 * Apply settings file `name` (text `content`): everything is checked first (file shape and version, keys, values,
 * profile names, folders on this computer); then settings, probe profiles and port assignments are stored with one
 * `settings.changed` record in one transaction. `dryRun` reports what would change and stores nothing. Needs
 * `settings.manage`. @throws StoreError INVALID_DATA with every problem; nothing is stored then.
 */
export async function importSettings(ctx: AppContext, input: { name: string; content: string; dryRun?: boolean }): Promise<SettingsImportResult> {
  authorize(ctx, 'settings.manage');
  const file = parseSettingsFile(ctx.db, input.name, input.content);
  const folders = await folderProblems(file.values);
  if (folders.length > 0) refuse([`The settings file "${input.name}" names folders this computer cannot use:`, ...folders]);
  const changed = diff(readSettings(ctx.db), file.values);
  const result: SettingsImportResult = { dryRun: input.dryRun === true, changed, profiles: file.profiles.length, ports: file.ports.length };
  if (result.dryRun) return result;
  const now = new Date().toISOString();
  recordChange(ctx, () => {
    writeValues(ctx, file.values, now);
    for (const p of file.profiles) writeProbeProfileRow(ctx.db, p.name, p satisfies ProbeProfile, ctx.operator, now);
    for (const a of file.ports) writeProbePortRow(ctx.db, normalizePortName(a.port), a.profile, ctx.operator, now);
  }, () => ({
    action: 'settings.changed',
    object: `file:${input.name}`.slice(0, 300),
    summary: { ...summaryOf(changed), after: { ...summaryOf(changed).after, probeProfiles: file.profiles.map((p) => p.name), ports: file.ports.length } },
  }));
  return result;
}
