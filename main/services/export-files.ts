/**
 * Where exports go and how they are named: the settings' export folder (default `<data folder>/exports/`), file names with a UTC
 * stamp so quick exports never overwrite each other, written atomically (main/core/atomic-file.ts). Used by every
 * export use case (readings, meters, audit trail, scheme files, certificates, meter lists).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AtomicFile } from '../core/atomic-file';
import type { AppContext } from '../core/context';
import { fileLocations } from '../settings/locations';

/** Folder where exports are written: the export folder of the settings (main/settings), default `exports/` beside the RES folder. */
export function exportsDir(ctx: AppContext): string {
  return fileLocations(ctx).exportDir;
}

/** `2026-03-29T04:10:00.123Z` → `20260329T041000123Z` (file names; milliseconds keep quick exports apart). */
export function compactUtc(d: Date = new Date()): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

/** A safe file-name part: letters, digits, `.`, `_` and `-` only, at most 40 characters. */
export function namePart(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 40) || 'x';
}

/** The path of a new export `<name>` in the exports folder (the folder is created). */
export async function exportPath(ctx: AppContext, name: string): Promise<string> {
  const dir = exportsDir(ctx);
  await mkdir(dir, { recursive: true });
  return path.join(dir, name);
}

/** A written text export: disk path, the name to offer it as, and its text. */
export interface WrittenText {
  readonly path: string;
  readonly fileName: string;
  readonly text: string;
}

/**
 * Writes `text` atomically into the exports folder as `<base>_<UTC stamp><ext>` (never over an earlier export), or to
 * `to` when given (a file the user chose: `pmu scheme export --out`; replaced atomically); `fileName` is the name to
 * offer it as. @throws StoreError when it cannot be written.
 */
export async function writeExportText(ctx: AppContext, fileName: string, text: string, to?: string): Promise<WrittenText> {
  const ext = fileName.endsWith('.pmu-schemes.json') ? '.pmu-schemes.json' : path.extname(fileName);
  const file = to ?? path.join(exportsDir(ctx), `${fileName.slice(0, fileName.length - ext.length)}_${compactUtc()}${ext}`);
  const out = await AtomicFile.create(file);
  await out.write(text);
  await out.commit();
  return { path: file, fileName, text };
}
