/**
 * `pmu settings …`: the workstation's settings from the command line (docs/settings.md). Parse → main/services/settings.ts
 * (permission check, validation of every value and folder before any is stored, audit record) → print.
 *   pmu settings list [--json]                     every setting: value in use, default, what it does
 *   pmu settings get <key>                         one value (a folder's path in use)
 *   pmu settings set <key>=<value>…                change several at once (all or nothing); value `default` resets
 *   pmu settings export [--out <file>]             the settings file (no secrets), default into the export folder
 *   pmu settings import <file> [--dry-run]         apply a settings file (everything checked first)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { SETTINGS, isSettingKey, type SettingView } from '../../contract/settings';
import { exportSettings, importSettings, listSettings, setSettings } from '../services/settings';
import { addUserOption, type ActingOptions } from './acting-user';
import { withActingStore } from './meters';

interface Common extends ActingOptions {
  db?: string;
}

/** How a value reads on the command line: strings bare, null as "(default)", others as JSON. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return '(default)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A folder list as typed: a JSON list (`["D:\\a","E:\\b"]`), else folders separated by `;` (empty: none). */
function listOf(raw: string): unknown {
  if (raw.trim().startsWith('[')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw; // not a list: the setting's schema says so
    }
  }
  return raw.split(';').map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * `key=value` → [key, value]: the value is read as the setting's type (numbers, true/false; `default` = back to the
 * built-in default; a folder list as `a;b` or a JSON list; text as typed, so `D:\Meter data` and `\\server\share` need no quoting beyond the shell's).
 * @throws InvalidArgumentError (usage, exit 2) for a missing `=` or an unknown key.
 */
export function parseAssignment(text: string): [string, unknown] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`write each change as key=value (e.g. files.scanIntervalSeconds=30), not "${text}".`);
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1);
  if (!isSettingKey(key)) throw new InvalidArgumentError(`"${key}" is not a setting (see "pmu settings list").`);
  if (raw === 'default') return [key, SETTINGS[key].default];
  const kind = SETTINGS[key].kind;
  if (kind === 'integer' || kind === 'number') return [key, raw.trim() === '' ? raw : Number(raw)];
  if (kind === 'folderList') return [key, listOf(raw)];
  if (kind === 'boolean') return [key, raw === 'true' || raw === 'on' || raw === 'yes' ? true : raw === 'false' || raw === 'off' || raw === 'no' ? false : raw];
  return [key, raw];
}

/** A setting in `list`: a folder with no value in force (imported / quarantine: none) reads "(none)", not "(default) (default)". */
const line = (s: SettingView) => `${s.key.padEnd(46)} ${s.effective === null ? '(none)' : showValue(s.effective)}${s.unit ? ` ${s.unit}` : ''}${s.isSet ? '' : ' (default)'}`;

/** `pmu settings list`. */
export async function runSettingsList(o: Common & { json?: boolean }): Promise<void> {
  await withActingStore(o, 'settings list', async (ctx) => {
    const all = listSettings(ctx);
    if (o.json) return void process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
    let group = '';
    for (const s of all) {
      if (s.group !== group) process.stdout.write(`${group === '' ? '' : '\n'}[${s.group}]\n`);
      group = s.group;
      process.stdout.write(`${line(s)}\n    ${s.label}: ${s.help}\n`);
      if (s.outsideAudit) process.stdout.write(`    ! ${s.outsideAudit}\n`);
    }
  });
}

/** `pmu settings get <key>`. */
export async function runSettingsGet(key: string, o: Common): Promise<void> {
  if (!isSettingKey(key)) throw new InvalidArgumentError(`"${key}" is not a setting (see "pmu settings list").`);
  await withActingStore(o, 'settings list', async (ctx) => {
    const s = listSettings(ctx).find((x) => x.key === key)!;
    process.stdout.write(`${showValue(s.effective)}\n`);
  });
}

/** `pmu settings set <key=value…>`: exit 1 (nothing changed) when any value or folder is refused. */
export async function runSettingsSet(assignments: string[], o: Common): Promise<void> {
  const changes = Object.fromEntries(assignments.map(parseAssignment));
  await withActingStore(o, 'settings set', async (ctx) => {
    const after = await setSettings(ctx, changes);
    for (const s of after.filter((x) => x.key in changes)) process.stdout.write(`${line(s)}\n`);
  });
}

/** `pmu settings export [--out <file>]`. */
export async function runSettingsExport(o: Common & { out?: string }): Promise<void> {
  await withActingStore(o, 'settings list', async (ctx) => {
    const r = await exportSettings(ctx, o.out === undefined ? undefined : path.resolve(o.out));
    process.stdout.write(`Wrote the settings file (${r.keys} settings, no secrets) to ${r.path}\n`);
  });
}

/** `pmu settings import <file> [--dry-run]`. */
export async function runSettingsImport(file: string, o: Common & { dryRun?: boolean }): Promise<void> {
  const content = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new Error(`Cannot read the settings file ${file}: ${e.code === 'ENOENT' ? 'it does not exist' : e.message}`);
  });
  await withActingStore(o, 'settings set', async (ctx) => {
    const r = await importSettings(ctx, { name: path.basename(file), content, dryRun: o.dryRun === true });
    for (const c of r.changed) process.stdout.write(`${c.key}: ${showValue(c.before)} → ${showValue(c.after)}\n`);
    const what = `${r.changed.length} setting${r.changed.length === 1 ? '' : 's'} changed, ${r.profiles} probe profile${r.profiles === 1 ? '' : 's'}, ${r.ports} port assignment${r.ports === 1 ? '' : 's'}`;
    process.stdout.write(r.dryRun ? `Checked, nothing applied: ${what} would be applied.\n` : `Applied ${path.basename(file)}: ${what}.\n`);
  });
}

/** Add `pmu settings …` to `program`. */
export function registerSettingsCommands(program: Command): void {
  const settings = program.command('settings').description('Workstation settings: file locations, import defaults, policies, the default probe profile.');
  const common = (c: Command) => addUserOption(c.option('--db <file>', 'SQLite store (default: the app data directory)'));
  common(settings.command('list').description('Every setting: the value in use, whether it is the default, what it does.')).option('--json', 'print JSON').action(runSettingsList);
  common(settings.command('get <key>').description('Print the value in use of one setting (a folder: the path used).')).action(runSettingsGet);
  common(settings.command('set <key=value...>').description('Change settings; all are checked (folders must exist and be writable) before any is stored. "key=default" resets one.')).action(runSettingsSet);
  common(settings.command('export').description('Write the settings file (versioned, no secrets) to roll this configuration out to other workstations.'))
    .option('--out <file>', 'file to write (default: pmu-settings_<time>.json in the export folder)')
    .action(runSettingsExport);
  common(settings.command('import <file>').description('Apply a settings file; every value is checked before anything is applied.')).option('--dry-run', 'check and show what would change, apply nothing').action(runSettingsImport);
}
