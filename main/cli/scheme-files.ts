/**
 * `pmu scheme export | import` (issue 16 item 4): tariff schemes in and out of the library from anywhere.
 *   pmu scheme export <scheme|folder> [--out <file>] [--version <n>]   a scheme (its name, or Folder/Sub/Name) as a scheme
 *       file, or a folder (Folder/Sub; "/" = the whole library) as a pmu-scheme-bundle; default: a new file in the export
 *       folder of the settings
 *   pmu scheme import <file> [--folder <Folder/Sub>]                   a scheme file or bundle into a folder (top level by
 *       default); content already stored is reported, not duplicated
 * Names are matched without regard to case along the folder path. Parse → main/services/scheme-files.ts (permission,
 * folder scope, audit `scheme.exported` / `scheme.imported`) → print.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { AppContext } from '../core/context';
import { StoreError } from '../core/errors';
import { exportSchemeFileAs, exportSchemeFolderAs, importSchemeFileAs } from '../services/scheme-files';
import { schemeTreeAs } from '../services/scheme-library';
import { addUserOption, type ActingOptions } from './acting-user';
import { withActingStore } from './meters';

interface Common extends ActingOptions {
  db?: string;
}

type Tree = ReturnType<typeof schemeTreeAs>;
const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
const parts = (text: string) => text.split('/').map((p) => p.trim()).filter((p) => p !== '');

/** The folder at path `names` (top level = null), or undefined when there is none. */
function folderAt(tree: Tree, names: readonly string[]): number | null | undefined {
  let parent: number | null = null;
  for (const n of names) {
    const next = tree.folders.find((f) => f.parentId === parent && same(f.name, n));
    if (!next) return undefined;
    parent = next.id;
  }
  return parent;
}

/**
 * What `text` names in the library: a scheme (by name, optionally under its folder path) or a folder path ("/" or
 * "all" = the whole library). @throws StoreError NOT_FOUND / CONFLICT in plain words.
 */
export function resolveSchemeTarget(tree: Tree, text: string): { kind: 'scheme'; id: number; name: string } | { kind: 'folder'; id: number | null; name: string } {
  const p = parts(text);
  if (p.length === 0 || (p.length === 1 && same(p[0]!, 'all'))) return { kind: 'folder', id: null, name: 'the whole library' };
  const parent = folderAt(tree, p.slice(0, -1));
  const last = p.at(-1)!;
  const schemes = parent === undefined ? [] : tree.schemes.filter((s) => s.folderId === parent && same(s.name, last));
  const anywhere = p.length === 1 ? tree.schemes.filter((s) => same(s.name, last)) : schemes;
  const folder = folderAt(tree, p);
  const candidates = schemes.length > 0 ? schemes : anywhere;
  if (candidates.length > 0 && folder !== undefined) {
    throw new StoreError('CONFLICT', `"${text}" names both a scheme and a folder. Write the folder as "${text}/" … or give the scheme with its folder path.`);
  }
  if (candidates.length > 1) throw new StoreError('CONFLICT', `${candidates.length} schemes are named "${last}". Give it with its folder path, e.g. Folder/${last}.`);
  if (candidates.length === 1) return { kind: 'scheme', id: candidates[0]!.id, name: candidates[0]!.name };
  if (folder !== undefined) return { kind: 'folder', id: folder, name: p.join('/') };
  throw new StoreError('NOT_FOUND', `There is no scheme or folder "${text}" in the library (that you may see). Folder paths look like Domestic/2026.`);
}

/** `pmu scheme export <scheme|folder>`. */
export async function runSchemeExport(target: string, o: Common & { out?: string; version?: string }): Promise<void> {
  await withActingStore(o, 'scheme export', async (ctx: AppContext) => {
    const t = resolveSchemeTarget(schemeTreeAs(ctx), target.endsWith('/') && target.length > 1 ? target.slice(0, -1) : target);
    const to = o.out === undefined ? undefined : path.resolve(o.out);
    if (t.kind === 'folder' && o.version !== undefined) throw new InvalidArgumentError('--version is for a scheme, not a folder.');
    const w = t.kind === 'scheme'
      ? await exportSchemeFileAs(ctx, { schemeStoreId: t.id, ...(o.version !== undefined ? { version: Number(o.version) } : {}) }, to)
      : await exportSchemeFolderAs(ctx, { folderId: t.id }, to);
    process.stdout.write(`Wrote ${w.schemes} scheme${w.schemes === 1 ? '' : 's'} (${t.kind === 'scheme' ? `"${t.name}"` : t.name}) to ${w.path}\n`);
  });
}

/** `pmu scheme import <file> [--folder <path>]`: exit 1 when a scheme was refused. */
export async function runSchemeImport(file: string, o: Common & { folder?: string }): Promise<void> {
  const content = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new Error(`Cannot read the scheme file ${file}: ${e.code === 'ENOENT' ? 'it does not exist' : e.message}`);
  });
  await withActingStore(o, 'scheme import', async (ctx) => {
    const folderId = folderAt(schemeTreeAs(ctx), parts(o.folder ?? ''));
    if (folderId === undefined) throw new StoreError('NOT_FOUND', `There is no folder "${o.folder}" in the library. Create it in the Tariff schemes screen, or import at the top level.`);
    const { results } = importSchemeFileAs(ctx, { folderId, name: path.basename(file), content });
    for (const r of results) {
      const problems = r.problems.filter((p) => p.severity === 'error');
      process.stdout.write(`${r.result.padEnd(15)} ${r.source}: ${r.message}\n`);
      for (const p of problems) process.stdout.write(`  error: ${p.path || '(file)'}: ${p.message}\n`);
    }
    if (results.some((r) => r.result === 'problems')) process.exitCode = 1;
  });
}

/** Add `export` and `import` to the `scheme` command group. */
export function addSchemeFileCommands(scheme: Command): void {
  const common = (c: Command) => addUserOption(c.option('--db <file>', 'SQLite store (default: the app data directory)'));
  common(scheme.command('export <scheme-or-folder>').description('Write a scheme (by name, or Folder/Name) as a scheme file, or a folder (Folder/Sub, "/" = all) as a scheme bundle.'))
    .option('--out <file>', 'file to write (default: a new file in the export folder of the settings)')
    .option('--version <n>', 'a scheme\'s version (default: the latest)')
    .action(runSchemeExport);
  common(scheme.command('import <file>').description('Import a scheme file or bundle into the library; content already stored is reported, not duplicated. Exit 1 if a scheme was refused.'))
    .option('--folder <path>', 'folder to import into, e.g. Domestic/2026 (default: the top level)')
    .action(runSchemeImport);
}
